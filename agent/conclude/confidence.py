"""Confidence: P(the concluded license is right), a logistic model over 23 features of the conclusion.

Model: p = logistic(w . x), x = FEATURES of the analysis (agent.conclude.analyse) and the status;
w lives in confidence.json beside this file. It costs one dot product (a few microseconds) and is
deterministic; without the file every card gets 0.5 (honestly uninformative).

How w is fitted (benchmarks/fit_confidence.py): the engine's answers on the labelled corpus are
right 98.8% of the time, too few errors to learn from, so the ranking is fitted on those answers
plus the engine's answers on weakened copies of every card (no YAML, no licensing section, first
line of the section only, no links), each scored against what that copy states; the weights must
respect SIGNS (e.g. agreement of metadata and text never lowers confidence, a conflict, an unread
licensing section, several licenses or a version-less family never raise it); the score is then
Platt-calibrated on the real answers. Figures (in-sample and 10-fold cross-validated, grouped by
card) are in confidence.json and printed by benchmarks/accuracy.py; see benchmarks/README.md.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from agent.conclude.analysis import Analysis

PARAMS = Path(__file__).with_name("confidence.json")

# Feature names in a fixed order; each is 0/1 unless said otherwise.
FEATURES = (
    "bias",
    "text_agrees_meta",  # a licensing section / file states what the metadata declares
    "text_conflict",  # the text contradicts the metadata
    "meta_only",  # only the metadata states a license
    "meta_after_none",  # the licensing section says it has no license; the metadata is used
    "nothing",  # nothing anywhere
    "strength",  # weakest match strength of the text evidence used (0..1)
    "custom",  # the conclusion is a custom LicenseRef
    "multi",  # more than one license in the conclusion
    "vague",  # a family without version remains
    "body_agree",  # a license link / sentence elsewhere in the card agrees
    "body_disagree",  # ... or names a different license
    "set_aside",  # a negated / code-scoped / upstream / mismatched-link mention was set aside
    "fulltext",  # a full license text matched
    "section_unread",  # a licensing section has text we could neither map nor read as "no license"
    "extra_terms",  # restrictive terms (non-commercial, research-only, ...) beside a license that has none
    "section_lines",  # log(1 + lines of licensing text): long sections say more than one thing
    "restricted",  # restrictions written beside the license were joined to it (research-only, no-training...)
    "table_parts",  # a table of parts and their licenses decided the conclusion
    "declared_other",  # the metadata says only "other" (custom terms, unnamed)
    "unread_terms",  # log(1 + terms sentences that name no restriction we know): terms we could not read
    "advisory",  # the card advises against commercial use outside its terms
    "unread_body",  # log(1 + license sentences outside the licensing sections that name no license we know)
)


def features(a: Analysis, status: str) -> list[float]:
    """Feature vector of an analysis (see agent.conclude.analyse)."""
    from agent.conclude.reconcile import is_vague

    path, con = a.path, a.concluded_ids
    text = path in ("text", "file")
    f = {
        "bias": 1.0,
        "text_agrees_meta": float(text and a.agree_meta),
        "text_conflict": float(status == "conflict"),
        "meta_only": float(path == "meta" and not a.section_none),
        "meta_after_none": float(path == "meta" and a.section_none),
        "nothing": float(path == "nothing"),
        "strength": float(a.strength) if text else 0.0,
        "custom": float(any(i.startswith("LicenseRef-") and not is_vague(i) for i in con)),
        "multi": float(len(con) > 1),
        "vague": float(any(is_vague(i) for i in con)),
        "body_agree": float(a.body_agree),
        "body_disagree": float(a.body_disagree),
        "set_aside": float(bool(a.notes)),
        "fulltext": float(a.fulltext),
        "section_unread": float(a.section_unread),
        "section_lines": math.log1p(a.section_lines),
        "extra_terms": float(
            bool(set(a.terms) & {"non-commercial", "research-only", "no-redistribution"})
            and not any("-NC" in i or i.startswith("LicenseRef-") and not is_vague(i) for i in con)
        ),
        "restricted": float(bool(a.restrictions)),
        "table_parts": float(a.table_parts),
        "declared_other": float(a.declared_other),
        "unread_terms": math.log1p(a.unread_terms),
        "advisory": float(a.advisory),
        "unread_body": math.log1p(a.unread_body),
    }
    return [f[name] for name in FEATURES]


# Prior knowledge the fit must respect: +1 = may only raise confidence, -1 = may only lower it, 0 = free.
# The reference reading (all path flags 0) is "only the written text states a license".
SIGNS = {
    "bias": 0,
    "text_agrees_meta": +1,
    "text_conflict": -1,
    "meta_only": -1,
    "meta_after_none": 0,
    "nothing": 0,
    "strength": +1,
    "custom": -1,
    "multi": -1,
    "vague": -1,
    "body_agree": +1,
    "body_disagree": -1,
    "set_aside": -1,
    "fulltext": +1,
    "section_unread": -1,
    "extra_terms": -1,
    "section_lines": -1,
    "restricted": -1,
    "table_parts": -1,
    "declared_other": -1,
    "unread_terms": -1,
    "advisory": -1,
    "unread_body": -1,
}


@lru_cache(maxsize=1)
def _weights() -> list[float]:
    try:
        data = json.loads(PARAMS.read_text())
        names = data["features"]
        w = dict(zip(names, data["weights"], strict=False))
        return [float(w.get(name, 0.0)) for name in FEATURES]
    except (OSError, ValueError, KeyError):
        return [0.0] * len(FEATURES)  # unfitted: 0.5 everywhere, honestly uninformative


def logistic(x: list[float], w: list[float]) -> float:
    z = sum(a * b for a, b in zip(x, w, strict=False))
    return 1.0 / (1.0 + math.exp(-max(-35.0, min(35.0, z))))


def probability(a: Analysis, status: str) -> float:
    """P(concluded license is right) for one analysed card."""
    return round(logistic(features(a, status), _weights()), 4)
