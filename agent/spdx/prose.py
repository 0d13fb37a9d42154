"""License names in free text -> an SPDX expression, honouring negation, scope and citations.

"The code is MIT, the data is CC BY-NC 4.0" -> CC-BY-NC-4.0 (the MIT mention is scoped to code);
"not licensed under the GPL" -> nothing; a license named inside a BibTeX block is not evidence.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import NamedTuple

from agent.memo import remembered
from agent.spdx.prose_names import Hit, all_hits
from agent.spdx.urls import URL, map_url

# BibTeX entries: "@inproceedings{key, title={The GPL corpus}, ...}" (to the closing brace of the entry)
_BIBTEX = re.compile(r"@\w+\s*\{[^@]*?\n[^\S\n]*\}", re.S)  # "\n\s*\}" was quadratic on blank lines
# Markdown link targets "](https://...)" and bare URLs, blanked out for name matching
_MD_TARGET = re.compile(
    r"\]\(\s*(?:<?[^)\s\]]+>?\s*)?(?:\"[^\"]*\"\s*)?\)"
)  # no two \s* in a row: linear
# sentence ends and list items start a new sentence: ". The", "\n\n", "\n- "; so does the end of a short line
# (a title such as "MIT License" or "Project Code" stands alone; long wrapped lines continue their sentence)
_SENTENCE = re.compile(
    r"(?<=[.!?])\s+(?=[A-Z\[(*`_\"])|\n\s*\n|\n\s*(?:[-*+]|\d+\.)\s|:\s*\n|(?<![^\n]{41})\n|\n(?=[^\n]{0,40}(?:\n|$))"
)
# clause breaks inside a sentence: "The code is MIT, the data is CC BY-NC" / "..., but the source data is"
_CLAUSE = re.compile(r"[,;:]|\s(?:but|while|whereas|however|and\s+the|with\s+the)\s", re.I)
# negation that governs the licensing: "is not licensed under the GPL", "has never been released under", "isn't MIT",
# "not the GPL"; but "commercial use is not permitted under the CC BY-NC 4.0 license" is not a negated license
# ... "does not tag the data CC0", "is not marked as public domain", "has not dedicated it to the public domain"
_VERB = (
    r"(?:been\s+|be\s+)?(?:licen[cs]ed|released|distributed|available|published|covered|under|tag(?:ged)?|mark(?:ed)?"
    r"|dedicat\w*)\b"
)
_NEGATION = re.compile(
    r"\b(?:not|never|no\s+longer)\s+"
    + _VERB
    + r"|n't\s+"
    + _VERB
    + r"|(?:\bnot|n't|\bnever)\s+(?:\w+\s+)?$|\bneither\b|\bnor\b",
    re.I,
)
# scope words: the mention is about code / models, not the data
_CODE = re.compile(
    r"\b(?:code|source\s+code|software|scripts?|models?|implementation|programs?|weights|checkpoints?"
    r"|librar(?:y|ies)|tool(?:kit)?s?)\b",
    re.I,
)
_DATA = re.compile(
    r"\b(?:data|datasets?|corpus|corpora|annotations?|texts?|images?|audio|benchmark|labels?|passages?"
    r"|recordings?|content|collection|work|resource|questions?|sentences?|dialog(?:ue)?s?)\b",
    re.I,
)
# upstream words: the mention is about a source the data came from: "The source knowledge base uses ..."
_UPSTREAM = re.compile(
    r"\b(?:(?<!open\s)(?<!open-)source|original(?:ly)?|upstream|derived\s+from|based\s+on|crawled\s+from|taken\s+from"
    r"|retrieved\s+from|extracted\s+from)\b",
    re.I,
)
# a choice between licenses: "dual-licensed", "co-licensed", "either ... or", "at your option"
_CHOICE = re.compile(
    r"\b(?:dual[\s-]?licen[cs]ed|co-?licen[cs]ed|either\b[^.]{0,120}\bor\b|at\s+your\s+(?:option|choice)"
    r"|you\s+may\s+choose)",
    re.I,
)


# the first words of license texts the name table recognises: "Permission is hereby granted", "Redistribution and use"
_NOTICE = re.compile(r"Permission\s|Redistribution\s|Licensed\s+under", re.I)
_PAREN = re.compile(r"\([^()]*\)")  # "(see LICENSE for code, MIT)"


class Mention(NamedTuple):
    """One license mention with how it was found and what it is about."""

    license: str
    start: int
    end: int
    how: str  # "name" | "url"
    strength: float
    family: str
    negated: bool
    scope: str  # "data" | "code" | "upstream"


class Reading(NamedTuple):
    """What a piece of text says: the expression (None when it names no license) and why."""

    expression: str | None
    mentions: list[Mention]  # kept mentions
    dropped: list[Mention]  # negated / out-of-scope / superseded mentions
    strength: float  # weakest kept mention's strength
    note: str


def plain(text: str) -> str:
    """Text with BibTeX entries and URLs blanked (same length, so offsets still point into the text)."""
    blank = lambda m: " " * len(m.group(0))  # noqa: E731
    text = _BIBTEX.sub(blank, text) if "@" in text else text
    text = _MD_TARGET.sub(lambda m: "]" + " " * (len(m.group(0)) - 1), text)
    return URL.sub(blank, text)


class _Breaks:
    """Sentence and clause breaks of a text, found once, looked up by bisection (long sections stay linear)."""

    def __init__(self, flat: str):
        self.flat = flat
        self.sent = [(m.start(), m.end()) for m in _SENTENCE.finditer(flat)]
        self.clause = [(m.start(), m.end()) for m in _CLAUSE.finditer(flat)]

    @staticmethod
    def around(
        breaks: list[tuple[int, int]], start: int, end: int, lo: int, hi: int
    ) -> tuple[int, int]:
        """Nearest break ending before `start` and starting after `end`, within [lo, hi]."""
        i = bisect_left(breaks, (start + 1, -1)) - 1
        while i >= 0 and breaks[i][1] > start:
            i -= 1
        left = max(lo, breaks[i][1]) if i >= 0 else lo
        j = bisect_left(breaks, (end, -1))
        right = min(hi, breaks[j][0]) if j < len(breaks) else hi
        return left, max(right, end)

    def context(self, start: int, end: int) -> tuple[str, str]:
        """(clause before the mention, whole clause); a parenthetical is its own clause."""
        flat = self.flat
        s0, s1 = self.around(self.sent, start, end, 0, len(flat))
        open_paren = flat.rfind("(", s0, start)
        if open_paren != -1 and flat.find(")", open_paren, start) == -1:
            close = flat.find(
                ")", end, s1 + 200
            )  # "(see LICENSE for code, MIT)": the parenthetical is the clause
            s0, s1 = open_paren + 1, close if close != -1 else s1
            return flat[s0:start], flat[s0:s1]
        c0, c1 = self.around(self.clause, start, end, s0, s1)
        # a parenthetical next to the mention speaks about something else: "CC BY-SA (see LICENSE for code, MIT)"
        clause = _PAREN.sub(
            "", flat[c0:c1] + ")" * (flat.count("(", c0, c1) > flat.count(")", c0, c1))
        )
        return _PAREN.sub("", flat[c0:start]), clause


# A label that opens the line and says what the license is for: "- **Code**: MIT", "Data license: CC BY 4.0",
# "| Annotations | CC BY-NC 4.0 |" (the label ends at the colon or the cell border)
_LABEL = re.compile(r"^[\s>*_#|+-]*(?P<label>[A-Za-z][\w /&()-]{0,40}?)[\s*_]*(?::|\|)[\s*_]*$")


# A parenthesis right after the mention saying what it covers: "Apache 2.0 (code)", "CC BY 4.0 (for the data)"
_AFTER = re.compile(r"[ \t]{0,3}\((?:for[ \t]+)?(?:the[ \t]+)?(?P<what>[\w ]{1,30})\)")


def _after_scope(flat: str, end: int) -> str | None:
    """ "code" / "data" from a parenthesis that follows the mention, else None."""
    m = _AFTER.match(flat, end) if end < len(flat) else None
    if not m:
        return None
    what = m.group("what")
    return "data" if _DATA.search(what) else "code" if _CODE.search(what) else None


def title_scope(title: str) -> str | None:
    """What a heading says its text licenses: "Code License" -> "code", "Data" -> "data", "License" -> None."""
    if _DATA.search(title):
        return "data"
    return "code" if _CODE.search(title) else None


def _label_scope(flat: str, start: int) -> str | None:
    """ "code" / "data" when the mention follows a line label naming what it covers, else None."""
    line = flat[flat.rfind("\n", 0, start) + 1 : start]
    if len(line) > 80:  # a label is short: "- **Data license**: "; long prefixes are prose
        return None
    m = _LABEL.match(line)
    if not m:
        return None
    label = m.group("label")
    if _DATA.search(label):
        return "data"
    return "code" if _CODE.search(label) else None


def _scope(before: str, clause: str, label: str | None = None) -> str:
    if label:
        return label
    if _CODE.search(clause) and not _DATA.search(clause):
        return "code"
    if _UPSTREAM.search(before):
        return "upstream"
    return "data"


def mentions(text: str) -> list[Mention]:
    """Every license mention in `text` (names in the text, license URLs), with negation and scope."""
    flat = plain(text)
    raw: list[tuple[Hit, str]] = [(h, "name") for h in all_hits(flat)]
    for m in URL.finditer(text):
        lic = map_url(m.group(0))
        if lic:
            raw.append((Hit(lic, m.start(), m.end(), 0.9, _family(lic)), "url"))
    out = []
    breaks = _Breaks(flat)
    for hit, how in raw:
        before, clause = breaks.context(hit.start, hit.end)
        if _NOTICE.match(
            flat, hit.start
        ):  # the license text itself ("...the Software...") is not a scope clue
            before = clause = ""
        out.append(
            Mention(
                hit.license,
                hit.start,
                hit.end,
                how,
                hit.strength,
                hit.family,
                bool(_NEGATION.search(before)),
                _scope(
                    before, clause, _after_scope(flat, hit.end) or _label_scope(flat, hit.start)
                ),
            )
        )
    return sorted(out, key=lambda m: m.start)


def _link_text(text: str, url_start: int) -> tuple[int, int] | None:
    """Span of the link text of a markdown link whose target starts at url_start: "[CC BY](http...)"."""
    if text[max(0, url_start - 2) : url_start] != "](":
        return None
    close = url_start - 2
    depth, i = 0, close
    while i > 0:
        i -= 1
        if text[i] == "]":
            depth += 1
        elif text[i] == "[":
            if depth == 0:
                return i + 1, close
            depth -= 1
    return None


def pair_links(text: str, ms: list[Mention]) -> tuple[list[Mention], list[Mention], list[str]]:
    """A link target that disagrees with the license named in its link text gives way to the written name.

    "[CC BY-NC 4.0](https://creativecommons.org/licenses/by-sa/4.0/)" -> CC-BY-NC-4.0, with a note.
    """
    keep, drop, notes = [], [], []
    for m in ms:
        span = _link_text(text, m.start) if m.how == "url" else None
        named = [n for n in ms if n.how == "name" and span and span[0] <= n.start < span[1]]
        if named and all(n.family != m.family and n.license != m.license for n in named):
            drop.append(m)
            notes.append(f"link points to {m.license}, its text names {named[0].license}")
        else:
            keep.append(m)
    return keep, drop, notes


def _family(lic: str) -> str:
    """ "CC-BY-NC-4.0" -> "CC-BY-NC"; "GPL-3.0-only" -> "GPL"; "LicenseRef-CC-BY-2.5-ZA" -> "CC-BY"."""
    m = re.match(r"(?:LicenseRef-)?(CC-BY(?:-NC)?(?:-SA|-ND)?|A?L?GPL|GFDL)-", lic)
    return m.group(1) if m else lic


def _supersede(kept: list[Mention]) -> tuple[list[Mention], list[Mention]]:
    """Drop weak mentions a stronger one refines: unversioned CC/GNU by a versioned one of the same family,
    "Creative Commons 4.0" (no attributes) by any other CC mention, "public domain" by any real license."""
    dropped = []
    best: dict[str, float] = {}
    for m in kept:
        best[m.family] = max(best.get(m.family, 0), m.strength)
    has_cc = any(m.family.startswith("CC") and m.family != "CC-?" for m in kept)
    has_real = any(m.family != "PD" for m in kept)
    out = []
    for m in kept:
        weaker = m.strength < best[m.family] and m.strength < 0.9
        if weaker or (m.family == "CC-?" and has_cc) or (m.family == "PD" and has_real):
            dropped.append(m)
        else:
            out.append(m)
    return out, dropped


def _distinct(ms: list[Mention]) -> list[str]:
    """License ids in order of first mention; -only folds into -or-later of the same version."""
    ids: list[str] = []
    for m in ms:
        if m.license not in ids:
            ids.append(m.license)
    for lic in list(ids):
        if lic.endswith("-only") and lic.replace("-only", "-or-later") in ids:
            ids.remove(lic)
        port = re.match(r"LicenseRef-(CC-[A-Z-]+-\d\.\d)-[A-Z]{2}$", lic)
        if port and port.group(1) in ids:
            ids.remove(
                port.group(1)
            )  # "[CC BY-NC-SA 3.0](.../by-nc-sa/3.0/fr/)": the port is the precise reading
        if (
            lic.startswith("GFDL-")
            and "-no-invariants" not in lic
            and lic.replace("-or-later", "-no-invariants-or-later") in ids[:]
            and lic.endswith("-or-later")
        ):
            ids.remove(lic)  # "GFDL ... (with no invariant sections)" refines a plain GFDL mention
    return ids


def read(text: str) -> Reading:
    """Read a piece of text: the expression it states for the data, or None."""
    found = _remembered_reading(text)  # its lists are the caller's own: copies
    return found._replace(mentions=list(found.mentions), dropped=list(found.dropped))


@remembered(maxsize=1024, max_chars=2000)  # cards repeat their template's short license texts
def _remembered_reading(text: str) -> Reading:
    ms = mentions(text)
    if not ms:
        return Reading(None, [], [], 0.0, "")
    ms, dropped, notes = pair_links(text, ms)
    dropped += [m for m in ms if m.negated]
    live = [m for m in ms if not m.negated]
    data = [m for m in live if m.scope == "data"]
    if not data:
        data = [m for m in live if m.scope == "upstream"]
        if data:
            notes.append("license stated for the source data")
    dropped += [m for m in live if m not in data]
    if any(m.scope == "code" for m in live):
        notes.append("a license for code/models was set aside")
    if dropped and any(m.negated for m in dropped):
        notes.append("a negated license mention was set aside")
    kept, superseded = _supersede(data)
    ids = _distinct(kept)
    if not ids:
        return Reading(None, [], dropped + superseded, 0.0, "; ".join(notes))
    op = " OR " if len(ids) > 1 and _CHOICE.search(text) else " AND "
    expr = op.join(f"({i})" if " " in i else i for i in ids)
    strength = min(max(m.strength for m in kept if m.license == i) for i in ids)
    if any("link points to" in n for n in notes):
        strength = min(strength, 0.5)
    return Reading(expr, kept, dropped + superseded, strength, "; ".join(notes))
