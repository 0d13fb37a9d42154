"""The registry store interface every caller relies on (SQLite and PostgreSQL both provide it)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol, Self

from agent.models import Entry


class RegistryStore(Protocol):
    """What the runner, the lineage step, the exports and the gate may ask of a registry.

    `registry.store.base.Store` implements it once over SQL; the backends only connect and lock.
    Declared here so that callers type against the interface, not a backend, and so that a
    method a caller needs is added here (and to both backends) instead of probed for at run time.
    """

    location: str  # for messages (PostgreSQL: password removed)
    read_only: bool

    def schema_version(self) -> int: ...

    def save(
        self,
        entry: Entry,
        run_id: str | None = None,
        readme_etag: str | None = None,
        edges: list[dict] | None = None,
    ) -> int: ...

    def save_failure(self, entry: Entry, run_id: str | None = None) -> bool: ...

    def failed_attempts(self, dataset: str, limit: int = 5) -> list[dict]: ...

    def update_effective(self, entry: Entry) -> bool: ...

    def current(self, dataset: str, with_evidence: bool = True) -> Entry | None: ...

    def history(self, dataset: str, limit: int | None = None) -> list[Entry]: ...

    def current_entries(self, with_evidence: bool = True, batch: int = ...) -> Iterator[Entry]: ...

    def current_revision(self, dataset: str, include_errors: bool = False) -> str | None: ...

    def current_revisions(self, include_errors: bool = False) -> dict[str, str]: ...

    def card_state(self, dataset: str) -> tuple[str | None, str | None]: ...

    def save_edges(self, dataset: str, revision: str | None, edges: list[dict]) -> None: ...

    def edges(self, dataset: str, revision: str | None = None) -> list[dict]: ...

    def close(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(self, *exc: object) -> None: ...
