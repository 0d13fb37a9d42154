"""The registry's SQL, written once for both backends.

`?` marks a parameter (PostgreSQL gets `%s`); `{true}`, `{false}` and `{same}` are the dialect
words of registry.store.schema.DIALECTS (literals, so SQLite can use the partial index on is_current);
`{ids}` is filled with one mark per id at the call.
"""

from __future__ import annotations

from registry.store import rows


def _insert(table: str, columns: tuple[str, ...], flag: str = "") -> str:
    """'INSERT INTO evidence (a, b) VALUES (?, ?)'; `flag` adds is_current set to that value."""
    names = ", ".join(columns) + (", is_current" if flag else "")
    marks = ", ".join("?" for _ in columns) + (f", {flag}" if flag else "")
    return f"INSERT INTO {table} ({names}) VALUES ({marks})"


SQL = {
    "unset_current": "UPDATE entries SET is_current = {false} WHERE dataset = ? AND is_current = {true}",
    "insert_entry": _insert("entries", rows.ENTRY_COLUMNS, flag="{true}"),
    "insert_evidence": _insert("evidence", rows.EVIDENCE_COLUMNS),
    "current": (
        "SELECT "
        + ", ".join(rows.ENTRY_SELECT)
        + " FROM entries WHERE dataset = ? AND is_current = {true}"
    ),
    "history": "SELECT "
    + ", ".join(rows.ENTRY_SELECT)
    + " FROM entries WHERE dataset = ? ORDER BY id DESC",
    "history_limit": (
        "SELECT "
        + ", ".join(rows.ENTRY_SELECT)
        + " FROM entries WHERE dataset = ? ORDER BY id DESC LIMIT ?"
    ),
    "page": (
        "SELECT " + ", ".join(rows.ENTRY_SELECT) + " FROM entries WHERE is_current = {true}"
        " AND dataset > ? ORDER BY dataset LIMIT ?"
    ),
    "evidence": (
        "SELECT entry_id, "
        + ", ".join(rows.EVIDENCE_COLUMNS[2:])
        + " FROM evidence WHERE entry_id IN ({ids}) ORDER BY entry_id, position"
    ),
    "revision": "SELECT revision, status FROM entries WHERE dataset = ? AND is_current = {true}",
    "revisions": "SELECT dataset, revision, status FROM entries WHERE is_current = {true}",
    "update_effective": (
        "UPDATE entries SET effective_license = ?, effective_commercial_use = ?, upstream = ?,"
        " reasons = ? WHERE dataset = ? AND revision {same} ? AND is_current = {true}"
    ),
    "delete_edges": "DELETE FROM edges WHERE dataset = ? AND revision {same} ?",
    "insert_edge": _insert("edges", rows.EDGE_COLUMNS),
    "edge_revision": "SELECT revision FROM edges WHERE dataset = ? ORDER BY id DESC LIMIT 1",
    "edges": (
        "SELECT dataset, revision, evidence, created FROM edges"
        " WHERE dataset = ? AND revision {same} ? ORDER BY position"
    ),
    "version": "SELECT MAX(version) FROM schema_version",
    "current_id": "SELECT id, status FROM entries WHERE dataset = ? AND is_current = {true}",
    "insert_failure": _insert(
        "failed_attempts",
        ("dataset", "kept_entry_id", "revision", "error", "attempted_at", "run_id"),
    ),
    # (revision, status, README etag at that revision) of the current entry; etag None if unknown
    "card_state": (
        "SELECT e.revision, e.status, c.readme_etag FROM entries e LEFT JOIN card_etags c"
        " ON c.dataset = e.dataset AND c.revision = e.revision"
        " WHERE e.dataset = ? AND e.is_current = {true}"
    ),
    "upsert_etag": (
        "INSERT INTO card_etags (dataset, revision, readme_etag, saved_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (dataset) DO UPDATE SET revision = excluded.revision,"
        " readme_etag = excluded.readme_etag, saved_at = excluded.saved_at"
    ),
    "failures": (
        "SELECT f.revision, f.error, f.attempted_at FROM failed_attempts f JOIN entries e"
        " ON e.id = f.kept_entry_id WHERE e.dataset = ? AND e.is_current = {true}"
        " ORDER BY f.id DESC LIMIT ?"
    ),
}
