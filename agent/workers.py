"""`audit run --workers N`: N audit processes sharing one registry, for runs one core cannot keep up.

The engine holds the GIL: at concurrency 16 against a 50 ms Hub one process is CPU-bound. Each
worker draws SHARE references at a time from one shared queue and audits them as a run
(agent.runner.run_audit), writing its entries to the registry itself (SQLite in WAL mode or
PostgreSQL: writers of several processes already serialise per dataset there). References given
explicitly only: a listing (--author/--search/--all) runs in one process. The parent only hands out
references and gathers each dataset's result as it is done, for the progress and the summary.
"""

from __future__ import annotations

import multiprocessing
import queue as queues
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

from agent.config import Settings
from agent.state import DatasetOutcome

# References per message, each audited as one run by the worker that draws it: enough that a
# run's start and its last batch's tail cost little, few enough that the workers stay even.
SHARE = 64
_END = None  # one per worker after the last share


def run_in_workers(
    refs: list[str],
    settings: Settings,
    on_done: Callable[[DatasetOutcome], None],
    unique: Callable[[list[str]], list[str]],
    run: Callable[..., Any],
) -> tuple[list[DatasetOutcome], int, str | None, dict[str, int]]:
    """(results, requests, why the run crashed or None, position of each reference).

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
    positions: dict[str, int] = {}
    results: list[DatasetOutcome] = []
    requests, crashed, ended, told_to_end = 0, None, 0, False
    try:
        pending = _shares(unique(refs), positions)
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
                    crashed = crashed or "WorkerDied: an audit process ended before its end"
                    break
                continue
            if kind == "result":
                results.append(payload)
                on_done(payload)
            elif kind == "end":
                ended += 1
                lost, used, why = payload
                results += lost
                requests += used
                crashed = crashed or why
    finally:
        for proc in procs:
            if proc.is_alive():
                proc.terminate()
            proc.join(timeout=10)
    return results, requests, crashed, positions


def _shares(refs: Iterable[str], positions: dict[str, int]):
    """SHARE references at a time, each remembered by its position (the summary's order)."""
    share: list[str] = []
    for item in refs:
        positions[item] = len(positions)
        share.append(item)
        if len(share) == SHARE:
            yield share
            share = []
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
    """One worker process: a run over each share of references it draws from `shares`."""
    reported: set[tuple] = set()

    def report(result: DatasetOutcome) -> None:
        reported.add(_key(result))
        done.put(("result", result))

    lost: list[DatasetOutcome] = []
    requests, crashed = 0, None
    try:
        while crashed is None and (share := shares.get()) is not _END:
            outcome = run_audit(share, settings, on_done=report)
            lost += [r for r in outcome.results if _key(r) not in reported]
            requests, crashed = requests + outcome.requests, outcome.crashed
    except KeyboardInterrupt:  # Ctrl-C reaches every process of the group: the parent reports it
        return
    done.put(("end", (lost, requests, crashed)))


def _key(result: DatasetOutcome) -> tuple:
    return result.get("ref"), result.get("dataset"), result.get("depth", 0)
