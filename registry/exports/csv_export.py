"""Registry export as CSV (the DESIGN.md columns), safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Iterable
from typing import IO

from agent.models import Entry, Evidence

# The contract's columns, in this order (DESIGN.md); the ones after audited_at are extras.
CSV_COLUMNS = (
    "dataset",
    "revision",
    "declared_license",
    "concluded_license",
    "confidence",
    "status",
    "commercial_use",
    "attribution_required",
    "share_alike",
    "upstream",
    "effective_license",
    "sources",
    "evidence",
    "error",
    "audited_at",
    "effective_commercial_use",
    "reasons",
)
# A spreadsheet runs a cell starting with one of these as a formula: "=HYPERLINK(...)", "@SUM(...)",
# "+1", "-1" (OWASP CSV injection). Spreadsheets also skip leading blanks and controls (" =1", "\n=1")
# and read full-width and small forms as ASCII ("＝1+1", "﹢1"): NFKC folds those, U+2212 is a minus.
_FORMULA_START = frozenset("=+-@\u2212")
# Leading characters a spreadsheet may skip before a formula: tab, CR, LF, spaces, other blanks and
# controls, zero-width characters (Unicode categories Z* and Cc/Cf).
_SKIPPED = ("Zs", "Zl", "Zp", "Cc", "Cf")


def neutralise(cell: str) -> str:
    """'=1+1', ' =1', '\\n=1', '＝1', '\\t@SUM' -> "'" + cell; 'NOASSERTION', 'CC-BY-4.0' -> unchanged.

    A cell starting with any blank or control character is prefixed: no registry value starts with
    one, and a spreadsheet may skip it to reach a formula behind it."""
    if not cell:
        return cell
    first = cell[0]
    if (
        unicodedata.category(first) in _SKIPPED
        or unicodedata.normalize("NFKC", first)[:1] in _FORMULA_START
    ):
        return "'" + cell
    return cell


def _flag(value: bool | None) -> str:
    return "" if value is None else ("true" if value else "false")


def _lines(e: Evidence) -> str:
    if e.line_start is None:
        return ""
    if e.line_end is None or e.line_end == e.line_start:
        return f" L{e.line_start}"
    return f" L{e.line_start}-{e.line_end}"


def evidence_summary(evidence: Iterable[Evidence]) -> str:
    """'yaml:license L3 → CC-BY-4.0 | section:Licensing Information L40-42 → CC-BY-4.0 (negated)'."""
    parts = []
    for e in evidence:
        note = f" ({e.note})" if e.note else ""
        scope = f" [{e.role}{' of ' + e.origin if e.origin else ''}]" if e.role or e.origin else ""
        parts.append(f"{e.source}{_lines(e)} → {e.license or '?'}{scope}{note}")
    return " | ".join(parts)


def csv_row(entry: Entry) -> list[str]:
    """The cells of one entry, in CSV_COLUMNS order, neutralised."""
    cells = [
        entry.dataset,
        entry.revision or "",
        entry.declared_license or "",
        entry.concluded_license or "",
        f"{float(entry.confidence or 0.0):.3f}",
        entry.status or "",
        entry.commercial_use or "",
        _flag(entry.attribution_required),
        _flag(entry.share_alike),
        ";".join(entry.upstream or []),
        entry.effective_license or "",
        ";".join(entry.sources or []),
        evidence_summary(entry.evidence or []),
        entry.error or "",
        entry.audited_at or "",
        entry.effective_commercial_use or "",
        ";".join(entry.reasons or []),
    ]
    return [neutralise(cell) for cell in cells]


def write_csv(entries: Iterable[Entry], stream: IO[str]) -> int:
    """Write a header and one row per entry (streamed); returns the number of rows."""
    # "\r\n" (RFC 4180): the csv module then quotes any cell holding a CR or a LF; with "\n"
    # alone a bare CR inside a cell ("a\rb") is written unquoted and splits the row when read back.
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    count = 0
    for entry in entries:
        writer.writerow(csv_row(entry))
        count += 1
    return count


class CsvRenderer:
    """The `csv` format of registry.exports.formats."""

    def write(self, source, stream: IO[str]) -> None:
        write_csv(source.entries, stream)


def renderer(_name: str, _output: str) -> CsvRenderer:
    return CsvRenderer()
