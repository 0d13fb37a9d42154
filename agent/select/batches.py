"""The runner's batches of a selection: references for the graph, unchanged datasets reported."""

from __future__ import annotations

from collections.abc import Iterator

from agent.select.hub_list import ListingError
from agent.select.listed import RefInput, Unchanged
from agent.state import DatasetOutcome, RunContext, outcome_of


def next_batch(
    source: Iterator[RefInput | Unchanged],
    size: int,
    depth: int,
    context: RunContext,
    asked: list[str],
    results: list[DatasetOutcome],
) -> tuple[list[RefInput], str | None]:
    """Up to `size` references for the graph, and why the selection stopped early (or None).

    An unchanged dataset is reported at once from the registry (no graph, no call; appended to
    `asked` and `results`); when upstreams are traced (`depth` > 0) it goes through the graph's
    reuse path instead, so its upstreams are checked and its effective license recombined."""
    batch: list[RefInput] = []
    context.unchanged = set()
    try:
        for item in source:
            if isinstance(item, Unchanged) and depth == 0:
                asked.append(item.ref)
                results.append(kept(context, item.ref, item.dataset))
                context.on_done(results[-1])
                continue
            if isinstance(item, Unchanged):
                context.unchanged.add(item.dataset)
                item = item.ref
            batch.append(item)
            if len(batch) >= size:
                break
    except ListingError as exc:  # what was listed before is still audited, then the run ends
        return batch, str(exc)
    return batch, None


def kept(context: RunContext, ref: str, dataset: str) -> DatasetOutcome:
    """The result of a dataset known unchanged: its current entry, kept (no evidence read)."""
    entry = context.store.current(dataset, with_evidence=False)
    if entry is None:  # removed meanwhile by another process: nothing to show but the name
        return DatasetOutcome(ref=ref, dataset=dataset, status="unknown", depth=0, reused=True)
    return outcome_of(entry, ref, depth=0, upstream=[], reused=True)
