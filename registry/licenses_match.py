"""License ids against policy lists: categories, wildcard/category matching, expression parsing."""

from __future__ import annotations

import fnmatch
import re
from functools import lru_cache

from registry.policy import CATEGORIES

SPECIAL_UNKNOWN = ("NOASSERTION", "NONE", "UNKNOWN", "OTHER")
# LicenseRef slugs: "LicenseRef-research-only" -> non-commercial; "LicenseRef-cc-by-nc-sa" too
_NC_WORDS = re.compile(r"(?:^|-)(?:nc|non-?commercial|noncommercial|research)(?:-|$)", re.I)
_SA_WORDS = re.compile(r"(?:^|-)(?:sa|share-?alike)(?:-|$)", re.I)
_ND_WORDS = re.compile(r"(?:^|-)(?:nd|no-?deriv\w*)(?:-|$)", re.I)
# Reciprocal families: "GPL-3.0-only", "ODbL-1.0", "MPL-2.0", "CC-BY-SA-4.0"
_COPYLEFT = ("GPL-", "AGPL-", "LGPL-", "MPL-", "EPL-", "EUPL-", "CDDL-", "ODBL-", "OSL-", "CECILL")


def same_license(a: str, b: str) -> bool:
    """Equal as SPDX expressions ("MIT AND cc-by-4.0" == "CC-BY-4.0 AND MIT")."""
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
    return set(_categories(license_id))


@lru_cache(maxsize=8192)
def _categories(license_id: str) -> frozenset[str]:
    return frozenset(_lookup_categories(license_id))


def _lookup_categories(license_id: str) -> set[str]:
    """Categories of one id: the engine's table when present, else read off the id's name."""
    if license_id.upper() in SPECIAL_UNKNOWN:
        return {"unknown"}
    try:
        from agent.spdx import facts
    except ImportError:  # the engine's facts module has not landed: read the id itself
        return _categories_from_id(license_id)
    if hasattr(facts, "category"):
        found = set(facts.category(license_id))
    else:
        found = set(facts.id_facts(license_id).categories)
    return found or _categories_from_id(license_id)


def _categories_from_id(license_id: str) -> set[str]:
    upper = license_id.upper()
    found: set[str] = set()
    if upper.startswith("LICENSEREF-"):
        found.add("custom")
        slug = license_id[len("LicenseRef-"):]
        for words, name in ((_NC_WORDS, "non-commercial"), (_SA_WORDS, "share-alike"),
                            (_ND_WORDS, "no-derivatives")):
            if words.search(slug):
                found.add(name)
        if re.search(r"research|academic", slug, re.I):  # LicenseRef-research-only
            found.add("research-only")
        return found
    if "-NC" in upper:  # CC-BY-NC-4.0, CC-BY-NC-SA-4.0
        found.add("non-commercial")
    if "-SA" in upper:  # CC-BY-SA-4.0
        found.add("share-alike")
    if upper.startswith(_COPYLEFT):  # GPL-3.0-only: reciprocal terms
        found |= {"copyleft", "share-alike"}
    if "-ND" in upper:  # CC-BY-ND-4.0
        found.add("no-derivatives")
    return found or {"permissive"}


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


