"""Text normalisation for license matching (askalono style): small pure steps, words, shingles.

Both the bundled license texts and the texts to identify go through the same steps, in order, so
formatting (line wrapping, Markdown, typographic quotes, list numbering, copyright lines, British
spellings) never changes a score.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable

SHINGLE = 5
MAX_CHARS = 500_000  # texts are read up to here (10x the longest SPDX text): bounded CPU per card

_CHARS = (
    ("\u2018", "'"),
    ("\u2019", "'"),
    ("\u201c", '"'),
    ("\u201d", '"'),
    ("\u2013", "-"),
    ("\u2014", "-"),
    ("\u00a0", " "),
    ("\u00a9", "(c)"),
)


def unify_characters(text: str) -> str:
    """Typographic quotes/dashes to ASCII: “License” -> "License"; © -> (c)."""
    if text.isascii():
        return text
    for old, new in _CHARS:  # chained replace: much faster than str.translate on long texts
        text = text.replace(old, new)
    return text


_MD_LINK = re.compile(
    r"\[([^\[\]]*)\]\([^()]*\)"
)  # [the License](https://...) -> the License (no nesting: linear)
_HTML_TAG = re.compile(r"</?[a-z][a-z0-9]*(?:\s[^<>]*)?/?>", re.I)  # "<p>", "<br/>", "<a href=..>"


def strip_markup(text: str) -> str:
    """Link targets and HTML tags off: "[CC BY](https://x)" -> "CC BY"; "<b>Terms</b>" -> "Terms".

    Markdown marks (#, *, _, >) need no step: word splitting drops all punctuation.
    """
    if "](" in text:
        text = _MD_LINK.sub(r"\1", text)
    if "<" in text:
        text = _HTML_TAG.sub(" ", text)
    return text


def lowercase(text: str) -> str:
    return text.lower()


# "Copyright (c) 2019-2021 Jane Doe <j@x.org>" / "(c) ACME Inc." (anchored: fast on long texts)
_COPYRIGHT = re.compile(r"^[^\w\n]*(?:copyright\b|\(c\)\s*\d|\(c\)\s+[a-z]).*$", re.M)


def strip_copyright(text: str) -> str:
    """Copyright statements differ per project, never per license: drop them."""
    return _COPYRIGHT.sub(" ", text).replace("all rights reserved", " ")


# "1.", "1.2)", "(a)", "a.", "iv.", "•", "-", "*" at the start of a line
_BULLET = re.compile(r"^[ \t]*(?:\(?(?:\d+(?:\.\d+)*|[a-z]|[ivx]+)[.)]|[-*\u2022+])[ \t]+", re.M)


def strip_bullets(text: str) -> str:
    """List numbering changes with formatting: "  (b) You must" -> "You must"."""
    return _BULLET.sub("", text)


_NON_WORD = re.compile(r"[^a-z0-9]+")
_ASCII_BREAKS = str.maketrans({c: " " for c in map(chr, range(128)) if not c.isalnum()})


def words(text: str) -> list[str]:
    """Punctuation and whitespace become word breaks: "and/or modify," -> ["and", "or", "modify"]."""
    if text.isascii():  # translate is about twice as fast as the regex
        return text.translate(_ASCII_BREAKS).split()
    return _NON_WORD.sub(" ", text).split()


# British/American and other spelling pairs (askalono/SPDX matching guidelines).
EQUIVALENT = {
    "licence": "license",
    "licences": "licenses",
    "licenced": "licensed",
    "licencing": "licensing",
    "acknowledgment": "acknowledgement",
    "acknowledgments": "acknowledgements",
    "analogue": "analog",
    "authorise": "authorize",
    "authorised": "authorized",
    "centre": "center",
    "favour": "favor",
    "labelled": "labeled",
    "offence": "offense",
    "organisation": "organization",
    "recognised": "recognized",
    "percent": "per cent",
    "whilst": "while",
    "noncommercial": "non commercial",
    "sharealike": "share alike",
    "noderivatives": "no derivatives",
    "nonexclusive": "non exclusive",
}
_EQUIV = {k: v.split() for k, v in EQUIVALENT.items()}


def equivalent_words(tokens: list[str]) -> list[str]:
    """One spelling per word: "licence" -> "license", "noncommercial" -> "non commercial"."""
    if _EQUIV.keys().isdisjoint(tokens):  # the usual case: nothing to rewrite
        return tokens
    out: list[str] = []
    for tok in tokens:
        out.extend(_EQUIV.get(tok, (tok,)))
    return out


TEXT_STEPS: list[Callable[[str], str]] = [
    unify_characters,
    strip_markup,
    lowercase,
    strip_copyright,
    strip_bullets,
]


def tokens(text: str) -> list[str]:
    """Normalised words of a text (its first MAX_CHARS): TEXT_STEPS in order, words, equivalents."""
    text = text[:MAX_CHARS]
    for step in TEXT_STEPS:
        text = step(text)
    return equivalent_words(words(text))


_WORD_IDS: dict[str, int] = {}  # word -> crc32: stable across processes, unlike str hashes
_WORD_CAP = 400_000  # words are only ever added (safe for concurrent readers), up to this many


def shingles(toks: list[str], size: int = SHINGLE) -> set[int]:
    """Hashes of the word n-grams, the same in every process (so sampling and results are too)."""
    new = {w: zlib.crc32(w.encode()) for w in set(toks).difference(_WORD_IDS)}
    if len(_WORD_IDS) + len(new) <= _WORD_CAP:
        _WORD_IDS.update(new)
        ids = list(map(_WORD_IDS.__getitem__, toks))
    else:  # cache full: look the new words up beside it
        ids = [new[w] if w in new else _WORD_IDS[w] for w in toks]
    return set(map(hash, zip(*(ids[i:] for i in range(size)), strict=False)))
