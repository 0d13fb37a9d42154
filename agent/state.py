"""The graph's state: plain dicts only (clients and stores live in the run context)."""

from __future__ import annotations

import operator
import threading
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any, TypedDict

from agent.config import Settings
from agent.models import Entry

if TYPE_CHECKING:
    from registry.store.protocol import RegistryStore


class DatasetOutcome(TypedDict, total=False):
    """What each audited dataset reports back to the run (small: evidence stays in the registry)."""

    ref: str
    dataset: str
    revision: str | None
    concluded_license: str
    effective_license: str | None
    confidence: float
    status: str
    error: str | None
    depth: int
    upstream: list[str]  # Hub ids of upstream datasets to trace
    reused: bool  # revision unchanged: the registry entry was kept
    # written with its effective license final: it names no upstream (agent.lineage.apply.settle)
    settled: bool


def outcome_of(
    entry: Entry,
    ref: str,
    depth: int,
    upstream: list[str],
    reused: bool = False,
    settled: bool = False,
) -> DatasetOutcome:
    """What a dataset reports back once its entry is written (or kept unchanged)."""
    return DatasetOutcome(
        ref=ref,
        dataset=entry.dataset,
        revision=entry.revision,
        concluded_license=entry.concluded_license,
        effective_license=entry.effective_license,
        confidence=entry.confidence,
        status=entry.status,
        error=entry.error,
        depth=depth,
        upstream=upstream,
        reused=reused,
        settled=settled,
    )


class RunState(TypedDict, total=False):
    """Top-level state: the references of this wave and every result so far."""

    refs: list[str]
    depth: int
    per_branch: int  # datasets per branch of the fan-out (agent.graph.items_per_branch)
    results: Annotated[list[DatasetOutcome], operator.add]


class AuditState(TypedDict, total=False):
    """Per-dataset state: one dataset of a batch, as it goes through the pipeline."""

    ref_text: str
    at: str  # the step this dataset goes to next (END when recorded)
    came: str  # the step that last handled it (its router sends it on)
    depth: int  # 0 for the datasets asked for, n for upstreams found n steps away
    deadline: float  # time.monotonic() by which this dataset must be done (--dataset-timeout)
    ref: dict[str, Any]
    card: dict[str, Any]
    evidence: list[dict[str, Any]]
    conclusion: dict[str, Any]
    upstreams: list[dict[str, Any]]
    error: dict[str, str]  # {"code": ..., "message": ...}
    reuse: dict[str, Any]  # the current registry entry, when its revision is unchanged
    engine_cpu: float  # CPU seconds the engine has spent on this card (agent.budget)


def merge_items(left: dict[int, AuditState], right: dict[int, AuditState]) -> dict[int, AuditState]:
    """Steps running side by side (write_error beside extract) update different datasets."""
    return {**left, **right}


class BatchState(TypedDict, total=False):
    """State of one branch of the fan-out: a batch of datasets going through the pipeline
    together, so LangGraph's bookkeeping is paid per batch and step, not per dataset and step."""

    items: Annotated[dict[int, AuditState], merge_items]
    results: Annotated[list[DatasetOutcome], operator.add]


@dataclass
class RunContext:
    """Objects shared by every node of a run: never part of the state."""

    settings: Settings
    store: RegistryStore
    hub: Any = None  # agent.sources.hub.HubSource (None when offline)
    github: Any = None  # a PinnedSource (agent.sources.github.GitHubSource); None when offline
    on_done: Callable[[DatasetOutcome], None] = lambda result: None  # progress reporting
    run_id: str = ""
    stop: threading.Event = field(default_factory=threading.Event)  # set on Ctrl-C: no new work
    # Hub id -> the listing's info for the listed datasets of the current batch (no info call)
    listed: dict[str, dict[str, Any]] = field(default_factory=dict)
    # registry keys the selection found unchanged in the current batch (no call: reuse the entry)
    unchanged: set[str] = field(default_factory=set)
    pool: Executor | None = None  # runs the network steps of a batch's datasets side by side
