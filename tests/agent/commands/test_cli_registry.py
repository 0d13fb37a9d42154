"""`licensetrace registry show|export` over a registry filled by a real (local) audit."""

from __future__ import annotations

import json
import os

import pytest

from agent.cli import main
from agent.refs import local_key
from tests.support import paths

CARDS = os.path.join(paths.FIXTURES, "cards")


@pytest.fixture(scope="module")
def registry(tmp_path_factory) -> str:
    db = str(tmp_path_factory.mktemp("reg") / "reg.db")
    folders = [os.path.join(CARDS, name) for name in ("dyk", "kor_qpair", "arsentd_lev")]
    assert main(["audit", "run", "--quiet", "--depth", "0", "--registry", db, *folders]) == 0
    return db


def test_show_gives_license_evidence_lines_and_history(registry, capsys):
    assert main(["registry", "show", os.path.join(CARDS, "dyk"), "--registry", registry]) == 0
    out = capsys.readouterr().out
    assert "CC-BY-SA-3.0" in out and "declared: BSD-3-Clause" in out and "conflict" in out
    assert "section:Licensing Information lines" in out and "history" in out


def test_show_json_carries_schema_version_and_evidence(registry, capsys):
    assert (
        main(
            [
                "registry",
                "show",
                os.path.join(CARDS, "dyk"),
                "--registry",
                registry,
                "--format",
                "json",
            ]
        )
        == 0
    )
    document = json.loads(capsys.readouterr().out)
    assert document["schema_version"] >= 1 and document["entry"]["status"] == "conflict"
    assert {e["source"] for e in document["entry"]["evidence"]} >= {"yaml:license"}


@pytest.mark.parametrize(
    "form", ["{path}", "{path}/", "{path}/README.md", "local:{path}", "{relative}"]
)
def test_show_finds_a_local_entry_by_any_reference_form(registry, capsys, form):
    path = os.path.join(CARDS, "dyk")
    reference = form.format(path=path, relative=os.path.relpath(path))
    assert main(["registry", "show", reference, "--registry", registry, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["entry"]["dataset"] == local_key(path)


def test_show_suggests_near_matches_when_nothing_matches(registry, capsys):
    assert main(["registry", "show", "dyk", "--registry", registry]) == 2  # the Hub id: not audited
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and f"(did you mean {local_key(os.path.join(CARDS, 'dyk'))}?)" in err[0]
    assert main(["registry", "show", "kor_qpar", "--registry", registry]) == 2  # a typo
    assert "did you mean local:" in capsys.readouterr().err


def test_unknown_dataset_or_missing_registry_is_a_usage_error(registry, tmp_path, capsys):
    assert main(["registry", "show", "nope", "--registry", registry]) == 2
    assert (
        main(["registry", "export", "--format", "csv", "--registry", str(tmp_path / "none.db")])
        == 2
    )
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and "nope is not in the registry" in err[0] and "none.db" in err[1]
    assert not (tmp_path / "none.db").exists()


@pytest.mark.parametrize("name", ["export.spdx", "export.spdx.json"])
def test_spdx_export_validates_and_parses_back(registry, tmp_path, name):
    from spdx_tools.spdx.parser.parse_anything import parse_file
    from spdx_tools.spdx.validation.document_validator import validate_full_spdx_document

    out = str(tmp_path / name)
    assert (
        main(["registry", "export", "--format", "spdx", "--registry", registry, "--output", out])
        == 0
    )
    document = parse_file(out)
    assert validate_full_spdx_document(document) == []
    assert sorted(p.name for p in document.packages) == [
        local_key(os.path.join(CARDS, n)) for n in ("arsentd_lev", "dyk", "kor_qpair")
    ]


def test_json_export_has_every_entry_with_evidence(registry, capsys):
    assert main(["registry", "export", "--format", "json", "--registry", registry]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["schema_version"] >= 1 and len(document["entries"]) == 3
    assert all(entry["evidence"] for entry in document["entries"])
