"""Is a matched full license text the standard one, or that license with clauses added or removed?

A "modified Apache-2.0" (a non-commercial clause inserted, the patent grant deleted) scores close
to Apache-2.0 but grants something else: it must become a LicenseRef-, never that license.
The text is aligned word by word with the listed text (difflib); copyright lines and the optional
preamble/appendix are not changes. An inserted run of words that binds ("shall", "may not",
"commercial", ...) or a removed run of RUN_REMOVED words is a modification.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from agent.spdx import licenses
from agent.spdx.fulltext.matcher import core_text
from agent.spdx.fulltext.normalize import tokens

RUN_ADDED = 8  # words: "You may not use the Work for commercial purposes." is 10
RUN_REMOVED = 25  # words: a whole clause, not a reworded phrase
MAX_WORDS = 12_000  # alignment cost grows with length: longer files are not checked
# Words that make an inserted run a term, not a note: "You may not ...", "shall", "prohibited"
_BINDING = re.compile(
    r"\b(?:shall|must|may|not|prohibited|restrict\w*|commercial\w*|non|only|"
    r"permit\w*|grant\w*|forbid\w*|except|without|research|redistribut\w*)\b"
)
# Restrictions that make words appended after the license a change of its terms:
# "The data may be used for research purposes only", "Commercial use is prohibited"
_RESTRICTION = re.compile(
    r"\b(?:non commercial|noncommercial|commercial use|research (?:purposes|use) only|"
    r"only for research|prohibited|may not be used)\b"
)
# Inserted runs that are not terms: copyright and authorship lines, project names, dates
_BENIGN = re.compile(r"\bcopyright\b|\(c\)|\ball rights reserved\b|\bauthors?\b|\bcontributors\b")


# Removed runs that are notes about the license, not its terms: Creative Commons' own disclaimer;
# and lines the normaliser drops as copyright notices ("Copyright and Similar Rights means ...")
_NOTE = re.compile(r"\bnot a law firm\b|\bhow to apply\b|\bend of terms\b|^copyright\b")


def _moved(run: list[str], other: list[str], n: int = 4) -> bool:
    """True when most of the run's 4-word sequences occur elsewhere in the other text (moved, not changed)."""
    grams = {tuple(run[i : i + n]) for i in range(len(run) - n + 1)}
    if not grams:
        return False
    there = {tuple(other[i : i + n]) for i in range(len(other) - n + 1)}
    return len(grams & there) >= 0.6 * len(grams)


def modifications(text: str, license_id: str) -> str | None:
    """A short description of the clauses added to or removed from `license_id`'s text, or None.

    >>> from agent.spdx import licenses
    >>> modifications(licenses.text("MIT"), "MIT") is None
    True
    """
    body = licenses.text(license_id) or ""
    query = tokens(text)
    if not body or len(query) > MAX_WORDS:
        return None
    references = [tokens(body)] + ([tokens(core)] if (core := core_text(body)) else [])
    found = [_changes(query, ref) for ref in references]
    return found[0] if all(found) else None


def _changes(query: list[str], ref: list[str]) -> str | None:
    matcher = SequenceMatcher(None, query, ref, autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size]
    if not blocks:
        return None
    first, last = blocks[0], blocks[-1]
    for tag, q0, q1, r0, r1 in matcher.get_opcodes():
        added = (
            query[q0:q1] if tag in ("delete", "replace") else []
        )  # a = the query: its "delete" is an addition
        inside = q0 >= first.a + first.size and q1 <= last.a  # not a preamble or a trailing note
        after = q0 >= last.a + last.size
        phrase = " ".join(added)
        binding = _RESTRICTION.search(phrase) if after else inside and _BINDING.search(phrase)
        if (
            len(added) >= RUN_ADDED
            and binding
            and not _BENIGN.search(phrase)
            and not _moved(added, ref)
        ):
            return f'adds "{_short(added)}"'
        within = (
            r0 >= first.b + first.size and r1 <= last.b
        )  # an omitted preamble/trailer is no change
        removed = ref[r0:r1]
        if (
            within
            and tag in ("insert", "replace")
            and len(removed) >= RUN_REMOVED
            and len(added) < len(removed) / 2
            and not _NOTE.search(" ".join(removed))
            and not _moved(removed, query)
        ):
            return f'removes "{_short(removed)}"'
    return None


def _short(words: list[str]) -> str:
    text = " ".join(words)
    return text if len(text) <= 120 else text[:117] + "..."
