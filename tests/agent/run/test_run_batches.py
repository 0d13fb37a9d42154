"""The runner at scale: datasets carried through the graph in small batches with the same results
as one at a time, and --workers processes leaving the same registry as one process, whether the
datasets are given or listed. Real runs against the Hub stand-in on 127.0.0.1, real SQLite and
PostgreSQL registries."""

from __future__ import annotations

import os
import shutil
import sqlite3
from dataclasses import replace

import pytest

from agent.config import Settings
from agent.graph import items_per_branch
from agent.runner import run_audit
from agent.select.hub_list import ListQuery
from agent.select.selection import Listing
from tests.support.hub_server import HubStandIn
from tests.support.paths import FIXTURES, ROOT

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])

CARDS = str(FIXTURES / "cards")
COPIES = 4  # 5 fixture cards x 4 copies = 20 datasets


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    root = tmp_path_factory.mktemp("hub-root")
    for name in sorted(os.listdir(CARDS)):
        if os.path.isfile(os.path.join(CARDS, name, "README.md")):
            os.makedirs(root / name)
            shutil.copy(os.path.join(CARDS, name, "README.md"), root / name / "README.md")
    with HubStandIn(str(root), latency_ms=0, copies=COPIES) as server:
        names = sorted(os.listdir(root))
        server.refs = [f"copy{i}/{n}" for i in range(COPIES) for n in names]
        yield server


@pytest.fixture(autouse=True)
def _no_user_files(clean_cli_environment):
    """No token, endpoint or file cache of the user's (conftest.clean_cli_environment)."""


def _settings(hub, registry: str, concurrency: int) -> Settings:
    return Settings(registry=registry, endpoint=hub.url, concurrency=concurrency, depth=0)


def _entries(registry: str) -> list[tuple]:
    """Every field of the current entries and their evidence but the time of the audit."""
    conn = sqlite3.connect(registry)
    try:
        columns = [r[1] for r in conn.execute("PRAGMA table_info(entries)")]
        kept = [c for c in columns if c not in ("id", "audited_at", "run_id")]
        entries = conn.execute(
            f"SELECT {', '.join(kept)} FROM entries WHERE is_current = 1 ORDER BY dataset"
        ).fetchall()
        evidence = conn.execute(
            "SELECT e.dataset, v.position, v.source, v.kind, v.snippet, v.line_start, v.line_end,"
            ' v.license, v."match", v.score, v.terms, v.note FROM evidence v '
            "JOIN entries e ON e.id = v.entry_id WHERE e.is_current = 1 "
            "ORDER BY e.dataset, v.position"
        ).fetchall()
    finally:
        conn.close()
    return entries + evidence


def test_batches_of_datasets_give_the_same_registry_as_one_at_a_time(hub, tmp_path):
    assert items_per_branch(1) == 1 and items_per_branch(16) == 32
    one, batched = str(tmp_path / "one.db"), str(tmp_path / "batched.db")
    alone = run_audit(hub.refs, _settings(hub, one, concurrency=1))
    together = run_audit(hub.refs, _settings(hub, batched, concurrency=16))
    assert alone.exit_code == together.exit_code == 0
    assert [r["ref"] for r in together.results] == hub.refs  # in the order asked
    assert len(_entries(one)) > len(hub.refs)  # entries and their evidence
    assert _entries(one) == _entries(batched)


def _current(location: str) -> list:
    """Every field of every current entry, evidence included, but the time of the audit."""
    from registry.store.opener import open_registry

    with open_registry(location, create=False) as store:
        return [replace(entry, audited_at=None) for entry in store.current_entries()]


def test_workers_leave_the_same_registry_as_one_process(hub, tmp_path, location):
    one = str(tmp_path / "one-process.db")
    alone = run_audit(hub.refs, _settings(hub, one, concurrency=4))
    done: list[str] = []
    settings = replace(_settings(hub, location, concurrency=4), workers=3)
    shared = run_audit(hub.refs, settings, on_done=lambda r: done.append(r["ref"]))
    assert alone.exit_code == shared.exit_code == 0 and shared.crashed is None
    assert sorted(done) == sorted(hub.refs)  # each reported once, as it was done
    assert [r["ref"] for r in shared.results] == hub.refs  # the summary in the order asked
    assert [(r["dataset"], r["revision"], r["status"]) for r in shared.results] == [
        (r["dataset"], r["revision"], r["status"]) for r in alone.results
    ]
    assert len(_current(location)) == len(hub.refs)
    assert _current(location) == _current(one)


def test_the_cli_runs_workers_and_reports_every_dataset_once(hub, tmp_path):
    import json
    import subprocess
    import sys

    argv = [sys.executable, "-m", "agent.cli", "audit", "run", *hub.refs[:7], "--workers", "2"]
    argv += ["--registry", str(tmp_path / "cli.db"), "--endpoint", hub.url, "--depth", "0"]
    out = subprocess.run(
        argv + ["--format", "json"], capture_output=True, text=True, cwd=str(ROOT), timeout=120
    )
    assert out.returncode == 0, out.stderr
    results = json.loads(out.stdout)["results"]
    assert [r["dataset"] for r in results] == hub.refs[:7]
    assert "Traceback" not in out.stderr


@pytest.fixture
def small_pages(hub):
    """Pages of 3 datasets (the Hub's are up to 1,000): each author's 5 take 2 pages."""
    hub.page_size = 3
    yield hub
    hub.page_size, hub.list_faults = 1000, {}


def _listing(hub, registry: str, workers: int) -> tuple:
    selection = Listing(ListQuery(authors=tuple(f"copy{i}" for i in range(COPIES))), label="test")
    settings = replace(_settings(hub, registry, concurrency=2), workers=workers)
    return run_audit(selection, settings), selection


def test_workers_audit_a_listing_as_one_process_does_and_rerun_it_with_the_pages_only(
    hub, small_pages, tmp_path, location
):
    one = str(tmp_path / "one-process.db")
    alone, _ = _listing(small_pages, one, workers=1)
    shared, selection = _listing(small_pages, location, workers=2)
    assert alone.exit_code == shared.exit_code == 0 and shared.crashed is None
    # in the listing's order: by author as asked, each author's datasets as the Hub lists them
    assert [r["ref"] for r in shared.results] == [r["ref"] for r in alone.results] == hub.refs
    assert selection.tally.given == 20 and selection.tally.pages == COPIES * 2  # 5 names: 3 + 2
    # the listing made once, by this process; no info call: the workers audit what it brought
    assert shared.calls == alone.calls == {"api": COPIES * 2, "resolve": 20}
    assert _current(location) == _current(one)
    again, selection = _listing(small_pages, location, workers=2)
    assert again.calls == {"api": COPIES * 2, "resolve": 0}  # the pages, and not one file
    assert selection.tally.unchanged == 20 and all(r["reused"] for r in again.results)
    assert _current(location) == _current(one)


def test_workers_recheck_given_ids_once_in_the_selecting_process(hub, tmp_path):
    db = str(tmp_path / "given.db")
    first = run_audit(hub.refs, _settings(hub, db, concurrency=4))
    again = run_audit(hub.refs, replace(_settings(hub, db, concurrency=4), workers=2))
    assert first.exit_code == again.exit_code == 0
    assert again.calls == {"api": 0, "resolve": len(hub.refs)}  # one 304 each, none twice
    assert all(r["reused"] for r in again.results) and again.selection.tally.unchanged == 20


def test_a_listing_that_fails_midway_ends_a_workers_run_keeping_what_was_listed(
    small_pages, tmp_path
):
    small_pages.list_faults = {2: 100}  # the second page of every author keeps failing
    db = str(tmp_path / "failing.db")
    outcome, _ = _listing(small_pages, db, workers=2)
    assert outcome.exit_code == 3 and "(page 2) failed: HTTP 500" in (outcome.crashed or "")
    listed = small_pages.refs[:3]  # the first author's first page, audited and kept
    assert [r["ref"] for r in outcome.results] == listed
    assert sorted(e.dataset for e in _current(db)) == listed
