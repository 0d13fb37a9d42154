"""Markdown scanning shared by every step that reads a card body: headings, code fences, prose blocks."""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from agent.memo import CARD_CHARS, CARD_ENTRIES, CardMemo
from agent.prefilter import fold

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


# A card body is walked by the section, table, body and terms readers, and again by tracing
# (agent.lineage) on its own copy of the same lines, steps later: the walks of the cards in flight
# are kept (agent.memo.CardMemo), keyed on the lines themselves (a body over this many lines is
# not kept there), and the last walk of each thread is kept for the very list it was made of,
# however long.
_REMEMBERED_LINES = 20_000
_last = threading.local()

Row = tuple[int, str, str, "tuple[int, str] | None"]
# A prose block as the walk finds it: (text, first and last line index, section, kind, level)
Piece = tuple[str, int, int, str, str, int]


@dataclass(frozen=True)
class _Walk:
    rows: tuple[Row, ...]  # (index, line, where, heading or None) per line
    heads: tuple[tuple[int, int, str], ...]  # (index, level, title) per heading
    starts: tuple[int, ...]  # content_start() of each heading: past an underline
    fences: tuple[int, ...]  # index of each fence line

    @functools.cached_property
    def pieces(self) -> tuple[Piece, ...]:
        """Every prose block of the body, in every section: blocks() leaves out the skipped ones."""
        return tuple(_pieces(self.rows))


def scan(lines: list[str]) -> Iterator[tuple[int, str, str, tuple[int, str] | None]]:
    """Each line with where it stands: (index, line, "fence" | "code" | "text" | "underline",
    heading or None).

    The one walk over fences that every reader of a card body shares: a fence line ("```python")
    is "fence", the lines it encloses "code", and only "text" lines can be headings: ATX ("## License")
    or underlined ("License" over "-------", as Markdown's setext and reStructuredText write them;
    the underline itself is "underline")."""
    return iter(_walked(lines).rows)


def _walked(lines: list[str]) -> _Walk:
    last = getattr(_last, "walk", None)
    if last is not None and last[0] is lines and last[1] == len(lines):
        return last[2]  # the list the readers of one card share: not even hashed again
    if len(lines) > _REMEMBERED_LINES:
        walk = _walk_of(tuple(lines))
    else:
        walk = _remembered_walk(tuple(lines))
    _last.walk = (lines, len(lines), walk)
    return walk


def _chars(lines: tuple[str, ...]) -> int:
    return sum(map(len, lines))


def _walk_of(lines: tuple[str, ...]) -> _Walk:
    rows = _walk(lines)
    heads = tuple((i, title[0], title[1]) for i, _, _, title in rows if title)
    # an underlined title's next row is its underline, an ATX heading's never is
    starts = tuple(
        i + (2 if i + 1 < len(rows) and rows[i + 1][2] == "underline" else 1) for i, _, _ in heads
    )
    return _Walk(rows, heads, starts, tuple(i for i, _, where, _ in rows if where == "fence"))


_remembered_walk = CardMemo(_walk_of, _chars, CARD_CHARS, CARD_ENTRIES)


def _walk(lines: tuple[str, ...]) -> tuple[Row, ...]:
    rows: list[Row] = []
    fenced, underline, last = False, -1, len(lines) - 1
    for i, line in enumerate(lines):
        if ("```" in line or "~~~" in line) and FENCE.match(line):  # FENCE needs one of them
            fenced = not fenced
            rows.append((i, line, "fence", None))
        elif fenced:
            rows.append((i, line, "code", None))
        elif i == underline:
            rows.append((i, line, "underline", None))
        else:
            # the tests heading() and _underlined() start with, made here: most lines stop at them
            title = heading(line) if "#" in line[:4] else None
            below = lines[i + 1] if i < last else ""
            if title is None and ("---" in below or "===" in below):
                title = _underlined(lines[i - 1] if i else "", line, below)
                if title:
                    underline = i + 1
            rows.append((i, line, "text", title))
    return tuple(rows)


def _underlined(above: str, line: str, below: str) -> tuple[int, str] | None:
    """(1 for "===", 2 for "---", title) when `below` underlines `line`, a one-line paragraph (after
    a blank line or an RST overline; not a list item, table row, quote or indented code):
    "Licence" over "-------" -> (2, "Licence"); the last line of a longer paragraph is no title."""
    if "---" not in below and "===" not in below:  # what _UNDERLINE needs: most lines stop here
        return None
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
    return list(_walked(lines).heads)


def fence_lines(lines: list[str]) -> list[int]:
    """Indexes of the fence lines ("```python", "~~~"): the lines between an opener and its closer are code."""
    return list(_walked(lines).fences)


def heading_starts(lines: list[str]) -> list[int]:
    """content_start() of each heading of headings(lines), in order."""
    return list(_walked(lines).starts)


def blocks(lines: list[str], first_line: int, skip: re.Pattern | None = None) -> list[Block]:
    """Prose blocks of body lines (first_line = README line of lines[0]), outside code fences and BibTeX,
    leaving out the sections whose heading `skip` matches ("### Citation Information")."""
    out: list[Block] = []
    skipped: dict[str, bool] = {}  # a section's many blocks: its title is looked up once
    for text, start, end, section, kind, level in _walked(lines).pieces:
        if level and skip is not None:  # level 0: before the first heading, never skipped
            if section not in skipped:
                skipped[section] = _skips(skip, section)
            if skipped[section]:
                continue
        out.append(Block(text, start + first_line, end + first_line, section, kind, level))
    return out


def _skips(skip: re.Pattern, title: str) -> bool:
    """Whether `skip` matches a section title; remembered, as a section has many blocks and cards
    repeat their template's titles (a long title is read afresh, so the memo stays small)."""
    return _skips_title(skip, title) if len(title) <= 300 else skip.search(title) is not None


@functools.lru_cache(maxsize=4096)
def _skips_title(skip: re.Pattern, title: str) -> bool:
    return skip.search(title) is not None


def _pieces(rows: tuple[Row, ...]) -> Iterator[Piece]:
    """The prose blocks of a walked body, with 0-based line indexes, in every section."""
    section, level = "", 0
    current: list[str] = []  # the lines of the block being gathered
    start, kind = 0, "para"  # of the block being gathered
    for index, line, where, title in rows:
        if where == "text" and not title:
            stripped = line.strip()
            if stripped and not ("@" in line and _BIBTEX.match(line)):  # _BIBTEX needs an "@"
                starts = _line_kind(stripped)
                # a table row or a list item opens a block of its own
                if starts != "para" or not current:
                    if current:
                        yield " ".join(current), start, index - 1, section, kind, level
                    current, start, kind = [], index, starts
                current.append(stripped)
                if starts == "row":
                    yield stripped, index, index, section, kind, level
                    current = []
                continue
        if current:  # a fence, code, a heading, a blank line or BibTeX ends the block
            yield " ".join(current), start, index - 1, section, kind, level
            current = []
        if title:
            level, section = title
    if current:
        yield " ".join(current), start, rows[-1][0], section, kind, level


def _line_kind(stripped: str) -> str:
    """'| a | b |' -> row; '- item', '1. item' -> item; anything else continues a paragraph."""
    first = stripped[0]
    if first == "|":
        return "row"
    # _ITEM opens with a mark or a digit (any Unicode digit: what \d matches); most lines do not
    return "item" if (first in "-*+" or first.isdecimal()) and _ITEM.match(stripped) else "para"


def lines_holding(lines: list[str], words: Iterable[str] | None) -> list[int]:
    """Indexes, in order, of the lines whose fold() (agent.prefilter) holds one of the lower-case `words`;
    every line when `words` is None: the lines a prefiltered pattern may match."""
    if words is None:
        return list(range(len(lines)))
    text = "\n".join(lines)  # lines hold no line break, and fold() makes none
    # fold() of a long non-ASCII text is slow (a table lookup per character): then line by line,
    # as only the lines outside ASCII pay it
    if text.isascii():
        folded = fold(text)
    else:  # fold() is lower() on a line in ASCII
        folded = "\n".join([line.lower() if line.isascii() else fold(line) for line in lines])
    return sorted(_lines_with(folded, words))


def _lines_with(text: str, words: Iterable[str]) -> set[int]:
    """Indexes of the lines of `text` that hold one of `words` (no word holds a line break): a few
    substring searches over the whole text instead of a test per line (most lines hold none)."""
    found: set[int] = set()
    for word in words:
        line, counted = 0, 0  # line breaks before `counted`
        at = text.find(word)
        while at >= 0:
            line += text.count("\n", counted, at)
            found.add(line)
            end = text.find("\n", at)  # on to the next line: this one is found
            if end < 0:
                break
            line, counted = line + 1, end + 1
            at = text.find(word, counted)
    return found
