"""Markdown body of a card: headings, licensing sections, license sentences and links outside them."""

from __future__ import annotations

import functools
import re

from agent.extract.markdown import (
    content_start,
    fence_lines,
    heading_starts,
    headings,
    lines_holding,
)
from agent.memo import remembered
from agent.models import Evidence
from agent.prefilter import Prefiltered

# "### Licensing Information", "## License", "# Licence", "## Terms of Use", "## Terms and Conditions"
_LICENSING = re.compile(
    r"licen[cs]|terms\s+(of|and)\s+(use|service|access|conditions)|usage\s+(terms|policy)", re.I
)
# "## Citation Information", "### BibTeX": sections whose license names are not evidence
_CITATION = re.compile(r"citation|bibtex|cite|reference", re.I)
# Placeholders the dataset card template leaves behind: "[More Information Needed]", "[Needs More Information]"
PLACEHOLDER = re.compile(
    r"\[(?:More Information Needed|Needs More Information)\](?:\([^)]*\))?", re.I
)
# A license-looking URL: creativecommons.org/licenses/by/4.0, opensource.org/licenses/MIT, .../LICENSE
_URL = re.compile(r"https?://[^\s)\]>\"'`]+", re.I)
_LICENSE_URL = re.compile(
    r"creativecommons\.org/(licenses|publicdomain)|opensource\.org/licen|gnu\.org/(licenses|copyleft)"
    r"|apache\.org/licenses|opendatacommons\.org|cdla\.(io|dev)|/LICEN[CS]E|choosealicense\.com"
    r"|spdx\.org/licenses|/licen[cs]es?[/.]",
    re.I,
)
# A body sentence that talks about licensing: "released under the MIT license"
_LICENSE_WORD = re.compile(
    r"licen[cs]|\b(?:released|distributed|available|provided|published|shared)\s+under\b", re.I
)


def _section_spans(lines: list[str]) -> list[tuple[int, int, int, str, bool]]:
    """(first content line, end of its own text, end including subsections, title, is_licensing) per heading."""
    return list(_remembered_spans(tuple(lines)))


@functools.lru_cache(maxsize=4)  # read by section_evidence and _citation_lines of the same body
def _remembered_spans(lines: tuple[str, ...]) -> tuple[tuple[int, int, int, str, bool], ...]:
    body = list(lines)
    heads = headings(body)
    ends = _section_ends(heads, len(body))
    spans = []
    for n, ((_, _, title), start) in enumerate(zip(heads, heading_starts(body), strict=True)):
        own = heads[n + 1][0] if n + 1 < len(heads) else len(body)
        licensing, citation = _title_reading(title)
        spans.append((start, min(own, ends[n]), ends[n], title, licensing and not citation))
    return tuple(spans)


def _section_ends(heads: list[tuple[int, int, str]], length: int) -> list[int]:
    """Where each heading's section ends: at the next heading of the same or a higher level (one
    pass from the end, so a card of thousands of headings stays linear)."""
    ends = []
    next_at = [length] * 7  # next_at[level]: the line of the nearest heading at `level` or above
    for i, level, _ in reversed(heads):
        ends.append(next_at[level])
        for above in range(level, 7):
            next_at[above] = i
    return ends[::-1]


@remembered(maxsize=4096)  # cards repeat their template's titles
def _title_reading(title: str) -> tuple[bool, bool]:
    """(whether a heading names licensing, whether it names citations): "Licensing Information" -> (True, False)."""
    return _LICENSING.search(title) is not None, _CITATION.search(title) is not None


def _clean(text: str) -> str:
    """Section text without template placeholders; empty when nothing else is left."""
    text = PLACEHOLDER.sub("", text)
    return text.strip()


def _piece(lines: list[str], start: int, end: int, offset: int, source: str) -> Evidence | None:
    text = _clean("\n".join(lines[start:end]))
    if not text:
        return None
    first = start + next(
        k
        for k, line in enumerate(lines[start:end])
        if line.strip() and not PLACEHOLDER.fullmatch(line.strip())
    )
    return Evidence(
        source=source,
        kind="text",
        snippet=text[:20000],
        line_start=first + offset,
        line_end=end + offset - 1,
    )


def section_evidence(lines: list[str], offset: int) -> tuple[list[Evidence], set[int]]:
    """Evidence for licensing sections (offset = README line of lines[0]) and the line indexes they cover.

    A section's own text (up to its first subheading) is the card's licensing statement; text under
    its subheadings ("#### pr and asr" per subset) is kept apart as "subsection:" evidence.
    """
    out: list[Evidence] = []
    covered: set[int] = set()
    spans = _section_spans(lines)
    for start, own_end, end, title, licensing in spans:
        if not licensing or any(s < start < e and lic for s, _, e, _, lic in spans if s != start):
            continue  # a licensing heading nested in another is read as part of its parent
        covered.update(range(start - 1, end))
        if start >= 2 and content_start(lines, start - 2) == start:  # an underlined title's line
            covered.add(start - 2)
        piece = _piece(lines, start, own_end, offset, f"section:{title}")
        if piece:
            out.append(piece)
        for s, o, _, sub, _ in spans:
            if start < s < end:
                piece = _piece(lines, s, o, offset, f"subsection:{title}/{sub}")
                if piece:
                    out.append(piece)
    return out, covered


def _citation_lines(lines: list[str]) -> set[int]:
    """Line indexes inside citation sections and code fences holding BibTeX."""
    out: set[int] = set()
    for start, _, end, title, _ in _section_spans(lines):
        if _title_reading(title)[1]:
            out.update(range(start, end))
    fences = fence_lines(lines)
    for opener, closer in zip(
        fences[::2], fences[1::2], strict=False
    ):  # an unclosed block: not read
        block = range(opener + 1, closer)  # its code lines
        if any("@" in lines[k] and "{" in lines[k] for k in block):
            out.update(block)
    return out


# A labelled license line outside any licensing section states the license as a section would:
# "- **License**: CC BY-SA 4.0", "License: MIT", "**Dataset license:** CC BY 4.0", "> Licence: ODbL"
# (a capital L: "license: mit" at the start of a line is a YAML key of a broken header, not prose)
# (one character class per run of marks, so a line of 10,000 "*" or spaces stays linear)
_LICENSE_LINE = re.compile(
    r"^[ \t>*+_-]*(?:[Dd]ata(?:set)?[ \t]+[Ll]|L)icen[cs]e[ \t*_]*:[ \t*_]*[^ \t*_]"
)
# ... and so does a license badge: "[![License: CC BY-NC 4.0](https://img.shields.io/...)](http://creativecommons...)"
_LICENSE_BADGE = re.compile(
    r"^[ \t>]*\[?!\[(?:[Dd]ata(?:set)?[ \t]+)?[Ll]icen[cs]e\b[^\]]{0,80}\]\("
)
# A line is read only when it holds a word every _LICENSE_WORD match holds, or "creativecommons"
_BODY_WORDS = (
    None
    if (needed := Prefiltered(_LICENSE_WORD).literals) is None
    else needed | {"creativecommons"}
)
MAX_BODY = 40  # body pieces kept: corroboration only, and a 20 MB card must not cost seconds


def body_evidence(lines: list[str], offset: int, skip: set[int]) -> list[Evidence]:
    """License links and license sentences outside the licensing sections and citations (the first MAX_BODY)."""
    out: list[Evidence] = []
    skip = skip | _citation_lines(lines)
    for i in lines_holding(lines, _BODY_WORDS):
        line = lines[i]
        if len(out) >= MAX_BODY:
            break
        if (
            i in skip
            or "](#" in line
            or not _LICENSE_WORD.search(line)
            and "creativecommons" not in line
        ):
            continue  # "- [Licensing Information](#licensing-information)" is a table of contents
        links = [u for u in _URL.findall(line) if _LICENSE_URL.search(u)]
        for url in links:
            out.append(
                Evidence(
                    source="link:body",
                    kind="link",
                    snippet=url.rstrip(".,;"),
                    line_start=i + offset,
                    line_end=i + offset,
                )
            )
        if _LICENSE_LINE.match(line) or _LICENSE_BADGE.match(line):
            out.append(_line("section:license line", line, i + offset))
        elif _LICENSE_WORD.search(_URL.sub("", line)) and not line.lstrip().startswith(
            ("#", "|", "-  ")
        ):
            out.append(_line("body", line, i + offset))
    return out


def _line(source: str, line: str, number: int) -> Evidence:
    """One card line as text evidence: a "License: MIT" line, or a body sentence about licensing."""
    return Evidence(
        source=source, kind="text", snippet=line.strip()[:2000], line_start=number, line_end=number
    )
