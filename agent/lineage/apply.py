"""After a run: give every audited entry its effective license, upstreams first, cycles cut."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING

from agent.lineage.effective import Effective, effective_license
from agent.lineage.upstream import Upstream
from agent.models import Entry

if TYPE_CHECKING:
    from agent.state import DatasetOutcome
    from registry.store.protocol import RegistryStore

log = logging.getLogger(__name__)
PREFIX = "effective: "  # marks the chain lines in Entry.reasons (replaced on each run)
NOT_AUDITED = "not audited in this run (depth limit reached, tracing off, or offline)"


def apply_effective_licenses(
    store: RegistryStore, results: Iterable[DatasetOutcome]
) -> dict[str, Effective]:
    """Compute and store the effective license of each dataset in `results` (graph Results).

    Upstream entries come from the registry; failed upstreams (error results) and upstreams
    never audited make the use "unclear" with the reason. A cycle (A -> B -> A) is cut where it
    closes: there B sees A's own license, not A's effective one. Returns dataset -> Effective.
    """
    results = list(results)
    errors = _errors(results)
    # A traced id may be stored under another name ("squad" fetched as "rajpurkar/squad").
    aliases = {r["ref"]: r["dataset"] for r in results if r.get("ref") and r.get("dataset")}
    solver = _Solver(store, errors, aliases)
    for result in results:
        name = result.get("dataset")
        if not name or result.get("status") == "error" or result.get("error"):
            continue
        if result.get("settled"):  # no upstream: its own terms were written with it (settle)
            continue
        effective = solver.solve(name)
        if effective is not None:
            result["effective_license"] = effective.license
    return solver.done


class _Solver:
    def __init__(
        self, store: RegistryStore, errors: dict[str, str], aliases: dict[str, str] | None = None
    ):
        self.store, self.errors, self.aliases = store, errors, aliases or {}
        self.done: dict[str, Effective] = {}
        self.visiting: set[str] = set()

    def solve(self, name: str) -> Effective | None:
        if name in self.done:
            return self.done[name]
        # the effective license reads the entries' terms and edges, never their evidence rows
        entry = self.store.current(name, with_evidence=False)
        if entry is None or entry.status == "error":
            return None
        self.visiting.add(name)
        try:
            upstreams = upstreams_of(self.store, entry)
            pairs = [(u, self._upstream_result(u)) for u in upstreams]
            effective = effective_license(entry, pairs)
        finally:
            self.visiting.discard(name)
        self.done[name] = effective
        _persist(self.store, entry, upstreams, effective)
        return effective

    def _upstream_result(self, upstream: Upstream) -> Entry | str | None:
        """The upstream's entry (with its effective terms), an error reason, or None."""
        if upstream.kind != "dataset" or not upstream.hub_id:
            return None
        hub_id = self.aliases.get(upstream.hub_id, upstream.hub_id)
        if hub_id in self.errors or upstream.hub_id in self.errors:
            return self.errors.get(hub_id) or self.errors[upstream.hub_id]
        entry = self.store.current(hub_id, with_evidence=False)
        if entry is None:
            return NOT_AUDITED
        if entry.status == "error":
            return entry.error or "error entry without a reason"
        if hub_id in self.visiting:  # the cycle closes here: own terms only
            entry.effective_license = entry.effective_commercial_use = None
            return entry
        effective = self.solve(hub_id)
        if effective is not None:
            entry.effective_license, entry.effective_commercial_use = (
                effective.license,
                effective.commercial_use,
            )
            # its chain too, so the dataset downstream can say why in one line
            entry.reasons = [r for r in entry.reasons if not r.startswith(PREFIX)] + [
                PREFIX + c for c in effective.chain
            ]
        return entry


def upstreams_of(store: RegistryStore, entry: Entry) -> list[Upstream]:
    """The entry's upstreams: the edge rows saved beside it (the only record of an upstream's identity)."""
    edges = [e for e in store.edges(entry.dataset, entry.revision) if e.get("evidence")]
    return [Upstream.from_dict(e) for e in edges]


def settle(entry: Entry) -> None:
    """Give an entry that names no upstream of any kind its effective terms (its own) before it
    is written: what the run's last step would compute for it, so that step can skip it (most
    cards name none)."""
    _set_effective(entry, effective_license(entry, []), [])


def _persist(
    store: RegistryStore, entry: Entry, upstreams: list[Upstream], effective: Effective
) -> None:
    """Write the effective terms (and the edges, when none are saved yet) to the registry."""
    before = _effective_of(entry)
    _set_effective(entry, effective, [u.ref for u in upstreams if u.kind != "repository"])
    if upstreams and not store.edges(entry.dataset, entry.revision):
        store.save_edges(entry.dataset, entry.revision, [u.to_edge() for u in upstreams])
    if _effective_of(entry) != before:
        store.update_effective(entry)  # in place: the entry's history is not lengthened


def _effective_of(entry: Entry) -> tuple:
    """What update_effective writes."""
    return (entry.effective_license, entry.effective_commercial_use, entry.reasons, entry.upstream)


def _set_effective(entry: Entry, effective: Effective, refs: list[str]) -> None:
    """The effective terms on the entry, its chain of reasons replacing the previous one."""
    entry.effective_license = effective.license
    entry.effective_commercial_use = effective.commercial_use
    entry.reasons = [r for r in entry.reasons if not r.startswith(PREFIX)] + [
        PREFIX + line for line in effective.chain
    ]
    entry.upstream = refs


def _errors(results: list[DatasetOutcome]) -> dict[str, str]:
    """dataset / reference -> why it could not be audited, from the run's error results."""
    errors: dict[str, str] = {}
    for result in results:
        if result.get("status") == "error" or result.get("error"):
            reason = result.get("error") or "could not be audited"
            for key in (result.get("dataset"), result.get("ref")):
                if key:
                    errors[key] = reason
    return errors
