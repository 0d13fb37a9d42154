"""hf:// paths that may name two repositories are read as the one the Hub has (as HfFileSystem)."""

from __future__ import annotations

import io
import json

import pytest

from agent.config import Settings
from agent.discover import DiscoveryResult, scan_python
from agent.discover.hub_check import discover_for_audit
from agent.refs import hf_path_alternative

CODE = (
    "from datasets import load_dataset\n"
    'a = load_dataset("parquet", data_files="hf://datasets/dyk/plain_text/train.parquet")\n'
    'b = load_dataset("hf://datasets/lt-test/with-license/data/train.parquet")\n'
    'c = "hf://datasets/org/name@v1/data/x.json"\n'
)


@pytest.mark.parametrize(
    "path, alternative",
    [
        ("dyk/plain_text/train.parquet", "dyk"),  # "dyk/plain_text" or "dyk" holding plain_text/...
        ("org/name/data/train.parquet", "org"),
        ("squad/train.parquet", None),  # a file segment: only "squad" is possible
        ("org/name@v1/data/x.json", None),  # "@" ends the repository id
        ("org/name", None),
    ],
)
def test_which_hf_paths_are_ambiguous(path, alternative):
    assert hf_path_alternative("hf://datasets/", path) == alternative


def test_the_reading_the_hub_has_wins():
    result = DiscoveryResult()
    scan_python("train.py", CODE, result)
    hub = {"dyk", "lt-test/with-license", "org/name"}
    notes = result.resolve_ambiguous(hub.__contains__)
    assert set(result.datasets()) == {"dyk", "lt-test/with-license", "org/name@v1"}
    assert notes[0] == "train.py:2: no Hub dataset dyk/plain_text; the path names dyk"


@pytest.mark.vcr
def test_discovery_asks_the_hub_stand_in(hub_endpoint, tmp_path, monkeypatch):
    monkeypatch.delenv("HF_TOKEN", raising=False)
    (tmp_path / "train.py").write_text(CODE, encoding="utf-8")
    err = io.StringIO()
    found = discover_for_audit(str(tmp_path), Settings(endpoint=hub_endpoint), stream=err)
    assert set(found.datasets()) == {"dyk", "lt-test/with-license", "org/name@v1"}
    assert err.getvalue().splitlines() == [
        "licensetrace: note: discovery: train.py:2: no Hub dataset dyk/plain_text; the path names dyk"
    ]
    offline = discover_for_audit(
        str(tmp_path), Settings(endpoint=hub_endpoint, offline=True), stream=io.StringIO()
    )
    assert "dyk/plain_text" in offline.datasets()  # offline: HfFileSystem's first reading stays


def test_audit_run_discover_names_what_it_skipped_and_audits_the_hub_dataset(
    tmp_path, monkeypatch, capsys
):
    from agent.cli import main
    from agent.models import Entry
    from registry.store.opener import open_registry

    registry = str(tmp_path / "r.db")
    with open_registry(registry) as store:  # the Hub's org/x, audited before
        store.save(
            Entry(
                "org/x",
                revision="a" * 40,
                concluded_license="MIT",
                status="verified",
                confidence=0.9,
                commercial_use="yes",
            )
        )
    (tmp_path / "code").mkdir()
    (tmp_path / "code" / "train.py").write_text(
        'from datasets import load_dataset\nload_dataset("org/x")\n', encoding="utf-8"
    )
    (tmp_path / "code" / "broken.py").write_text("load_dataset('org/y'\n", encoding="utf-8")
    (tmp_path / "org" / "x").mkdir(parents=True)  # a folder spelled like the Hub id
    (tmp_path / "org" / "x" / "README.md").write_text("---\nlicense: cc-by-nc-4.0\n---\n")
    monkeypatch.chdir(tmp_path)
    code = main(
        [
            "audit",
            "run",
            "--offline",
            "--quiet",
            "--discover",
            "code",
            "--registry",
            registry,
            "--format",
            "json",
        ]
    )
    captured = capsys.readouterr()
    assert "warning: discovery: broken.py: not parsed as Python" in captured.err
    results = json.loads(captured.out)["results"]
    assert code == 0 and [(r["dataset"], r["concluded_license"]) for r in results] == [
        ("org/x", "MIT")
    ]
