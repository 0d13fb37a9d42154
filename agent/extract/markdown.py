"""Markdown scanning shared by every step that reads a card body: headings, code fences, prose blocks."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass

# ATX heading, up to three spaces of indent: "### Licensing Information", "  ## License ##" (the title is
# trimmed in code: a pattern that also strips the closing #s backtracks on long runs of spaces or #s)
_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t](.*)$")
# A code fence opener/closer: ``` or ~~~ ("```python")
FENCE = re.compile(r"^[ \t]*(```|~~~)")
# A setext (Markdown) or reStructuredText heading underline: "Licence\n-------", "Data\n====" (three
# or more, as a lone "-" opens a list item); "~~~" is a fence, so RST's "~" adornment is not read
_UNDERLINE = re.compile(r"^ {0,3}(?:={3,}|-{3,})[ \t]*$")
_BIBTEX = re.compile(r"^\s*@\w+\s*\{")  # "@inproceedings{key," outside a code fence
_ITEM = re.compile(r"^([-*+]|\d+[.)])\s")  # "- item", "1. item"


@dataclass
class Block:
    """Consecutive prose lines: a paragraph, a list item or a table row."""

    text: str
    line_start: int  # 1-based line in the README
    line_end: int
    section: str  # the nearest heading above ("" before the first one)
    kind: str  # "para" | "item" | "row"
    level: int = 0  # that heading's level (0 before the first one; 1 under the card's "# Title")


def heading(line: str) -> tuple[int, str] | None:
    """(level, title) of an ATX heading line, else None: "## Terms of use" -> (2, "Terms of use")."""
    if "#" not in line[:4]:
        return None
    m = _HEADING.match(line)
    if not m:
        return None
    title = m.group(2).strip()
    bare = title.rstrip("#")
    if bare != title and (
        not bare or bare[-1] in " \t"
    ):  # "License ##": a closing sequence, not "C#"
        title = bare.rstrip()
    return (len(m.group(1)), title) if title else None


# The last walk of each thread: the section, table, body and terms readers of one card are handed
# the same list of lines, and walk it once instead of five times.
_last = threading.local()


def scan(lines: list[str]) -> Iterator[tuple[int, str, str, tuple[int, str] | None]]:
    """Each line with where it stands: (index, line, "fence" | "code" | "text" | "underline",
    heading or None).

    The one walk over fences that every reader of a card body shares: a fence line ("```python")
    is "fence", the lines it encloses "code", and only "text" lines can be headings: ATX ("## License")
    or underlined ("License" over "-------", as Markdown's setext and reStructuredText write them;
    the underline itself is "underline")."""
    last = getattr(_last, "walk", None)
    if last is not None and last[0] is lines and last[1] == len(lines):
        return iter(last[2])
    walked = list(_walk(lines))
    _last.walk = (lines, len(lines), walked)
    return iter(walked)


def _walk(lines: list[str]) -> Iterator[tuple[int, str, str, tuple[int, str] | None]]:
    fenced, underline = False, -1
    for i, line in enumerate(lines):
        if FENCE.match(line):
            fenced = not fenced
            yield i, line, "fence", None
        elif fenced:
            yield i, line, "code", None
        elif i == underline:
            yield i, line, "underline", None
        else:
            above, below = lines[i - 1] if i else "", lines[i + 1] if i + 1 < len(lines) else ""
            title = heading(line) or _underlined(above, line, below)
            if title and not heading(line):
                underline = i + 1
            yield i, line, "text", title


def _underlined(above: str, line: str, below: str) -> tuple[int, str] | None:
    """(1 for "===", 2 for "---", title) when `below` underlines `line`, a one-line paragraph (after
    a blank line or an RST overline; not a list item, table row, quote or indented code):
    "Licence" over "-------" -> (2, "Licence"); the last line of a longer paragraph is no title."""
    title = line.strip()
    if not title or line.startswith("    ") or not _UNDERLINE.match(below):
        return None
    if above.strip() and not _UNDERLINE.match(above):
        return None
    if title.startswith(("|", ">", "<")) or _ITEM.match(title) or _UNDERLINE.match(line):
        return None
    return (1 if "=" in below else 2), title


def content_start(lines: list[str], index: int) -> int:
    """The first line after the heading at `index`: past its underline when it has one."""
    below = lines[index + 1] if index + 1 < len(lines) else ""
    return index + (2 if heading(lines[index]) is None and _UNDERLINE.match(below) else 1)


def headings(lines: list[str]) -> list[tuple[int, int, str]]:
    """(0-based line index, level, title) of each heading outside code fences."""
    return [(i, title[0], title[1]) for i, _, _, title in scan(lines) if title]


def blocks(lines: list[str], first_line: int, skip: re.Pattern | None = None) -> list[Block]:
    """Prose blocks of body lines (first_line = README line of lines[0]), outside code fences and BibTeX,
    leaving out the sections whose heading `skip` matches ("### Citation Information")."""
    out: list[Block] = []
    section, level, skipping = "", 0, False
    current: list[tuple[int, str]] = []
    kind = ["para"]  # kind of the block being gathered

    def flush() -> None:
        if current and not skipping:
            text = " ".join(t.strip() for _, t in current)
            out.append(Block(text, current[0][0], current[-1][0], section, kind[0], level))
        current.clear()
        kind[0] = "para"

    for index, line, where, title in scan(lines):
        number = index + first_line
        if where in ("fence", "underline"):
            flush()
            continue
        if where == "code" or title or not line.strip() or _BIBTEX.match(line):
            flush()
            if title:
                level, section, skipping = title[0], title[1], bool(skip and skip.search(title[1]))
            continue
        starts = _line_kind(line)
        if starts != "para":  # a table row or a list item opens a block of its own
            flush()
            kind[0] = starts
        current.append((number, line))
        if starts == "row":
            flush()
    flush()
    return out


def _line_kind(line: str) -> str:
    """'| a | b |' -> row; '- item', '1. item' -> item; anything else continues a paragraph."""
    stripped = line.strip()
    if stripped.startswith("|"):
        return "row"
    return "item" if _ITEM.match(stripped) else "para"
