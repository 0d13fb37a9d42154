"""Render a GateReport as JUnit XML: one test case per dataset, a failure per violation."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

SUITE = "licensetrace.gate"
# Characters XML 1.0 does not allow even escaped: C0 controls but tab/LF/CR, lone surrogates,
# U+FFFE/U+FFFF. ElementTree writes them as they are and the report is then not well-formed.
# Example: an error message holding "\x1b[31m" or "\x00" from a card.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_safe(text: str) -> str:
    """'a\\x1bb' -> 'a\\\\x1bb': each character XML refuses shown as its Python escape."""
    return _NOT_XML.sub(lambda m: ascii(m.group(0))[1:-1], text)


def render_junit(report) -> str:
    """<testsuites><testsuite> with one <testcase> per dataset; CI systems show them as tests."""
    suite = ET.Element("testsuite", name=SUITE, timestamp=report.today.isoformat() + "T00:00:00")
    counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    properties = ET.SubElement(suite, "properties")
    ET.SubElement(properties, "property", name="policy", value=report.policy.source)
    ET.SubElement(properties, "property", name="intended_use", value=report.policy.intended_use)
    for result in report.results:
        counts["tests"] += 1
        kind = _testcase(suite, result, report)
        if kind:
            counts[kind] += 1
    for key, value in counts.items():
        suite.set(key, str(value))
    suite.set("time", "0")
    root = ET.Element(
        "testsuites", {"name": "licensetrace gate"} | {k: str(v) for k, v in counts.items()}
    )
    root.append(suite)
    ET.indent(root)
    # Markup never holds such characters, so escaping the whole document reaches every value.
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        + _xml_safe(ET.tostring(root, encoding="unicode"))
        + "\n"
    )


def _testcase(suite, result, report) -> str | None:
    """Add the dataset's test case; return "failures", "errors", "skipped" or None (passed)."""
    case = ET.SubElement(suite, "testcase", classname=SUITE, name=result.dataset, time="0")
    kind = None
    if result.verdict in ("error", "missing"):
        failing = any(v.severity == "fail" for v in result.violations)
        tag, kind = ("error", "errors") if failing else ("skipped", "skipped")
        first = result.violations[0]
        element = ET.SubElement(
            case, tag, message=f"{first.rule}: {first.message}", type=first.rule
        )
        element.text = "\n".join(f"{v.rule}: {v.message}" for v in result.violations)
    elif result.verdict == "fail":
        kind = "failures"
        for violation in result.failing:
            if violation.baselined:
                continue
            element = ET.SubElement(case, "failure", message=violation.message, type=violation.rule)
            element.text = (
                f"{result.dataset} ({result.license}): {violation.rule}: {violation.message}"
            )
    ET.SubElement(case, "system-out").text = _summary(result, report)
    return kind


def _summary(result, report) -> str:
    lines = [
        f"license: {result.license}",
        f"confidence: {result.confidence:.2f}",
        f"status: {result.status}",
        f"commercial_use: {result.commercial_use}",
        f"verdict: {result.verdict}",
    ]
    lines += [
        f"{v.severity}: {v.rule}: {v.message}" + (" (baselined)" if v.baselined else "")
        for v in result.violations
    ]
    if result.waiver:
        w = result.waiver
        lines.append(
            f"waiver: {report.policy.source}:{w.line}: {w.reason} "
            f"(license {w.license}, expires {w.expires.isoformat()})"
        )
    lines += [f"note: {n}" for n in result.notes]
    from registry.gate.text import location_text

    lines += [f"referenced at {location_text(f)}" for f in result.locations]
    return "\n".join(lines)
