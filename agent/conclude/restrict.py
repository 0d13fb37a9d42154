"""Restrictions stated beside a license join the conclusion with AND, unless they only restate it."""

from __future__ import annotations

import re

from agent.conclude import reconcile as rc
from agent.models import Evidence
from agent.spdx.facts import categories, license_facts
from agent.spdx.restrictions import by_license

# The sentence itself is about commerce: "cannot be used to train a model put into production
# within a business", "for non-commercial research only": beside an NC license it restates it.
_COMMERCE = re.compile(r"commerc|business|compan(?:y|ies)|production|profit|monetiz", re.I)
# An explicit grant of any use: "You are free to use this dataset for any purpose, without any
# restrictions", "may be used for any purpose, including commercial"
_ANY_USE = re.compile(
    r"\bfor\s+any\s+purpose\b|\bwithout\s+(?:any\s+)?restrictions?\b|\bno\s+restrictions\s+on\s+(?:its\s+)?use\b",
    re.I,
)
_USE_TERMS = ("research-only",)  # a "non-commercial use only" is a condition, not a remark


def _restated(term: str, sentence: str, concluded: list[str], terms: list[str]) -> bool:
    """True when the concluded license already says what the restriction says: "non-commercial use
    only" or "research only" beside CC-BY-NC-4.0, a term a custom reading of the text already took."""
    if not concluded:
        return False
    if any(i.startswith("LicenseRef-") for i in concluded) and term in terms:
        return True  # the custom reading of the licensing text already carries it
    expr = rc.join(concluded)
    if term == "research-only" and "research-only" in categories(expr):
        return True
    non_commercial = license_facts(expr)[0] == "no"
    return non_commercial and (
        term in ("non-commercial", "research-only") or bool(_COMMERCE.search(sentence))
    )


def added_restrictions(
    concluded: list[str], terms: list[str], evidence: list[Evidence]
) -> tuple[list[str], list[str], list[str]]:
    """(LicenseRef ids to AND with the conclusion, their key terms, reasons with the sentence and line)."""
    refs: list[str] = []
    added_terms: list[str] = []
    reasons: list[str] = []
    grant = _granted_any_use(concluded, evidence)
    for e in evidence:
        if e.kind != "restriction" or not e.license:
            continue
        for ref in rc.ids(e.license):
            found = by_license(ref)
            if (
                found is None
                or ref in refs
                or ref in concluded
                or _restated(found.term, e.snippet, concluded, terms)
            ):
                continue
            if grant and found.term in _USE_TERMS:
                reasons.append(
                    f'{e.source} (line {e.line_start}) "{e.snippet[:100]}" set aside: the text also '
                    f'grants any use ("{grant.snippet[:80]}") and the license allows it'
                )
                continue
            refs.append(ref)
            added_terms.append(found.term)
            reasons.append(
                f'{e.source} (line {e.line_start}) restricts use ({found.term}): "{e.snippet[:160]}"'
            )
    return refs, added_terms, reasons


def _granted_any_use(concluded: list[str], evidence: list[Evidence]) -> Evidence | None:
    """A sentence granting use for any purpose, beside a license that allows commercial use: a
    research-only or non-commercial remark elsewhere ("these annotations are for research purposes
    only and do not represent ...") then describes, it does not restrict."""
    if not concluded or license_facts(rc.join(concluded))[0] != "yes":
        return None
    return next(
        (
            e
            for e in evidence
            if e.kind == "restriction" and not e.license and _ANY_USE.search(e.snippet)
        ),
        None,
    )
