"""Comparing and combining license expressions the way the corpus and a careful reader do."""

from __future__ import annotations

import re

_UNVERSIONED = re.compile(
    r"^LicenseRef-(CC-BY(?:-NC)?(?:-SA|-ND)?)-[Uu]nversioned$"
)  # family, any version
_PORT = re.compile(
    r"^LicenseRef-(CC-BY(?:-NC)?(?:-SA|-ND)?-\d\.\d)-[A-Z]{2}$"
)  # "LicenseRef-CC-BY-2.5-ZA"
_ANY_GNU = {
    "GPL-1.0-or-later": "GPL",
    "LGPL-2.0-or-later": "LGPL",
    "GFDL-1.1-or-later": "GFDL",
    "AGPL-3.0-or-later": "AGPL",
}
_SPLIT = re.compile(
    r"(?<!\s)\s+(?:AND|OR)\s+|[()]"
)  # "MIT AND (CC-BY-4.0)"; (?<!\s): linear on long runs of spaces


def ids(expr: str | None) -> list[str]:
    """License ids of an expression, in order, without operators or NOASSERTION/NONE."""
    if not expr:
        return []
    out = []
    for part in _SPLIT.split(expr.replace(" WITH ", " WITH_")):
        part = part.split(" WITH_")[0].strip()
        if part and part not in ("NOASSERTION", "NONE") and part not in out:
            out.append(part)
    return out


def family(lic: str) -> str:
    """Comparison family: "CC-BY-NC-4.0" -> "CC-BY-NC"; "GPL-3.0-only" -> "GPL"; custom refs -> "LicenseRef"."""
    m = _UNVERSIONED.match(lic) or re.match(r"^(?:LicenseRef-)?(CC-BY(?:-NC)?(?:-SA|-ND)?)-\d", lic)
    if m:
        return m.group(1)
    m = re.match(r"^(A?L?GPL|GFDL)-", lic)
    if m:
        return m.group(1)
    return "LicenseRef" if lic.startswith("LicenseRef-") else lic


def key(lic: str) -> str:
    """Exact comparison key: GPL -only/-or-later folded, ports folded to their version, custom refs folded."""
    m = _PORT.match(lic)
    if m:
        return m.group(1).upper()
    if _UNVERSIONED.match(lic):
        return family(lic) + "-*"
    if lic.startswith("LicenseRef-"):
        return "LICENSEREF"
    return re.sub(r"-(only|or-later)$|\+$", "", lic).upper()


def is_vague(lic: str) -> bool:
    """True for a family named without its version: "LicenseRef-CC-BY-SA-unversioned", "GPL-1.0-or-later"."""
    return bool(_UNVERSIONED.match(lic)) or lic in _ANY_GNU


# Names we give custom terms we found but could not name: they agree with any custom license.
# Example: "license: other" beside a licensing section that names the "Acme Data License".
_UNNAMED_CUSTOM = {"licenseref-other", "licenseref-custom-terms", "licenseref-linked-license-terms"}


def same_custom(a: str, b: str) -> bool:
    """Two custom licenses agree when they are the same license (name, case and separators aside), one
    of them is unnamed, or both state the same decided terms (commercial verdict, research-only,
    share-alike): "LicenseRef-Llama-3-Community-License" and "LicenseRef-Research-Only" disagree."""
    from agent.spdx.facts import expression_facts

    na, nb = (re.sub(r"[^a-z0-9]", "", x.lower()) for x in (a, b))
    if na == nb or a.lower() in _UNNAMED_CUSTOM or b.lower() in _UNNAMED_CUSTOM:
        return True
    fa, fb = expression_facts(a), expression_facts(b)
    decided = fa.commercial_use != "unclear" and fb.commercial_use != "unclear"
    return decided and (fa.commercial_use, "research-only" in fa.categories, fa.share_alike) == (
        fb.commercial_use,
        "research-only" in fb.categories,
        fb.share_alike,
    )


def ids_agree(a: str, b: str) -> bool:
    """Two license ids read from two witnesses of one card agree (the sameness of corroboration, not the
    gate's SPDX-expression equivalence, registry.gate.licenses_match.same_license): equal keys, or one is a CC
    family without version and the other a version of it; custom licenses by same_custom.

    A GNU family without version is not vague in SPDX terms: "GFDL-1.1-or-later" (any version) and
    "GFDL-1.3-only" grant different things, so metadata and text that say them disagree.
    """
    if key(a) == key(b) == "LICENSEREF":
        return same_custom(a, b)
    if key(a) == key(b):
        return True
    return bool(_UNVERSIONED.match(a) or _UNVERSIONED.match(b)) and family(a) == family(b)


def agree(a: list[str], b: list[str]) -> bool:
    """Two id lists name the same licenses (as sets, operators ignored)."""
    if not a or not b or len(a) != len(b):
        return False
    rest = list(b)
    for x in a:
        hit = next((y for y in rest if ids_agree(x, y)), None)
        if hit is None:
            return False
        rest.remove(hit)
    return True


def refine(written: list[str], declared: list[str]) -> list[str]:
    """Replace a vague written family by the declared version of it: text "CC BY-NC-SA", YAML cc-by-nc-sa-4.0."""
    out = []
    for w in written:
        d = next(
            (d for d in declared if is_vague(w) and not is_vague(d) and family(d) == family(w)),
            None,
        )
        out.append(d or w)
    return out


def join(parts: list[str], op: str = "AND") -> str:
    """An expression from ids: ["MIT", "CC-BY-4.0"] -> "MIT AND CC-BY-4.0" (compound parts parenthesised)."""
    if not parts:
        return "NOASSERTION"
    if len(parts) == 1:
        return parts[0]
    return f" {op} ".join(f"({p})" if " " in p else p for p in parts)
