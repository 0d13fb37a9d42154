"""Runs that must not fail open: capped upstreams, a big wave, a crash in the last step, a
transient failure after a good audit. Real Hub stand-in on 127.0.0.1, real SQLite registry."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil

import pytest

import agent.graph
import agent.lineage.apply
from agent.cli import main
from registry.store.opener import open_registry
from tests.support import paths
from tests.support.hostile_servers import TrickleHub

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
MANY_UPSTREAMS = os.path.join(paths.FIXTURES, "hostile", "many-upstreams")
POLICY = '[policy]\nintended_use = "commercial"\nuse_effective_license = true\n'


@pytest.fixture(autouse=True)
def _clean(clean_cli_environment):
    """No user token, endpoint, registry or cache reaches these runs (tests/conftest.py)."""


@pytest.fixture
def hub(tmp_path):
    cards = {f"lt-up/d{i:02d}": "mit" for i in range(30)}
    cards.update({"lt-up/nc": "cc-by-nc-4.0", "org/good": "mit"})
    for name, license_ in cards.items():
        folder = tmp_path / "hub" / name
        folder.mkdir(parents=True)
        (folder / "README.md").write_text(f"---\nlicense: {license_}\n---\n# {name}\n")
    with TrickleHub(str(tmp_path / "hub")) as server:
        yield server


def parent_card(tmp_path, upstreams: list[str]) -> str:
    """A local MIT card whose YAML lists `upstreams` as source datasets."""
    folder = tmp_path / "parent"
    folder.mkdir()
    listed = "".join(f"- {name}\n" for name in upstreams)
    (folder / "README.md").write_text(
        f"---\nlicense: mit\nsource_datasets:\n{listed}---\n# Parent\n\n"
        "Released under the MIT License.\n"
    )
    return str(folder)


def audit(capsys, hub, db: str, *args: str) -> tuple[int, dict, str]:
    capsys.readouterr()
    code = main(
        [
            "audit",
            "run",
            "--quiet",
            "--format",
            "json",
            "--registry",
            db,
            "--endpoint",
            hub.url,
            *args,
        ]
    )
    out, err = capsys.readouterr()
    return code, {r["dataset"]: r for r in json.loads(out)["results"]}, err


def upstream_requests(hub) -> int:
    return sum(n for key, n in hub.counts.items() if key.startswith("path:/api/datasets/lt-up/"))


def many_upstreams(tmp_path) -> str:
    """The hostile fixture: a card naming 60 source datasets (the stand-in serves the first 30)."""
    return shutil.copytree(MANY_UPSTREAMS, str(tmp_path / "many-upstreams"))


def test_upstreams_beyond_the_cap_are_not_traced_and_say_so(hub, tmp_path, capsys):
    db = str(tmp_path / "reg.db")
    code, results, _ = audit(
        capsys, hub, db, "--depth", "1", "--max-upstreams", "5", many_upstreams(tmp_path)
    )
    assert code == 0 and upstream_requests(hub) == 5 and len(results) == 6
    [parent] = [r for r in results.values() if not r["depth"]]
    with open_registry(db, create=False) as store:
        entry = store.current(parent["dataset"])
    assert any(
        r.startswith("55 upstream datasets not traced: over the limit of 5 per card")
        for r in entry.reasons
    )
    assert (
        len(entry.upstream) == 60 and entry.effective_commercial_use == "unclear"
    )  # not traced: not clean


def test_a_wave_of_many_batches_does_not_hit_the_recursion_limit(
    hub, tmp_path, capsys, monkeypatch
):
    # Batches of 2 instead of 512 give the same number of graph steps as 30,000 upstreams would.
    monkeypatch.setattr(agent.graph, "BATCH", 2)
    code, results, err = audit(
        capsys, hub, str(tmp_path / "reg.db"), "--depth", "1", many_upstreams(tmp_path)
    )
    assert code == 0, (
        err
    )  # the 30 upstreams that cannot be found make the use unclear, not the run fail
    assert len(results) == 61 and sum(r["depth"] == 1 for r in results.values()) == 60
    assert sum(r["status"] == "error" for r in results.values()) == 30


def _crash_once(monkeypatch, times: int) -> None:
    """The run's last step (combining licenses) fails `times` times, as a bug there would."""
    real = agent.lineage.apply.apply_effective_licenses
    calls = []

    def failing(store, results):
        calls.append(1)
        if len(calls) <= times:
            raise RuntimeError("disk went away")
        return real(store, results)

    monkeypatch.setattr(agent.lineage.apply, "apply_effective_licenses", failing)


def test_a_crash_in_the_last_step_keeps_entries_and_effective_licenses(
    hub, tmp_path, capsys, monkeypatch
):
    _crash_once(monkeypatch, times=1)
    db = str(tmp_path / "reg.db")
    code, results, err = audit(capsys, hub, db, "--depth", "1", parent_card(tmp_path, ["lt-up/nc"]))
    assert code == 3
    assert err.count("\n") == 1 and err.startswith(
        "licensetrace: error: the run stopped before its end (RuntimeError: disk went away)"
    )
    [parent] = [r for r in results.values() if not r["depth"]]
    with open_registry(db, create=False) as store:
        entry = store.current(parent["dataset"])
        assert store.current("lt-up/nc").concluded_license == "CC-BY-NC-4.0"
    assert entry.concluded_license == "MIT" and entry.effective_commercial_use == "no"


def test_a_later_gate_never_passes_a_parent_whose_run_crashed(hub, tmp_path, capsys, monkeypatch):
    _crash_once(monkeypatch, times=2)  # and the recovery fails too: nothing is combined
    db = str(tmp_path / "reg.db")
    code, results, _ = audit(capsys, hub, db, "--depth", "1", parent_card(tmp_path, ["lt-up/nc"]))
    assert code == 3
    [parent] = [r for r in results.values() if not r["depth"]]
    with open_registry(db, create=False) as store:
        entry = store.current(parent["dataset"])
    assert (entry.effective_license, entry.effective_commercial_use) == ("NOASSERTION", "unclear")
    (tmp_path / "policy.toml").write_text(POLICY)
    capsys.readouterr()
    assert (
        main(
            [
                "gate",
                "--registry",
                db,
                "--policy",
                str(tmp_path / "policy.toml"),
                "--format",
                "json",
            ]
        )
        == 1
    )
    verdicts = {r["dataset"]: r["verdict"] for r in json.loads(capsys.readouterr().out)["datasets"]}
    assert verdicts[parent["dataset"]] == "fail"  # judged as unknown, not as its own MIT


def test_a_transient_failure_keeps_the_last_good_entry_current(hub, tmp_path, capsys):
    db = str(tmp_path / "reg.db")
    code, _, _ = audit(capsys, hub, db, "--depth", "0", "org/good")
    assert code == 0
    assert main(["gate", "--registry", db]) == 0
    capsys.readouterr()
    hub.slow = ("org/good",)  # the Hub now stalls on it: the re-audit cannot finish
    code, results, _ = audit(
        capsys, hub, db, "--depth", "0", "--refresh", "--request-timeout", "0.5", "org/good"
    )
    assert code == 3 and results["org/good"]["error"].startswith("Timeout:")
    assert "the last good entry stays current" in results["org/good"]["error"]
    assert main(["registry", "show", "org/good", "--registry", db]) == 0
    shown = capsys.readouterr().out
    assert "license    MIT" in shown and "failed, this entry kept: Timeout:" in shown
    assert main(["registry", "export", "--format", "csv", "--registry", db]) == 0
    [row] = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert (row["concluded_license"], row["error"]) == ("MIT", "") and row["status"] != "error"
    assert main(["gate", "--registry", db]) == 0
