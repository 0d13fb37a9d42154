"""Run an audit of many datasets: open the registry, build the context, invoke the graph."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Callable

from agent.config import Settings
from agent.errors import EXIT_INCOMPLETE, EXIT_OK
from agent.state import Result, RunContext


@dataclass
class RunResult:
    """The outcome of one `audit run`: one result per dataset, in the order they were asked."""

    results: list[Result] = field(default_factory=list)
    requests: int = 0

    @property
    def errors(self) -> list[Result]:
        """Datasets that were asked for and could not be audited (traced upstreams don't count)."""
        return [r for r in self.results if r.get("status") == "error" and not r.get("depth")]

    @property
    def exit_code(self) -> int:
        return EXIT_INCOMPLETE if self.errors else EXIT_OK


def unique(refs: list[str]) -> list[str]:
    """Drop repeated references, keeping the first occurrence's order."""
    return list(dict.fromkeys(r.strip() for r in refs if r.strip()))


def run_audit(refs: list[str], settings: Settings, on_done: Callable[[Result], None] | None = None) -> RunResult:
    """Audit every reference (and, with settings.depth, their upstreams); entries go to the registry."""
    from registry.store import open_registry

    refs = unique(refs)
    store = open_registry(settings.registry)
    try:
        context = RunContext(settings=settings, store=store, hub=_hub_source(settings),
                             github=_github_source(settings), on_done=on_done or (lambda r: None),
                             run_id=uuid.uuid4().hex[:12])
        results = _invoke(refs, settings, context)
        requests = context.hub.http.stats.get("requests", 0) if context.hub is not None else 0
    finally:
        store.close()
    return RunResult(results=_in_order(refs, _with_missing(refs, results)), requests=requests)


def _with_missing(refs: list[str], results: list[Result]) -> list[Result]:
    """A reference whose branch reported nothing (its error entry could not be written) still counts."""
    seen = {r.get("ref") for r in results}
    lost = [Result(ref=ref, dataset=ref, status="error", confidence=0.0, concluded_license="NOASSERTION",
                   error="InternalError: no result recorded (see the registry's error)", depth=0)
            for ref in refs if ref not in seen]
    return results + lost


def _invoke(refs: list[str], settings: Settings, context: RunContext) -> list[Result]:
    from agent.graph import run_graph

    state = run_graph().invoke(
        {"refs": refs, "depth": 0, "results": []},
        context=context,
        config={"max_concurrency": max(1, settings.concurrency), "recursion_limit": _recursion_limit(refs, settings)},
    )
    return state.get("results", [])


def _recursion_limit(refs: list[str], settings: Settings) -> int:
    """Super-steps a run may take: two per batch of Sends, per wave (upstream waves at most as big)."""
    from agent.graph import BATCH

    batches = len(refs) // BATCH + 1
    return 10 * (settings.depth + 3) + 2 * batches * (settings.depth + 1)


def _in_order(refs: list[str], results: list[Result]) -> list[Result]:
    """Asked datasets first in the order given, then traced upstreams by name."""
    position = {ref: i for i, ref in enumerate(refs)}
    return sorted(results, key=lambda r: (r.get("depth", 0), position.get(r.get("ref"), len(refs)), r.get("dataset", "")))


def _hub_source(settings: Settings):
    if settings.offline:
        return None
    from agent.sources.credentials import resolve_endpoint
    from agent.sources.hub import HubSource
    from agent.sources.http import HttpClient

    from agent.sources.filecache import FileCache, default_folder

    http = HttpClient(token=settings.token, pool_size=max(10, settings.concurrency * 2))
    folder = default_folder()
    return HubSource(resolve_endpoint(settings.endpoint), http, max_card_bytes=settings.max_card_bytes,
                     cache=FileCache(folder) if folder else None)


def _github_source(settings: Settings):
    if settings.offline or settings.depth <= 0:
        return None
    from agent.sources.github import GitHubSource

    return GitHubSource()
