"""License facts for a concluded expression: commercial use, attribution, share-alike.

Standard ids go to agent.spdx.facts (the shared table); custom LicenseRef-* parts are judged from
the key terms found in the text ("non-commercial", "research-only" -> commercial use "no").
"""

from __future__ import annotations

from agent.conclude.reconcile import ids

_ORDER = {"yes": 0, "unclear": 1, "no": 2}


def _standard(expr: str) -> tuple[str, bool | None, bool | None]:
    try:
        from agent.spdx.facts import license_facts
    except ImportError:  # until the shared table lands, a conservative reading of the id itself
        return _fallback(expr)
    got = license_facts(expr)
    return got[0], got[1], got[2]


def _fallback(expr: str) -> tuple[str, bool | None, bool | None]:
    """Reading of the id alone: "CC-BY-NC-4.0" -> (no, True, False); "MIT" -> (yes, True, False)."""
    up = expr.upper()
    if "LICENSEREF" in up or "NOASSERTION" in up:
        return "unclear", None, None
    commercial = "no" if "-NC" in up else "yes"
    share = any(k in up for k in ("-SA", "GPL", "ODBL", "SHARING", "GFDL", "MPL", "EPL", "EUPL"))
    attribution = not any(k in up for k in ("CC0", "PDDL", "UNLICENSE", "WTFPL", "CC-PDM"))
    return commercial, attribution, share


def _custom(terms: list[str]) -> tuple[str, bool | None, bool | None]:
    if "non-commercial" in terms or "research-only" in terms:
        commercial = "no"
    else:
        commercial = "unclear"
    return commercial, (True if "attribution" in terms else None), (True if "share-alike" in terms else None)


def facts(expr: str, terms: list[str]) -> tuple[str, bool | None, bool | None]:
    """(commercial_use, attribution_required, share_alike) for an expression, most restrictive part wins."""
    parts = ids(expr)
    if not parts:
        return "unclear", None, None
    results = []
    for part in parts:
        if part.startswith("LicenseRef-") and "-CC-" not in part and "CC-BY" not in part:
            results.append(_custom(terms))
        else:
            try:
                results.append(_standard(part))
            except Exception:  # an id the table does not know yet: read the id itself
                results.append(_fallback(part))
    commercial = max((r[0] for r in results), key=lambda c: _ORDER.get(c, 1))
    if "non-commercial" in terms or "research-only" in terms:
        commercial = "no"  # a written restriction binds whatever the named license allows
    attr = True if any(r[1] for r in results) else (None if any(r[1] is None for r in results) else False)
    share = True if any(r[2] for r in results) else (None if any(r[2] is None for r in results) else False)
    return commercial, attr, share
