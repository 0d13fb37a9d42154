"""Render a GateReport as SARIF 2.1.0, each violation located where the dataset is referenced."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from agent import __version__
from registry.gate.evaluate import RULES, Location

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {"fail": "error", "review": "warning", "skip": "note"}
# rule -> the policy key that decides it (a result with no code location points there)
_POLICY_KEY = {
    "denied-license": "deny",
    "not-allowed": "allow",
    "review-license": "review",
    "non-commercial": "intended_use",
    "commercial-unclear": "intended_use",
    "unknown-license": "intended_use",
    "low-confidence": "min_confidence",
    "status-conflict": "fail_on",
    "status-unknown": "fail_on",
    "status-unverified": "fail_on",
    "audit-error": "fail_on",
    "missing-entry": "fail_on",
}


def render_sarif(report, root: str | None = None, registry: str | None = None) -> str:
    return json.dumps(sarif_log(report, root, registry), indent=2) + "\n"


def sarif_log(report, root: str | None = None, registry: str | None = None) -> dict:
    """One run; results for every non-passing violation, waived/baselined ones as suppressed."""
    root_path = Path(root or os.getcwd()).resolve()
    rule_ids = list(RULES)
    results = [
        _result(report, r, v, rule_ids, root_path, registry)
        for r in report.results
        for v in r.violations
    ]
    run = {
        "tool": {
            "driver": {
                "name": "licensetrace",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": [_rule(i) for i in rule_ids],
            }
        },
        "invocations": [
            {"executionSuccessful": report.exit_code in (0, 1), "exitCode": report.exit_code}
        ],
        "originalUriBaseIds": {"%SRCROOT%": {"uri": root_path.as_uri() + "/"}},
        "results": results,
        "properties": {"policy": report.policy.source, "intendedUse": report.policy.intended_use},
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def _rule(rule_id: str) -> dict:
    failing = rule_id not in ("review-license", "commercial-unclear")
    return {
        "id": rule_id,
        "name": "".join(part.capitalize() for part in rule_id.split("-")),
        "shortDescription": {"text": RULES[rule_id]},
        "fullDescription": {"text": RULES[rule_id]},
        "defaultConfiguration": {"level": "error" if failing else "warning"},
        "help": {
            "text": f"{RULES[rule_id]} Fix the dataset choice, change the policy, or add a "
            "[[policy.waivers]] entry naming the dataset and the license reviewed."
        },
        "properties": {"tags": ["license", "compliance", "dataset"]},
    }


def _result(report, result, violation, rule_ids, root: Path, registry: str | None) -> dict:
    out = {
        "ruleId": violation.rule,
        "ruleIndex": rule_ids.index(violation.rule),
        "level": _LEVEL[violation.severity],
        "message": {"text": f"{result.dataset} ({result.license}): {violation.message}"},
        "locations": _locations(report, result, violation, root, registry),
        "partialFingerprints": {"licensetraceViolation/v1": _fingerprint(result, violation)},
        "properties": {
            "dataset": result.dataset,
            "license": result.license,
            "confidence": result.confidence,
            "status": result.status,
            "verdict": result.verdict,
        },
    }
    if len(result.locations) > 1:
        out["relatedLocations"] = [
            _finding_location(f, root, i) for i, f in enumerate(result.locations[1:20], start=1)
        ]
    if report.baseline:
        out["baselineState"] = "unchanged" if violation.baselined else "new"
    suppression = _suppression(report, result, violation)
    if suppression:
        out["suppressions"] = [suppression]
    return out


def _suppression(report, result, violation) -> dict | None:
    if result.waiver:
        w = result.waiver
        return {
            "kind": "external",
            "status": "accepted",
            "justification": f"waiver ({report.policy.source}:{w.line}): {w.reason}; "
            f"license {w.license}; expires {w.expires.isoformat()}",
        }
    if violation.baselined:
        return {
            "kind": "external",
            "status": "accepted",
            "justification": f"accepted in baseline {report.baseline}",
        }
    return None


def _locations(report, result, violation, root: Path, registry: str | None) -> list[dict]:
    """Where the dataset is referenced; else the policy line deciding the rule; else the registry."""
    if result.locations:
        return [_finding_location(result.locations[0], root)]
    policy = report.policy
    if not policy.is_default:
        line = policy.lines.get(_POLICY_KEY.get(violation.rule, ""), 1)
        if result.waiver and result.waiver.line:
            line = result.waiver.line
        return [_physical(policy.source, line, 1, root)]
    if registry:  # a local SQLite registry is a file a viewer can open
        path = registry[len("sqlite:///") :] if registry.startswith("sqlite:///") else registry
        if "://" not in path:
            return [_physical(path, 1, 1, root)]
    return [{"logicalLocations": [{"name": result.dataset, "kind": "resource"}]}]


def _finding_location(finding: Location, root: Path, ident=None) -> dict:
    """A discovery finding; in a notebook the line counts within a cell, so no file region."""
    cell = finding.cell
    location = _physical(finding.file, finding.line, finding.column, root, ident)
    if cell is not None:
        del location["physicalLocation"]["region"]
        location["message"] = {
            "text": f"notebook cell {cell}, line {finding.line}, column {finding.column}"
        }
    return location


def _physical(file: str, line: int | None, column: int | None, root: Path, ident=None) -> dict:
    location = {
        "physicalLocation": {
            "artifactLocation": _artifact(file, root),
            "region": {"startLine": max(line or 1, 1), "startColumn": max(column or 1, 1)},
        }
    }
    if ident is not None:
        location["id"] = ident
    return location


def _artifact(file: str, root: Path) -> dict:
    path = Path(file)
    absolute = (root / path if not path.is_absolute() else path).resolve()
    try:
        relative = absolute.relative_to(root)
    except ValueError:
        return {"uri": absolute.as_uri()}
    return {"uri": relative.as_posix(), "uriBaseId": "%SRCROOT%"}


def _fingerprint(result, violation) -> str:
    key = f"{result.dataset}|{result.license}|{violation.rule}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
