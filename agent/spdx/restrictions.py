"""Restrictions stated in prose that add to a license: each becomes a LicenseRef- term joined with AND.

A restriction is a sentence that limits use ("research and educational use only", "do not use to
train models"), not one that describes intent ("intended for research"): every pattern needs a
limiting word (only, solely, must not, prohibited...). The names are the terms' own ids, so two
cards with the same restriction conclude the same LicenseRef.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from agent.prefilter import Prefiltered, fold

_I = re.I
_ONLY = r"(?:only|solely|exclusively|strictly)"
_USE = r"(?:use|usage|purposes?|applications?)"


class Restriction(NamedTuple):
    """One kind of restriction: its LicenseRef, the key term it carries, and how cards say it."""

    license: str
    term: (
        str  # key term for the license facts: "research-only", "non-commercial", "no-training", ...
    )
    pattern: re.Pattern


RESTRICTIONS: tuple[Restriction, ...] = (
    # "for research and educational use only", "academic research only", "solely for non-commercial
    # research", "restricted to academic research", "may only be used for research purposes"
    Restriction(
        "LicenseRef-Research-Only",
        "research-only",
        re.compile(
            rf"(?:non-?commercial\s+)?(?:academic|research|scientific|educational)(?:[\s/,]+(?:and\s+|or\s+)?(?:academic|research"
            rf"|scientific|educational|teaching|non-?commercial))*\s+(?:{_USE}\s+)?{_ONLY}\b"
            rf"|\b{_ONLY}\s+(?:be\s+used\s+|intended\s+|permitted\s+|allowed\s+|available\s+)?(?:for|to)\s+(?:the\s+)?(?:purposes?\s+of\s+)?"
            rf"(?:non-?commercial\s+|academic\s+|scientific\s+|educational\s+|and\s+|,\s*)*research"
            rf"|(?:restricted|limited)\s+to\s+(?:non-?commercial\s+|academic\s+|scientific\s+|and\s+)*research"
            # other languages: "仅供学术研究使用", "仅限研究", "à des fins de recherche uniquement", "solo para investigación",
            # "nur für Forschungszwecke"
            r"|仅(?:供|限|用于)[^。；;]{0,6}研究|fins?\s+de\s+recherche\s+uniquement|uniquement\s+(?:à|a)\s+des\s+fins\s+de\s+recherche"
            r"|s[oó]lo\s+para\s+(?:fines\s+de\s+)?investigaci[oó]n|nur\s+f[üu]r\s+(?:Forschungs|wissenschaftliche)",
            _I,
        ),
    ),
    # "personal use only", "for personal, non-commercial use only", "only for personal use"
    Restriction(
        "LicenseRef-Personal-Use-Only",
        "personal-use",
        re.compile(
            rf"personal(?:\s+and\s+non-?commercial|,\s*non-?commercial)?\s+{_USE}\s+{_ONLY}"
            rf"|\b{_ONLY}\s+(?:be\s+used\s+)?for\s+(?:your\s+)?personal"
            # "仅供个人使用", "usage personnel uniquement", "uso personal exclusivamente"
            r"|仅(?:供|限)个人|usage\s+personnel\s+uniquement|uso\s+personal\s+(?:exclusivamente|solamente|únicamente)",
            _I,
        ),
    ),
    # "must not be used to train", "do not use this data for training", "no AI training", "may not be
    # used for training machine learning models", "prohibited from using it to train"
    Restriction(
        "LicenseRef-No-Training",
        "no-training",
        re.compile(
            r"\b(?:do\s+not|don't|must\s+not|may\s+not|shall\s+not|cannot|can\s+not|not\s+be|never|prohibit\w*)\b"
            r"[^.;\n]{0,50}\b(?:to\s+train|for\s+(?:\w+\s+){0,3}training|in\s+training)\b"
            r"|\bno\s+(?:AI|ML|model|machine[\s-]learning)\s+training\b|\bnot\s+for\s+(?:\w+\s+){0,2}training\b"
            # "using it to train competing models is prohibited"
            r"|\b(?:to\s+train|training)\b[^.;]{0,60}\b(?:is|are)\s+(?:strictly\s+)?(?:prohibited|forbidden|not\s+(?:allowed|permitted))",
            _I,
        ),
    ),
    # "commercial use is prohibited", "not for commercial use", "non-commercial use only",
    # "commercial use, redistribution, or for-profit use is prohibited"
    Restriction(
        "LicenseRef-Non-Commercial",
        "non-commercial",
        re.compile(
            r"\bnot\s+(?:be\s+used\s+)?for\s+commercial|commercial\s+(?:use|purposes?|usage)(?:[^.;]{0,80}?\b(?:is|are))?\s+"
            r"(?:strictly\s+)?(?:prohibited|forbidden|not\s+(?:allowed|permitted))|\bno\s+commercial\s+use"
            # "commercial use requires a separate license", "contact us for commercial licensing"
            # "released for non-commercial use", "available to use for non-commercial purposes"
            r"|(?<!commercial\sand\s)(?<!commercial\sor\s)\b(?:for|to)\s+non-?commercial\s+(?:use|usage|purposes?)\b"
            # "禁止商业使用", "不得用于商业", "usage non commercial", "pas d'utilisation commerciale", "uso no comercial"
            r"|(?:禁止|不得|不可)[^。；;]{0,4}商业|usage\s+non[\s-]commercial|pas\s+d.utilisation\s+commerciale|uso\s+no\s+comercial"
            r"|commercial\s+(?:use|usage|purposes?)\s+(?:requires?|needs?)\s+(?:an?\s+)?(?:(?:separate|written|prior|explicit|"
            r"commercial)\s+)?(?:licen[cs]e|permission|agreement|consent)|contact\s+(?:us|the\s+authors?)\s+for\s+commercial"
            rf"|non-?commercial\s+{_USE}\s+{_ONLY}",
            _I,
        ),
    ),
    # "Redistribution is not permitted", "do not redistribute", "may not be shared or re-hosted"
    Restriction(
        "LicenseRef-No-Redistribution",
        "no-redistribution",
        re.compile(
            r"\b(?:do\s+not|don't|must\s+not|may\s+not|shall\s+not|cannot|not\s+to)\s+(?:\w+\s+){0,2}(?:re-?distribute|re-?host|re-?share)"
            r"|re-?distribution\s+(?:\w+\s+){0,6}(?:is|are)\s+(?:strictly\s+)?(?:prohibited|forbidden|not\s+(?:allowed|permitted))",
            _I,
        ),
    ),
    # "a provisional license", "the license is provisional / subject to change / pending review"
    Restriction(
        "LicenseRef-Provisional-Terms",
        "provisional",
        re.compile(
            r"\bprovisional(?:ly)?\s+licen[cs]|licen[cs]e\s+(?:\w+\s+){0,3}(?:is\s+)?(?:provisional|tentative|pending|"
            r"subject\s+to\s+change|to\s+be\s+(?:confirmed|finali[sz]ed|determined))",
            _I,
        ),
    ),
    # "users must comply with YouTube's Terms of Service", "subject to the terms of the original
    # platform", "you must respect the source website's terms", "governed by the X Terms of Use"
    Restriction(
        "LicenseRef-Source-Terms",
        "source-terms",
        re.compile(
            r"\b(?:comply|compliance|accordance|adhere|abide|respect|follow|subject|governed)\w*\s+(?:with\s+|to\s+|by\s+|in\s+)?"
            r"(?:all\s+)?(?:the\s+)?(?:applicable\s+)?(?:[\w.'’-]+\s+){0,4}?(?:terms\s+of\s+(?:service|use)|ToS|usage\s+polic(?:y|ies)"
            r"|terms\s+and\s+conditions)\b",
            _I,
        ),
    ),
    # "access requires signing a Data Use Agreement", "under the data usage agreement"
    Restriction(
        "LicenseRef-Data-Use-Agreement",
        "usage-agreement",
        re.compile(r"\bdata\s+(?:use|usage|access|sharing)\s+agreement|\bDUA\b", _I),
    ),
)
# A cheap first test: a sentence without any of these words holds no restriction.
_ANY = re.compile(
    r"only|solely|exclusive|strictly|restrict|limited|train|commerc|provisional|tentative|pending|redistribut|re-?host"
    r"|仅|禁止|不得|不可|uniquement|s[oó]lo|nur\s|exclusivamente|solamente|únicamente|comercial"
    r"|terms|ToS|polic|agreement|DUA|subject\s+to",
    _I,
)
# Sentences that talk about our own training or only advise: "We do not train on the test split",
# "the model was trained only on research data", "it is encouraged to use it for research only".
_NOT_ABOUT_USE = re.compile(
    r"\b(?:we|our\s+(?:model|baseline)s?)\s+(?:\w+\s+){0,2}(?:train|fine-?tune)"
    # what the authors do is no term: "We do not redistribute the raw passages"
    r"|\bwe\s+(?:do\s+not|don't|cannot|can't|will\s+not|won't|did\s+not)\b"
    r"|\b(?:model|baseline)s?\s+(?:was|were|is|are)\s+trained|encourag|recommend|suggest|prefer",
    _I,
)
# A benchmark's advice against contamination is not a term: "the test split should not be used for
# training", "do not train on the evaluation set".
_CONTAMINATION = re.compile(
    r"\b(?:test|eval\w*|benchmark\w*|held[\s-]out|validation|dev)\b|contaminat", _I
)
# A third party's terms, not the card's own: "comply with these terms", "subject to this license".
_OWN_TERMS = re.compile(
    r"\b(?:these|this|our|above|following|its)\b|licen[cs]e|\bCC\b|creative\s+commons", _I
)
# Markdown emphasis and code marks inside a sentence: "**research and educational purposes**"
_EMPHASIS = re.compile(r"\*{1,3}|(?<!\w)_{1,3}|_{1,3}(?!\w)|`")
# Sentence ends: ". The", "\n\n", a list item.
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\[(*`_\"])|\n\s*\n|\n\s*(?:[-*+]|\d+\.)\s")


# Each restriction's pattern runs only on a sentence holding a word it needs (agent.prefilter)
_RESTRICTION_WORDS = tuple(Prefiltered(r.pattern) for r in RESTRICTIONS)


def sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) pieces of a text: "Research only. Do not train." -> two pieces."""
    out, start = [], 0
    for m in _SENTENCE.finditer(text):
        out.append((start, text[start : m.start()]))
        start = m.end()
    out.append((start, text[start:]))
    return [(o, s) for o, s in out if s.strip()]


def restrictions(sentence: str) -> list[Restriction]:
    """The restrictions one sentence states: "For research use only; do not train models on it." ->
    [research-only, no-training]. An empty list for intent ("intended for research") or our own training."""
    sentence = _EMPHASIS.sub(
        "", sentence
    )  # "strictly for **research** purposes" reads as plain words
    if not _ANY.search(sentence) or _NOT_ABOUT_USE.search(sentence):
        return []
    found = []
    folded = fold(sentence)
    for r, words in zip(RESTRICTIONS, _RESTRICTION_WORDS, strict=True):
        m = words.search(sentence, folded)
        if (
            m
            and not (r.term == "source-terms" and _OWN_TERMS.search(m.group(0)))
            and not (r.term == "no-training" and _CONTAMINATION.search(sentence))
        ):
            found.append(r)
    return found


def by_license(license_id: str) -> Restriction | None:
    """The restriction a LicenseRef of this module stands for: "LicenseRef-No-Training" -> no-training."""
    return next((r for r in RESTRICTIONS if r.license == license_id), None)
