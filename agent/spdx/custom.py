"""Custom license terms in free text -> LicenseRef-<slug> with key terms, or "states no license"."""

from __future__ import annotations

import re
from typing import NamedTuple

from agent.prefilter import Prefiltered, fold
from agent.spdx.hub_ids import slug
from agent.spdx.urls import LICENSE_FILE, URL

_I = re.I
# Key terms, each with examples of how cards say them.
TERMS: dict[str, re.Pattern] = {
    # "for non-commercial use", "not for commercial purposes", "commercial use is prohibited"
    "non-commercial": re.compile(
        r"(?<!commercial or )(?<!commercial and )(?<!commercial, )non[\s-]?commercial|\bnot\s+(?:be\s+used\s+)?for\s+commercial|no\s+commercial\s+use"
        r"|commercial\s+(?:use|purposes?)\s+(?:is\s+|are\s+)?(?:prohibited|not\s+(?:allowed|permitted))",
        _I,
    ),
    # "Research only.", "for research purposes only", "solely for ... research", "scientific fair use"
    "research-only": re.compile(
        r"research\s+(?:(?:use|usage|purposes?)\s+)?only|only\s+(?:be\s+used\s+)?for\s+(?:[\w-]+\s+){0,3}research"
        r"|solely\s+for\s+[^.]{0,60}research|sole\s+purpose\s+of\s+[^.]{0,60}research|(?:academic|research|educational)\s+(?:use|purposes?)\s+only"
        r"|research\s+and\s+(?:academic|educational)\s+(?:use|purposes)|scientific\s+fair\s+use"
        r"|academic\s+licen[cs]e|for\s+(?:non-?commercial\s+)?research\s+(?:purposes|use)",
        _I,
    ),
    # "redistribution ... strictly prohibited", "may not be redistributed", "do not redistribute"
    "no-redistribution": re.compile(
        r"\b(?:not|no|never|prohibit\w*)\b[^.]{0,40}\bre-?distribut|re-?distribut\w*[^.]{0,60}"
        r"(?:prohibited|not\s+(?:allowed|permitted))|may\s+not\s+(?:be\s+)?(?:shared|re-?distributed)",
        _I,
    ),
    # "acknowledgement of Google LLC ... would be appreciated", "you must give credit", "cite the source"
    "attribution": re.compile(
        r"acknowledg|must\s+(?:cite|credit|give\s+(?:appropriate\s+)?credit|attribute)"
        r"|obliged\s+to\s+cite|attribution\s+(?:is\s+)?required",
        _I,
    ),
    # an explicit commercial grant: "may be freely used for any purpose", "for commercial or non-commercial purposes"
    "commercial": re.compile(
        r"freely\s+used\s+for\s+any\s+purpose|for\s+commercial\s+(?:or|and|,)\s+non[\s-]?commercial"
        r"|commercial\s+use\s+(?:is\s+)?(?:allowed|permitted)|even\s+commercially",
        _I,
    ),
    # "share-alike", "under the same license"
    "share-alike": re.compile(r"share[\s-]?alike|under\s+the\s+same\s+(?:licen[cs]e|terms)", _I),
}
# Open grants without a license name: "may be freely used for any purpose", "without any restriction"
_PERMISSIVE = re.compile(
    r"(?:may|can)\s+be\s+freely\s+used|freely\s+available\s+to\s+the\s+public|for\s+any\s+purpose"
    r"|(?:not|no)\s+(?:placed\s+)?any\s+restrictions?\s+on\s+its\s+use|re-?use\s+[^.]{0,60}for\s+commercial",
    _I,
)
# The text says there is no license statement: "Unknown", "N/A", "None given", "licensing status ... is unknown"
_NONE_SHORT = re.compile(
    r"^\W*(?:unknown(?:\s+licen[cs]e)?|unknwon|unknow|not\s+known|n/?a|none(?:\s+given)?|not\s+specified|unspecified"
    r"|undefined|no\s+licen[cs]e|tbd|to\s+be\s+determined|not\s+available)\W*$",
    _I,
)
_NONE_SENTENCE = re.compile(
    r"licen[cs]ing\s+status[^.]{0,80}(?:unknown|unclear)|same\s+licen[cs]e\s+as\s+the\s+(?:original|source)"
    r"|licen[cs]\w*\s+(?:information\s+)?of\s+(?:the\s+)?(?:source|original)|(?:each|every)\s+\w+\s+has\s+its\s+own\s+licen[cs]e"
    r"|licen[cs]e\s+(?:is\s+)?(?:unknown|unclear|not\s+(?:known|specified|stated))",
    _I,
)
# A named license or agreement: "Acme Research Data License Agreement", "XYZ User Agreement", "Example Crawl
# terms of use", "Vendor dataset agreement" (capitalised name words, then the kind of document)
_NAMED = re.compile(
    r"(?<![\w&.'’-])(?P<name>(?:[A-Z0-9][\w&.'’-]*\s+){1,6}?)(?P<kind>(?:Data(?:set)?\s+)?(?:Usage\s+|User\s+|Use\s+)?"
    r"(?:Licen[cs]e\s+Agreement|Licen[cs]e|Agreement|Terms\s+of\s+(?:Use|Service|Access)|Terms\s+and\s+"
    r"Conditions|Usage\s+Policy|Licence))\b",
    re.I,
)
_NAME_WORD = re.compile(r"^[A-Z0-9]")
# a link whose text names a license document: "read and agree to the [license](http://...)",
# "[vendor-dataset-agreement](https://...)"; not "see their [terms of service](...)" (a third party's terms)
_LINKED_DOC = re.compile(
    r"(?<!their )\[(?P<text>[^\]]{0,80}?(?:licen[cs]e|agreement|terms)(?=(?P<tail>[^\]]{0,40}))(?P=tail))\]\(",
    re.I,
)
# wording that binds the reader to terms: "you are bound by", "agree to", "In exchange for permission"
_BINDING = re.compile(
    r"bound\s+by|agrees?\s+to|you\s+(?:must|shall)|subject\s+to|governed\s+by|in\s+exchange\s+for"
    r"|hereby|grants?\s|terms\s+and\s+conditions|make\s+sure\s+to\s+read|legal\s+agreement",
    _I,
)
_STOP_NAMES = {
    "the",
    "this",
    "a",
    "an",
    "our",
    "their",
    "its",
    "creative",
    "commons",
    "under",
    "see",
    "same",
    "own",
    "mit",
    "apache",
    "gnu",
    "bsd",
    "public",
    "open",
    "with",
    # filler that starts a pointer, never a name: "Please see the License", "Refer to LICENSE"
    "please",
    "refer",
    "check",
    "contact",
    "read",
    "find",
    "for",
    "more",
    "details",
    "file",
    "in",
    "to",
}


RESTRICTION_ONLY = "custom terms: restrictions only, no license named"


class CustomReading(NamedTuple):
    """kind: "custom" (LicenseRef with terms), "none" (the text states no license) or "" (nothing to say)."""

    kind: str
    license: str | None
    terms: list[str]
    note: str


# Each term's pattern runs only on text holding a word it needs (agent.prefilter): most text holds few
_TERM_WORDS = {name: Prefiltered(rx) for name, rx in TERMS.items()}


def key_terms(text: str) -> list[str]:
    """Key terms present in text, in a fixed order: ["non-commercial", "research-only", ...]."""
    folded = fold(text)
    return [name for name, words in _TERM_WORDS.items() if words.search(text, folded)]


def _named(text: str) -> str | None:
    """The name of a custom license or agreement the text refers to, if any."""
    for m in _NAMED.finditer(text):
        words = [w for w in m.group("name").split() if _NAME_WORD.match(w)]
        while words and words[0].lower() in _STOP_NAMES:
            words = words[1:]
        if words and not any(w.lower().strip(".,") in _STOP_NAMES for w in words[-1:]):
            return " ".join(words + m.group("kind").split())
    return None


def _license_file(text: str) -> str | None:
    """The repository of a linked LICENSE file: ".../org/repo/blob/main/LICENSE" -> "repo"."""
    for m in URL.finditer(text):
        url = m.group(0).rstrip(".,;")
        if LICENSE_FILE.search(url):
            parts = [p for p in url.split("/") if p]
            repo = parts[3] if len(parts) > 3 and "github" in url else parts[1].split(".")[0]
            return repo
    return None


def read_custom(text: str) -> CustomReading:
    """Read text with no standard license in it: custom terms, a statement of no license, or nothing."""
    terms = key_terms(text)
    restrictive = [
        t for t in terms if t in ("non-commercial", "research-only", "no-redistribution")
    ]
    name = _named(text)
    if not restrictive and (_NONE_SHORT.match(text) or _NONE_SENTENCE.search(text)):
        return CustomReading("none", None, [], "the text states no license")
    link = _license_file(text)
    if not name and not link:
        doc = _LINKED_DOC.search(text)
        name = (
            doc.group("text")
            if doc and doc.group("text").lower() not in ("license", "licence")
            else name
        )
        link = "linked" if doc and not name else None
    if (
        restrictive
        or _PERMISSIVE.search(text)
        or name
        or link
        or (_BINDING.search(text) and len(text) > 200)
    ):
        label = (
            name
            or "-".join(restrictive)
            or (
                "Linked-License-Terms"
                if link == "linked"
                else f"{link}-LICENSE"
                if link
                else "Custom-Terms"
            )
        )
        if not name and not link and not restrictive and _PERMISSIVE.search(text):
            label = "Free-Use-Terms"
        only = (
            restrictive and not name and not link
        )  # "Research use only." names no license of its own
        return CustomReading(
            "custom",
            "LicenseRef-" + slug(label),
            terms,
            RESTRICTION_ONLY if only else "custom terms",
        )
    return CustomReading("", None, [], "no license stated")


# A list item that gives its part custom terms: "... which comes with [MSR-LA](...) license", "comes with its
# [own](...) license", "*may be freely used for any purpose* for subset A", "subset B: Need permission [here]"
_BULLET = re.compile(r"^[ \t]*(?:[-*+]|\d+\.)[ \t]+(.+)$", re.M)
_PART_TERMS = re.compile(
    r"\b(?:its|their)\s+(?:\[\s*)?own\b[^.\n]{0,80}?licen[cs]e|\[(?P<name>[A-Z][\w-]{1,30})\]\([^)]*\)\s+licen[cs]e"
    r"|may\s+be\s+freely\s+used|\bneeds?\s+permission|permission\s+(?:is\s+)?required",
    re.I,
)


def part_refs(text: str, licensed: list[tuple[int, int]]) -> list[tuple[str, list[str]]]:
    """Custom parts listed beside standard ones: one (LicenseRef, terms) per list item with its own terms and
    no license name of ours inside (`licensed` = spans of the mentions found in the text)."""
    out = []
    for m in _BULLET.finditer(text):
        if any(m.start() <= a < m.end() for a, _ in licensed):
            continue
        hit = _PART_TERMS.search(m.group(1))
        if hit:
            name = (
                hit.group("name") if hit.group("name") and hit.group("name")[0].isupper() else None
            )
            words = [
                w for w in re.findall(r"\b[A-Z][\w-]+", m.group(1)) if w.lower() not in _STOP_NAMES
            ]
            label = f"{name}-License" if name else "-".join(words[:3] + ["Terms"])
            out.append(("LicenseRef-" + slug(label), key_terms(m.group(1))))
    return out
