"""The runner at scale: datasets carried through the graph in small batches with the same results
as one at a time, and --workers processes leaving the same registry as one process. Real runs
against the Hub stand-in on 127.0.0.1, real SQLite and PostgreSQL registries."""

from __future__ import annotations

import os
import shutil
import sqlite3
from dataclasses import replace

import pytest

from agent.config import Settings
from agent.graph import items_per_branch
from agent.runner import run_audit
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
    assert items_per_branch(1) == 1 and items_per_branch(16) == 64
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
