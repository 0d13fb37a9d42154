"""YAML alias bombs in card headers are refused with a reason, everywhere a header is read."""

from __future__ import annotations

import json
import os
import shutil
import tracemalloc

import pytest

from agent.cli import main
from agent.extract import extract_evidence
from agent.extract.safe_yaml import MAX_ALIAS_EXPANSION, HeaderRefused, load_header
from agent.lineage.upstream import find_upstreams
from agent.models import Card
from tests.support import paths
from tests.support.hub_repo import parse_card_data

HOSTILE = os.path.join(paths.FIXTURES, "hostile")
PEAK_BYTES = 20_000_000  # the bomb expands to ~100 MB of strings when its keys are stringified


def _bomb() -> str:
    with open(os.path.join(HOSTILE, "alias_bomb", "README.md"), encoding="utf-8") as handle:
        return handle.read()


def _peak(func):
    tracemalloc.start()
    try:
        result = func()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _card(readme: str) -> Card:
    return Card(dataset="bomb", source="local", location="/tmp/bomb/README.md", readme=readme)


def test_extraction_refuses_the_header_with_a_reason_and_bounded_memory():
    card = _card(_bomb())
    evidence, peak = _peak(lambda: extract_evidence(card))
    assert peak < PEAK_BYTES
    assert not [e for e in evidence if e.source.startswith("yaml:")]
    assert any("YAML header refused" in w and "alias" in w for w in card.warnings), card.warnings


def test_lineage_reads_the_refused_header_as_raw_lines_only():
    upstreams, peak = _peak(lambda: find_upstreams(_card(_bomb())))
    assert peak < PEAK_BYTES
    assert all("lol" not in (u.name or "") for u in upstreams)


def test_the_hub_stand_in_serves_no_card_data_for_a_bomb():
    data, peak = _peak(lambda: parse_card_data(_bomb()))
    assert data is None and peak < PEAK_BYTES


def test_a_few_benign_aliases_are_still_read():
    data, duplicates = load_header("base: &cc cc-by-4.0\nlicense: *cc\nlicense_name: *cc\n")
    assert data == {"base": "cc-by-4.0", "license": "cc-by-4.0", "license_name": "cc-by-4.0"}
    assert duplicates == ()


def test_the_budget_is_on_what_aliases_add_not_on_the_header_size():
    big = "license: " + "x" * (3 * MAX_ALIAS_EXPANSION)  # long but written out: accepted
    assert load_header(big)[0]["license"].startswith("x")
    doubled = f"a: &a {'y' * (MAX_ALIAS_EXPANSION // 2)}\nb: [*a, *a, *a]\n"  # adds 1.5x the budget
    with pytest.raises(HeaderRefused, match="aliases expand"):
        load_header(doubled)


@pytest.mark.parametrize("text", ["a: &a [*a]", "a: &a {b: *a}", "a: " + "[" * 300 + "]" * 300])
def test_recursive_aliases_and_deep_nesting_are_refused(text):
    with pytest.raises(HeaderRefused):
        load_header(text)


def test_a_local_bomb_audits_to_an_entry_with_the_reason(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("LICENSETRACE_REGISTRY", raising=False)
    folder = tmp_path / "alias_bomb"
    shutil.copytree(os.path.join(HOSTILE, "alias_bomb"), folder)
    db = str(tmp_path / "reg.db")
    code = main(["audit", "run", "--quiet", "--depth", "0", "--registry", db, str(folder)])
    capsys.readouterr()
    assert code == 0
    assert main(["registry", "export", "--format", "json", "--registry", db]) == 0
    entries = json.loads(capsys.readouterr().out)["entries"]
    assert len(entries) == 1 and entries[0]["concluded_license"] == "NOASSERTION"
    assert any("YAML header refused" in r for r in entries[0]["reasons"]), entries[0]["reasons"]


def test_discovery_refuses_a_config_whose_aliases_explode(tmp_path):
    from agent.discover import discover

    shutil.copy(os.path.join(HOSTILE, "config_bomb", "train.yaml"), tmp_path / "train.yaml")
    result, peak = _peak(lambda: discover(str(tmp_path)))
    assert peak < PEAK_BYTES and result.findings == []
    assert any("train.yaml: not parsed (HeaderRefused)" in w for w in result.warnings), (
        result.warnings
    )


@pytest.mark.vcr
def test_a_hub_bomb_is_served_without_card_data_and_audits_with_the_reason(
    hub_endpoint, tmp_path, capsys, monkeypatch
):
    for name in ("HF_TOKEN", "HF_ENDPOINT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))
    monkeypatch.setenv("LICENSETRACE_CACHE", str(tmp_path / "cache"))
    db = str(tmp_path / "reg.db")
    code = main(
        [
            "audit",
            "run",
            "--quiet",
            "--depth",
            "0",
            "--concurrency",
            "1",
            "--registry",
            db,
            "--endpoint",
            hub_endpoint,
            "--format",
            "json",
            "lt-test/alias-bomb",
        ]
    )
    result = json.loads(capsys.readouterr().out)["results"][0]
    assert code == 0 and result["concluded_license"] == "NOASSERTION"
    assert main(["registry", "export", "--format", "json", "--registry", db]) == 0
    entry = json.loads(capsys.readouterr().out)["entries"][0]
    assert any("YAML header refused" in r for r in entry["reasons"]), entry["reasons"]


@pytest.mark.parametrize(
    "text",
    [
        "license: mit\ntags: [a, b]\nconfigs:\n- config_name: x\n  license: cc-by-4.0\n",
        "a: &x 1\nb: *x\n",
        "a: " + "[" * 198 + "]" * 198,
        "a: " + "[" * 199 + "]" * 199,
        "a: " + "[" * 250 + "]" * 250,
        "- - - - x\n",
        "a: &a [*a]",
        "",
    ],
)
def test_the_anchor_free_shortcut_refuses_exactly_what_the_full_check_refuses(text):
    from agent.extract import safe_yaml

    loader = safe_yaml._Loader(text)
    try:
        node = loader.get_single_node()
    finally:
        loader.dispose()

    def outcome(check):
        try:
            check()
        except HeaderRefused as exc:
            return str(exc)
        return None

    assert outcome(lambda: safe_yaml._checked(node, text)) == outcome(
        lambda: safe_yaml.check_expansion(node)
    )
