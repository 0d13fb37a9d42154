"""`audit run github:owner/repo` end to end: pinned revision, unchanged re-run skipped, roles shown.

Record: `flock /tmp/lt-record.lock pytest --record-mode=once tests/agent/extract/repo/test_github_cli.py`
"""

from __future__ import annotations

import csv
import io
import json

import pytest

from agent.cli import main


@pytest.fixture
def registry(tmp_path, monkeypatch):
    monkeypatch.delenv("LICENSETRACE_REGISTRY", raising=False)
    return str(tmp_path / "reg.db")


@pytest.mark.vcr
def test_github_dataset_audit_rerun_show_and_csv(github_url, registry, capsys):
    assert (
        main(
            [
                "audit",
                "run",
                "--quiet",
                "--format",
                "json",
                "--registry",
                registry,
                "https://github.com/acme/badges",
            ]
        )
        == 0
    )
    first = json.loads(capsys.readouterr().out)["results"][0]
    assert (
        first["dataset"] == "github.com/acme/badges"
        and first["concluded_license"] == "CC-BY-NC-4.0"
    )
    assert (
        main(
            [
                "audit",
                "run",
                "--quiet",
                "--format",
                "json",
                "--registry",
                registry,
                "github:acme/badges",
            ]
        )
        == 0
    )
    again = json.loads(capsys.readouterr().out)["results"][0]
    assert (
        again["reused"] is True and again["revision"] == first["revision"]
    )  # same commit: not re-read
    assert main(["registry", "show", "github.com/acme/badges", "--registry", registry]) == 0
    shown = capsys.readouterr().out
    assert (
        "<data>" in shown
        and "<code>" in shown
        and "<repository-wide>" in shown
        and "Apache-2.0" in shown
    )
    assert main(["registry", "export", "--format", "csv", "--registry", registry]) == 0
    row = next(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert (
        "badge L4 → CC-BY-NC-4.0 [data]" in row["evidence"]
        and "badge L3 → ? [code]" in row["evidence"]
    )
    assert "not concluded for the data: Apache-2.0" in row["reasons"]


@pytest.mark.vcr
def test_missing_repository_is_an_error_entry_and_exit_3(github_url, registry, capsys):
    assert main(["audit", "run", "--quiet", "--registry", registry, "github:acme/missing"]) == 3
    assert main(["registry", "show", "github.com/acme/missing", "--registry", registry]) == 0
    assert "RepoNotFound" in capsys.readouterr().out


@pytest.mark.parametrize(
    "ref",
    [
        "github:acme",
        "github:acme/../x",
        "https://github.com/acme/x/blob/main/README.md",
        "github:-bad/x",
    ],
)
def test_bad_github_references_are_usage_errors(ref, registry, capsys):
    code = main(["audit", "run", "--quiet", "--registry", registry, ref])
    err = capsys.readouterr().err
    assert code in (2, 3) and "Traceback" not in err
