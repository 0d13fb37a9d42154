"""Schema v5: the README etag at the audited revision, kept for the resolver re-check, on SQLite
and PostgreSQL; a v4 registry is upgraded and keeps its entries."""

from __future__ import annotations

import sqlite3

from registry.store.opener import open_registry
from registry.store.schema import LATEST_VERSION, MIGRATIONS
from tests.support.registry_support import make_entry


def test_the_etag_is_saved_with_the_entry_and_follows_its_revision(location):
    with open_registry(location) as store:
        store.save(make_entry("org/a", revision="r1"), readme_etag="e1")
        assert store.card_state("org/a") == ("r1", "e1")
        store.save(make_entry("org/a", revision="r2"), readme_etag="e2")  # one row per dataset
        assert store.card_state("org/a") == ("r2", "e2")
        store.save(make_entry("org/a", revision="r3"))  # read without an etag: none is claimed
        assert store.card_state("org/a") == ("r3", None)
        store.save(make_entry("org/b", revision="r1", status="error"), readme_etag="x")
        assert store.card_state("org/b") == (None, None)  # an error entry is audited again
        assert store.card_state("org/none") == (None, None)
        assert store.current("org/a", with_evidence=False).evidence == []
        assert len(store.current("org/a").evidence) == 2


def test_a_version_4_sqlite_registry_gains_the_etag_table(tmp_path):
    path = str(tmp_path / "v4.db")
    with sqlite3.connect(path) as conn:
        cur = conn.cursor()
        _build_v4(cur)
        cur.execute(
            "INSERT INTO entries (dataset, revision, is_current, concluded_license, confidence,"
            " status, upstream, sources, reasons, audited_at) VALUES ('old/data', 'r1', 1,"
            " 'MIT', 0.5, 'unverified', '[]', '[]', '[]', '2026-10-01')"
        )
    with open_registry(path) as store:
        assert store.schema_version() == LATEST_VERSION == 5
        assert store.card_state("old/data") == ("r1", None)  # kept, no etag yet
        store.save(make_entry("old/data", revision="r2"), readme_etag="e2")
        assert store.card_state("old/data") == ("r2", "e2")


def _build_v4(cur) -> None:
    """The schema as version 4 left it, from the migrations up to 4 (the v1 text is tested apart)."""
    cur.execute(
        "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, summary TEXT NOT NULL,"
        " applied_at TEXT NOT NULL)"
    )
    for migration in MIGRATIONS[:4]:
        for sql in migration.statements("sqlite"):
            cur.execute(sql)
        cur.execute(
            "INSERT INTO schema_version VALUES (?, ?, ?)",
            (migration.version, migration.summary, "2026-11-01"),
        )
