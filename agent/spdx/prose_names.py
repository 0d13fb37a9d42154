"""Table of license names, abbreviations and notices as people write them, each -> an SPDX id."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from agent.prefilter import Prefiltered, fold
from agent.spdx import licenses
from agent.spdx.urls import cc_id

_I = re.I


class Hit(NamedTuple):
    """One license named in text: id, character span, strength (1 = exact name with version), family."""

    license: str
    start: int
    end: int
    strength: float
    family: str  # "CC-BY-NC" for CC, "GPL" for GNU, else the id: merges versioned/unversioned names


# --- Creative Commons: an anchor, then the attributes and version in a short window after it ---
# "Creative Commons Attribution-NonCommercial 4.0", "CC BY-SA 3.0", "cc-by-nc-4.0", "CC0", "CC 4.0 Non-Commercial",
# "Attribution-ShareAlike 3.0 Unported" (no "Creative Commons" at all)
_CC_ANCHOR = re.compile(
    r"\bcreative[\s-]*commons?\b|\bcc(?=[\s_-]*(?:by|0|zero|sa|nc|nd|pdm|\d\.\d|public)\b)|\bcc0\b"
    r"|\battribution(?=[\s-]*(?:non|share|no[\s-]?deriv|\d\.\d))",
    _I,
)
_CC_ANCHORS = Prefiltered(_CC_ANCHOR)
# the window ends at a sentence end, a newline, ";", the end of a link text "]" or the next anchor
_CC_STOP = re.compile(r"\.\s|;|\n|\]|\bcreative[\s-]*commons?\b|\bcc[\s_-]*(?:by|0|sa|nc|nd)\b", _I)
_NC = re.compile(r"non[\s-]?commercial|\bnc\b", _I)  # "NonCommercial", "BY-NC"
_SA = re.compile(r"share[\s-]?alike|\bsa\b", _I)  # "ShareAlike", "BY-SA"
_ND = re.compile(r"no[\s-]?deriv|\bnd\b", _I)  # "NoDerivatives", "BY-NC-ND"
_ZERO = re.compile(
    r"\bcc[\s-]?0\b|\bzero\b|public\s+domain\s+dedication", _I
)  # "CC0 1.0 Universal"
_MARK = re.compile(r"public\s+domain\s+mark|\bpdm\b", _I)  # "CC Public Domain Mark 1.0"
_VER = re.compile(r"(?<![\d.])v?([1-4])\.([05])(?![\d])|\bv([1-4])\b", _I)  # "4.0", "v4.0", "v4"
# ports named in words after the version: "2.5 South Africa", "2.0 KR"
_PORTS = {
    "south africa": "ZA",
    "korea": "KR",
    "france": "FR",
    "germany": "DE",
    "spain": "ES",
    "italy": "IT",
    "netherlands": "NL",
    "japan": "JP",
    "taiwan": "TW",
    "australia": "AU",
    "brazil": "BR",
    "poland": "PL",
    "china": "CN",
    "austria": "AT",
    "switzerland": "CH",
    "india": "IN",
    "canada": "CA",
}
_PORT_RE = re.compile(r"\b(" + "|".join(_PORTS) + r")\b|(?<=\d\.\d)\s+([A-Z]{2})\b", _I)


def _cc_window(text: str, start: int, end: int) -> str:
    stop = _CC_STOP.search(text, end, min(len(text), end + 110))
    return text[start : stop.start() if stop else min(len(text), end + 110)]


def cc_hits(text: str, folded: str | None = None) -> list[Hit]:
    """Creative Commons mentions. 'CC BY-SA 4.0' -> CC-BY-SA-4.0; 'CC BY-NC-SA' -> unversioned family.
    (`folded`: fold(text), when the caller has it.)"""
    out: list[Hit] = []
    for m in _CC_ANCHORS.finditer(text, folded):
        if out and m.start() < out[-1].end:
            continue  # "Creative Commons Attribution-..." : the inner "Attribution" anchor is the same mention
        win = _cc_window(text, m.start(), m.end())
        ver = _VER.search(win)
        version = (
            (f"{ver.group(1)}.{ver.group(2)}" if ver.group(1) else f"{ver.group(3)}.0")
            if ver
            else None
        )
        if _ZERO.search(win) and not _NC.search(win):
            out.append(Hit("CC0-1.0", m.start(), m.start() + len(win), 1.0, "CC0"))
            continue
        if _MARK.search(win):
            out.append(Hit("CC-PDM-1.0", m.start(), m.start() + len(win), 1.0, "CC-PDM"))
            continue
        attrs = (
            "by"
            + "-nc" * bool(_NC.search(win))
            + ("-nd" if _ND.search(win) else "-sa" if _SA.search(win) else "")
        )
        named = attrs != "by" or re.search(r"attribution|\bby\b", win, _I)
        port = _PORT_RE.search(win[ver.end() :]) if ver else None
        port_code = (
            (_PORTS.get(port.group(1).lower()) if port.group(1) else port.group(2))
            if port
            else None
        )
        fam = "CC-" + attrs.upper() if named else "CC-?"
        lic = cc_id(attrs, version, port_code)
        strength = (1.0 if version else 0.6) if named else (0.5 if version else 0.2)
        out.append(Hit(lic, m.start(), m.start() + len(win), strength, fam))
    return out


# --- GNU family: "GNU GPLv3", "GNU General Public License v.3", "AGPLv3+", "GFDL 1.3", "LGPL-2.1" ---
_GNU = re.compile(
    r"\b(?:GNU\s+)?(?P<fam>(?:Affero|Lesser|Library)\s+General\s+Public\s+Licen[cs]e|General\s+Public\s+Licen[cs]e"
    r"|Free\s+Documentation\s+Licen[cs]e|AGPL|LGPL|GPL|GFDL|(?<=GNU\s)FDL)"
    r"(?:[\s,(-]*(?:v(?:ersion)?\.?\s*|-)?(?P<ver>[1-3](?:\.[0-3])?)(?![\d.]\d))?"
    r"(?P<later>\+|\s*(?:or|,)\s*(?:\(at\s+your\s+option\)\s*)?(?:any\s+)?later(?:\s+version)?)?",
    _I,
)
_GNU_NAMES = Prefiltered(_GNU)
# in a notice, the version comes later: "... as published by the Free Software Foundation, either version 3 of the
# License, or (at your option) any later version."
_GNU_NOTICE = re.compile(
    r"(?:either\s+)?version\s+(?P<ver>[1-3](?:\.[0-3])?)\s+of\s+the\s+License"
    r"(?P<later>,?\s*or\s*(?:\(at\s+your\s+option\)\s*)?any\s+later\s+version)?",
    _I,
)
# "(GFDL) (unversioned, with no invariant sections, front-cover texts, or back-cover texts)"
_NO_INVARIANTS = re.compile(r"no\s+invariant\s+sections", _I)
_GNU_FAMS = (
    ("affero", "AGPL"),
    ("lesser", "LGPL"),
    ("library", "LGPL"),
    ("documentation", "GFDL"),
    ("fdl", "GFDL"),
    ("agpl", "AGPL"),
    ("lgpl", "LGPL"),
    ("general", "GPL"),
    ("gpl", "GPL"),
)
_GNU_ANY = {
    "GPL": "GPL-1.0-or-later",
    "LGPL": "LGPL-2.0-or-later",
    "AGPL": "AGPL-3.0-or-later",
    "GFDL": "GFDL-1.1-or-later",
}


def _gnu_id(fam: str, ver: str | None, later: bool) -> str | None:
    if not ver:
        return _GNU_ANY[fam]
    if "." not in ver:
        ver += ".1" if fam == "LGPL" and ver == "2" else ".0"
    return licenses.canonical(f"{fam}-{ver}-{'or-later' if later else 'only'}")


def gnu_hits(text: str, folded: str | None = None) -> list[Hit]:
    """GNU license mentions; a notice's "version 3 of the License, or any later" versions the name before it."""
    out = []
    for m in _GNU_NAMES.finditer(text, folded):
        low = m.group("fam").lower()
        fam = next(f for k, f in _GNU_FAMS if k in low)
        ver, later = m.group("ver"), bool(m.group("later"))
        if not ver:
            notice = _GNU_NOTICE.search(text, m.end(), m.end() + 200)
            if notice:
                ver, later = notice.group("ver"), bool(notice.group("later"))
        lic = _gnu_id(fam, ver, later)
        if lic and fam == "GFDL" and _NO_INVARIANTS.search(text, m.end(), m.end() + 300):
            lic = lic.replace("GFDL-1.1-or-later", "GFDL-1.1-no-invariants-or-later")
        if lic:
            out.append(Hit(lic, m.start(), m.end(), 1.0 if ver else 0.5, fam))
    return out


def _fixed(pattern: str, lic: str, strength: float = 1.0, family: str | None = None) -> tuple:
    return re.compile(pattern, _I), (lambda m: lic), strength, family or lic


def _bsd(m: re.Match) -> str:
    word = (m.group(0) or "").lower()
    if "4" in word or "original" in word:
        return "BSD-4-Clause"
    if "2" in word or "simplified" in word or "freebsd" in word:
        return "BSD-2-Clause"
    if "3" in word or any(k in word for k in ("new", "revised", "modified")):
        return "BSD-3-Clause"
    return "LicenseRef-BSD-unversioned"


def _apache(m: re.Match) -> str:
    ver = m.group("ver") or "2.0"
    return licenses.canonical(f"Apache-{ver if '.' in ver else ver + '.0'}") or "Apache-2.0"


# (regex, builder, strength, family). One example per entry in the comment.
NAMED: list[tuple[re.Pattern, Callable[[re.Match], str], float, str]] = [
    # "MIT License", "MIT licence", "under the MIT", "[MIT](...)", a line reading just "MIT"; not "MIT Media Lab"
    _fixed(
        r"\bMIT(?:[\s-]+licen[cs]e[ds]?\b|(?=\s*[)\]\.,;:`*\"']|\s*$)|(?<=under\sthe\sMIT)|(?<=under\san\sMIT))",
        "MIT",
    ),
    # "Permission is hereby granted, free of charge, to any person obtaining a copy" (the MIT text itself)
    _fixed(r"Permission\s+is\s+hereby\s+granted,\s+free\s+of\s+charge,\s+to\s+any\s+person", "MIT"),
    # "Apache License 2.0", "Apache License, Version 2.0", "ASL 2.0", "Apache-2.0", "Apache 2"
    (
        re.compile(
            r"\b(?:Apache|ASL)(?:[\s-]+Software)?(?:[\s-]+Licen[cs]e)?,?[\s-]*(?:v(?:ersion)?\.?\s*)?"
            r"(?P<ver>[12](?:\.[01])?)(?![\d.]\d)|\bApache\s+Licen[cs]e\b|\bApache\]\s+licen[cs]e\b",
            _I,
        ),
        _apache,
        1.0,
        "Apache",
    ),
    # "BSD 3-Clause", "3-clause BSD", 'BSD "Revised"', "New BSD License", "BSD-2-Clause", "BSD license"
    (
        re.compile(
            r"\b[234][\s-]*clause[\s-]+BSD\b|\b(?:new|revised|modified|simplified|original)\s+BSD\b"
            r"|\bBSD(?:[\s-]*\"?(?:new|revised|modified|simplified|freebsd)\"?)?(?:[\s-]*[234][\s-]*clause)?"
            r"(?:[\s-]*licen[cs]e)?",
            _I,
        ),
        _bsd,
        1.0,
        "BSD",
    ),
    # "Redistribution and use in source and binary forms" (BSD text; "Neither the name" makes it 3-clause)
    (
        re.compile(
            r"Redistribution\s+and\s+use\s+in\s+source\s+and\s+binary\s+forms(?=[\s\S]{0,1500}Neither\s+the\s+name)",
            _I,
        ),
        lambda m: "BSD-3-Clause",
        0.9,
        "BSD",
    ),
    _fixed(
        r"\bODC[\s-]*BY\b(?:[\s-]*1\.0)?|Open\s+Data\s+Commons\s+Attribution", "ODC-By-1.0"
    ),  # "ODC-BY"
    _fixed(
        r"\bODbL\b(?:[\s-]*v?1\.0)?|Open\s+Database\s+Licen[cs]e", "ODbL-1.0"
    ),  # "ODC Open Database License v1.0"
    _fixed(r"\bPDDL\b|Public\s+Domain\s+Dedication\s+and\s+Licen[cs]e", "PDDL-1.0"),  # "ODC PDDL"
    _fixed(
        r"\bC-UDA\b|Computational\s+Use\s+of\s+Data\s+Agreement", "C-UDA-1.0"
    ),  # "C-UDA License"
    _fixed(
        r"\bO-UDA\b|Open\s+Use\s+of\s+Data\s+Agreement", "O-UDA-1.0"
    ),  # "Open Use of Data Agreement v1.0"
    # "CDLA-Permissive-2.0", "Community Data License Agreement – Sharing, Version 1.0"
    (
        re.compile(
            r"\bCDLA[\s-]*(?P<k>Permissive|Sharing)(?:[\s-]*v?(?P<v>\d\.\d))?|Community\s+Data\s+Licen[cs]e\s+"
            r"Agreement\s*[-–—,]?\s*(?P<k2>Permissive|Sharing)(?:,?\s*Version\s*(?P<v2>\d\.\d))?",
            _I,
        ),
        lambda m: (
            f"CDLA-{(m.group('k') or m.group('k2')).capitalize()}-{m.group('v') or m.group('v2') or '1.0'}"
        ),
        1.0,
        "CDLA",
    ),
    _fixed(
        r"\bUnicode\s+(?:Data\s+Files\s+and\s+Software\s+)?Licen[cs]e", "Unicode-DFS-2016"
    ),  # "Unicode license"
    # "Mozilla Public License 2.0", "MPL-2.0"
    (
        re.compile(
            r"Mozilla\s+Public\s+Licen[cs]e,?\s*(?:v(?:ersion)?\.?\s*)?(?P<v>[12]\.[01])|\bMPL[\s-]*v?(?P<w>[12]\.[01])",
            _I,
        ),
        lambda m: f"MPL-{m.group('v') or m.group('w')}",
        1.0,
        "MPL",
    ),
    # "Eclipse Public License 2.0", "EPL-1.0"
    (
        re.compile(
            r"Eclipse\s+Public\s+Licen[cs]e,?\s*(?:v(?:ersion)?\.?\s*)?(?P<v>[12]\.0)|\bEPL[\s-]*v?(?P<w>[12]\.0)",
            _I,
        ),
        lambda m: f"EPL-{m.group('v') or m.group('w')}",
        1.0,
        "EPL",
    ),
    # "European Union Public Licence v1.2", "EUPL-1.1"
    (
        re.compile(
            r"(?:European\s+Union\s+Public\s+Licen[cs]e|\bEUPL)[\s,-]*(?:v(?:ersion)?\.?\s*)?(?P<v>1\.[012])",
            _I,
        ),
        lambda m: f"EUPL-{m.group('v')}",
        1.0,
        "EUPL",
    ),
    _fixed(r"\bthe\s+Unlicense\b|\bUnlicense\b", "Unlicense"),  # "The Unlicense"
    _fixed(r"\bWTFPL\b|Do\s+What\s+The\s+F\w*\s+You\s+Want", "WTFPL"),  # "WTFPL"
    _fixed(
        r"\bISC\s+Licen[cs]e\b|Permission\s+to\s+use,\s+copy,\s+modify,\s+and(?:/or)?\s+distribute\s+this\s+software"
        r"\s+for\s+any\s+purpose\s+with\s+or\s+without\s+fee",
        "ISC",
    ),  # "ISC License"
    _fixed(r"Boost\s+Software\s+Licen[cs]e", "BSL-1.0"),  # "Boost Software License 1.0"
    _fixed(
        r"Microsoft\s+Public\s+Licen[cs]e|\bMS-PL\b", "MS-PL"
    ),  # "Microsoft Public License (Ms-PL)"
    _fixed(
        r"\bLicence\s+Ouverte\b|\betalab[\s-]*2\.0\b|\bOpen\s+Licen[cs]e\s+(?:v(?:ersion)?\s*)?2\.0",
        "etalab-2.0",
    ),
    _fixed(r"Open\s+Government\s+Licen[cs]e", "OGL-UK-3.0"),  # "Open Government Licence v3.0"
    _fixed(
        r"Artistic\s+Licen[cs]e\s*(?:v(?:ersion)?\s*)?2\.0", "Artistic-2.0"
    ),  # "Artistic License 2.0"
    # "public domain" (a status, not a license): "Public Domain", "in the public domain"; not "Public Domain Dedication"
    (
        re.compile(r"\bpublic[\s-]+domain\b(?![\s-]+(?:dedication|mark))", _I),
        lambda m: "LicenseRef-Public-Domain",
        0.4,
        "PD",
    ),
]

# Most texts name few licenses: each pattern runs only on text holding a word it needs (agent.prefilter)
_NAMED_FILTERS = [Prefiltered(rx) for rx, _, _, _ in NAMED]

# a copyright line: "Copyright (c) 2019 MIT", "© MIT 2020"
_HOLDER = re.compile(r"copyright|\(c\)|©", _I)
# SPDX ids written as such in prose: "ODC-By-1.0", "MPL-2.0", "EPL-2.0" (need a digit so common words never match)
_TOKEN = re.compile(
    r"(?<![\w/.-])([A-Za-z][A-Za-z0-9]*(?:[.-][A-Za-z0-9+]+)*-\d[A-Za-z0-9.+-]*)(?![\w/-])"
)


def _holder(text: str, pos: int) -> bool:
    """True when `pos` is the holder of a copyright line ("Copyright (c) 2019 MIT"), not "... Licensed under MIT"."""
    line = text[max(0, text.rfind("\n", 0, pos) + 1) : pos]
    marks = list(_HOLDER.finditer(line))
    return bool(marks) and not re.search(r"licen|under|[.;]\s", line[marks[-1].end() :], _I)


def named_hits(text: str, folded: str | None = None) -> list[Hit]:
    """All non-CC, non-GNU name/abbreviation/notice mentions, plus SPDX ids written literally."""
    out = []
    folded = fold(text) if folded is None else folded
    for (_, build, strength, fam), names in zip(NAMED, _NAMED_FILTERS, strict=True):
        for m in names.finditer(text, folded):
            if fam == "MIT" and _holder(text, m.start()):
                continue  # "Copyright (c) 2019 MIT" names the institution, not the license
            out.append(Hit(build(m), m.start(), m.end(), strength, fam))
    for m in _TOKEN.finditer(text):
        tok = m.group(1).rstrip(".")
        if tok.lower().startswith(("cc", "gpl", "lgpl", "agpl", "gfdl", "apache")):
            continue  # their own matchers read these with versions and ports
        lic = licenses.preferred(tok)
        if lic:
            out.append(Hit(lic, m.start(), m.start() + len(tok), 1.0, lic))
    return out


def all_hits(text: str) -> list[Hit]:
    folded = fold(text)  # once for the three readers' prefilters
    return cc_hits(text, folded) + gnu_hits(text, folded) + named_hits(text, folded)
