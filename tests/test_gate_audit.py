"""`gate --from` audits first through the real runner (local cards, no network), then judges."""

from __future__ import annotations

import argparse
import json

import pytest

from agent.commands import gate as gate_command

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
    assert verdicts == {"nc-data": ("CC-BY-NC-4.0", "fail"), "mit-data": ("MIT", "pass")}
    assert (project / "licensetrace.db").exists()  # the audit wrote the registry
    # a second gate with no audit judges the same registry
    assert run_gate() == 1


def test_unauditable_reference_makes_the_gate_incomplete(project, capsys):
    (project / "refs.txt").write_text("./mit-data\n./no-such-folder\n")
    assert run_gate("--from", "refs.txt") == 3
    out = capsys.readouterr().out
    assert "audit-error: InvalidReference" in out and "-> exit 3 (incomplete)" in out
