"""The registry's SQL, written once for both backends.

`?` marks a parameter (PostgreSQL gets `%s`); `{true}`, `{false}` and `{same}` are the dialect
words of registry.store.schema.DIALECTS (literals, so SQLite can use the partial index on is_current);
`{ids}` is filled with one mark per id at the call.
"""

from __future__ import annotations

from registry.store import rows

SQL = {
    "unset_current": "UPDATE entries SET is_current = {false} WHERE dataset = ? AND is_current = {true}",
    "insert_entry": (
        "INSERT INTO entries ("
        + ", ".join(rows.ENTRY_COLUMNS)
        + ", is_current) VALUES ("
        + ", ".join("?" for _ in rows.ENTRY_COLUMNS)
        + ", {true})"
    ),
    "insert_evidence": (
        "INSERT INTO evidence ("
        + ", ".join(rows.EVIDENCE_COLUMNS)
        + ") VALUES ("
        + ", ".join("?" for _ in rows.EVIDENCE_COLUMNS)
        + ")"
    ),
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
    "insert_edge": (
        "INSERT INTO edges ("
        + ", ".join(rows.EDGE_COLUMNS)
        + ") VALUES ("
        + ", ".join("?" for _ in rows.EDGE_COLUMNS)
        + ")"
    ),
    "edge_revision": "SELECT revision FROM edges WHERE dataset = ? ORDER BY id DESC LIMIT 1",
    "edges": (
        "SELECT dataset, revision, evidence, created FROM edges"
        " WHERE dataset = ? AND revision {same} ? ORDER BY position"
    ),
    "version": "SELECT MAX(version) FROM schema_version",
    "current_id": "SELECT id, status FROM entries WHERE dataset = ? AND is_current = {true}",
    "insert_failure": (
        "INSERT INTO failed_attempts (dataset, kept_entry_id, revision, error, attempted_at, run_id)"
        " VALUES (?, ?, ?, ?, ?, ?)"
    ),
    "failures": (
        "SELECT f.revision, f.error, f.attempted_at FROM failed_attempts f JOIN entries e"
        " ON e.id = f.kept_entry_id WHERE e.dataset = ? AND e.is_current = {true}"
        " ORDER BY f.id DESC LIMIT ?"
    ),
}
