"""The graph's state: plain dicts only (clients and stores live in the run context)."""

from __future__ import annotations

import operator
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any, TypedDict

from agent.config import Settings

if TYPE_CHECKING:
    from registry.store.protocol import RegistryStore


class Result(TypedDict, total=False):
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


class RunState(TypedDict, total=False):
    """Top-level state: the references of this wave and every result so far."""

    refs: list[str]
    depth: int
    results: Annotated[list[Result], operator.add]


class AuditState(TypedDict, total=False):
    """Per-dataset state of one branch of the fan-out."""

    ref_text: str
    level: int  # 0 for the datasets asked for, n for upstreams found n steps away
    deadline: float  # time.monotonic() by which this dataset must be done (--dataset-timeout)
    ref: dict[str, Any]
    card: dict[str, Any]
    evidence: list[dict[str, Any]]
    conclusion: dict[str, Any]
    upstreams: list[dict[str, Any]]
    error: dict[str, str]  # {"code": ..., "message": ...}
    reuse: dict[str, Any]  # the current registry entry, when its revision is unchanged
    engine_cpu: float  # CPU seconds the engine has spent on this card (agent.budget)
    results: Annotated[list[Result], operator.add]


@dataclass
class RunContext:
    """Objects shared by every node of a run: never part of the state."""

    settings: Settings
    store: RegistryStore
    hub: Any = None  # agent.sources.hub.HubSource (None when offline)
    github: Any = None  # a PinnedSource (agent.sources.github.GitHubSource); None when offline
    on_done: Callable[[Result], None] = lambda result: None  # progress reporting
    run_id: str = ""
    stop: threading.Event = field(default_factory=threading.Event)  # set on Ctrl-C: no new work
    # Hub id -> the listing's info for the listed datasets of the current batch (no info call)
    listed: dict[str, dict[str, Any]] = field(default_factory=dict)
    # registry keys the selection found unchanged in the current batch (no call: reuse the entry)
    unchanged: set[str] = field(default_factory=set)
