"""What part of a repository a license statement covers: the data, the code, or the whole repository."""

from __future__ import annotations

import re
from urllib.parse import unquote

from agent.extract.markdown import lines_holding
from agent.prefilter import Prefiltered

DATA, CODE, WIDE = "data", "code", "repository-wide"

# Words that scope a statement to the code: "Code License", "the source code", "our scripts",
# "model weights", "the software"
_CODE = re.compile(
    r"(?<!non-)(?<!non )\b(?:code(?:base)?|source\s+code|software|scripts?|implementation|toolkit|library|"
    r"model\s+(?:weights?|checkpoints?)|weights?(?:\s+diff)?|checkpoints?)\b",
    re.I,
)
# Words that scope a statement to the data: "Data License", "the dataset", "our corpus", "annotations"
_DATA = re.compile(
    r"\bnon[- ]code\b|\b(?:data(?:sets?)?|corpus|corpora|annotations?|benchmark|instructions|"
    r"conversations|dialogues?|samples|texts?|images|content|translations)\b",
    re.I,
)
# A shields.io license badge: [![Data License](https://img.shields.io/badge/Data%20License-CC%20By%20NC%204.0-red.svg)]
_BADGE = re.compile(r"https?://img\.shields\.io/badge/(?P<body>[^)\s\"'?]+)", re.I)
_BADGES = Prefiltered(_BADGE)  # most lines and statements hold no "img.shields.io/badge/"
# Pointers to a file, named as a file (capitals, an extension, or a link target), not the word:
# "see the LICENSE file", "Please see LICENSE.md", "license in data/LICENSE", "[here](license.txt)"
# ("in line with the LLaMA license" is no pointer)
_POINTER = re.compile(
    r"(?i:\b(?:see|refer\s+to|found\s+in|in|under|check|read)\b)[^.\n]{0,40}?"
    r"(?P<name>(?:[\w-]+/)?[\w-]*(?:LICEN[CS]E|COPYING)[\w.-]*|(?:[\w-]+/)?[\w-]*[Ll]icen[cs]e\.(?:md|txt|rst))"
    r"|\]\((?:\./)?(?P<link>(?:[\w-]+/)?[\w-]*(?i:licen[cs]e|copying)[\w.-]*)\)"
)


# Licenses written for content, not software: Creative Commons itself advises against CC licenses
# for code, so a CC/ODC/CDLA license in a repository speaks for its data. "CC-BY-4.0", "ODbL-1.0"
_CONTENT_LICENSE = re.compile(
    r"^(?:LicenseRef-)?(?:CC-|CC0|ODC|ODbL|PDDL|CDLA|C-UDA|OGL|DL-DE)", re.I
)


def is_content_license(license_id: str) -> bool:
    """True for licenses made for data and creative works ("CC-BY-NC-4.0"), not for code ("MIT")."""
    return bool(_CONTENT_LICENSE.match(license_id))


def role_of_text(text: str) -> str | None:
    """DATA / CODE when the words scope the statement to one part, else None (both or neither).

    >>> role_of_text("Data License: CC BY NC 4.0"), role_of_text("The code is MIT"), role_of_text("MIT")
    ('data', 'code', None)
    """
    code, data = bool(_CODE.search(text)), bool(_DATA.search(text))
    if code == data:
        return None
    return DATA if data else CODE


MAX_BADGES = 20  # a README of thousands of badges says no more than its first few


def has_badge(text: str) -> bool:
    """True when the text holds a shields.io license badge (read by badge_statements instead)."""
    return any(
        re.search(r"licen[cs]e", (_badge_parts(m["body"]) or ("", ""))[0], re.I)
        for m in _BADGES.finditer(text)
    )


def badge_statements(text: str) -> list[tuple[int, str]]:
    """(0-based line, "Label: message") for each shields.io badge whose label names a license.

    >>> badge_statements("[![Code License](https://img.shields.io/badge/Code%20License-Apache_2.0-green.svg)]")
    [(0, 'Code License: Apache 2.0')]
    """
    out = []
    lines = text.splitlines()
    for i in lines_holding(lines, _BADGES.literals):
        for match in _BADGE.finditer(lines[i]):
            parts = _badge_parts(match["body"])
            if parts and re.search(r"licen[cs]e", parts[0], re.I) and parts[1]:
                out.append((i, f"{parts[0]}: {parts[1]}"))
                if len(out) >= MAX_BADGES:
                    return out
    return out


def _badge_parts(body: str) -> tuple[str, str] | None:
    """shields.io's static badge path "label-message-color": "--" is a dash, "_" a space."""
    body = body.split(".svg")[0].replace("--", "\0").replace("__", "\1")
    pieces = body.split("-")
    if len(pieces) < 2:
        return None
    label, message = (
        (pieces[0], pieces[1]) if len(pieces) >= 3 else ("", pieces[0])
    )  # "message-color"

    def clean(value: str) -> str:
        return unquote(value).replace("\0", "-").replace("_", " ").replace("\1", "_").strip()

    return clean(label), clean(message)


# A pointer to a folder: "the license is in data/", "see `dataset/` for its license"
_FOLDER = re.compile(r"\b(?:in|under|see)\s+(?:the\s+)?[`'\"]?(?P<folder>[\w-]+)/", re.I)
# License names, for telling "see LICENSE" (a pointer) from "MIT, see LICENSE" (a statement)
_NAMED = re.compile(
    r"\b(?:MIT|Apache|BSD|L?GPL|AGPL|MPL|CC[- ]?BY|CC0|Creative\s+Commons|ODC|ODbL|PDDL|CDLA|"
    r"Unlicense|public\s+domain|WTFPL|Artistic|EPL|ISC|non-?commercial|research\s+(?:use|purposes))\b",
    re.I,
)


# "the license file", "our LICENSE file": the repository's own top-level license file
_THE_FILE = re.compile(r"\b(?:the|our|this\s+repo(?:sitory)?'?s?)\s+licen[cs]e\s+file\b", re.I)


def names_a_license(text: str) -> bool:
    """True when the text names a license or terms itself, not only a file that holds them."""
    return bool(_NAMED.search(text))


def pointed_names(text: str) -> list[str]:
    """File names a text points to, found or not: "Please see the LICENSE.md file." -> ["LICENSE.md"]."""
    found = [(m["name"] or m["link"]).strip(".,;:)") for m in _POINTER.finditer(text)]
    return found + (["LICENSE"] if _THE_FILE.search(text) and not found else [])


def file_pointers(text: str, names: list[str]) -> list[str]:
    """The files among `names` that the text points to ("see LICENSE.md" -> "LICENSE.md").

    >>> file_pointers("Please see the LICENSE.md file.", ["LICENSE.md", "DATA_LICENSE"])
    ['LICENSE.md']
    >>> file_pointers("The license is in data/.", ["LICENSE", "data/LICENSE"])
    ['data/LICENSE']
    """
    lower = {n.lower(): n for n in names}
    found = [
        n
        for m in _FOLDER.finditer(text)
        for n in names
        if n.lower().startswith(m["folder"].lower() + "/")
    ]
    if _THE_FILE.search(text):  # "see the license file": the top-level license file(s)
        found += [
            n
            for n in names
            if "/" not in n and n.lower().startswith(("license", "licence", "copying"))
        ]
    for match in _POINTER.finditer(text):
        name = (match["name"] or match["link"]).strip(".,;:)").lower()
        hit = lower.get(name) or next(
            (
                lower[n]
                for n in lower
                if n.split(".")[0] == name.split(".")[0] and n.count("/") == name.count("/")
            ),
            None,
        )
        if hit and hit not in found:
            found.append(hit)
    return found


def split_by_role(text: str) -> list[tuple[str | None, str, int]]:
    """The text cut where its scope changes: (role, piece, first line) for each run of lines.

    "Code: Apache-2.0 / Data: CC BY-NC 4.0" on separate lines (or in one line joined by ";"
    or "while") gives a code piece and a data piece; text with one scope stays whole.
    """
    pieces: list[tuple[str | None, list[str], int]] = []
    for i, line in enumerate(text.splitlines()):
        for part in _clauses(line):
            role = role_of_text(part) if part.strip() else None
            if pieces and (role is None or role == pieces[-1][0]):
                pieces[-1][1].append(part)
            elif pieces and pieces[-1][0] is None and not _names_license(pieces[-1][1]):
                pieces[-1] = (role, pieces[-1][1] + [part], pieces[-1][2])
            else:
                pieces.append((role, [part], i))
    return [
        (role, "\n".join(lines).strip(), start)
        for role, lines, start in pieces
        if "".join(lines).strip()
    ]


# Clause breaks inside a line where the scope may change: "code under MIT; data under CC BY 4.0",
# "The code is MIT licensed, while the data is CC BY-NC", "…Apache 2.0. The dataset is …"
# (bounded runs of spaces that start after a non-space: linear on adversarial lines of blanks)
_CLAUSE = re.compile(
    r"(?<=[;.])\s{1,8}(?=[A-Z])|;\s{0,8}|(?<!\s),?\s{1,8}(?:while|whereas|but|and)\s{1,8}"
    r"(?=(?:the|our|all|its)\s)",
    re.I,
)
_LICENSE_NAME = re.compile(
    r"licen[cs]|\b(?:MIT|Apache|BSD|GPL|CC[- ]BY|CC0|creative\s+commons)\b", re.I
)


def _clauses(line: str) -> list[str]:
    parts = [p for p in _CLAUSE.split(line) if p]
    return (
        parts
        if len(parts) > 1 and sum(bool(_LICENSE_NAME.search(p)) for p in parts) > 1
        else [line]
    )


def _names_license(lines: list[str]) -> bool:
    return any(_LICENSE_NAME.search(line) for line in lines)
