"""Split a card into prose blocks with line numbers, leaving out code, citations and front matter."""

from __future__ import annotations

import re
from dataclasses import dataclass

from agent.extract.frontmatter import front_matter
from agent.extract.markdown import FENCE as _FENCE
from agent.extract.markdown import heading as _heading

# Sections whose words are not about where the data came from.
# Example: "### Citation Information" (BibTeX), "## Related Datasets" (see-also lists).
SKIP_SECTION = re.compile(
    r"citation|bibtex|contribution|acknowledg|reference|related|see also|similar|leaderboard"
    r"|table of contents|point of contact|personal and sensitive|social impact|biases", re.I)
_BIBTEX = re.compile(r"^\s*@\w+\s*\{")  # "@inproceedings{key," outside a code fence


@dataclass
class Block:
    """Consecutive prose lines: a paragraph, a list item or a table row."""

    text: str
    line_start: int  # 1-based line in the README
    line_end: int
    section: str  # the nearest heading above ("" before the first one)
    kind: str  # "para" | "item" | "row"


def split_front_matter(readme: str) -> tuple[dict | None, int, list[str]]:
    """(YAML header as a dict or None, number of header lines incl. fences, raw header lines):
    agent.extract.frontmatter's reader, so tracing and licensing see the same header."""
    data, body_line, raw = front_matter(readme)
    return data, body_line - 1, raw


def iter_blocks(readme: str) -> list[Block]:
    """Prose blocks of the card body, in order."""
    _, skip, _ = split_front_matter(readme)
    lines = readme.splitlines()
    blocks: list[Block] = []
    section, skipping, fenced = "", False, False
    current: list[tuple[int, str]] = []
    kind = ["para"]  # kind of the block being gathered

    def flush() -> None:
        if current and not skipping:
            text = " ".join(t.strip() for _, t in current)
            blocks.append(Block(text, current[0][0], current[-1][0], section, kind[0]))
        current.clear()
        kind[0] = "para"

    for number, line in enumerate(lines[skip:], start=skip + 1):
        if _FENCE.match(line):
            flush()
            fenced = not fenced
            continue
        heading = None if fenced else _heading(line)
        if fenced or heading or not line.strip() or _BIBTEX.match(line):
            flush()
            if heading:
                section = heading[1]
                skipping = bool(SKIP_SECTION.search(section))
            continue
        starts = _line_kind(line)
        if starts != "para":  # a table row or a list item opens a block of its own
            flush()
            kind[0] = starts
        current.append((number, line))
        if starts == "row":
            flush()
    flush()
    return blocks


def _line_kind(line: str) -> str:
    """'| a | b |' -> row; '- item', '1. item' -> item; anything else continues a paragraph."""
    stripped = line.strip()
    if stripped.startswith("|"):
        return "row"
    return "item" if re.match(r"^([-*+]|\d+[.)])\s", stripped) else "para"
