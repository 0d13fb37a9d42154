"""Restriction candidates: the prefiltered words and the words outside ASCII read as one pattern did."""

from __future__ import annotations

import random
import re

from agent.extract.terms import _CANDIDATE_BEYOND_ASCII, _is_candidate

# The one pattern the candidate test was written as before it was split for its prefilter
_ONE_PATTERN = re.compile(
    r"\bonly\b|solely|exclusive|strictly|restrict|limited\s+to|\btrain|commerc|provisional|redistribut"
    r"|仅|禁止|不得|不可|uniquement|s[oó]lo|\bnur\s|exclusivamente|solamente|únicamente|comercial"
    r"|tentative|terms\s+(?:of|and)|\bToS\b|polic(?:y|ies)|agreement|\bDUA\b|subject\s+to",
    re.I,
)
_WORDS = [
    "only",
    "ONLY",
    "lonely",
    "Solo",
    "SÓLO",
    "ſolo",
    "únicamente",
    "ÚNICAMENTE",
    "仅限研究",
    "禁止",
    "不可",
    "Training",
    "the",
    "data",
    "limited to",
    "limited\tto",
    "ToS",
    "tos",
    "photos",
    "nur ",
    "Kommerziell",
    "commercial",
    "terms of",
    "polices",
    "policies",
    "DUA",
    "dual",
    "subject   to",
    "\u212aelvin",
    "İ",
    "tentative",
    "-",
    ".",
]


def test_the_split_candidate_test_agrees_with_the_one_pattern():
    rng = random.Random(4)
    for _ in range(5000):
        text = rng.choice(["", " "]).join(rng.choice(_WORDS) for _ in range(rng.randint(0, 5)))
        assert _is_candidate(text) is bool(_ONE_PATTERN.search(text)), text


def test_words_beyond_ascii_need_a_character_outside_ascii():
    # what lets _is_candidate skip them on ASCII text: no ASCII character matches theirs under IGNORECASE
    for branch in _CANDIDATE_BEYOND_ASCII.pattern.split("|"):
        wide = [ch for ch in branch if not ch.isascii()]
        assert wide, branch
        for ch in wide:
            assert not [a for a in map(chr, range(128)) if re.fullmatch(ch, a, re.I)], ch
