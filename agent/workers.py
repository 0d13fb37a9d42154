"""`audit run --workers N`: N audit processes sharing one registry, for runs one core cannot keep up.

The engine holds the GIL: at concurrency 16 against a 50 ms Hub one process is CPU-bound. The
parent selects the datasets (the Hub's listing, or the resolver re-check of given ids: the
selection's calls are made once) and hands them out SHARE at a time on one queue. Each worker is
one run (agent.runner.run_audit over agent.select.selection.Drawn) auditing each share as a batch
as it draws it, so its HTTP client, quota limiters and caches last the whole run; the processes
share each Hub quota (quota_shares). Each worker writes its entries to the registry itself
(SQLite in WAL mode or PostgreSQL: writers of several processes already serialise per dataset
there). The parent gathers each dataset's result as it is done, for the progress and the summary.
"""

from __future__ import annotations

import multiprocessing
import queue as queues
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from agent.config import Settings
from agent.select.hub_list import ListingError
from agent.select.listed import RefInput, Unchanged, ref_text
from agent.select.selection import Drawn
from agent.sources.ratelimit import QUOTA_CLASSES
from agent.spool import ResultSpool
from agent.state import DatasetOutcome

# References per message, each audited as one batch by the worker that draws it: enough that a
# batch's tail (its last datasets finishing alone) costs little, few enough that the workers stay
# even at the end.
SHARE = 256
_END = None  # one per worker after the last share


@dataclass
class Shared:
    """What the workers did: every result, their Hub calls by kind ("requests", "api",
    "resolve"), why the run stopped early (or None), and each reference's position."""

    results: ResultSpool = field(default_factory=ResultSpool)  # on disk, as they come
    calls: Counter = field(default_factory=Counter)
    crashed: str | None = None
    positions: dict[str, int] = field(default_factory=dict)


def quota_shares(
    workers: int, selecting: frozenset[str]
) -> tuple[dict[str, float], dict[str, float]]:
    """(the selecting process's part of each Hub quota class, each worker's part).

    The selecting process spends only the classes its selection calls (a listing: "api" pages;
    given ids: "resolve" re-checks). A class it spends is split among the N+1 processes, the
    others among the N workers: no moment sees more calls than a quota allows, whichever process
    is busiest, and no process holds back a part it never uses."""
    mine = {name: 1 / (workers + 1) for name in selecting}
    each = {name: mine.get(name, 1 / workers) for name in QUOTA_CLASSES}
    return mine, each


def run_in_workers(
    items: Iterable[RefInput | Unchanged],
    settings: Settings,
    on_done: Callable[[DatasetOutcome], None],
    run: Callable[..., Any],
) -> Shared:
    """Hand the selected `items` out to settings.workers processes; what they did.

    `run` is agent.runner.run_audit, passed in (pickled by name for each worker) so that this
    module, which the runner uses, does not import the runner back."""
    context = multiprocessing.get_context("spawn")  # no fork of a process holding threads
    shares: Any = context.Queue(maxsize=2 * settings.workers)
    done: Any = context.Queue()
    one = replace(settings, workers=1)
    procs = [
        context.Process(target=_work, args=(run, one, shares, done), daemon=True)
        for _ in range(settings.workers)
    ]
    for proc in procs:
        proc.start()
    shared = Shared()
    ended, told_to_end = 0, False
    try:
        pending = _shares(items, shared)
        share = next(pending, _END)
        while ended < len(procs):
            share = _offer(shares, share, pending)
            if share is _END and not told_to_end:
                for _ in procs:
                    shares.put(_END)
                told_to_end = True
            try:
                kind, payload = done.get(timeout=0.05)
            except queues.Empty:
                if any(p.exitcode for p in procs) or not any(p.is_alive() for p in procs):
                    # killed, or ended without its last word: what it had done is in the registry
                    shared.crashed = (
                        shared.crashed or "WorkerDied: an audit process ended before its end"
                    )
                    break
                continue
            if kind == "result":
                shared.results += [payload]
                on_done(payload)
            elif kind == "end":
                ended += 1
                lost, calls, why = payload
                shared.results += lost
                shared.calls += calls
                shared.crashed = shared.crashed or why
    finally:
        for proc in procs:
            if proc.is_alive():
                proc.terminate()
            proc.join(timeout=10)
    return shared


def _shares(
    items: Iterable[RefInput | Unchanged], shared: Shared
) -> Iterator[list[RefInput | Unchanged]]:
    """SHARE items at a time, each remembered by its position (the summary's order). A listing
    that fails midway ends the run after what it listed before (as in one process)."""
    share: list[RefInput | Unchanged] = []
    try:
        for item in items:
            ref = item.ref if isinstance(item, Unchanged) else ref_text(item)
            shared.positions[ref] = len(shared.positions)
            share.append(item)
            if len(share) == SHARE:
                yield share
                share = []
    except ListingError as exc:
        shared.crashed = str(exc)
    if share:
        yield share


def _offer(shares: Any, share: Any, pending: Any) -> Any:
    """Hand out shares while the queue has room; the share still to hand out (or _END)."""
    while share is not _END:
        try:
            shares.put(share, timeout=0.01)
        except queues.Full:
            return share
        share = next(pending, _END)
    return share


def _work(run_audit: Callable[..., Any], settings: Settings, shares: Any, done: Any) -> None:
    """One worker process: one run over the shares it draws from `shares` until _END."""
    reported: set[tuple] = set()

    def report(result: DatasetOutcome) -> None:
        reported.add(_key(result))
        done.put(("result", result))

    try:
        outcome = run_audit(Drawn(shares.get, batch=SHARE), settings, on_done=report)
    except KeyboardInterrupt:  # Ctrl-C reaches every process of the group: the parent reports it
        return
    lost = [r for r in outcome.results if _key(r) not in reported]
    calls = Counter(requests=outcome.requests, **outcome.calls)
    done.put(("end", (lost, calls, outcome.crashed)))


def _key(result: DatasetOutcome) -> tuple:
    return result.get("ref"), result.get("dataset"), result.get("depth", 0)
