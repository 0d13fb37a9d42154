"""Render a GateReport as a text table with reasons, or as a JSON document (schema_version)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from registry.gate.evaluate import Location

import json

from agent import SCHEMA_VERSION, __version__
from agent.terminal import printable, terminal_text

EXIT_WORDS = {0: "pass", 1: "violations", 2: "usage error", 3: "incomplete"}
_ORDER = ("fail", "error", "missing", "review", "baselined", "waived", "pass")


def render_text(report) -> str:
    """A table (one row per dataset), then why each non-passing dataset is not a plain pass."""
    policy = report.policy
    name = "built-in default policy" if policy.is_default else policy.source
    lines = [f"licensetrace gate: {name} (intended use: {policy.intended_use})", ""]
    lines += _table(report.results)
    details = [
        d
        for r in sorted(report.results, key=lambda r: _ORDER.index(r.verdict))
        for d in _details(r, policy)
    ]
    if details:
        lines += ["", "Details:"] + details
    if report.notes:
        lines += ["", "Notes:"] + [f"  - {n}" for n in report.notes]
    counts = report.counts()
    summary = ", ".join(f"{counts[v]} {v}" for v in _ORDER if v in counts) or "nothing to check"
    code = report.exit_code
    lines += [
        "",
        f"Result: {len(report.results)} datasets: {summary} -> exit {code} ({EXIT_WORDS[code]})",
    ]
    return terminal_text(lines) + "\n"


def _table(results) -> list[str]:
    rows = [("DATASET", "LICENSE", "CONF", "STATUS", "VERDICT")]
    for r in results:
        rows.append(
            (
                printable(r.dataset),
                printable(_clip(r.license, 44)),
                f"{r.confidence:.2f}",
                r.status,
                r.verdict.upper() if r.verdict in ("fail", "error", "missing") else r.verdict,
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    return ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows]


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def _details(result, policy) -> list[str]:
    if result.verdict == "pass" and not result.notes:
        return []
    out = [f"  {result.verdict.upper()} {result.dataset} ({result.license})"]
    for v in result.violations:
        tag = " [accepted in baseline]" if v.baselined else ""
        tag += " [not failing]" if v.severity == "skip" else ""
        out.append(f"    - {v.rule}: {v.message}{tag}")
    if result.waiver:
        w = result.waiver
        where = f"{policy.source}:{w.line}" if w.line else policy.source
        out.append(
            f'    waiver at {where}: "{w.reason}" '
            f"(license {w.license}, expires {w.expires.isoformat()})"
        )
    out += [f"    note: {n}" for n in result.notes]
    out += [f"    referenced at {location_text(f)}" for f in result.locations[:5]]
    return out


def location_text(finding: Location) -> str:
    cell = finding.cell
    where = f"{finding.file}:{finding.line}:{finding.column}"
    return f"{finding.file} cell {cell}, line {finding.line}" if cell is not None else where


def report_dict(report) -> dict:
    """The JSON form: every field of every result, plus the policy and the exit code."""
    policy = report.policy
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "licensetrace", "version": __version__},
        "policy": {
            "source": policy.source,
            "intended_use": policy.intended_use,
            "allow": policy.allow,
            "deny": policy.deny,
            "review": policy.review,
            "min_confidence": policy.min_confidence,
            "fail_on": policy.fail_on,
            "use_effective_license": policy.use_effective_license,
        },
        "today": report.today.isoformat(),
        "baseline": report.baseline,
        "exit_code": report.exit_code,
        "summary": report.counts(),
        "datasets": [_result_dict(r) for r in report.results],
        "notes": report.notes,
    }


def _result_dict(r) -> dict:
    waiver = None
    if r.waiver:
        waiver = {
            "dataset": r.waiver.dataset,
            "license": r.waiver.license,
            "reason": r.waiver.reason,
            "expires": r.waiver.expires.isoformat(),
            "line": r.waiver.line,
        }
    return {
        "dataset": r.dataset,
        "revision": r.revision,
        "license": r.license,
        "confidence": r.confidence,
        "status": r.status,
        "commercial_use": r.commercial_use,
        "verdict": r.verdict,
        "violations": [
            {"rule": v.rule, "message": v.message, "severity": v.severity, "baselined": v.baselined}
            for v in r.violations
        ],
        "waiver": waiver,
        "notes": r.notes,
        "locations": [
            {
                "file": f.file,
                "line": f.line,
                "column": f.column,
                "how": f.how,
                "cell": f.cell,
            }
            for f in r.locations
        ],
    }


def render_json(report) -> str:
    return json.dumps(report_dict(report), indent=2) + "\n"
