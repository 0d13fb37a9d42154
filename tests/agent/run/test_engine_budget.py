"""The engine's CPU per card is bounded: the analysed text is capped and a deadline stops a card between stages."""

from __future__ import annotations

import json
import os
import shutil

import pytest

import agent.budget
from agent.budget import MAX_ANALYSED_CHARS
from agent.cli import main
from agent.extract import extract_evidence
from agent.models import Card
from tests.support import paths

FIXTURE = os.path.join(paths.FIXTURES, "hostile", "huge_card")


@pytest.fixture(autouse=True)
def no_registry_from_the_environment(monkeypatch):
    monkeypatch.delenv("LICENSETRACE_REGISTRY", raising=False)


def _huge_readme() -> str:
    with open(os.path.join(FIXTURE, "README.md"), encoding="utf-8") as handle:
        head = handle.read()
    paragraph = head.rsplit("\n\n", 1)[1]
    filler = paragraph * (MAX_ANALYSED_CHARS // len(paragraph) + 1)
    return head + filler + "\n## License\n\nReleased under the Apache License 2.0.\n"


def test_text_beyond_the_cap_is_not_analysed_and_the_entry_says_so():
    card = Card(dataset="huge", source="local", location="x", readme=_huge_readme())
    evidence = extract_evidence(card)
    # the late licensing section is past the cap (candidate terms sentences of the preamble aside)
    assert [e.snippet for e in evidence if e.kind != "restriction"] == ["mit"]
    assert not any("Apache" in e.snippet for e in evidence)
    assert any("only the first 1,000,000 were analysed" in w for w in card.warnings), card.warnings


def test_a_card_over_the_cpu_budget_becomes_an_error_entry_and_the_run_completes(
    tmp_path, capsys, monkeypatch
):
    monkeypatch.setattr(
        agent.budget, "ENGINE_CPU_SECONDS", 1e-9
    )  # any card is over it after one stage
    for name in ("one", "two"):
        shutil.copytree(FIXTURE, tmp_path / name)
    db = str(tmp_path / "reg.db")
    code = main(
        [
            "audit",
            "run",
            "--quiet",
            "--depth",
            "0",
            "--format",
            "json",
            "--registry",
            db,
            str(tmp_path / "one"),
            str(tmp_path / "two"),
        ]
    )
    results = json.loads(capsys.readouterr().out)["results"]
    assert code == 3 and len(results) == 2
    for result in results:
        assert result["status"] == "error" and result["error"].startswith(
            "TooComplex: analysing this card used"
        )
        assert "stopped before map_to_spdx" in result["error"]


def test_within_the_budget_the_stages_are_charged_and_the_card_concluded(tmp_path, capsys):
    shutil.copytree(FIXTURE, tmp_path / "card")
    code = main(
        [
            "audit",
            "run",
            "--quiet",
            "--depth",
            "0",
            "--format",
            "json",
            "--registry",
            str(tmp_path / "reg.db"),
            str(tmp_path / "card"),
        ]
    )
    result = json.loads(capsys.readouterr().out)["results"][0]
    assert code == 0 and result["concluded_license"] == "MIT"
