"""The registry against hostile conditions: racing first opens, read-only files, NUL bytes."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import subprocess
import sys
import threading

import pytest

from agent.errors import RegistryError
from agent.models import Evidence
from registry.store.opener import open_registry
from tests.support import paths
from tests.support.registry_support import BACKENDS, PgSchema, make_entry

_FORK = multiprocessing.get_context("fork")
# PostgreSQL only, skipped (with the reason) as the shared backend parameters say when it is not there
ONLY_POSTGRES = pytest.mark.parametrize("backend", [p for p in BACKENDS if p.id == "postgres"])


def _open_and_write(path: str, go, failures) -> None:
    """One process: wait for the start signal, open the fresh registry, save from 8 threads."""
    go.wait()
    try:
        store = open_registry(path)
        threads = [
            threading.Thread(target=store.save, args=(make_entry(f"org/d{i}"),)) for i in range(8)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        store.close()
    except RegistryError as exc:
        failures.put(str(exc))


def test_processes_starting_together_on_a_fresh_sqlite_registry_wait_for_the_lock(tmp_path):
    failures = _FORK.Queue()
    for trial in range(10):
        path = str(tmp_path / f"fresh{trial}.db")
        go = _FORK.Event()
        workers = [
            _FORK.Process(target=_open_and_write, args=(path, go, failures)) for _ in range(4)
        ]
        for worker in workers:
            worker.start()
        go.set()
        for worker in workers:
            worker.join(60)
        assert [w.exitcode for w in workers] == [0, 0, 0, 0]
        with open_registry(path, create=False) as store:
            assert len(list(store.current_entries(with_evidence=False))) == 8
    messages = []
    while not failures.empty():
        messages.append(failures.get())
    assert messages == []


_HOLDER = """import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
conn.execute("CREATE TABLE first_writer (x)")
print("held", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("ROLLBACK")
"""


def test_a_fresh_sqlite_registry_another_process_is_writing_is_waited_for(tmp_path):
    # What two `audit run` processes starting together hit (2 in 25 trials): the second one saw
    # "database is locked" while the first one created the schema, and was told the file was foreign.
    path = str(tmp_path / "fresh.db")
    open(path, "wb").close()
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, path, "0.7"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with open_registry(path) as store:  # waits for the other process, then creates the schema
            store.save(make_entry("org/data"))
            assert store.current("org/data") is not None
    finally:
        holder.wait(30)


def test_a_registry_held_locked_says_it_is_locked_not_foreign(tmp_path, monkeypatch):
    import registry.store.sqlite as sqlite_store

    path = str(tmp_path / "fresh.db")
    open(path, "wb").close()
    holder = __import__("sqlite3").connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another program holds the file: a fresh open must wait
    monkeypatch.setattr(sqlite_store, "BUSY_TIMEOUT_MS", 300)
    try:
        with pytest.raises(RegistryError) as caught:
            open_registry(path)
    finally:
        holder.close()
    assert str(caught.value) == f"registry {path} is locked by another process (waited 0 s)"
    open_registry(path).close()  # once free, the same file opens


# ---- read-only registries ------------------------------------------------------------------
def _make_read_only(paths: list[str]) -> list[str]:
    """chmod a-w; as root (which ignores modes) also the immutable flag. Returns what to undo."""
    for path in paths:
        os.chmod(path, 0o555 if os.path.isdir(path) else 0o444)
    if os.geteuid() != 0:
        return []
    if not shutil.which("chattr"):
        pytest.skip("running as root without chattr: cannot make a file read-only")
    done = subprocess.run(["chattr", "+i", *paths], capture_output=True)
    if done.returncode:
        pytest.skip(f"chattr +i unsupported here: {done.stderr.decode().strip()}")
    return paths


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "agent.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "LICENSETRACE_REGISTRY": ""},
    )


def test_a_read_only_sqlite_registry_still_answers_show_export_and_gate(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    db = str(folder / "reg.db")
    with open_registry(db) as store:
        store.save(make_entry("org/data", concluded_license="MIT", commercial_use="yes"))
    undo = _make_read_only([db, str(folder)])
    try:
        show = _cli("registry", "show", "org/data", "--registry", db)
        export = _cli("registry", "export", "--format", "csv", "--registry", db)
        gate = _cli("gate", "--registry", db, "--format", "json")
        write = _cli("audit", "run", "--offline", "--quiet", "org/data", "--registry", db)
    finally:
        if undo:
            subprocess.run(["chattr", "-i", *undo], check=True)
        os.chmod(str(folder), 0o755)
    assert show.returncode == 0, show.stderr
    assert "license    MIT" in show.stdout
    assert export.returncode == 0 and "org/data" in export.stdout, export.stderr
    assert gate.returncode in (0, 1) and '"org/data"' in gate.stdout, gate.stderr
    # writing is still refused, in one line
    assert (
        write.returncode == 2
        and write.stderr.count("\n") == 1
        and "cannot write registry" in write.stderr
    )


@ONLY_POSTGRES
def test_a_reader_of_a_postgres_registry_cannot_write(backend):
    schema = PgSchema()
    try:
        open_registry(schema.url).close()
        with open_registry(schema.url, create=False) as reader:
            assert reader.current("org/data") is None
            with pytest.raises(RegistryError, match="read-only transaction"):
                reader.save(make_entry())
    finally:
        schema.drop()


# ---- NUL bytes ---------------------------------------------------------------------------
def test_text_with_nul_bytes_reads_back_the_same_on_both_backends(location):
    entry = make_entry(
        "org/nul",
        concluded_license="MIT",
        error=None,
        reasons=["card says \x00 here"],
        evidence=[
            Evidence(
                source="section:License",
                kind="text",
                snippet="Released under the MIT\x00 License",
                license="MIT",
            )
        ],
    )
    with open_registry(location) as store:
        store.save(entry)
        store.save_edges(
            "org/nul", entry.revision, [{"upstream": "squad\x00", "relation": "derived"}]
        )
        back = store.current("org/nul")
        edges = store.edges("org/nul")
    assert back.evidence[0].snippet == "Released under the MIT\ufffd License"
    assert back.reasons == ["card says \ufffd here"]
    assert edges[0]["upstream"] == "squad\ufffd"


FIXTURES = os.path.join(paths.FIXTURES, "hostile")


@ONLY_POSTGRES
def test_a_card_with_nul_bytes_gives_the_same_entry_on_sqlite_and_postgres(
    backend, tmp_path, capsys
):
    from agent.cli import main

    schema = PgSchema()
    folder = str(tmp_path / "nul-card")
    shutil.copytree(os.path.join(FIXTURES, "nul-card"), folder)
    found = []
    try:
        for registry in (str(tmp_path / "reg.db"), schema.url):
            code = main(
                [
                    "audit",
                    "run",
                    "--quiet",
                    "--offline",
                    "--depth",
                    "0",
                    "--registry",
                    registry,
                    folder,
                ]
            )
            assert code == 0, capsys.readouterr().err
            with open_registry(registry, create=False) as store:
                [entry] = list(store.current_entries())
            found.append({**entry.to_dict(), "audited_at": None})
    finally:
        schema.drop()
    sqlite_entry, postgres_entry = found
    assert sqlite_entry["concluded_license"] == "MIT" and sqlite_entry["status"] != "error"
    assert postgres_entry == sqlite_entry
    assert any("\ufffd" in e["snippet"] for e in sqlite_entry["evidence"])


# ---- failed attempts -----------------------------------------------------------------------
def test_a_failed_attempt_is_kept_beside_the_good_entry_on_both_backends(location):
    from agent.models import Entry

    failed = Entry(
        dataset="org/data",
        status="error",
        error="NetworkError: no answer after 5 attempts",
        audited_at="2026-11-29T08:00:00Z",
    )
    with open_registry(location) as store:
        store.save(make_entry("org/data"))
        assert store.save_failure(failed, run_id="run2") is True
        assert store.current("org/data").status == "verified"
        assert store.failed_attempts("org/data") == [
            {
                "revision": None,
                "error": "NetworkError: no answer after 5 attempts",
                "attempted_at": "2026-11-29T08:00:00Z",
            }
        ]
        assert [e.status for e in store.history("org/data")] == ["verified"]
        # never audited well: the failure is the entry, as before
        assert (
            store.save_failure(Entry(dataset="org/new", status="error", error="NetworkError: x"))
            is False
        )
        assert store.current("org/new").status == "error"
        # a later good audit starts with no failed attempt of its own
        store.save(make_entry("org/data", revision="def456"))
        assert store.failed_attempts("org/data") == []


def test_a_reader_upgrades_an_older_registry_once_then_reads_it_read_only(tmp_path):
    import sqlite3

    from registry.store.schema import LATEST_VERSION
    from tests.support.registry_support import V1_SQLITE

    path = tmp_path / "v1.db"
    with sqlite3.connect(path) as conn:
        conn.executescript(V1_SQLITE)
    with open_registry(str(path), create=False) as reader:
        assert reader.schema_version() == LATEST_VERSION
        assert (
            reader.current("old/data").revision == "r1" and reader.failed_attempts("old/data") == []
        )
        with pytest.raises(RegistryError, match="readonly database"):
            reader.save(make_entry("old/data"))


def test_a_rows_values_are_cleaned_as_each_value_alone():
    from registry.store.rows import clean, clean_row

    evidence = Evidence("yaml", "license", "a\x00b", 1, 2)
    values = ("x\x00y", "plain", 3, 0.5, True, None, ["l\x00"], {"k\x00": "v\x00"}, evidence)
    assert clean_row(values) == tuple(clean(v) for v in values)
    assert clean_row(values)[0] == "x\ufffdy" and clean_row(values)[-1]["snippet"] == "a\ufffdb"
