"""License ids against policy lists: category/wildcard matching and expression parsing.

The categories of an id come from the one license-facts table, agent.spdx.facts: the gate
keeps no table of its own. An id the facts leave unclassified has no category, so a policy
word such as "permissive" never matches it (Aladdin restricts commercial distribution).
"""

from __future__ import annotations

import fnmatch
from functools import lru_cache

from agent.spdx import facts

CATEGORIES = facts.CATEGORIES


def equivalent_expressions(a: str, b: str) -> bool:
    """Equal as SPDX expressions, operands in any order ("MIT AND cc-by-4.0" == "CC-BY-4.0 AND MIT").

    This is the gate's sameness (a waiver names the exact license reviewed); the conclusion's
    "these two ids agree" (a CC family without version matches a version) is another question.
    """
    if " ".join(a.split()).lower() == " ".join(b.split()).lower():
        return True
    left, right = parse_expression(a), parse_expression(b)
    if left is None or right is None:
        return False
    return licensing().is_equivalent(left, right)


@lru_cache(maxsize=1)
def licensing():
    """license-expression's SPDX licensing, built once (building it costs ~70 ms)."""
    from license_expression import get_spdx_licensing

    return get_spdx_licensing()


def license_categories(license_id: str) -> set[str]:
    """Policy categories of one id: "CC-BY-NC-4.0" -> {"non-commercial"}; "Aladdin" -> set()."""
    return facts.category(license_id)


def matches(license_id: str, patterns: list[str]) -> str | None:
    """The first pattern (id, wildcard or category) that matches `license_id`."""
    cats = None
    for pattern in patterns:
        if pattern in CATEGORIES:
            cats = cats if cats is not None else license_categories(license_id)
            if pattern in cats:
                return pattern
        elif fnmatch.fnmatchcase(license_id.lower(), pattern.lower()):
            return pattern
    return None


@lru_cache(maxsize=8192)
def parse_expression(expression: str):
    """The parsed expression (cached: registries repeat a few licenses), or None."""
    from license_expression import ExpressionError

    try:
        return licensing().parse(expression, validate=False)
    except (ExpressionError, TypeError, ValueError):
        return None


def license_key(node) -> str | None:
    symbol = getattr(node, "license_symbol", node)  # "GPL-2.0-only WITH Classpath-exception-2.0"
    return getattr(symbol, "key", None)


def ids_of(node) -> list[str]:
    key = license_key(node)
    return [key] if key else [i for arg in node.args for i in ids_of(arg)]
