"""`gate --from` audits first through the real runner (local cards, no network), then judges."""

from __future__ import annotations

import argparse
import json

import pytest

from agent.commands import gate as gate_command
from agent.refs import local_key

NC_CARD = """---
license: cc-by-nc-4.0
---
# A dataset

## License

This dataset is released under the Creative Commons Attribution-NonCommercial 4.0 International
License.
"""
MIT_CARD = "---\nlicense: mit\n---\n# Another\n\n## License\n\nMIT License.\n"


def run_gate(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="licensetrace")
    gate_command.add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["gate", "--quiet", "--depth", "0", *argv])
    return args.handler(args)


@pytest.fixture()
def project(tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()
    for name, card in (("nc-data", NC_CARD), ("mit-data", MIT_CARD)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "README.md").write_text(card, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LICENSETRACE_REGISTRY", raising=False)
    return tmp_path


def test_from_file_audits_then_fails_the_non_commercial_dataset(project, capsys):
    (project / "refs.txt").write_text("./nc-data\n./mit-data\n")
    assert run_gate("--from", "refs.txt", "--format", "json") == 1
    data = json.loads(capsys.readouterr().out)
    verdicts = {d["dataset"]: (d["license"], d["verdict"]) for d in data["datasets"]}
    assert verdicts == {
        local_key(str(project / "nc-data")): ("CC-BY-NC-4.0", "fail"),
        local_key(str(project / "mit-data")): ("MIT", "pass"),
    }
    assert (project / "licensetrace.db").exists()  # the audit wrote the registry
    # a second gate with no audit judges the same registry
    assert run_gate() == 1


def test_unauditable_reference_makes_the_gate_incomplete(project, capsys):
    (project / "refs.txt").write_text("./mit-data\n./no-such-folder\n")
    assert run_gate("--from", "refs.txt") == 3
    out = capsys.readouterr().out
    assert "audit-error: InvalidReference" in out and "-> exit 3 (incomplete)" in out


def _save_hub_entry(name: str, license_: str, commercial: str) -> None:
    from agent.models import Entry
    from registry.store.opener import open_registry

    with open_registry("licensetrace.db") as store:
        store.save(
            Entry(
                name,
                revision="a" * 40,
                concluded_license=license_,
                declared_license=license_,
                confidence=0.95,
                status="verified",
                commercial_use=commercial,
                effective_license=license_,
                effective_commercial_use=commercial,
            )
        )


def test_a_local_folder_never_hides_the_hub_dataset_the_code_loads(project, capsys):
    # the Hub's lt-org/nc-data is non-commercial; a folder of the same name here says MIT
    _save_hub_entry("lt-org/nc-data", "CC-BY-NC-4.0", "no")
    (project / "lt-org" / "nc-data").mkdir(parents=True)
    (project / "lt-org" / "nc-data" / "README.md").write_text(MIT_CARD, encoding="utf-8")
    (project / "train.py").write_text(
        'from datasets import load_dataset\nds = load_dataset("lt-org/nc-data")\n', encoding="utf-8"
    )
    assert run_gate("--discover", "train.py", "--offline", "--format", "json") == 1
    data = json.loads(capsys.readouterr().out)
    assert [(d["dataset"], d["license"], d["verdict"]) for d in data["datasets"]] == [
        ("lt-org/nc-data", "CC-BY-NC-4.0", "fail")
    ]


def test_a_local_folder_never_overwrites_a_hub_entry(project, capsys):
    from agent.cli import main
    from registry.store.opener import open_registry

    _save_hub_entry("glue", "CC-BY-4.0", "yes")
    (project / "other" / "glue").mkdir(parents=True)
    (project / "other" / "glue" / "README.md").write_text(NC_CARD, encoding="utf-8")
    (project / "mine" / "glue").mkdir(parents=True)
    (project / "mine" / "glue" / "README.md").write_text(MIT_CARD, encoding="utf-8")
    assert main(["audit", "run", "--quiet", "--depth", "0", "./other/glue", "./mine/glue"]) == 0
    with open_registry("licensetrace.db") as store:
        assert store.current("glue").concluded_license == "CC-BY-4.0"  # the Hub entry stands
        other = store.current(local_key(str(project / "other" / "glue")))
        mine = store.current(local_key(str(project / "mine" / "glue")))
    # two folders with the same name are two datasets
    assert (other.concluded_license, mine.concluded_license) == ("CC-BY-NC-4.0", "MIT")
    assert other.dataset.startswith("local:/")
