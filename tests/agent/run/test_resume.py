"""Resume and concurrent runs of the real `audit run` CLI against a live Hub stand-in on 127.0.0.1.

A run killed with SIGKILL halfway and started again ends with one current entry per dataset and
no duplicate; two audit processes writing one registry at once lose no entry (SQLite, PostgreSQL).
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from tests.support import paths
from tests.support.hub_server import HubStandIn

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])

ROOT = str(paths.ROOT)
CARDS = os.path.join(ROOT, "tests", "fixtures", "cards")
COPIES = 24  # 5 fixture cards x 24 copies = 120 datasets


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    """The stand-in serving each fixture card as copy0/<name> .. copy23/<name>, 20 ms per request."""
    root = tmp_path_factory.mktemp("hub-root")
    for name in sorted(os.listdir(CARDS)):
        readme = os.path.join(CARDS, name, "README.md")
        if os.path.isfile(readme):
            os.makedirs(root / name)
            shutil.copy(readme, root / name / "README.md")
    with HubStandIn(str(root), latency_ms=20, copies=COPIES) as server:
        names = sorted(os.listdir(root))
        server.refs = [f"copy{i}/{n}" for i in range(COPIES) for n in names]
        yield server


def _audit(
    hub, refs: list[str], registry: str, tmp_path, label: str, concurrency: int = 4
) -> subprocess.Popen:
    refs_file = tmp_path / f"{label}.txt"
    refs_file.write_text("\n".join(refs) + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "HF_TOKEN"}
    env["HF_HOME"] = str(tmp_path)  # no token file
    env["LICENSETRACE_CACHE"] = str(tmp_path / "cache")  # not the user's file cache
    argv = [
        sys.executable,
        "-m",
        "agent.cli",
        "audit",
        "run",
        "--from",
        str(refs_file),
        "--registry",
        registry,
        "--endpoint",
        hub.url,
        "--concurrency",
        str(concurrency),
        "--depth",
        "0",
        "--quiet",
    ]
    return subprocess.Popen(
        argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )


def _query(registry: str, sql: str) -> list[tuple]:
    if registry.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(registry) as conn:
            return conn.execute(sql.replace("= 1", "= TRUE")).fetchall()
    conn = sqlite3.connect(registry, timeout=30)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def _committed(registry: str) -> int:
    try:
        return _query(registry, "SELECT count(*) FROM entries")[0][0]
    except Exception:  # noqa: BLE001 - the schema is not there yet
        return 0


def _check(registry: str, refs: list[str]) -> None:
    """Exactly one current entry per dataset, none missing, none extra, none an error."""
    current = _query(registry, "SELECT dataset, status FROM entries WHERE is_current = 1")
    assert sorted(d for d, _ in current) == sorted(refs)  # one each: a duplicate would show twice
    assert [d for d, status in current if status == "error"] == []
    if not registry.startswith("postgresql://"):
        assert _query(registry, "PRAGMA integrity_check") == [("ok",)]


def test_a_run_killed_halfway_resumes_without_duplicates(hub, tmp_path):
    registry, refs = str(tmp_path / "registry.db"), hub.refs
    first = _audit(hub, refs, registry, tmp_path, "first")
    deadline = time.monotonic() + 60
    while (
        _committed(registry) < len(refs) // 3
        and time.monotonic() < deadline
        and first.poll() is None
    ):
        time.sleep(0.05)
    first.send_signal(signal.SIGKILL)
    first.wait()
    done = _committed(registry)
    assert first.returncode == -signal.SIGKILL and 0 < done < len(refs), "not killed halfway"

    before = hub.counts["requests"]
    again = _audit(hub, refs, registry, tmp_path, "again")
    assert again.wait(timeout=120) == 0, again.stderr.read().decode()
    _check(registry, refs)
    # The entries committed before the kill are kept, not concluded again: no extra history rows.
    assert _committed(registry) == len(refs)
    # ...and cost one info request each; the rest one info + one README each.
    assert hub.counts["requests"] - before == done + 2 * (len(refs) - done)


def test_two_processes_on_one_registry_lose_no_entry(hub, tmp_path, location):
    refs = hub.refs
    half = len(refs) // 2
    # Overlapping halves: the middle third is audited by both at once.
    runs = [
        _audit(hub, refs[: half + 20], location, tmp_path, "a"),
        _audit(hub, refs[half - 20 :], location, tmp_path, "b"),
    ]
    for run in runs:
        assert run.wait(timeout=120) == 0, run.stderr.read().decode()
    _check(location, refs)
