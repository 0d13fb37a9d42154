"""Per-part license tables: a Markdown table with a License column gives each row's part its terms."""

from __future__ import annotations

import re

from agent.extract.markdown import scan
from agent.models import Evidence

# A header cell naming the license column: "License", "Licence", "License (SPDX)", "Data license"
_LICENSE_HEAD = re.compile(r"^\W*(?:data\s+|dataset\s+)?licen[cs]e", re.I)
# A code-only column: "Code license" is not the data's
_CODE_HEAD = re.compile(r"\bcode\b", re.I)
_DELIM_CHARS = frozenset("|-: \t")


def _is_delim(line: str) -> bool:
    """The delimiter row under a table header: "|------|:---:|" (checked without a regex: linear on any line)."""
    return "--" in line and set(line.strip()) <= _DELIM_CHARS


# Cells that state nothing: "-", "n/a", "", "see below"
_EMPTY = re.compile(r"^\W*(?:n/?a|none|-|—|see\s+\w+|\?)?\W*$", re.I)
MAX_CELLS = 60  # rows read per card: a table of thousands of files is not a list of terms


def _cells(line: str) -> list[str]:
    """ "| a | b |" -> ["a", "b"] (escaped pipes are rare in license cells)."""
    return [c.strip() for c in line.strip().strip("|").split("|")]


def table_evidence(lines: list[str], offset: int) -> list[Evidence]:
    """One piece per license cell of each table with a License column (offset = README line of lines[0]).

    "| Book | License |" over "| Napkin | CC BY-SA 4.0 |" and "| Analysis | CC BY-NC-SA 4.0 |" gives
    two pieces, read like licensing text: the whole dataset is under all of them (AND).
    """
    if not any("|" in line for line in lines):
        return []  # no table: most cards
    out: list[Evidence] = []
    section, column = "card", None
    for i, line, where, title in scan(lines):
        if where == "fence":
            continue
        if title:
            section = title[1]
        if where == "code" or not line.lstrip().startswith("|"):
            column = None
            continue
        if column is None and i + 1 < len(lines) and _is_delim(lines[i + 1]):
            heads = _cells(line)
            column = next(
                (
                    k
                    for k, h in enumerate(heads)
                    if _LICENSE_HEAD.match(h) and not _CODE_HEAD.search(h)
                ),
                -1,
            )
            continue
        cells = _cells(line)
        if (
            column is not None
            and column >= 0
            and column < len(cells)
            and not _is_delim(line)
            and not _EMPTY.match(cells[column])
            and len(out) < MAX_CELLS
        ):
            out.append(
                Evidence(
                    source=f"table:{section}",
                    kind="text",
                    snippet=cells[column][:500],
                    line_start=i + offset,
                    line_end=i + offset,
                )
            )
    return out
