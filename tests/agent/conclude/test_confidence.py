"""Confidence model: a probability, monotone where it must be, shipped fitted, and reproducibly fitted."""

from __future__ import annotations

import dataclasses
import json
import shutil
import sys
import time
from pathlib import Path

import pytest

from agent.conclude import analyse, conclude
from agent.conclude.analysis import Analysis
from agent.conclude.confidence import FEATURES, PARAMS, SIGNS, _weights, features, probability
from agent.extract import extract_evidence
from agent.mapping import map_evidence
from agent.models import Card
from tests.support import paths

ROOT = paths.ROOT
CARDS = ROOT / "tests" / "fixtures" / "cards"
sys.path.insert(0, str(ROOT / "benchmarks"))

import fit_confidence as fc  # noqa: E402

MIT_SECTION = "## Dataset Card\n\n### Licensing Information\n\nThe dataset is released under the MIT License.\n"
APACHE_SECTION = "## Dataset Card\n\n### Licensing Information\n\nLicensed under the Apache License, Version 2.0.\n"


def _read(readme: str):
    card = Card(dataset="t", source="local", location="README.md", readme=readme)
    ev = map_evidence(extract_evidence(card))
    return conclude(card, ev), analyse(card, ev)


def _yaml(lic: str) -> str:
    return f"---\nlicense: {lic}\n---\n"


def test_fixture_cards_get_a_probability():
    labels = {
        json.loads(line)["id"]: json.loads(line)
        for line in (CARDS / "labels.jsonl").read_text(encoding="utf-8").splitlines()
    }
    for folder in sorted(p for p in CARDS.iterdir() if (p / "README.md").is_file()):
        c, a = _read((folder / "README.md").read_text(encoding="utf-8"))
        assert 0.0 <= c.confidence <= 1.0, folder.name
        assert c.confidence == probability(a, c.status), (
            folder.name
        )  # the fitted model, not a constant
        gold = (labels[folder.name]["section_gold"] or {}).get("spdx")
        if gold and c.concluded_license == gold:  # right answers on these clear cards are trusted
            assert c.confidence >= 0.9, folder.name


def test_probability_stays_in_range_at_the_extremes():
    a_all = Analysis(
        declared="MIT",
        sections=1,
        path="text",
        concluded_ids=["LicenseRef-x", "CC-BY-4.0"],
        declared_ids=["MIT"],
        agree_meta=False,
        section_none=False,
        strength=0.0,
        body_agree=True,
        body_disagree=True,
        notes="n",
        fulltext=True,
        section_unread=True,
        section_lines=10**6,
        terms=["non-commercial"],
        restrictions=["LicenseRef-Research-Only"],
        table_parts=True,
        declared_other=True,
        unread_terms=10**6,
        advisory=True,
        unread_body=10**6,
    )
    values = {status: probability(a_all, status) for status in ("conflict", "verified", "unknown")}
    for status, value in values.items():  # no overflow or NaN at extreme feature values
        assert 0.0 <= value <= 1.0 and value == value, status
    extreme = dataclasses.replace(a_all, section_lines=10**9, strength=1.0)
    assert 0.0 <= probability(extreme, "verified") <= 1.0


def test_agreement_beats_a_single_source_and_a_conflict():
    agree, _ = _read(_yaml("mit") + MIT_SECTION)
    text_only, _ = _read(MIT_SECTION)
    meta_only, _ = _read(_yaml("mit") + "## Dataset Card\n\nSome text.\n")
    conflict, _ = _read(_yaml("mit") + APACHE_SECTION)
    assert (agree.status, conflict.status) == ("verified", "conflict")
    assert agree.confidence >= text_only.confidence
    assert agree.confidence >= meta_only.confidence
    assert conflict.confidence < agree.confidence
    # the written text is the better witness: it alone is trusted at least as much as the metadata alone
    assert text_only.confidence >= meta_only.confidence


def test_restrictive_terms_beside_a_permissive_license_lower_confidence():
    plain, _ = _read(
        _yaml("cc-by-4.0") + "### Licensing Information\n\nThe data is licensed under CC BY 4.0.\n"
    )
    extra, a = _read(
        _yaml("cc-by-4.0") + "### Licensing Information\n\nThe data is licensed under CC BY 4.0. "
        "It may be used for non-commercial research purposes only.\n"
    )
    assert "non-commercial" in a.terms or "research-only" in a.terms
    assert extra.confidence < plain.confidence


def test_shipped_parameters_load_and_respect_the_signs():
    data = json.loads(PARAMS.read_text())
    assert data["features"] == list(FEATURES)
    w = _weights()
    assert any(v != 0.0 for v in w[1:])  # fitted, not the uninformative fallback
    for name, v in zip(FEATURES, w, strict=False):
        assert SIGNS[name] * v >= 0.0, name
    for figures in (data["in_sample"], data["cross_validated"]):  # per era: "all", "2022", "modern"
        for era in ("all", "2022", "modern"):
            assert 0.0 <= figures[era]["auroc"] <= 1.0 and 0.0 <= figures[era]["brier"] <= 1.0
    for era in ("2022", "modern"):
        assert (
            data["in_sample"][era]["precision_at_0.9"] >= 0.97
            and data["in_sample"][era]["share_at_0.9"] >= 0.6
        )


def test_confidence_is_cheap_and_deterministic():
    _, a = _read(_yaml("mit") + MIT_SECTION)
    first = probability(a, "verified")
    t0 = time.perf_counter()
    for _ in range(2000):
        assert probability(a, "verified") == first
    assert (time.perf_counter() - t0) / 2000 < 0.2e-3
    assert len(features(a, "verified")) == len(FEATURES)


def test_sign_constraint_pins_a_wrong_signed_weight():
    # "multi" (SIGNS -1) made to look protective: with the constraint its weight is pinned to 0
    k = FEATURES.index("multi")
    xs, ys = [], []
    for i in range(200):
        x = [1.0] + [0.0] * (len(FEATURES) - 1)
        x[k] = float(i % 2)
        xs.append(x)
        ys.append(int(x[k] == 1.0 or i % 10 != 0))
    signed = fc.fit_rank(xs, ys, [1.0] * len(xs), l2=1.0, signed=True)
    free = fc.fit_rank(xs, ys, [1.0] * len(xs), l2=1.0, signed=False)
    assert free[k] > 0.5 and signed[k] == 0.0


def test_weakened_readings_drop_what_they_say():
    readme = (CARDS / "onestop_english" / "README.md").read_text(encoding="utf-8")
    card = Card(dataset="onestop_english", source="local", location="x", readme=readme)
    ev = map_evidence(extract_evidence(card))
    v = fc.variants(card, ev)
    assert not v["no_yaml"].startswith("---")
    assert "cc-by-sa-4.0" not in v["no_yaml"]
    section = next(e for e in ev if e.source.startswith("section:"))
    assert section.snippet.splitlines()[0].strip() not in v["no_section"]


@pytest.fixture()
def tiny_corpus(tmp_path: Path) -> Path:
    """The fixture cards as a corpus, with a simple set comparison standing in for the corpus's licsets.py."""
    for folder in CARDS.iterdir():
        if (folder / "README.md").is_file():
            shutil.copytree(folder, tmp_path / "cards" / folder.name)
    shutil.copy(CARDS / "labels.jsonl", tmp_path / "labels.jsonl")
    (tmp_path / "licsets.py").write_text(
        "from agent.conclude.reconcile import ids, key\nfrom agent.spdx.hub_ids import hub_values_to_spdx\n"
        "def keys(v):\n    if isinstance(v, list):\n        v = hub_values_to_spdx(v) if v else None\n"
        "    return frozenset(key(i) for i in ids(v) if i != 'LicenseRef-other')\n"
        "def same(a, b):\n    return a == b\n"
    )
    return tmp_path


def test_fit_script_is_reproducible(tiny_corpus: Path, tmp_path: Path, capsys):
    outs = []
    for run in (1, 2):
        out = tmp_path / f"params{run}.json"
        assert (
            fc.main(
                ["--corpus", str(tiny_corpus), "--no-modern", "--folds", "3", "--out", str(out)]
            )
            == 0
        )
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    data = json.loads(outs[0])
    assert data["features"] == list(FEATURES) and data["fitted_on"].endswith("(5 cards)")
    printed = capsys.readouterr().out
    assert "cross-validated" in printed and "in-sample" in printed


def test_benchmark_metrics_on_known_values():
    from accuracy import auroc, summary

    assert auroc([0.9, 0.8], [0.1]) == 1.0
    assert auroc([0.5], [0.5]) == 0.5  # a tie counts half, as score.py counts it
    m = summary([0.95, 0.92, 0.91, 0.3], [1, 1, 0, 1])
    assert m["precision_at_0.9"] == 2 / 3 and m["share_at_0.9"] == 0.75
    assert m["auroc"] == 2 / 3
    assert abs(m["brier"] - (0.05**2 + 0.08**2 + 0.91**2 + 0.7**2) / 4) < 1e-12
