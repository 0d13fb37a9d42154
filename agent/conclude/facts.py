"""License facts for a concluded expression: commercial use, attribution, share-alike.

The per-id table is agent.spdx.facts (shared); key terms found in the text refine custom
LicenseRef-* parts there. One rule is added here: a restriction written in the licensing text
("for research purposes only", "non-commercial use") binds whatever the named license allows.
"""

from __future__ import annotations

from agent.spdx.facts import license_facts

RESTRICTIVE = {"non-commercial", "research-only", "personal-use"}


def facts(expr: str, terms: list[str]) -> tuple[str, bool | None, bool | None]:
    """(commercial_use, attribution_required, share_alike): "CC-BY-SA-4.0" + ["research-only"] -> no."""
    commercial, attribution, share = license_facts(expr, terms or None)  # unparsable -> "unclear"
    if RESTRICTIVE & set(terms or ()):
        commercial = "no"
    return commercial, attribution, share
