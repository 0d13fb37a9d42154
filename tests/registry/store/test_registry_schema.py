"""Registry schema versions and opening: migrations, newer registries, bad paths and URLs."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pytest

from agent.errors import RegistryError
from registry.store.opener import open_registry
from registry.store.schema import LATEST_VERSION, MIGRATIONS
from tests.support import paths
from tests.support.registry_support import PG_SKIP, PG_URL, V1_SQLITE, PgSchema, make_entry

ROOT = str(paths.ROOT)


# The version-1 registry as the first release wrote it, by hand (not from the code under test).
def _set_version(location: str, version: int) -> None:
    """Pretend a later licensetrace wrote this registry."""
    with open_registry(location) as store, store._write(store._conn(), "test") as cur:
        cur.execute(
            store._placeholders("INSERT INTO schema_version VALUES (?, ?, ?)"),
            (version, "from the future", "2099-01-01"),
        )


def test_a_new_registry_is_at_the_latest_version(location):
    with open_registry(location) as store:
        assert store.schema_version() == LATEST_VERSION == MIGRATIONS[-1].version
    assert [m.version for m in MIGRATIONS] == list(range(1, LATEST_VERSION + 1))


def test_a_version_1_sqlite_registry_is_migrated_and_keeps_its_entries(tmp_path):
    path = tmp_path / "v1.db"
    with sqlite3.connect(path) as conn:
        conn.executescript(V1_SQLITE)
    with open_registry(str(path)) as store:
        assert store.schema_version() == LATEST_VERSION
        current = store.current("old/data")
        assert (current.revision, current.confidence, current.upstream) == ("r1", 0.75, ["squad"])
        assert current.attribution_required is True and current.share_alike is False
        assert current.effective_commercial_use is None  # column added by migration 2
        assert current.evidence[0].snippet == "license: mit"
        assert [e.revision for e in store.history("old/data")] == ["r1", "r0"]
        store.save(make_entry("old/data", revision="r2", effective_commercial_use="no"))
        store.save_edges("old/data", "r2", [{"upstream": "squad"}])  # table added by migration 2
        assert store.current("old/data").effective_commercial_use == "no"
        assert store.integrity_check() == "ok"
    with sqlite3.connect(path) as conn:
        assert [
            r[0] for r in conn.execute("SELECT version FROM schema_version ORDER BY version")
        ] == list(range(1, LATEST_VERSION + 1))


@pytest.mark.postgres
@pytest.mark.skipif(not PG_URL, reason=PG_SKIP)
def test_a_version_1_postgres_registry_is_migrated():
    import psycopg

    schema = PgSchema()
    try:
        with psycopg.connect(schema.url, autocommit=True) as conn:
            conn.execute(
                "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, summary TEXT NOT NULL,"
                " applied_at TEXT NOT NULL)"
            )
            for sql in MIGRATIONS[0].statements("postgres"):
                conn.execute(sql)
            conn.execute("INSERT INTO schema_version VALUES (1, 'v1', '2026-10-01')")
            conn.execute(
                "INSERT INTO entries (dataset, revision, is_current, concluded_license, confidence,"
                " status, upstream, sources, reasons, audited_at) VALUES ('old/data', 'r1', TRUE,"
                " 'MIT', 0.5, 'unverified', '[]', '[]', '[]', '2026-10-01')"
            )
        with open_registry(schema.url) as store:
            assert store.schema_version() == LATEST_VERSION
            assert store.current("old/data").revision == "r1"
            store.save_edges("old/data", "r1", [{"upstream": "glue"}])
            assert store.edges("old/data")[0]["upstream"] == "glue"
    finally:
        schema.drop()


def test_a_registry_newer_than_the_code_is_refused(location):
    open_registry(location).close()
    _set_version(location, LATEST_VERSION + 1)
    with pytest.raises(
        RegistryError, match=f"schema version {LATEST_VERSION + 1}, newer .* upgrade licensetrace"
    ):
        open_registry(location)


def test_opening_twice_migrates_once(location):
    open_registry(location).close()
    with open_registry(location) as store:
        rows = store._fetch(store._conn(), "version", ())
        assert rows[0][0] == LATEST_VERSION


def test_create_false_refuses_a_missing_registry(location):
    with pytest.raises(RegistryError, match="no licensetrace registry"):
        open_registry(location, create=False)
    open_registry(location).close()
    with open_registry(location, create=False) as store:
        assert store.current("x") is None


@pytest.mark.parametrize(
    "path, message",
    [
        ("/nonexistent/x.db", "cannot write registry /nonexistent/x.db: No such file or directory"),
        ("/etc/hostname/x.db", "cannot write registry /etc/hostname/x.db: Not a directory"),
    ],
)
def test_an_unwritable_path_is_one_clear_line(path, message):
    with pytest.raises(RegistryError) as caught:
        open_registry(path)
    assert str(caught.value) == message


def test_a_directory_or_foreign_file_is_refused(tmp_path):
    with pytest.raises(RegistryError, match="it is a directory"):
        open_registry(str(tmp_path))
    junk = tmp_path / "notes.db"
    junk.write_text("these are my notes, not a database\n" * 200)
    with pytest.raises(RegistryError, match="not a licensetrace registry"):
        open_registry(str(junk))
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE songs (title TEXT)")
    with pytest.raises(RegistryError, match="another program"):
        open_registry(str(other))


def test_sqlite_urls_and_home_paths(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    open_registry("sqlite:///relative.db").close()
    open_registry(f"sqlite:///{tmp_path}/absolute.db").close()
    open_registry("~/home.db").close()
    assert {"relative.db", "absolute.db", "home.db"} <= set(os.listdir(tmp_path))


@pytest.mark.postgres
@pytest.mark.skipif(not PG_URL, reason=PG_SKIP)
def test_the_short_postgres_scheme_works_too():
    schema = PgSchema()
    try:
        short = schema.url.replace("postgresql://", "postgres://", 1)
        with open_registry(short) as store:
            store.save(make_entry())
        with open_registry(schema.url) as store:
            assert store.current("org/data") == make_entry()
    finally:
        schema.drop()


@pytest.mark.parametrize(
    "url", ["mysql://localhost/db", "  ", "", "sqlite://", "sqlite://x.db", ":memory:"]
)
def test_unsupported_locations_are_refused(url):
    with pytest.raises(RegistryError):
        open_registry(url)


def test_an_unreachable_postgres_never_shows_its_password():
    with pytest.raises(RegistryError) as caught:
        open_registry("postgresql://auditor:s3cr3t-pw@127.0.0.1:1/registry")
    message = str(caught.value)
    assert message.startswith(
        "cannot connect to registry postgresql://auditor:***@127.0.0.1:1/registry"
    )
    assert "s3cr3t" not in message and "\n" not in message


def test_postgres_without_psycopg_says_what_to_install():
    code = (
        "import sys; sys.modules['psycopg'] = None\n"
        "from agent.errors import RegistryError\nfrom registry.store.opener import open_registry\n"
        "try:\n    open_registry('postgresql://u@127.0.0.1/db')\n"
        "except RegistryError as e:\n    print(e)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": ROOT},
        timeout=60,
    )
    assert "pip install 'licensetrace[postgres]'" in done.stdout, done.stderr


def test_sqlite_users_never_import_psycopg(tmp_path):
    code = (
        f"import sys\nfrom registry.store.opener import open_registry\nopen_registry({str(tmp_path / 'r.db')!r}).close()\n"
        "print('psycopg' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": ROOT},
        timeout=60,
    )
    assert done.stdout.strip() == "False", done.stderr
