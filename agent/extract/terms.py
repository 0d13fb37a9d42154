"""Sentences that may restrict use: card prose (not citations or code) and the gated-access terms."""

from __future__ import annotations

import re

from agent.extract.markdown import blocks
from agent.memo import remembered
from agent.models import Evidence
from agent.prefilter import Prefiltered
from agent.spdx.restrictions import sentences

# YAML keys of gated datasets whose text the user must accept: "extra_gated_prompt: By accessing
# you agree to use the data for research only", checkbox labels under "extra_gated_fields".
GATED_KEYS = (
    "extra_gated_prompt",
    "extra_gated_heading",
    "extra_gated_description",
    "extra_gated_fields",
)
# A sentence worth mapping holds one of these words ("Research use only.", "Do not train on it.");
# prefiltered (agent.prefilter): most blocks hold none of them, and the pattern costs ~0.7 µs a character
_CANDIDATE = Prefiltered(
    re.compile(
        r"\bonly\b|solely|exclusive|strictly|restrict|limited\s+to|\btrain|commerc|provisional"
        r"|redistribut|uniquement|solo|\bnur\s|exclusivamente|solamente|comercial"
        r"|tentative|terms\s+(?:of|and)|\bToS\b|polic(?:y|ies)|agreement|\bDUA\b|subject\s+to",
        re.I,
    )
)
# ... or one of these ("仅限研究使用", "sólo"): each holds a character that IGNORECASE equates with no
# ASCII one, so only text outside ASCII can hold them (kept apart: the prefilter reads ASCII words only)
_CANDIDATE_BEYOND_ASCII = re.compile(r"仅|禁止|不得|不可|sólo|únicamente", re.I)
# Sections where a card states its terms: "## License", "## Terms of Use", "### Intended Use",
# "## Disclaimer", "## Access", "## Usage restrictions", "## Legal notice", "## Ethical considerations";
# plus the text before the first heading ("card"). A "Data Splits" or "Known Limitations" section
# that says "not for training" describes a split or a caveat, not the terms.
_TERMS_SECTION = re.compile(
    r"^card$|licen[cs]|terms|disclaim|intended|\busage\b|\buses?\b|restrict|access|legal"
    r"|permission|copyright|rights|ethic|notice|important|warning|caution"
    # other languages: "许可协议", "使用条款", "免责声明", "Lizenz", "Conditions d'utilisation", "Aviso"
    r"|许可|协议|条款|声明|Lizenz|Nutzung|conditions|utilisation|avertissement|aviso|\buso\b",
    re.I,
)
# Citations are never read ("## Citation", "### BibTeX")
_CITATION = re.compile(r"citation|bibtex|\bcite\b|reference", re.I)
# ... nor "### Out-of-Scope Use" (what misuse looks like) as terms.
_SKIP = re.compile(r"citation|bibtex|cite|reference|out[\s-]of[\s-]scope|misuse", re.I)
# Sections that advise against uses without making them terms: "### Out-of-Scope Use" listing
# "Commercial applications without consultation" makes commercial use unclear, not forbidden.
_ADVISORY = re.compile(
    r"out[\s-]of[\s-]scope|misuse|not\s+(?:be\s+)?used\s+for|prohibited\s+uses?", re.I
)
# ... when they name commercial use: "Commercial applications", "for-profit products" (not "non-commercial")
_COMMERCIAL = re.compile(r"(?<!non-)(?<!non)\b(?:commercial(?:ly)?|for-profit)\b", re.I)
MAX_PIECES = 30  # candidate sentences kept per card: a card is not a contract collection


def _is_candidate(text: str) -> bool:
    """Whether the text holds a word of a possible restriction: "only", "train", "commercial", "仅" ..."""
    if _CANDIDATE.search(text):
        return True
    return not text.isascii() and _CANDIDATE_BEYOND_ASCII.search(text) is not None


def gated_evidence(data: dict, spans: dict[str, tuple[int, int]]) -> list[Evidence]:
    """The gated-access texts of a header mapping, one piece per candidate sentence."""
    out = []
    for key in GATED_KEYS:
        value = data.get(key)
        texts = (
            [value]
            if isinstance(value, str)
            else [str(k) for k in value]
            if isinstance(value, (dict, list))
            else []
        )
        start, end = spans.get(key, (None, None))
        for text in texts:
            out += [
                Evidence(
                    source=f"yaml:{key}",
                    kind="restriction",
                    snippet=s.strip()[:1000],
                    line_start=start,
                    line_end=end,
                )
                for _, s in sentences(text)
                if _is_candidate(s)
            ]
    return out[:MAX_PIECES]


def body_terms(lines: list[str], offset: int) -> list[Evidence]:
    """Candidate restriction sentences of the body (offset = README line of lines[0]): paragraphs and list
    items of terms sections (and advice in out-of-scope sections), outside code, BibTeX and tables."""
    out: list[Evidence] = []
    for block in blocks(lines, offset, _CITATION):
        if len(out) >= MAX_PIECES:
            break
        if block.kind == "row":
            continue
        section = (
            block.section if block.level > 1 else "card"
        )  # under the "# Title" is the card's preamble
        wanted, advisory = _section_reading(section)
        if not wanted or not _is_candidate(block.text):
            continue  # most blocks: one test, no sentence split
        for _, s in sentences(block.text):
            if len(out) >= MAX_PIECES or not _is_candidate(s):
                continue
            kind = ("advisory" if _COMMERCIAL.search(s) else None) if advisory else "restriction"
            if kind:
                out.append(
                    Evidence(
                        source=f"{kind}:{section}",
                        kind=kind,
                        snippet=s.strip()[:1000],
                        line_start=block.line_start,
                        line_end=block.line_end,
                    )
                )
    return out


@remembered(maxsize=4096)  # a section's many blocks, and cards repeating their template's titles
def _section_reading(section: str) -> tuple[bool, bool]:
    """(whether the section's sentences are read, whether as advice): a terms section, or an
    out-of-scope one whose commercial uses are advisory."""
    advisory = bool(_ADVISORY.search(section))
    wanted = advisory or bool(_TERMS_SECTION.search(section) and not _SKIP.search(section))
    return wanted, advisory
