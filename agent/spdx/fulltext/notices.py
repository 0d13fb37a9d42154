"""Standard license notices: the short texts that stand for a license in a file or a card.

The Apache header, the GNU "This program is free software ..." notices (version and "or later"
read from the text), MPL/EPL headers, the CC0 waiver and the Creative Commons deed summaries, from
data/notices.json (written by tools/build_spdx_data.py).
"""

from __future__ import annotations

import json
import os
import re
from functools import lru_cache
from typing import NamedTuple

from agent.spdx import licenses
from agent.spdx.fulltext.matcher import Candidate, separation
from agent.spdx.fulltext.normalize import shingles, tokens

NOTICE_MIN = 0.6  # _fit() a notice must reach
_GNU_VERSION = re.compile(r"\bversion\s+(\d(?:\.\d)?)\b")  # "either version 2 of the License"
# A CC version where it names a licence: "licenses/by/4.0", "Attribution-ShareAlike 3.0", "4.0 International"
_CC_VERSION = re.compile(
    r"(?:licenses/[a-z-]+/|\b(?:attribution|by|sa|nd|nc)[a-z -]{0,40}?\s)"
    r"([1-4]\.[05])\b|\b([1-4]\.[05]) (?:international|unported|generic)"
)


class _Notice(NamedTuple):
    id: str
    kind: str  # header | gnu | cc-deed
    shingles: frozenset


@lru_cache(maxsize=1)
def _notices() -> list[_Notice]:
    with open(os.path.join(licenses.DATA_DIR, "notices.json"), encoding="utf-8") as fh:
        raw = json.load(fh)
    return [
        _Notice(n["id"], n["kind"], frozenset(shingles(tokens(n["text"])))) for n in raw["notices"]
    ]


def _notice_id(notice: _Notice, text: str) -> str:
    """Version read from the text: a GNU notice naming "version 2.1 ... or any later version" ->
    LGPL-2.1-or-later; a CC deed under an "Attribution-NonCommercial 4.0" title -> CC-BY-NC-4.0."""
    low = text.lower()
    family = notice.id.split("-")[0] if notice.kind == "gnu" else notice.id
    if notice.kind == "gnu":
        m = _GNU_VERSION.search(low)
        version = m.group(1) if m else notice.id.split("-")[1]
        version += ".0" if "." not in version else ""
        later = "later version" in low
        found = licenses.canonical(f"{family}-{version}-{'or-later' if later else 'only'}")
        return found or notice.id
    if notice.kind == "cc-deed":
        versions = {a or b for a, b in _CC_VERSION.findall(low)}
        if len(versions) == 1:
            return (
                licenses.canonical(f"{family}-{versions.pop()}")
                or f"LicenseRef-{family}-unversioned"
            )
        return f"LicenseRef-{family}-unversioned"
    return notice.id


def match_notice(text: str) -> Candidate | None:
    """The standard notice a text contains (Apache header, GNU "This program is free software",
    MPL/EPL header, CC0 waiver, CC deed summary), or None. `coverage` is the share of the
    notice found; among close notices (CC BY vs BY-NC deeds) the one that wins on their
    differing words is kept, and `confident` is False when the text holds only what several
    notices share (the GNU warranty disclaimer, the CC attribution clause)."""
    if not isinstance(text, str):
        return None
    query = shingles(tokens(text))
    if not query:
        return None
    scored = sorted(
        (
            (_fit(query, n.shingles), len(query & n.shingles) / len(n.shingles), -i, n)
            for i, n in enumerate(_notices())
        ),
        reverse=True,
    )  # ties: more of the notice found
    best_fit, _, _, best = scored[0]
    if best_fit < NOTICE_MIN:
        return None
    for fit, _, _, other in scored[1:]:
        if best_fit - fit > 0.15:
            break
        if other.id != best.id and separation(query, other.shingles, best.shingles) > 0.2:
            best_fit, best = fit, other
    dice = 2 * len(query & best.shingles) / (len(query) + len(best.shingles))
    coverage = len(query & best.shingles) / len(best.shingles)
    clear = not any(
        _family(other) != _family(best)
        and fit >= best_fit - 0.05
        and separation(query, best.shingles, other.shingles) < 0.2
        for fit, _, _, other in scored[1:]
    )
    return Candidate(
        _notice_id(best, text),
        round(best_fit, 4),
        round(dice, 4),
        round(coverage, 4),
        best_fit >= 0.75 and clear,
    )


def _family(notice: _Notice) -> str:
    """What a notice decides: GNU notices only the family (the text gives the version)."""
    return notice.id.split("-")[0] if notice.kind == "gnu" else notice.id


def _fit(query: set[int], notice: frozenset) -> float:
    """Share of the notice found in the text or, for a text of 12+ shingles that is a piece of
    the notice ("Licensed under the Apache License, Version 2.0 ... compliance with the License"),
    share of the text found in the notice."""
    common = len(query & notice)
    return max(common / len(notice), common / len(query) if common >= 12 else 0.0)
