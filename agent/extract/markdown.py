"""Markdown line scanning shared by every step that reads a card body: headings and code fences."""

from __future__ import annotations

import re

# ATX heading, up to three spaces of indent: "### Licensing Information", "  ## License ##"
_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.+?)[ \t#]*$")
# A code fence opener/closer: ``` or ~~~ ("```python")
FENCE = re.compile(r"^[ \t]*(```|~~~)")


def heading(line: str) -> tuple[int, str] | None:
    """(level, title) of an ATX heading line, else None: "## Terms of use" -> (2, "Terms of use")."""
    if "#" not in line[:4]:
        return None
    m = _HEADING.match(line)
    return (len(m.group(1)), m.group(2).strip()) if m else None


def headings(lines: list[str]) -> list[tuple[int, int, str]]:
    """(0-based line index, level, title) of each heading outside code fences."""
    out = []
    fenced = False
    for i, line in enumerate(lines):
        if FENCE.match(line):
            fenced = not fenced
            continue
        found = None if fenced else heading(line)
        if found:
            out.append((i, found[0], found[1]))
    return out
