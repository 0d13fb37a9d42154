"""Gate reports: SARIF validated against the official 2.1.0 schema, JUnit read back, JSON, text."""

from __future__ import annotations

import datetime as dt
import json
import os

import jsonschema
import pytest
from junitparser import Error, Failure, JUnitXml

from agent.discover import Finding
from agent.models import Entry
from registry.gate.evaluate import RULES, evaluate
from registry.gate.junit import render_junit
from registry.gate.policy import Waiver, default_policy
from registry.gate.sarif import sarif_log
from registry.gate.text import render_json, render_text
from tests.support import paths

SCHEMA = os.path.join(paths.TESTS, "schemas", "sarif-2.1.0.json")
TODAY = dt.date(2026, 11, 28)


def entries() -> list[Entry]:
    def make(name, license_, commercial="yes", status="verified", **kw):
        return Entry(
            name,
            revision="r1",
            concluded_license=license_,
            declared_license=license_,
            confidence=0.9,
            status=status,
            commercial_use=commercial,
            **kw,
        )

    return [
        make("org/ok", "MIT"),
        make("org/nc", "CC-BY-NC-4.0", "no"),
        make("org/sa", "CC-BY-SA-4.0"),
        make("org/waived", "LicenseRef-research-only", "no"),
        make("org/old", "CC-BY-NC-ND-4.0", "no"),
        Entry("org/broken", status="error", error="GatedRepo: accept the conditions first"),
    ]


@pytest.fixture()
def report(tmp_path):
    policy = default_policy()
    policy.source = "licensetrace.toml"
    policy.lines = {"intended_use": 2, "review": 4}
    policy.waivers = [
        Waiver(
            "org/waived",
            "LicenseRef-research-only",
            "internal eval only",
            dt.date(2027, 6, 30),
            line=9,
        )
    ]
    locations = {
        "org/nc": [
            Finding("org/nc", "train.py", 12, 22, "load_dataset"),
            Finding("org/nc", "eval.py", 3, 5, "load_dataset"),
            Finding("org/nc", "nb.ipynb", 2, 7, "load_dataset", cell=3),
        ]
    }
    result = evaluate(
        policy,
        entries(),
        TODAY,
        missing=["org/gone"],
        baseline={("org/old", "CC-BY-NC-ND-4.0", "non-commercial")},
        locations=locations,
    )
    result.baseline = "licensetrace-baseline.json"
    return result


def test_sarif_validates_against_the_official_schema(report, tmp_path):
    log = sarif_log(report, root=str(tmp_path), registry="licensetrace.db")
    with open(SCHEMA, encoding="utf-8") as handle:
        schema = json.load(handle)
    assert schema["id"].endswith("/sarif-schema-2.1.0.json")  # the OASIS file, not a copy of ours
    validator = jsonschema.Draft4Validator(
        schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
    )
    errors = sorted(validator.iter_errors(log), key=str)
    assert errors == []
    # a broken log is rejected, so the check above means something
    broken = json.loads(json.dumps(log))
    broken["runs"][0]["results"][0]["level"] = "fatal"
    assert list(validator.iter_errors(broken))


def test_sarif_results_locations_rules_and_suppressions(report, tmp_path):
    run = sarif_log(report, root=str(tmp_path))["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == list(RULES)
    by_dataset = {r["properties"]["dataset"]: r for r in run["results"]}
    nc = by_dataset["org/nc"]
    assert nc["ruleId"] == "non-commercial" and nc["level"] == "error"
    location = nc["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "train.py", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 12, "startColumn": 22}
    assert nc["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "eval.py"
    notebook = nc["relatedLocations"][1]
    assert "region" not in notebook["physicalLocation"]  # cell lines are not file lines
    assert notebook["message"]["text"] == "notebook cell 3, line 2, column 7"
    assert nc["baselineState"] == "new" and "suppressions" not in nc
    # not found in code: located at the policy line that decides the rule, or the waiver
    assert by_dataset["org/sa"]["level"] == "warning"
    assert by_dataset["org/sa"]["locations"][0]["physicalLocation"]["region"]["startLine"] == 4
    waived = by_dataset["org/waived"]
    assert waived["suppressions"][0]["kind"] == "external"
    assert "internal eval only" in waived["suppressions"][0]["justification"]
    assert waived["locations"][0]["physicalLocation"]["region"]["startLine"] == 9
    old = by_dataset["org/old"]
    assert old["baselineState"] == "unchanged" and old["suppressions"][0]["status"] == "accepted"
    assert by_dataset["org/gone"]["ruleId"] == "missing-entry"
    assert by_dataset["org/broken"]["ruleId"] == "audit-error"
    assert "org/ok" not in by_dataset
    assert run["invocations"][0]["exitCode"] == report.exit_code == 1


def test_sarif_falls_back_to_the_registry_file_with_the_default_policy(tmp_path):
    nc = [
        Entry(
            "org/nc",
            concluded_license="CC-BY-NC-4.0",
            status="verified",
            confidence=0.9,
            commercial_use="no",
        )
    ]
    report = evaluate(default_policy(), nc, TODAY)
    run = sarif_log(report, root=str(tmp_path), registry="sqlite:///licensetrace.db")["runs"][0]
    uri = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "licensetrace.db"
    pg = sarif_log(report, root=str(tmp_path), registry="postgresql://u@h/db")["runs"][0]
    assert pg["results"][0]["locations"][0]["logicalLocations"][0]["name"] == "org/nc"


def test_junit_is_read_back_by_a_junit_parser(report, tmp_path):
    path = tmp_path / "gate.xml"
    path.write_text(render_junit(report), encoding="utf-8")
    xml = JUnitXml.fromfile(str(path))
    suites = list(xml)
    assert len(suites) == 1
    cases = {case.name: case for case in suites[0]}
    assert set(cases) == {
        "org/ok",
        "org/nc",
        "org/sa",
        "org/waived",
        "org/old",
        "org/broken",
        "org/gone",
    }
    assert suites[0].tests == 7 and suites[0].failures == 1 and suites[0].errors == 2
    nc = cases["org/nc"].result
    assert len(nc) == 1 and isinstance(nc[0], Failure) and nc[0].type == "non-commercial"
    assert "CC-BY-NC-4.0" in nc[0].message
    assert (
        cases["org/ok"].is_passed and cases["org/waived"].is_passed and cases["org/old"].is_passed
    )
    assert isinstance(cases["org/broken"].result[0], Error)
    assert "GatedRepo" in cases["org/broken"].result[0].message
    assert "waiver: licensetrace.toml:9" in cases["org/waived"].system_out


def test_json_report_has_schema_version_and_every_verdict(report):
    data = json.loads(render_json(report))
    assert data["schema_version"] == 1 and data["exit_code"] == 1
    verdicts = {d["dataset"]: d["verdict"] for d in data["datasets"]}
    assert verdicts == {
        "org/ok": "pass",
        "org/nc": "fail",
        "org/sa": "review",
        "org/waived": "waived",
        "org/old": "baselined",
        "org/broken": "error",
        "org/gone": "missing",
    }
    waived = next(d for d in data["datasets"] if d["dataset"] == "org/waived")
    assert waived["waiver"] == {
        "dataset": "org/waived",
        "license": "LicenseRef-research-only",
        "reason": "internal eval only",
        "expires": "2027-06-30",
        "line": 9,
    }
    nc = next(d for d in data["datasets"] if d["dataset"] == "org/nc")
    assert nc["locations"][0] == {
        "file": "train.py",
        "line": 12,
        "column": 22,
        "how": "load_dataset",
        "cell": None,
    }


def test_text_report_shows_table_reasons_and_waiver(report):
    text = render_text(report)
    header = text.splitlines()[2]
    assert header.split() == ["DATASET", "LICENSE", "CONF", "STATUS", "VERDICT"]
    assert "FAIL org/nc (CC-BY-NC-4.0)" in text
    assert "- non-commercial: CC-BY-NC-4.0 does not allow commercial use" in text
    assert "referenced at train.py:12:22" in text
    assert "referenced at nb.ipynb cell 3, line 2" in text
    assert 'waiver at licensetrace.toml:9: "internal eval only"' in text
    assert "[accepted in baseline]" in text
    assert text.rstrip().endswith("-> exit 1 (violations)")
