"""Registry exports (CSV, JSON) and the `registry show` text, read back as their users read them."""

from __future__ import annotations

import csv
import io
import json

from agent import SCHEMA_VERSION
from agent.models import Entry, Evidence
from registry.exports.csv_export import CSV_COLUMNS, write_csv
from registry.exports.json_export import write_json
from registry.exports.show import render_entry
from registry.store.opener import open_registry
from tests.support.contract import CSV_CONTRACT
from tests.support.registry_support import make_entry


def _csv(entries) -> list[dict]:
    out = io.StringIO()
    write_csv(entries, out)
    return list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))


def test_csv_starts_with_the_contract_columns_in_order():
    out = io.StringIO()
    assert write_csv([make_entry()], out) == 1
    header = next(csv.reader(io.StringIO(out.getvalue())))
    assert header[: len(CSV_CONTRACT)] == CSV_CONTRACT
    assert list(CSV_COLUMNS[: len(CSV_CONTRACT)]) == CSV_CONTRACT


def test_csv_cells_are_formatted_for_people_and_scripts():
    entry = make_entry(
        upstream=["squad", "glue"],
        confidence=0.9,
        share_alike=None,
        sources=["https://a", "https://b"],
    )
    row = _csv([entry, Entry(dataset="nothing", audited_at="t")])
    assert row[0]["confidence"] == "0.900" and row[1]["confidence"] == "0.000"
    assert (row[0]["attribution_required"], row[0]["share_alike"]) == ("true", "")
    assert row[0]["upstream"] == "squad;glue" and row[0]["sources"] == "https://a;https://b"
    assert row[0]["evidence"] == (
        "yaml:license L3 → CC-BY-4.0 | section:Licensing Information L40-42 → CC-BY-4.0"
    )
    assert row[1]["concluded_license"] == "NOASSERTION" and row[1]["evidence"] == ""


def test_csv_neutralises_formulas_but_not_licenses():
    evil = Entry(
        dataset='=HYPERLINK("http://evil","click")',
        revision="@SUM(A1:A9)",
        concluded_license="NOASSERTION",
        declared_license="+1",
        error="-2+3",
        reasons=["\tcmd"],
        upstream=["\rx"],
        audited_at="2026-01-01",
    )
    row = _csv([evil])[0]
    assert row["dataset"] == '\'=HYPERLINK("http://evil","click")'
    assert row["revision"] == "'@SUM(A1:A9)"
    assert (row["declared_license"], row["error"]) == ("'+1", "'-2+3")
    assert row["reasons"] == "'\tcmd" and row["upstream"] == "'\rx"
    assert row["concluded_license"] == "NOASSERTION" and row["confidence"] == "0.000"


def test_csv_keeps_line_breaks_inside_a_cell():
    rows = _csv([make_entry(reasons=["first\rsecond", "third\nfourth"]), make_entry("next")])
    assert rows[0]["reasons"] == "first\rsecond;third\nfourth"
    assert [r["dataset"] for r in rows] == ["org/data", "next"]


def test_csv_marks_discounted_evidence():
    entry = make_entry(
        evidence=[
            Evidence(
                source="section:License",
                kind="text",
                snippet="not GPL",
                line_start=7,
                license="GPL-3.0-only",
                note="negated",
            )
        ]
    )
    assert _csv([entry])[0]["evidence"] == "section:License L7 → GPL-3.0-only (negated)"


def test_export_from_a_registry_to_csv_and_json(location):
    with open_registry(location) as store:
        store.save(make_entry("b/second", revision="r1"))
        store.save(make_entry("a/first", revision="old"))
        store.save(make_entry("a/first", revision="new", effective_commercial_use="no"))
        store.save_edges("a/first", "new", [{"upstream": "b/second", "relation": "derived_from"}])
        rows = _csv(store.current_entries())
        out = io.StringIO()
        assert write_json(store.current_entries(), out, store=store) == 2
    assert [(r["dataset"], r["revision"]) for r in rows] == [("a/first", "new"), ("b/second", "r1")]
    assert rows[0]["effective_commercial_use"] == "no"
    document = json.loads(out.getvalue())
    assert document["schema_version"] == SCHEMA_VERSION
    first = document["entries"][0]
    assert first["dataset"] == "a/first" and first["attribution_required"] is True
    assert first["evidence"][1]["line_end"] == 42 and first["evidence"][1]["terms"] == [
        "attribution"
    ]
    assert [(e["upstream"], e["relation"]) for e in first["edges"]] == [
        ("b/second", "derived_from")
    ]
    assert document["entries"][1]["edges"] == []
    assert Entry.from_dict(first) == make_entry(
        "a/first", revision="new", effective_commercial_use="no"
    )


def test_json_of_an_empty_registry_still_parses():
    out = io.StringIO()
    assert write_json(iter(()), out) == 0
    assert json.loads(out.getvalue())["entries"] == []


def test_show_gives_facts_evidence_reasons_and_history():
    current = make_entry(
        revision="0123456789abcdef0",
        effective_license="CC-BY-NC-4.0",
        effective_commercial_use="no",
    )
    older = make_entry(
        revision="fedcba",
        concluded_license="MIT",
        status="unverified",
        audited_at="2026-10-01T00:00:00+00:00",
    )
    text = render_entry(current, [current, older])
    assert "license    CC-BY-4.0  (declared: CC-BY-4.0)" in text
    assert "status     verified  confidence 0.930" in text
    assert "commercial: yes; attribution: required; share-alike: no" in text
    assert "effective  CC-BY-NC-4.0  (commercial: no)" in text
    assert "2. section:Licensing Information lines 40-42 → CC-BY-4.0 [name, 0.90]" in text
    assert '"Released under CC BY 4.0 — «attribution» required."' in text
    assert "  - metadata and text agree" in text
    history = text.split("history")[1].splitlines()
    assert "0123456789ab" in history[1] and history[1].endswith("(current)")
    assert "fedcba" in history[2] and "MIT" in history[2] and "unverified" in history[2]


def test_show_an_error_entry():
    entry = Entry(
        dataset="org/gone",
        status="error",
        error="RepoNotFound: no such dataset",
        audited_at="2026-11-28T00:00:00+00:00",
    )
    text = render_entry(entry, [entry])
    assert "error      RepoNotFound: no such dataset" in text
    assert "evidence   none" in text and "license    NOASSERTION" in text
