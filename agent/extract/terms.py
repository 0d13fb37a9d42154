"""Sentences that may restrict use: card prose (not citations or code) and the gated-access terms."""

from __future__ import annotations

import re

from agent.extract.markdown import FENCE, heading
from agent.models import Evidence
from agent.spdx.restrictions import sentences

# YAML keys of gated datasets whose text the user must accept: "extra_gated_prompt: By accessing
# you agree to use the data for research only", checkbox labels under "extra_gated_fields".
GATED_KEYS = ("extra_gated_prompt", "extra_gated_heading", "extra_gated_description", "extra_gated_fields")
# A sentence worth mapping holds one of these words ("Research use only.", "Do not train on it.").
_CANDIDATE = re.compile(r"\bonly\b|solely|exclusive|strictly|restrict|limited\s+to|\btrain|commercial|provisional"
                        r"|tentative|terms\s+(?:of|and)|\bToS\b|polic(?:y|ies)|agreement|\bDUA\b|subject\s+to", re.I)
# Sections where a card states its terms: "## License", "## Terms of Use", "### Intended Use",
# "## Disclaimer", "## Access", "## Usage restrictions", "## Legal notice", "## Ethical considerations";
# plus the text before the first heading ("card"). A "Data Splits" or "Known Limitations" section
# that says "not for training" describes a split or a caveat, not the terms.
_TERMS_SECTION = re.compile(r"^card$|licen[cs]|terms|disclaim|intended|usage|uses?|restrict|access|legal"
                            r"|permission|copyright|rights|ethic|notice|important|warning|caution", re.I)
# ... but not "### Out-of-Scope Use" (what misuse looks like) or citations.
_SKIP = re.compile(r"citation|bibtex|cite|reference|out[\s-]of[\s-]scope|misuse", re.I)
# Sections that advise against uses without making them terms: "### Out-of-Scope Use" listing
# "Commercial applications without consultation" makes commercial use unclear, not forbidden.
_ADVISORY = re.compile(r"out[\s-]of[\s-]scope|misuse|not\s+(?:be\s+)?used\s+for|prohibited\s+uses?", re.I)
# ... when they name commercial use: "Commercial applications", "for-profit products" (not "non-commercial")
_COMMERCIAL = re.compile(r"(?<!non-)(?<!non)\b(?:commercial(?:ly)?|for-profit)\b", re.I)
MAX_PIECES = 30  # candidate sentences kept per card: a card is not a contract collection


def gated_evidence(data: dict, spans: dict[str, tuple[int, int]]) -> list[Evidence]:
    """The gated-access texts of a header mapping, one piece per candidate sentence."""
    out = []
    for key in GATED_KEYS:
        value = data.get(key)
        texts = [value] if isinstance(value, str) else [str(k) for k in value] if isinstance(value, (dict, list)) else []
        start, end = spans.get(key, (None, None))
        for text in texts:
            out += [Evidence(source=f"yaml:{key}", kind="restriction", snippet=s.strip()[:1000],
                             line_start=start, line_end=end)
                    for _, s in sentences(text) if _CANDIDATE.search(s)]
    return out[:MAX_PIECES]


def body_terms(lines: list[str], offset: int) -> list[Evidence]:
    """Candidate restriction sentences of the body (offset = README line of lines[0]), outside code
    fences, BibTeX and the sections _SKIP names; paragraphs are read whole so sentences span lines."""
    out: list[Evidence] = []
    section, fenced, para, first = "card", False, [], 0

    def flush() -> None:
        text = " ".join(para)
        wanted = _ADVISORY.search(section) or (_TERMS_SECTION.search(section) and not _SKIP.search(section))
        if not wanted or not _CANDIDATE.search(text):  # most paragraphs: one test, no sentence split
            para.clear()
            return
        for start, s in sentences(text):
            if len(out) >= MAX_PIECES or not _CANDIDATE.search(s):
                continue
            if _ADVISORY.search(section):
                kind = "advisory" if _COMMERCIAL.search(s) else None
            else:
                kind = "restriction" if _TERMS_SECTION.search(section) and not _SKIP.search(section) else None
            if kind:
                out.append(Evidence(source=f"{kind}:{section}", kind=kind, snippet=s.strip()[:1000],
                                    line_start=first + offset, line_end=first + offset + len(para) - 1))
        para.clear()

    for i, line in enumerate(lines):
        if FENCE.match(line):
            flush()
            fenced = not fenced
            continue
        title = None if fenced else heading(line)
        if fenced or title or not line.strip() or line.lstrip().startswith(("@", "|")):
            flush()
            section = title[1] if title else section
            continue
        if re.match(r"^\s*(?:[-*+]|\d+[.)])\s", line):  # a list item is a sentence of its own
            flush()
        if not para:
            first = i
        para.append(line.strip())
    flush()
    return out
