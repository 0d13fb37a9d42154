"""Deadlines and Ctrl-C against a real server trickling one byte at a time on 127.0.0.1."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from agent.cli import main
from agent.errors import DatasetError, RegistryError
from agent.sources.http import HttpClient
from registry.store.opener import open_registry
from tests.support import paths
from tests.support.hostile_servers import TrickleHub

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
ROOT = str(paths.ROOT)


@pytest.fixture
def hub(tmp_path):
    for name in ("fast", "slow1", "slow2"):
        folder = tmp_path / "hub" / "org" / name
        folder.mkdir(parents=True)
        (folder / "README.md").write_text(
            f"---\nlicense: mit\n---\n# {name}\n\nReleased under the MIT License.\n"
        )
    with TrickleHub(str(tmp_path / "hub"), slow=("org/slow1", "org/slow2")) as server:
        yield server


@pytest.fixture(autouse=True)
def _clean(clean_cli_environment):
    """No user token, endpoint, registry or cache reaches these runs (tests/conftest.py)."""


def test_a_trickling_answer_is_cut_at_the_request_deadline_not_per_read(hub):
    http = HttpClient(quotas=None, request_deadline=0.8)
    started = time.monotonic()
    with pytest.raises(DatasetError) as caught:
        http.get(f"{hub.url}/api/datasets/org/slow1")
    assert caught.value.code == "Timeout" and "within its deadline" in caught.value.message
    assert (
        time.monotonic() - started < 2.5
    )  # every read got a byte within 0.2 s: no read timeout fires
    assert hub.counts["trickled"] == 1  # a request that ran out of time is not tried again


def test_a_dataset_deadline_bounds_all_its_requests(hub, tmp_path, capsys):
    started = time.monotonic()
    code = main(
        [
            "audit",
            "run",
            "--quiet",
            "--format",
            "json",
            "--depth",
            "0",
            "--no-github",
            "--registry",
            str(tmp_path / "reg.db"),
            "--endpoint",
            hub.url,
            "--request-timeout",
            "30",
            "--dataset-timeout",
            "1",
            "org/slow1",
            "org/fast",
        ]
    )
    results = {r["dataset"]: r for r in json.loads(capsys.readouterr().out)["results"]}
    assert time.monotonic() - started < 6
    assert code == 3 and results["org/slow1"]["error"].startswith("Timeout:")
    assert results["org/fast"]["concluded_license"] == "MIT"


def _registry_has(db: str, dataset: str) -> bool:
    if not os.path.exists(db):
        return False
    try:
        with open_registry(db, create=False) as store:
            return store.current(dataset) is not None
    except RegistryError:  # the other process is still creating it
        return False


def test_ctrl_c_stops_at_once_keeps_what_is_done_and_exits_130(hub, tmp_path):
    db = str(tmp_path / "reg.db")
    env = {**os.environ, "PYTHONPATH": ROOT}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "agent.cli",
            "audit",
            "run",
            "--quiet",
            "--depth",
            "0",
            "--concurrency",
            "3",
            "--registry",
            db,
            "--endpoint",
            hub.url,
            "org/slow1",
            "org/fast",
            "org/slow2",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=str(tmp_path),
    )
    try:
        deadline = time.monotonic() + 60
        while not (hub.counts["trickled"] >= 2 and _registry_has(db, "org/fast")):
            assert time.monotonic() < deadline and process.poll() is None, "the run never got going"
            time.sleep(0.1)
        process.send_signal(signal.SIGINT)
        interrupted = time.monotonic()
        out, err = process.communicate(timeout=15)  # it held on for minutes before
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert time.monotonic() - interrupted < 5
    assert process.returncode == 130
    assert err.strip().splitlines() == [
        "licensetrace: interrupted; finished entries are in the registry"
    ]
    with open_registry(db, create=False) as store:
        assert store.current("org/fast").concluded_license == "MIT"
        assert store.current("org/slow1") is None and store.current("org/slow2") is None
