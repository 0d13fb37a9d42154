"""`registry show`: one entry as a readable text block (facts, evidence, reasons, history)."""

from __future__ import annotations

from collections.abc import Iterable

from agent.models import Entry, Evidence
from agent.terminal import terminal_text

SNIPPET_CHARS = 160  # enough to recognise the sentence; the full text is in --format json


def _flag(value: bool | None, yes: str, no: str) -> str:
    return "unknown" if value is None else (yes if value else no)


def _snippet(text: str) -> str:
    flat = " ".join((text or "").split())
    return flat if len(flat) <= SNIPPET_CHARS else flat[: SNIPPET_CHARS - 1] + "…"


def _span(e: Evidence) -> str:
    if e.line_start is None:
        return ""
    end = e.line_end if e.line_end not in (None, e.line_start) else None
    return f" lines {e.line_start}-{end}" if end else f" line {e.line_start}"


def _evidence_lines(evidence: list[Evidence]) -> list[str]:
    if not evidence:
        return ["evidence   none"]
    out = [f"evidence   ({len(evidence)})"]
    for i, e in enumerate(evidence, 1):
        how = f" [{e.match}, {e.score:.2f}]" if e.match else ""
        note = f" ({e.note})" if e.note else ""
        scope = (
            f" <{e.role or 'evidence'}{' from ' + e.origin if e.origin else ''}>"
            if e.role or e.origin
            else ""
        )
        out.append(f"  {i}. {e.source}{_span(e)} → {e.license or 'unmapped'}{how}{scope}{note}")
        if e.snippet:
            out.append(f'     "{_snippet(e.snippet)}"')
        if e.terms:
            out.append(f"     terms: {', '.join(e.terms)}")
    return out


def _facts(entry: Entry) -> list[str]:
    lines = [
        f"dataset    {entry.dataset}" + (f" @ {entry.revision}" if entry.revision else ""),
        f"license    {entry.concluded_license}  (declared: {entry.declared_license or 'none'})",
        f"status     {entry.status}  confidence {float(entry.confidence or 0.0):.3f}",
        f"use        commercial: {entry.commercial_use or 'unclear'}; attribution: "
        f"{_flag(entry.attribution_required, 'required', 'not required')}; share-alike: "
        f"{_flag(entry.share_alike, 'yes', 'no')}",
    ]
    if entry.upstream:
        lines.append(f"upstream   {'; '.join(entry.upstream)}")
    if entry.effective_license or entry.effective_commercial_use:
        lines.append(
            f"effective  {entry.effective_license or '?'}"
            f"  (commercial: {entry.effective_commercial_use or 'unclear'})"
        )
    for source in entry.sources or []:
        lines.append(f"source     {source}")
    lines.append(f"audited    {entry.audited_at or 'unknown'}")
    return lines


def _history_lines(entry: Entry, history: list[Entry]) -> list[str]:
    if not history:
        return []
    out = [f"history    ({len(history)} audit{'s' if len(history) != 1 else ''}, newest first)"]
    for i, old in enumerate(history):
        mark = "  (current)" if i == 0 and old == entry else ""
        out.append(
            f"  {old.audited_at or '?':25}  {(old.revision or '-')[:12]:12}  "
            f"{old.concluded_license:24}  {old.status}{mark}"
        )
    return out


def render_entry(
    entry: Entry,
    history: Iterable[Entry] = (),
    edges: Iterable[dict] = (),
    failures: Iterable[dict] = (),
) -> str:
    """The text `registry show DATASET` prints; `failures`: later failed attempts, entry kept."""
    lines = _facts(entry)
    if entry.error:
        lines.append(f"error      {entry.error}")
    for failure in failures:
        lines.append(
            f"attempt    {failure['attempted_at']} failed, this entry kept: {failure['error']}"
        )
    lines += _evidence_lines(list(entry.evidence or []))
    for edge in edges:
        relation = edge.get("relation") or edge.get("kind") or "upstream"
        lines.append(f"edge       {relation} → {edge.get('upstream') or edge.get('name')}")
    if entry.reasons:
        lines.append("reasons")
        lines += [f"  - {reason}" for reason in entry.reasons]
    lines += _history_lines(entry, list(history))
    return terminal_text(lines)
