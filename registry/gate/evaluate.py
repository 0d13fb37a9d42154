"""Evaluate registry entries against a policy: verdict per dataset, waivers, baseline, exit code."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Protocol

from agent.errors import EXIT_INCOMPLETE, EXIT_OK, EXIT_VIOLATION
from agent.models import Entry
from registry.gate.licenses_match import (
    equivalent_expressions,
    ids_of,
    license_categories,
    license_key,
    matches,
    parse_expression,
)
from registry.gate.policy import Policy, Waiver

SOON_DAYS = 30  # a waiver this close to expiry is flagged so it can be renewed in time
# Rule id -> what it means (SARIF rules, JUnit failure types and baseline keys use these ids).
RULES = {
    "denied-license": "The license matches the policy's deny list.",
    "not-allowed": "The policy has an allow list and the license is not on it.",
    "non-commercial": "Intended use is commercial and the license does not allow commercial use.",
    "commercial-unclear": "Intended use is commercial and whether commercial use is allowed is unclear.",
    "unknown-license": "No license could be concluded (NOASSERTION, NONE or unknown terms).",
    "review-license": "The license matches the policy's review list: a person should look.",
    "status-conflict": "The card's metadata and its text disagree about the license.",
    "status-unknown": "The card has no license evidence at all.",
    "status-unverified": "The license rests on a single source (e.g. a YAML id with nothing in the text).",
    "low-confidence": "The conclusion's confidence is below the policy's min_confidence.",
    "audit-error": "The dataset could not be audited.",
    "missing-entry": "A referenced dataset has no entry in the registry.",
}


@dataclass
class Violation:
    rule: str  # a RULES key
    message: str
    severity: str = "fail"  # fail | review | skip (reported, never failing)
    baselined: bool = False


class Location(Protocol):
    """Where the code references a dataset (a discovery finding): the gate reports point there."""

    file: str  # relative to the scanned root
    line: int  # 1-based; in a notebook, within the cell
    column: int
    how: str  # how the name was found: "load_dataset", "hf:// path", ...
    cell: int | None  # notebook code cell, else None


@dataclass
class DatasetResult:
    dataset: str
    revision: str | None
    license: str  # the license evaluated (concluded, or effective with use_effective_license)
    confidence: float
    status: str
    commercial_use: str
    verdict: str  # pass | fail | review | waived | baselined | error | missing
    violations: list[Violation] = field(default_factory=list)
    waiver: Waiver | None = None
    notes: list[str] = field(default_factory=list)
    locations: list[Location] = field(default_factory=list)

    @property
    def failing(self) -> list[Violation]:
        return [v for v in self.violations if v.severity == "fail"]


@dataclass
class GateReport:
    policy: Policy
    today: dt.date
    results: list[DatasetResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # report-wide remarks (unused waivers, ...)
    baseline: str | None = None  # baseline file used, if any

    @property
    def exit_code(self) -> int:
        """1 when anything fails; else 3 when something could not be checked; else 0."""
        verdicts = {r.verdict for r in self.results}
        if "fail" in verdicts:
            return EXIT_VIOLATION
        counts_error = "error" in self.policy.fail_on
        if "missing" in verdicts or (counts_error and "error" in verdicts):
            return EXIT_INCOMPLETE
        return EXIT_OK

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for result in self.results:
            out[result.verdict] = out.get(result.verdict, 0) + 1
        return out


def evaluate(
    policy: Policy,
    entries: list[Entry],
    today: dt.date,
    *,
    missing=(),
    baseline: set[tuple[str, str, str]] | None = None,
    locations=None,
) -> GateReport:
    """Pure: the verdict of each entry (and of each referenced dataset missing from the registry)."""
    report = GateReport(policy, today)
    used: set[int] = set()
    for entry in sorted(entries, key=lambda e: e.dataset.lower()):
        result = evaluate_entry(policy, entry, today, baseline, used)
        result.locations = list((locations or {}).get(entry.dataset, []))
        report.results.append(result)
    for name in sorted(missing):
        report.results.append(
            DatasetResult(
                name,
                None,
                "NOASSERTION",
                0.0,
                "missing",
                "unclear",
                "missing",
                [Violation("missing-entry", f"{name} is referenced but has no registry entry")],
                locations=list((locations or {}).get(name, [])),
            )
        )
    audited = {e.dataset.lower() for e in entries}
    for index, waiver in enumerate(policy.waivers):
        if index not in used and waiver.dataset.lower() not in audited:
            report.notes.append(
                f"waiver at {_where(policy, waiver)} matches no audited dataset ({waiver.dataset})"
            )
    return report


def evaluate_entry(
    policy: Policy,
    entry: Entry,
    today: dt.date,
    baseline: set | None = None,
    used: set[int] | None = None,
) -> DatasetResult:
    """The verdict of one registry entry under `policy`."""
    effective = policy.use_effective_license and entry.effective_license
    license_ = (entry.effective_license if effective else entry.concluded_license) or "NOASSERTION"
    commercial = (
        entry.effective_commercial_use
        if effective and entry.effective_commercial_use
        else entry.commercial_use
    ) or "unclear"
    result = DatasetResult(
        entry.dataset,
        entry.revision,
        license_,
        entry.confidence or 0.0,
        entry.status,
        commercial,
        "pass",
    )
    if effective:
        if entry.effective_license != entry.concluded_license:  # upstreams changed it: say so
            result.notes.append(f"effective license (concluded: {entry.concluded_license})")
    elif policy.use_effective_license and entry.status != "error":
        result.notes.append(
            "no effective license recorded (upstreams not traced): the concluded license was judged"
        )
    if entry.status == "error":
        severity = "fail" if "error" in policy.fail_on else "skip"
        result.violations.append(Violation("audit-error", entry.error or "audit failed", severity))
        result.verdict = "error"
        return result
    result.violations = license_violations(policy, license_, commercial)
    result.violations += status_violations(policy, entry, result.violations)
    _apply_waiver(policy, result, today, used if used is not None else set())
    _apply_baseline(result, baseline)
    return result


def license_violations(policy: Policy, expression: str, commercial: str) -> list[Violation]:
    """Deny/allow/review/category rules over the expression (AND: all parts; OR: best choice)."""
    tree = parse_expression(expression)
    found = _walk(policy, tree) if tree is not None else _id_violations(policy, expression)
    allowed = tree is not None and all(matches(i, policy.allow) for i in ids_of(tree))
    rules = {v.rule for v in found}
    if (
        policy.intended_use == "commercial"
        and not allowed
        and not rules & {"denied-license", "non-commercial", "unknown-license"}
    ):
        if commercial == "no":
            found.append(
                Violation(
                    "non-commercial",
                    f"{expression}: the terms do not allow "
                    "commercial use (intended use: commercial)",
                )
            )
        elif commercial == "unclear":
            found.append(
                Violation(
                    "commercial-unclear", f"{expression}: commercial use is unclear", "review"
                )
            )
    return found


def status_violations(policy: Policy, entry: Entry, already: list[Violation]) -> list[Violation]:
    out = []
    rules = {v.rule for v in already}
    status = entry.status
    if status in ("conflict", "unknown", "unverified") and not (
        status == "unknown" and "unknown-license" in rules
    ):
        if status in policy.fail_on:
            out.append(Violation(f"status-{status}", f"status is {status} (fail_on)"))
        elif status == "conflict":
            out.append(Violation("status-conflict", "metadata and text disagree", "review"))
    if policy.min_confidence is not None and (entry.confidence or 0.0) < policy.min_confidence:
        severity = "fail" if "low-confidence" in policy.fail_on else "review"
        out.append(
            Violation(
                "low-confidence",
                f"confidence {entry.confidence:.2f} is below "
                f"min_confidence {policy.min_confidence:.2f}",
                severity,
            )
        )
    return out


def _apply_waiver(policy: Policy, result: DatasetResult, today: dt.date, used: set[int]) -> None:
    """A waiver covers the dataset only under the license reviewed and before it expires."""
    if not result.violations:
        result.verdict = "pass"
    for index, waiver in enumerate(policy.waivers):
        if waiver.dataset.lower() != result.dataset.lower():
            continue
        used.add(index)
        where = _where(policy, waiver)
        if not equivalent_expressions(waiver.license, result.license):
            result.notes.append(
                f"waiver at {where} is void: it was for {waiver.license}, "
                f"the license is now {result.license}"
            )
        elif today >= waiver.expires:
            result.notes.append(f"waiver at {where} expired on {waiver.expires.isoformat()}")
        elif result.violations:
            result.waiver = waiver
            result.verdict = "waived"
            days = (waiver.expires - today).days
            if days <= SOON_DAYS:
                result.notes.append(f"waiver at {where} expires in {days} days")
            return
    if result.failing:
        result.verdict = "fail"
    elif any(v.severity == "review" for v in result.violations):
        result.verdict = "review"


def _apply_baseline(result: DatasetResult, baseline: set | None) -> None:
    if result.verdict != "fail" or not baseline:
        return
    for violation in result.failing:
        violation.baselined = baseline_key(result, violation) in baseline
    if all(v.baselined for v in result.failing):
        result.verdict = "baselined"


def baseline_key(result: DatasetResult, violation: Violation) -> tuple[str, str, str]:
    return (result.dataset, result.license, violation.rule)


def _where(policy: Policy, waiver: Waiver) -> str:
    return f"{policy.source}:{waiver.line}" if waiver.line else policy.source


def _id_violations(policy: Policy, license_id: str) -> list[Violation]:
    hit = matches(license_id, policy.deny)
    if hit:
        return [Violation("denied-license", f"{license_id} is denied by the policy (deny: {hit})")]
    if matches(license_id, policy.allow):
        return []
    cats = license_categories(license_id)
    out = []
    if "unknown" in cats:
        out.append(Violation("unknown-license", f"{license_id}: no license could be concluded"))
    elif policy.intended_use == "commercial" and "non-commercial" in cats:
        out.append(
            Violation(
                "non-commercial",
                f"{license_id} does not allow commercial use (intended use: commercial)",
            )
        )
    if policy.allow and not out:
        out.append(Violation("not-allowed", f"{license_id} is not on the policy's allow list"))
    hit = matches(license_id, policy.review)
    if hit and not out:
        out.append(
            Violation("review-license", f"{license_id} needs review (review: {hit})", "review")
        )
    return out


def _walk(policy: Policy, node) -> list[Violation]:
    key = license_key(node)
    if key:
        return _id_violations(policy, key)
    parts = [_walk(policy, arg) for arg in node.args]
    if type(node).__name__ == "OR":  # a choice: the licensee takes the best alternative
        return min(parts, key=lambda p: (sum(v.severity == "fail" for v in p), len(p)))
    return [v for part in parts for v in part]
