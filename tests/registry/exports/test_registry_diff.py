"""`registry diff OLD NEW`: changes of license, commercial use and status between two audits."""

from __future__ import annotations

import dataclasses
import json

import pytest

from agent.cli import main
from tests.support.report_support import (
    fill_registry,
    hostile_entry,
    problem_entries,
    synthetic_registry,
)


def _audits():
    """Old and new audits: one license change, one status change, one dataset gone, one new."""
    old, edges = synthetic_registry(20)
    new = [dataclasses.replace(e) for e in old]
    new[2] = dataclasses.replace(
        new[2],
        concluded_license="CC-BY-NC-4.0",
        commercial_use="no",
        effective_commercial_use=None,
        effective_license=None,
        revision="f" * 40,
    )
    new[5] = dataclasses.replace(
        new[5], status="unknown" if new[5].status != "unknown" else "verified"
    )
    new[7] = dataclasses.replace(
        new[7], confidence=(new[7].confidence or 0) + 0.01
    )  # noise, not a change
    del new[9]
    return old, new + problem_entries()[:1], (old[2], old[5], old[9])


def test_two_registries_on_each_backend(tmp_path, location, capsys):
    old, new, (licensed, restated, gone) = _audits()
    before = fill_registry(str(tmp_path / "old.db"), old)
    after = fill_registry(location, new)
    assert main(["registry", "diff", before, after]) == 0
    out = capsys.readouterr().out
    assert (
        f"CHANGED   {licensed.dataset}: license {licensed.concluded_license} -> CC-BY-NC-4.0" in out
    )
    assert "commercial use" in out and f"(revision {licensed.revision} -> {'f' * 40})" in out
    assert f"CHANGED   {restated.dataset}: status {restated.status} -> unknown" in out
    assert f"REMOVED   {gone.dataset}" in out and "ADDED     org/broken: NOASSERTION (error)" in out
    assert out.rstrip().endswith("Result: 2 changed, 1 added, 1 removed, 17 unchanged")


def test_json_and_csv_exports_compare_like_registries(tmp_path, capsys):
    old, new, (licensed, _r, _g) = _audits()
    paths = []
    for name, entries, fmt in (("old", old, "json"), ("new", new, "csv")):
        db = fill_registry(str(tmp_path / f"{name}.db"), entries)
        paths.append(str(tmp_path / f"{name}.{fmt}"))
        assert (
            main(["registry", "export", "--format", fmt, "--registry", db, "--output", paths[-1]])
            == 0
        )
    assert main(["registry", "diff", *paths, "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["schema_version"] >= 1 and document["counts"] == {
        "changed": 2,
        "added": 1,
        "removed": 1,
        "unchanged": 17,
    }
    change = next(c for c in document["changes"] if c["dataset"] == licensed.dataset)
    assert change["fields"]["concluded_license"] == {
        "old": licensed.concluded_license,
        "new": "CC-BY-NC-4.0",
    }


def test_same_audit_has_no_changes_and_hostile_names_compare(tmp_path, capsys):
    hostile = hostile_entry()
    hostile.dataset += "\x1b[2J\x1b]8;;http://evil\x07"  # a terminal escape in a name
    db = fill_registry(str(tmp_path / "a.db"), problem_entries() + [hostile])
    assert main(["registry", "diff", db, db]) == 0
    out = capsys.readouterr().out
    assert "no dataset changed license, commercial use or status" in out and "5 unchanged" in out
    other = fill_registry(str(tmp_path / "b.db"), problem_entries())
    assert main(["registry", "diff", db, other, "--all"]) == 0
    out = capsys.readouterr().out
    assert "REMOVED   evil/<script>" in out and "\x1b" not in out and "\x07" not in out


@pytest.mark.parametrize(
    "content",
    [
        b"\x00\x01binary",
        b"[1, 2]",
        b'{"entries": 5}',
        b"\xff\xfe\x00",
        b'{"entries": ' + b"[" * 100_000,
    ],
)
def test_unreadable_inputs_are_one_line_usage_errors(tmp_path, content, capsys):
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    db = fill_registry(str(tmp_path / "a.db"), problem_entries())
    assert main(["registry", "diff", str(bad), db]) == 2
    assert main(["registry", "diff", db, str(tmp_path / "missing.db")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and "bad.json" in err[0] and "missing.db" in err[1]


def test_odd_values_in_a_hand_edited_export_still_compare(tmp_path, capsys):
    odd = tmp_path / "odd.json"
    odd.write_text(
        json.dumps(
            {
                "entries": [
                    {
                        "dataset": "org/broken",
                        "confidence": "high",
                        "status": 5,
                        "upstream": "not-a-list",
                    },
                    {"dataset": "org/extra", "concluded_license": ["MIT"]},
                    {"no": "dataset"},
                    7,
                ]
            }
        )
    )
    db = fill_registry(str(tmp_path / "a.db"), problem_entries())
    assert main(["registry", "diff", str(odd), db, "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["counts"] == {"changed": 1, "added": 3, "removed": 1, "unchanged": 0}
