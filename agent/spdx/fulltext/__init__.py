"""Full license texts and standard notices -> SPDX ids (normalise, shingle, compare).

match_text(text) -> [Candidate(id, score, dice, coverage, confident)], best first
best_match(text) -> the confident Candidate or None
contained_licenses(text) -> every license found whole in a text (a LICENSE with two licenses)
match_notice(text) -> the standard notice a text holds (Apache header, GNU notice, CC deed) or None
text_kind(text) -> "full" | "notice" | "other"
"""

from agent.spdx.fulltext.matcher import (
    CONFIDENT,
    Candidate,
    best_match,
    contained_licenses,
    core_text,
    index,
    index_stats,
    match_shingles,
    match_text,
    same_text_ids,
    separation,
)
from agent.spdx.fulltext.normalize import (
    EQUIVALENT,
    TEXT_STEPS,
    equivalent_words,
    lowercase,
    shingles,
    strip_bullets,
    strip_copyright,
    strip_markup,
    tokens,
    unify_characters,
    words,
)
from agent.spdx.fulltext.notices import match_notice

__all__ = [
    "CONFIDENT",
    "Candidate",
    "EQUIVALENT",
    "TEXT_STEPS",
    "best_match",
    "contained_licenses",
    "core_text",
    "equivalent_words",
    "index",
    "index_stats",
    "lowercase",
    "match_notice",
    "match_shingles",
    "match_text",
    "same_text_ids",
    "separation",
    "shingles",
    "strip_bullets",
    "strip_copyright",
    "strip_markup",
    "text_kind",
    "tokens",
    "unify_characters",
    "words",
]


def text_kind(text: str) -> str:
    """ "full" (a whole license text matched), "notice" (a standard notice), or "other"."""
    if best_match(text):
        return "full"
    found = match_notice(text)
    return "notice" if found and found.confident else "other"
