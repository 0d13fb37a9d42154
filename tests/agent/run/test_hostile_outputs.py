"""Exports and reports stay well-formed whatever names and card text hold; hostile revisions are refused."""

from __future__ import annotations

import csv
import io
import json
import os
import xml.etree.ElementTree as ET

import pytest

from agent.cli import main
from agent.errors import DatasetError
from agent.models import Entry, Evidence
from agent.refs import parse_ref
from registry.exports.csv_export import neutralise
from registry.exports.spdx2 import render_spdx
from registry.store.opener import open_registry
from tests.support import paths

with open(os.path.join(paths.FIXTURES, "hostile", "strings.json"), encoding="utf-8") as _f:
    HOSTILE = json.load(_f)


@pytest.fixture(autouse=True)
def no_registry_from_the_environment(monkeypatch):
    monkeypatch.delenv("LICENSETRACE_REGISTRY", raising=False)


def _entries() -> list[Entry]:
    texts = HOSTILE["card_texts"]
    return [
        Entry(
            dataset=name,
            revision="0" * 40,
            concluded_license="LicenseRef-custom-terms",
            status="unverified",
            confidence=0.5,
            reasons=list(texts),
            error=None if i % 2 else texts[i % len(texts)],
            evidence=[
                Evidence(
                    source="section:License",
                    kind="text",
                    snippet=texts[i % len(texts)],
                    license="LicenseRef-custom-terms",
                )
            ],
            audited_at="2026-01-01T00:00:00Z",
        )
        for i, name in enumerate(HOSTILE["dataset_names"])
    ]


def test_spdx_tag_value_reads_back_valid_with_one_package_per_entry(tmp_path):
    from spdx_tools.spdx.parser.tagvalue import tagvalue_parser
    from spdx_tools.spdx.validation.document_validator import validate_full_spdx_document

    path = tmp_path / "out.spdx"
    path.write_text(render_spdx(_entries(), fmt="tag-value"), encoding="utf-8")
    document = tagvalue_parser.parse_from_file(str(path))
    assert validate_full_spdx_document(document) == []
    names = [p.name for p in document.packages]
    assert len(names) == len(HOSTILE["dataset_names"])
    assert names[:2] == ['"NOASSERTION"', '"NONE"']  # quoted: a name, not the keyword
    assert (
        json.loads(names[2]) == "evil\r\nPackageName: forged"
    )  # one line, the exact name recoverable


def test_spdx_json_keeps_the_exact_names():
    document = json.loads(render_spdx(_entries(), fmt="json"))
    assert [p["name"] for p in document["packages"]] == HOSTILE["dataset_names"]


def _registry(tmp_path) -> str:
    db = str(tmp_path / "reg.db")
    store = open_registry(db)
    for entry in _entries():
        store.save(entry)
    store.close()
    return db


def test_junit_is_well_formed_with_control_characters_in_names_and_errors(tmp_path, capsys):
    db = _registry(tmp_path)
    capsys.readouterr()
    main(["gate", "--registry", db, "--format", "junit"])
    out = capsys.readouterr().out
    root = ET.fromstring(out.split("\n", 1)[1])  # expat refuses any character XML 1.0 forbids
    names = [case.get("name") for case in root.iter("testcase")]
    # the registry stores NUL as U+FFFD on both backends (issue 9 item 14): the name arrives so
    assert "esc\\x1b[2Jname" in names and "nul\ufffdbyte" in names


@pytest.mark.parametrize("cell", HOSTILE["formula_cells"])
def test_formula_cells_are_neutralised(cell):
    assert neutralise(cell) == "'" + cell


@pytest.mark.parametrize("cell", HOSTILE["plain_cells"])
def test_plain_cells_are_left_alone(cell):
    assert neutralise(cell) == cell


def test_csv_export_neutralises_every_hostile_cell(tmp_path, capsys):
    db = str(tmp_path / "reg.db")
    store = open_registry(db)
    for i, cell in enumerate(HOSTILE["formula_cells"]):
        store.save(
            Entry(
                dataset=f"org/d{i}",
                status="error",
                error=cell,
                reasons=[cell],
                audited_at="2026-01-01T00:00:00Z",
            )
        )
    store.close()
    capsys.readouterr()
    assert main(["registry", "export", "--format", "csv", "--registry", db]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out, newline="")))
    assert sorted(row["error"] for row in rows) == sorted(
        "'" + cell for cell in HOSTILE["formula_cells"]
    )


@pytest.mark.parametrize("revision", HOSTILE["bad_revisions"])
def test_path_like_and_malformed_revisions_are_refused(revision):
    for text in (f"org/name@{revision}", f"hf:org/name@{revision}"):
        with pytest.raises(DatasetError) as caught:
            parse_ref(text)
        assert caught.value.code == "InvalidReference"


@pytest.mark.parametrize("segment", ["..", ".", "%2E%2E", "a%2F..%2Fb"])
def test_path_like_revisions_in_hub_urls_are_refused(segment):
    with pytest.raises(DatasetError):
        parse_ref(f"https://huggingface.co/datasets/org/name/tree/{segment}/README.md")


@pytest.mark.parametrize("revision", HOSTILE["good_revisions"])
def test_branches_tags_pull_requests_and_shas_are_accepted(revision):
    assert parse_ref(f"org/name@{revision}").revision == revision
