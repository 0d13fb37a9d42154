"""The one walk of a card body: remembered per body, equal to a fresh walk, bounded; and the readers
built on it (blocks, section ends, lines holding a word) equal to their line-by-line definitions."""

from __future__ import annotations

import random
import re

from agent.extract import markdown
from agent.extract.markdown import Block, blocks, headings, lines_holding, scan
from agent.extract.sections import _section_ends
from agent.prefilter import Prefiltered, fold

_PIECES = [
    "",
    "   ",
    "# Title",
    "## License",
    "### Citation Information",
    "  ## Terms of use ##",
    "#hashtag",
    "Licence",
    "-------",
    "=====",
    "---",
    "```",
    "```python",
    "~~~",
    "| a | b |",
    "|---|---|",
    "- item",
    "* star item",
    "1. first",
    "٣. arabic digit",
    "@inproceedings{key,",
    "Some prose that goes on.",
    "Released under the MIT License.",
    "    indented code",
    "> quote",
    "Ünïcödé text, ſtill prose",
]


def _random_bodies(count: int, seed: int = 11) -> list[list[str]]:
    rng = random.Random(seed)
    return [[rng.choice(_PIECES) for _ in range(rng.randint(0, 40))] for _ in range(count)]


def _reference_blocks(lines: list[str], first_line: int, skip: re.Pattern | None) -> list[Block]:
    """blocks() as it was written before the walk kept its blocks: one pass, skipping as it goes."""
    out: list[Block] = []
    section, level, skipping = "", 0, False
    current: list[tuple[int, str]] = []
    kind = ["para"]

    def flush() -> None:
        if current and not skipping:
            text = " ".join(t.strip() for _, t in current)
            out.append(Block(text, current[0][0], current[-1][0], section, kind[0], level))
        current.clear()
        kind[0] = "para"

    for index, line, where, title in scan(lines):
        if where in ("fence", "underline"):
            flush()
            continue
        if where == "code" or title or not line.strip() or re.match(r"^\s*@\w+\s*\{", line):
            flush()
            if title:
                level, section, skipping = title[0], title[1], bool(skip and skip.search(title[1]))
            continue
        stripped = line.strip()
        starts = (
            "row"
            if stripped.startswith("|")
            else "item"
            if re.match(r"^([-*+]|\d+[.)])\s", stripped)
            else "para"
        )
        if starts != "para":
            flush()
            kind[0] = starts
        current.append((index + first_line, line))
        if starts == "row":
            flush()
    flush()
    return out


def _reference_walk(lines: list[str]) -> list[tuple]:
    """The walk as written before its lines were tested for a "#", a fence or an underline first."""
    rows: list[tuple] = []
    fenced, underline = False, -1
    for i, line in enumerate(lines):
        if markdown.FENCE.match(line):
            fenced = not fenced
            rows.append((i, line, "fence", None))
        elif fenced:
            rows.append((i, line, "code", None))
        elif i == underline:
            rows.append((i, line, "underline", None))
        else:
            above, below = lines[i - 1] if i else "", lines[i + 1] if i + 1 < len(lines) else ""
            title = markdown.heading(line) or markdown._underlined(above, line, below)
            if title and not markdown.heading(line):
                underline = i + 1
            rows.append((i, line, "text", title))
    return rows


def test_the_walk_equals_its_line_by_line_definition():
    for lines in _random_bodies(300, seed=1):
        assert list(scan(lines)) == _reference_walk(lines)
        assert markdown.heading_starts(lines) == [
            markdown.content_start(lines, i) for i, _, _ in headings(lines)
        ]


def test_a_remembered_walk_equals_a_fresh_one_for_a_copy_of_the_lines():
    for lines in _random_bodies(200):
        fresh = markdown._walk_of(tuple(lines))
        assert list(scan(list(lines))) == list(fresh.rows)
        assert list(scan(list(lines))) == list(fresh.rows)  # the remembered one, for a new list
        assert headings(list(lines)) == list(fresh.heads)


def test_the_remembered_walks_are_bounded():
    memo = markdown._remembered_walk
    for lines in _random_bodies(100, seed=3):
        scan(lines + ["a line of its own"])
    assert len(memo) <= memo.max_entries and memo.chars <= memo.max_chars


def test_blocks_equal_the_one_pass_definition_with_and_without_skipped_sections():
    skips = [None, re.compile(r"citation|bibtex", re.I), re.compile(r"licen[cs]e", re.I)]
    for lines in _random_bodies(300, seed=5):
        for skip in skips:
            assert blocks(lines, 7, skip) == _reference_blocks(lines, 7, skip)


def test_section_ends_equal_the_next_heading_at_the_same_level_or_above():
    rng = random.Random(2)
    for _ in range(300):
        heads = sorted(
            (i, rng.randint(1, 6), "t") for i in rng.sample(range(200), rng.randint(0, 30))
        )
        naive = [
            next((j for j, lvl, _ in heads[n + 1 :] if lvl <= level), 200)
            for n, (_, level, _) in enumerate(heads)
        ]
        assert _section_ends(heads, 200) == naive


def test_lines_holding_a_word_are_the_lines_a_prefilter_lets_through():
    words = Prefiltered(re.compile(r"licen[cs]e|\breleased\s+under", re.I))
    assert words.literals is not None
    for lines in _random_bodies(200, seed=9):
        lines = lines + ["LICENSE", "İt is RELEASED under", "no word"]
        expected = [i for i, line in enumerate(lines) if words.may_match(fold(line))]
        assert lines_holding(lines, words.literals) == expected
    assert lines_holding(["a", "b"], None) == [0, 1]


def test_citation_lines_read_code_blocks_between_fence_pairs_as_the_row_by_row_reading_did():
    from agent.extract.sections import _citation_lines, _section_spans

    pieces = ["```", "@misc{x,", "{", "@", "text", "## Citation", "## Data"]
    rng = random.Random(8)
    for _ in range(500):
        lines = [rng.choice(pieces) for _ in range(rng.randint(0, 25))]
        expected: set[int] = set()
        for start, _, end, title, _ in _section_spans(lines):
            if re.search(r"citation|bibtex|cite|reference", title, re.I):
                expected.update(range(start, end))
        block: list[int] = []
        for i, _, where, _ in scan(lines):
            if where == "fence":
                if any("@" in lines[k] and "{" in lines[k] for k in block):
                    expected.update(block)
                block = []
            elif where == "code":
                block.append(i)
        assert _citation_lines(lines) == expected


def test_a_body_too_long_to_keep_is_still_walked_once_for_the_list_its_readers_share():
    lines = ["plain text"] * (markdown._REMEMBERED_LINES + 1)
    kept = len(markdown._remembered_walk)
    first = markdown._walked(lines)
    assert markdown._walked(lines) is first  # the same list: the same walk
    assert markdown._walked(list(lines)) is not first  # a copy of it: walked again, not kept
    assert len(markdown._remembered_walk) == kept
