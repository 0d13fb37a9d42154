"""The registry store: saves audit entries with their evidence, keeps history, answers queries.

The backends (`registry.store.sqlite`, `registry.store.postgres`) derive from `Store`;
`registry.store.opener.open_registry(location)` picks one.
Every store is thread-safe (one connection per thread) and each save is one transaction.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

from agent.models import Entry
from registry.store import rows
from registry.store.connections import Connections

_EVIDENCE_BATCH = 500  # entries per page when streaming, so 100k entries never sit in memory


def lock_key(text: str) -> int:
    """A stable signed 64-bit number for a name (PostgreSQL advisory locks take bigint keys)."""
    return int.from_bytes(
        hashlib.blake2b(text.encode(), digest_size=8).digest(), "big", signed=True
    )


class Store(Connections):
    """The public API both backends share, written once over the SQL of registry.store.queries."""

    def _evidence_for(self, conn: Any, ids: list[int]) -> dict[int, list]:
        found: dict[int, list] = {i: [] for i in ids}
        if ids:
            marks = self._placeholders(", ".join("?" for _ in ids))
            for row in self._fetch(conn, "evidence", ids, ids=marks):
                found[row[0]].append(rows.to_evidence(row[1:]))
        return found

    def _entries(self, conn: Any, selected: list[tuple], with_evidence: bool = True) -> list[Entry]:
        evidence = self._evidence_for(conn, [r[0] for r in selected]) if with_evidence else {}
        return [rows.to_entry(r, evidence.get(r[0], [])) for r in selected]

    # ---- public API ---------------------------------------------------------------------
    def save(
        self,
        entry: Entry,
        run_id: str | None = None,
        readme_etag: str | None = None,
        edges: list[dict] | None = None,
    ) -> int:
        """Record `entry` as the dataset's current entry (the previous one becomes history).

        One transaction: committed when this returns, so a crash later loses nothing saved.
        `readme_etag`: the README's etag at entry.revision (a later re-check asks If-None-Match).
        `edges`: the upstream edges found at entry.revision, replacing any recorded for it
        before (as save_edges does; an empty list clears them). Returns the new entry's row id.
        """
        row = rows.entry_row(entry, run_id)
        with self._errors("write"):
            return self._save(self._conn(), entry, row, readme_etag, edges)

    def _save(
        self,
        conn: Any,
        entry: Entry,
        row: tuple,
        readme_etag: str | None = None,
        edges: list[dict] | None = None,
    ) -> int:
        with self._write(conn, "entry:" + entry.dataset) as cur:
            entry_id = self._save_in(cur, entry, row)
            if readme_etag and entry.revision:
                cur.execute(
                    self.sql["upsert_etag"],
                    rows.clean_row((row[0], entry.revision, readme_etag, rows.now_iso())),
                )
            if edges is not None:
                self._replace_edges(cur, entry.dataset, entry.revision, edges)
            return entry_id

    def _save_in(self, cur: Any, entry: Entry, row: tuple) -> int:
        cur.execute(self.sql["unset_current"], (row[0],))  # the dataset as written (rows.clean)
        entry_id = self._insert_entry(cur, row)
        evidence = rows.evidence_rows(entry_id, entry.evidence or [])
        if evidence:
            cur.executemany(self.sql["insert_evidence"], evidence)
        return entry_id

    def save_failure(self, entry: Entry, run_id: str | None = None) -> bool:
        """Record a failed attempt (`entry` has status "error") that may be passing.

        When the dataset has a good current entry, it stays current and the attempt is kept beside
        it (shown by `registry show`); otherwise `entry` is saved as the current entry, as save()
        does. One transaction. Returns whether a good entry was kept.
        """
        row = rows.entry_row(entry, run_id)
        with self._errors("write"):
            conn = self._conn()
            with self._write(conn, "entry:" + entry.dataset) as cur:
                cur.execute(self.sql["current_id"], (row[0],))
                found = cur.fetchone()
                if found is None or found[1] == "error":
                    self._save_in(cur, entry, row)
                    return False
                cur.execute(
                    self.sql["insert_failure"],
                    rows.clean(
                        [row[0], found[0], entry.revision, entry.error or "error", row[-2], run_id]
                    ),
                )
                return True

    def failed_attempts(self, dataset: str, limit: int = 5) -> list[dict]:
        """Failed attempts kept beside the current entry, newest first (revision, error, attempted_at)."""
        with self._errors("read"):
            found = self._fetch(self._conn(), "failures", (dataset, limit))
        return [{"revision": r, "error": e, "attempted_at": at} for r, e, at in found]

    def update_effective(self, entry: Entry) -> bool:
        """Set the lineage fields (effective license/use, upstream, reasons) on the current entry.

        In place, no new history row: tracing completes the audit rather than redoing it. Only
        when the current entry still has `entry.revision`; returns whether a row was updated.
        """
        values = tuple(
            rows.clean(
                [
                    entry.effective_license,
                    entry.effective_commercial_use,
                    rows.dumps(list(entry.upstream or [])),
                    rows.dumps(list(entry.reasons or [])),
                    entry.dataset,
                    entry.revision,
                ]
            )
        )
        with self._errors("write"):
            conn = self._conn()
            with self._write(conn, "entry:" + entry.dataset) as cur:
                cur.execute(self.sql["update_effective"], values)
                return cur.rowcount == 1

    def current(self, dataset: str, with_evidence: bool = True) -> Entry | None:
        with self._errors("read"):
            conn = self._conn()
            found = self._entries(conn, self._fetch(conn, "current", (dataset,)), with_evidence)
            return found[0] if found else None

    def history(self, dataset: str, limit: int | None = None) -> list[Entry]:
        """The dataset's entries, newest first (the current one is the first); `limit` caps them."""
        with self._errors("read"):
            conn = self._conn()
            if limit is None:
                return self._entries(conn, self._fetch(conn, "history", (dataset,)))
            return self._entries(
                conn, self._fetch(conn, "history_limit", (dataset, max(0, int(limit))))
            )

    def current_entries(
        self, with_evidence: bool = True, batch: int = _EVIDENCE_BATCH
    ) -> Iterator[Entry]:
        """Current entries ordered by dataset, streamed page by page from one snapshot."""
        with self._errors("read"), self._snapshot() as conn:
            last = ""
            while True:
                page = self._fetch(conn, "page", (last, batch))
                if not page:
                    return
                yield from self._entries(conn, page, with_evidence)
                last = page[-1][1]

    def current_revision(self, dataset: str, include_errors: bool = False) -> str | None:
        """Revision of the current entry (None when absent, or an `error` entry by default)."""
        with self._errors("read"):
            found = self._fetch(self._conn(), "revision", (dataset,))
        if not found or (found[0][1] == "error" and not include_errors):
            return None
        return found[0][0]

    def card_state(self, dataset: str) -> tuple[str | None, str | None]:
        """(revision, README etag) of the current entry, to re-check it on the resolver quota;
        (None, None) when there is none or it is an `error` entry (the dataset is audited again)."""
        with self._errors("read"):
            found = self._fetch(self._conn(), "card_state", (dataset,))
        if not found or found[0][1] == "error":
            return None, None
        return found[0][0], found[0][2]

    def current_revisions(self, include_errors: bool = False) -> dict[str, str]:
        """{dataset: revision} of current entries that have one (for incremental runs)."""
        with self._errors("read"):
            found = self._fetch(self._conn(), "revisions", ())
        return {
            d: r
            for d, r, status in found
            if r is not None and (include_errors or status != "error")
        }

    def save_edges(self, dataset: str, revision: str | None, edges: list[dict]) -> None:
        """Replace the dependency edges recorded for (dataset, revision)."""
        with self._errors("write"):
            conn = self._conn()
            with self._write(conn, "entry:" + dataset) as cur:
                self._replace_edges(cur, dataset, revision, edges)

    def _replace_edges(self, cur: Any, dataset: str, revision: str | None, edges: list[dict]):
        cur.execute(self.sql["delete_edges"], rows.clean_row((dataset, revision)))
        edge_rows = rows.edge_rows(dataset, revision, edges)
        if edge_rows:
            cur.executemany(self.sql["insert_edge"], edge_rows)

    def edges(self, dataset: str, revision: str | None = None) -> list[dict]:
        """Edges of `dataset` at `revision` (default: the revision whose edges were saved last)."""
        with self._errors("read"):
            conn = self._conn()
            if revision is None:
                latest = self._fetch(conn, "edge_revision", (dataset,))
                if not latest:
                    return []
                revision = latest[0][0]
            return [rows.to_edge(r) for r in self._fetch(conn, "edges", (dataset, revision))]
