"""Run an audit of many datasets: open the registry, build the context, invoke the graph."""

from __future__ import annotations

import contextlib
import logging
import signal
import sys
import threading
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace

from agent.config import Settings
from agent.errors import EXIT_INCOMPLETE, EXIT_OK
from agent.gcpolicy import collected_for_a_run
from agent.select.batches import next_batch
from agent.select.listed import ListedDataset, ref_text
from agent.select.selection import Selection
from agent.sources.filecache import FileCache, default_folder
from agent.sources.ratelimit import QUOTA_CLASSES
from agent.spool import ResultSpool
from agent.state import DatasetOutcome, RunContext

log = logging.getLogger(__name__)


@dataclass
class RunResult:
    """The outcome of one `audit run`: one result per dataset, in the order they were asked,
    kept on disk as they finish (agent.spool: a long run's memory does not grow with it)."""

    results: ResultSpool = field(default_factory=ResultSpool)
    requests: int = 0
    crashed: str | None = None  # why the run stopped before its end (what was done is kept)
    selection: Selection | None = None  # where the datasets came from, with its tally
    calls: dict[str, int] = field(default_factory=dict)  # Hub requests by quota: api, resolve

    @property
    def errors(self) -> list[DatasetOutcome]:
        """Datasets that were asked for and could not be audited (traced upstreams don't count)."""
        return [r for r in self.results if r.get("status") == "error" and not r.get("depth")]

    @property
    def exit_code(self) -> int:
        return EXIT_INCOMPLETE if self.errors or self.crashed else EXIT_OK


def unique(refs: list[str]) -> list[str]:
    """Drop repeated references, keeping the first occurrence's order."""
    return list(dict.fromkeys(r.strip() for r in refs if r.strip()))


def run_audit(
    refs: list[str] | Selection,
    settings: Settings,
    on_done: Callable[[DatasetOutcome], None] | None = None,
    on_start: Callable[[RunContext, Selection], None] | None = None,
) -> RunResult:
    """Audit every reference (and, with settings.depth, their upstreams); entries go to the registry.

    `refs`: references as typed, or a Selection (agent.select: the Hub's listing); datasets known
    unchanged are reported from the registry without being audited again. `on_start(context,
    selection)` runs once the HTTP clients exist (the plan and the progress line read them).

    Ctrl-C stops the run at once (requests in flight are cut, nothing new starts) and raises
    KeyboardInterrupt; entries already saved stay saved. A crash of the run itself (not of one
    dataset) keeps every finished entry, computes the effective licenses it can, and is reported
    on the RunResult (`crashed`, exit 3)."""
    from agent.select.selection import Given
    from registry.store.opener import open_registry

    selection = (
        Given(unique(refs), concurrency=settings.concurrency) if isinstance(refs, list) else refs
    )
    if settings.workers > 1:
        return _in_workers(selection, settings, on_done or (lambda r: None), on_start)
    store = open_registry(settings.registry)
    done: list[DatasetOutcome] = []
    stop = threading.Event()

    def report(result: DatasetOutcome) -> None:
        done.append(result)  # kept outside the graph's state: a crash of the graph does not lose it
        (on_done or (lambda r: None))(result)

    pool = ThreadPoolExecutor(max(1, settings.concurrency), "licensetrace")
    cache = _file_cache(settings)
    try:
        context = RunContext(
            settings=settings,
            store=store,
            hub=_hub_source(settings, stop, cache),
            github=_github_source(settings, stop, cache),
            on_done=report,
            run_id=uuid.uuid4().hex[:12],
            stop=stop,
            pool=pool,
        )
        if on_start is not None:
            on_start(context, selection)
        with _stop_on_sigint(stop), collected_for_a_run():
            results, crashed = _run_selection(selection, settings, context, done)
        stats = context.hub.http.stats if context.hub is not None else {}
        requests = int(stats.get("requests", 0))
        calls = {name: int(stats.get(name, 0)) for name in QUOTA_CLASSES}
    finally:
        stop.set()  # whatever ended the run, no request of it outlives it
        pool.shutdown(wait=True, cancel_futures=True)
        store.close()
        if cache is not None:
            cache.close()  # the fetched files still in memory are kept for the next run
    return RunResult(
        results=results,
        requests=requests,
        crashed=crashed,
        selection=selection,
        calls=calls,
    )


def _run_selection(
    selection: Selection, settings: Settings, context: RunContext, done: list[DatasetOutcome]
) -> tuple[ResultSpool, str | None]:
    """Audit the selection batch by batch (selection.batch references in memory at most), each
    batch's results spooled in order as it ends. Returns (the results, why the run stopped early
    or None)."""
    spool = ResultSpool()
    source = selection.stream(context.hub, context.store, settings.refresh)
    crashed: str | None = None
    while crashed is None:
        asked: list[str] = []
        results: list[DatasetOutcome] = []
        batch, crashed = next_batch(
            source, selection.batch, settings.depth, context, asked, results
        )
        if batch:
            texts = [ref_text(r) for r in batch]
            context.listed = {r.id: r.info() for r in batch if isinstance(r, ListedDataset)}
            done.clear()  # this batch's results only, for the salvage after a crash
            got, failed = _invoke_or_salvage(texts, settings, context, done)
            lost = "NotAudited: the run stopped before this dataset was done" if failed else None
            asked += texts
            results += _with_missing(texts, got, lost)
            crashed = crashed or failed
        spool += _in_order(asked, results)
        if len(batch) < selection.batch:
            break
    return spool, crashed


@contextlib.contextmanager
def _stop_on_sigint(stop: threading.Event) -> Iterator[None]:
    """Ctrl-C sets `stop` (cutting every request in flight) before interrupting the main thread:
    the workers then end in a moment instead of retrying for minutes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum, frame):
        stop.set()
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _invoke_or_salvage(
    refs: list[str],
    settings: Settings,
    context: RunContext,
    done: list[DatasetOutcome],
    start: int = 0,
) -> tuple[list[DatasetOutcome], str | None]:
    """The graph's results, or, when the run itself crashes (a bug in its last step, LangGraph
    giving up), what was done with the effective licenses that can still be computed."""
    try:
        return _invoke(refs, settings, context), None
    except Exception as exc:  # the run's own failure: turned into exit 3 with every entry kept
        log.debug("the run crashed", exc_info=True)
        crashed = f"{type(exc).__name__}: {' '.join(str(exc).split())[:300]}"
    from agent.lineage.apply import apply_effective_licenses

    try:
        apply_effective_licenses(context.store, done[start:])
    except Exception as exc:  # entries keep their "not combined" effective license (fail closed)
        log.debug("effective licenses after the crash", exc_info=True)
        crashed += f"; effective licenses not computed ({type(exc).__name__})"
    return list(done[start:]), crashed


def _with_missing(
    refs: list[str], results: list[DatasetOutcome], why: str | None = None
) -> list[DatasetOutcome]:
    """A reference whose branch reported nothing (its error entry could not be written, or the run
    stopped first) still counts."""
    return results + _missing(refs, results, why)


def _missing(
    refs: Iterable[str], results: Iterable[DatasetOutcome], why: str | None = None
) -> list[DatasetOutcome]:
    """An error result for each reference that has none in `results`."""
    seen = {r.get("ref") for r in results}
    why = why or "InternalError: no result recorded (see the registry's error)"
    return [
        DatasetOutcome(
            ref=ref,
            dataset=ref,
            status="error",
            confidence=0.0,
            concluded_license="NOASSERTION",
            error=why,
            depth=0,
        )
        for ref in refs
        if ref not in seen
    ]


def _invoke(refs: list[str], settings: Settings, context: RunContext) -> list[DatasetOutcome]:
    from agent.graph import items_per_branch, run_graph

    per_branch = items_per_branch(settings.concurrency)
    state = run_graph().invoke(
        {"refs": refs, "depth": 0, "results": [], "per_branch": per_branch},
        context=context,
        config={
            "max_concurrency": max(1, settings.concurrency),
            "recursion_limit": _recursion_limit(refs, settings),
        },
    )
    return state.get("results", [])


def _recursion_limit(refs: list[str], settings: Settings) -> int:
    """Super-steps the run can take at most, so LangGraph never stops a run that is progressing.

    Each batch of at most BATCH Sends costs two steps (audit the batch, then `next_wave`); wave
    w holds at most len(refs) * max_upstreams**w datasets (each card traces at most
    max_upstreams); the run adds its start and `finish`, and the limit also bounds the steps
    of one dataset's own graph (its nodes, each run once), which count from the step it began.
    """
    from agent.graph import BATCH, DATASET_STEPS

    steps, wave = 4 + DATASET_STEPS, len(refs)
    for _ in range(settings.depth + 1):
        steps += 2 * (wave // BATCH + 1)
        wave *= settings.max_upstreams
    return min(steps, sys.maxsize)  # deep tracing makes the bound astronomical: any int will do


def _in_order(refs: list[str], results: list[DatasetOutcome]) -> list[DatasetOutcome]:
    """Asked datasets first in the order given, then traced upstreams by name."""
    return sorted(results, key=_order_key({ref: i for i, ref in enumerate(refs)}))


def _order_key(position: dict[str, int]) -> Callable[[DatasetOutcome], tuple]:
    """Asked datasets by their position, then traced upstreams (deeper) by name."""
    return lambda r: (
        r.get("depth", 0),
        position.get(r.get("ref") or "", len(position)),
        r.get("dataset", ""),
    )


def _in_workers(
    selection: Selection,
    settings: Settings,
    on_done: Callable[[DatasetOutcome], None],
    on_start: Callable[[RunContext, Selection], None] | None,
) -> RunResult:
    """--workers N: this process selects (lists, or re-checks given ids on the resolver) and
    hands the datasets out to N processes that audit them on the shared registry (agent.workers)."""
    from agent.workers import quota_shares, run_in_workers
    from registry.store.opener import open_registry

    store = open_registry(settings.registry)  # the schema made once, before the workers start
    stop = threading.Event()
    mine, each = quota_shares(settings.workers, selection.calls(settings.refresh))
    # lists and re-checks (no file is fetched here), on its part of the quotas
    hub = _hub_source(replace(settings, quota_share=mine), stop, None)
    try:
        context = RunContext(settings=settings, store=store, hub=hub, stop=stop)
        if on_start is not None:
            on_start(context, selection)
        with _stop_on_sigint(stop):
            items = selection.stream(hub, store, settings.refresh)
            shared = run_in_workers(items, replace(settings, quota_share=each), on_done, run_audit)
    finally:
        stop.set()
        store.close()
    calls = shared.calls + Counter(hub.http.stats if hub is not None else {})
    lost = "NotAudited: the run stopped before this dataset was done" if shared.crashed else None
    shared.results += _missing(shared.positions, shared.results, lost)
    return RunResult(
        results=shared.results.sorted_by(_order_key(shared.positions)),
        requests=int(calls["requests"]),
        crashed=shared.crashed,
        selection=selection,
        calls={name: int(calls[name]) for name in QUOTA_CLASSES},
    )


def _file_cache(settings: Settings) -> FileCache | None:
    """One cache of fetched files for the run's Hub and GitHub sources; None offline or "off"."""
    folder = None if settings.offline else default_folder()
    return FileCache(folder) if folder else None


def _hub_source(settings: Settings, stop: threading.Event, cache: FileCache | None):
    if settings.offline:
        return None
    from agent.sources.credentials import resolve_endpoint
    from agent.sources.http import HttpClient
    from agent.sources.hub import HubSource

    http = HttpClient(
        token=settings.token,
        pool_size=max(10, settings.concurrency * 2),
        request_deadline=settings.request_timeout,
        stop=stop,
        quota_share=settings.quota_share,
    )
    return HubSource(
        resolve_endpoint(settings.endpoint),
        http,
        max_card_bytes=settings.max_card_bytes,
        cache=cache,
    )


def _github_source(settings: Settings, stop: threading.Event, cache: FileCache | None):
    """GitHub datasets, and the source repositories of Hub cards when tracing; None offline or
    with --no-github."""
    if settings.offline or not settings.github:
        return None
    from agent.sources.github import GitHubSource
    from agent.sources.github_api import GitHubAPI

    # an unreachable GitHub (offline) is given up at once; Ctrl-C and the request deadline apply
    api = GitHubAPI(
        cache=cache,
        request_deadline=settings.request_timeout,
        stop=stop,
    )
    return GitHubSource(api, max_file_bytes=settings.max_card_bytes)
