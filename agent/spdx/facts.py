"""License facts per id and per expression: commercial use, attribution, share-alike, categories.

Per id, the first rule that applies wins (each is listed by `explain()`):
1. TABLE: data/content licenses and common software licenses, checked against their texts.
2. Patterns: the Creative Commons families in every version and port (CC-BY-NC-SA-2.0-FR,
   LicenseRef-CC-BY-2.5-ZA, LicenseRef-CC-BY-NC-unversioned), the GNU families, LicenseRef-*.
3. Other ids on the SPDX list: a "Non-Commercial" name -> no; OSI-approved or FSF-libre -> yes
   (the Open Source Definition forbids restricting fields of endeavour), with a notice to keep,
   share-alike for the copyleft families (_COPYLEFT), else permissive; anything else -> unclear.
Expressions: AND -> the most restrictive (no < unclear < yes) and obligations accumulate;
OR -> the most permissive alternative, taken whole. NOASSERTION/NONE -> unclear.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from agent.spdx import expressions, licenses

CATEGORIES = (
    "permissive",
    "copyleft",
    "share-alike",
    "non-commercial",
    "no-derivatives",
    "public-domain",
    "custom",
    "research-only",
    "unknown",
)
_RANK = {"no": 0, "unclear": 1, "yes": 2}


class Facts(NamedTuple):
    commercial_use: str  # yes | no | unclear
    attribution_required: bool | None
    share_alike: bool | None
    categories: frozenset = frozenset()
    rule: str = ""  # which rule decided, for explain()


def _f(commercial, attribution, share_alike, *cats, rule="table"):
    return Facts(commercial, attribution, share_alike, frozenset(cats), rule)


PD = ("public-domain", "permissive")
PERM = ("permissive",)
COPY = ("copyleft", "share-alike")
# id -> facts. Example: ODbL-1.0 lets you sell a product built on the data (yes), requires
# attribution, and a public adapted database must stay under ODbL (share-alike).
TABLE: dict[str, Facts] = {
    "CC0-1.0": _f("yes", False, False, *PD),
    "PDDL-1.0": _f("yes", False, False, *PD),
    "CC-PDM-1.0": _f("yes", False, False, *PD),
    "CC-PDDC": _f("yes", False, False, *PD),
    "Unlicense": _f("yes", False, False, *PD),
    "DL-DE-ZERO-2.0": _f("yes", False, False, *PD),
    "0BSD": _f("yes", False, False, *PERM),
    "MIT-0": _f("yes", False, False, *PERM),
    "WTFPL": _f("yes", False, False, *PERM),
    "CC-SA-1.0": _f("yes", False, True, "share-alike"),
    "ODC-By-1.0": _f("yes", True, False, *PERM),
    "ODbL-1.0": _f("yes", True, True, "share-alike"),
    "CDLA-Permissive-1.0": _f("yes", True, False, *PERM),
    "CDLA-Permissive-2.0": _f("yes", True, False, *PERM),
    "CDLA-Sharing-1.0": _f("yes", True, True, "share-alike"),
    "OpenMDW-1.0": _f("yes", True, False, *PERM),  # Open Model, Data and Weights licence
    # C-UDA: use limited to computational analysis, any purpose; credits must travel with data.
    "C-UDA-1.0": _f("yes", True, False),
    "O-UDA-1.0": _f("yes", True, False, *PERM),
    "etalab-2.0": _f("yes", True, False, *PERM),
    "OGL-UK-1.0": _f("yes", True, False, *PERM),
    "OGL-UK-2.0": _f("yes", True, False, *PERM),
    "OGL-UK-3.0": _f("yes", True, False, *PERM),
    "OGL-Canada-2.0": _f("yes", True, False, *PERM),
    "DL-DE-BY-2.0": _f("yes", True, False, *PERM),
    "NLOD-1.0": _f("yes", True, False, *PERM),
    "NLOD-2.0": _f("yes", True, False, *PERM),
    "OGDL-Taiwan-1.0": _f("yes", True, False, *PERM),
    "CDL-1.0": _f("yes", True, False, *PERM),
    "NCGL-UK-2.0": _f("no", True, False, "non-commercial"),
    "PolyForm-Noncommercial-1.0.0": _f("no", True, False, "non-commercial"),
    "Unicode-DFS-2015": _f("yes", True, False, *PERM),
    "Unicode-DFS-2016": _f("yes", True, False, *PERM),
    "Unicode-3.0": _f("yes", True, False, *PERM),
    "MIT": _f("yes", True, False, *PERM),
    "Apache-2.0": _f("yes", True, False, *PERM),
    "BSD-2-Clause": _f("yes", True, False, *PERM),
    "BSD-3-Clause": _f("yes", True, False, *PERM),
    "BSD-3-Clause-Clear": _f("yes", True, False, *PERM),
    "ISC": _f("yes", True, False, *PERM),
    "Zlib": _f("yes", True, False, *PERM),
    "BSL-1.0": _f("yes", True, False, *PERM),
    "PostgreSQL": _f("yes", True, False, *PERM),
    "NCSA": _f("yes", True, False, *PERM),
    "AFL-3.0": _f("yes", True, False, *PERM),
    "Artistic-2.0": _f("yes", True, False, *PERM),
    "ECL-2.0": _f("yes", True, False, *PERM),
    "MS-PL": _f("yes", True, False, *PERM),
    "LPPL-1.3c": _f("yes", True, False, *PERM),
    "Python-2.0": _f("yes", True, False, *PERM),
    "PSF-2.0": _f("yes", True, False, *PERM),
    "X11": _f("yes", True, False, *PERM),
    "OFL-1.1": _f("yes", True, True, *COPY),
    "MPL-2.0": _f("yes", True, True, *COPY),
    "EPL-1.0": _f("yes", True, True, *COPY),
    "EPL-2.0": _f("yes", True, True, *COPY),
    "EUPL-1.1": _f("yes", True, True, *COPY),
    "EUPL-1.2": _f("yes", True, True, *COPY),
    "OSL-3.0": _f("yes", True, True, *COPY),
    "MS-RL": _f("yes", True, True, *COPY),
    "CDDL-1.0": _f("yes", True, True, *COPY),
    "LGPLLR": _f("yes", True, True, *COPY),
    "NONE": _f("unclear", None, None, "unknown"),
    "NOASSERTION": _f("unclear", None, None, "unknown"),
}

# LicenseRef-* with known terms (names chosen in hub_ids). Example: the Llama 2 licence allows
# commercial use (below 700M monthly users) and requires keeping its notice.
REF_TABLE: dict[str, Facts] = {
    "LicenseRef-Public-Domain": _f("yes", False, False, "public-domain", "custom"),
    "LicenseRef-BSD-unversioned": _f("yes", True, False, "permissive", "custom"),
    "LicenseRef-MPL-unversioned": _f("yes", True, True, "copyleft", "share-alike", "custom"),
    "LicenseRef-CC-unversioned": _f("unclear", None, None, "custom", "unknown"),
    "LicenseRef-other": _f("unclear", None, None, "custom", "unknown"),
    "LicenseRef-DeepFloyd-IF-License": _f(
        "no", True, None, "custom", "non-commercial", "research-only"
    ),
    "LicenseRef-Apple-Sample-Code-License": _f("yes", True, False, "custom", "permissive"),
}
# Research-only model licences of the Hub (use "for non-commercial research purposes").
for _ref in (
    "FAIR-Noncommercial-Research-License",
    "Intel-Research-Use-License",
    "H-Research-License",
    "Apple-ML-Research-License",
):
    REF_TABLE["LicenseRef-" + _ref] = _f(
        "no", True, None, "custom", "non-commercial", "research-only"
    )
for _ref in (
    "OpenRAIL",
    "OpenRAIL-M",
    "BigScience-OpenRAIL-M",
    "CreativeML-OpenRAIL-M",
    "BigScience-BLOOM-RAIL-1.0",
    "BigCode-OpenRAIL-M",
    "OpenRAIL-plusplus",
    "Llama-2-Community-License",
    "Llama-3-Community-License",
    "Llama-3.1-Community-License",
    "Llama-3.2-Community-License",
    "Llama-3.3-Community-License",
    "Llama-4-Community-License",
    "Gemma-Terms-of-Use",
):
    # Use-based restrictions travel with derivatives, but commercial use is allowed.
    REF_TABLE["LicenseRef-" + _ref] = _f("yes", True, None, "custom")

# CC family: "CC-BY-NC-SA-2.0-FR", "LicenseRef-CC-BY-ND-2.0-KR", "LicenseRef-CC-BY-NC-unversioned".
_CC = re.compile(
    r"^(?:LicenseRef-)?CC-BY(?P<mods>(?:-NC|-SA|-ND)*)"
    r"(?:-(?:\d\.\d)(?:-[A-Za-z]{2,3})?|-unversioned)$",
    re.I,
)
# GNU family: "GPL-3.0-only", "AGPL-3.0-or-later", "GFDL-1.3-no-invariants-only", "GPL-2.0+".
_GNU = re.compile(r"^(?P<fam>A?GPL|LGPL|GFDL)-\d\.\d(?:-.*)?\+?$", re.I)
# Custom refs whose name states the restriction itself: "LicenseRef-NonCommercial-Research-Only",
# "LicenseRef-UIUC-Research-Academic-Use". A bare "Research" is often an organisation's name
# ("LicenseRef-Microsoft-Research-Data-License-Agreement") and says nothing about the terms.
_NC_WORDS = re.compile(
    r"non-?commercial|research-(?:only|use|purposes?)|academic-(?:only|use)|"
    r"for-research|not-for-profit|evaluation-only|personal-use",
    re.I,
)
_RESEARCH = re.compile(r"research-(?:only|use|purposes?)|academic-(?:only|use)|for-research", re.I)
# Free/open licenses whose changed versions must stay under the same terms (strong or weak
# copyleft); the other OSI/FSF-approved ones are permissive. Example: "CDDL-1.1", "OSL-2.1".
_COPYLEFT = re.compile(
    r"^(?:A?GPL|LGPL|GFDL|MPL|EPL|EUPL|CDDL|CPL|IPL|OSL|RPL|RPSL|SPL|Sleepycat|"
    r"CECILL-(?:1|2|C)|MS-RL|QPL|APSL|NPL|Watcom|CPAL|ErlPL|SimPL|NGPL|Motosoto|"
    r"Nokia|CATOSL|eCos|OFL|CERN-OHL-[SW]|Arphic|YPL|NPOSL|LiLiQ-R|copyleft-next)"
)
_NC_NAME = re.compile(r"non[- ]?commercial", re.I)  # "Non Commercial" in an SPDX name


def _cc_facts(mods: str) -> Facts:
    mods = mods.upper()
    nc, sa, nd = "-NC" in mods, "-SA" in mods, "-ND" in mods
    cats = {"non-commercial"} if nc else set()
    cats |= {"share-alike"} if sa else set()
    cats |= {"no-derivatives"} if nd else set()
    if not cats:
        cats = {"permissive"}
    return Facts("no" if nc else "yes", True, sa, frozenset(cats), "cc-family")


def _ref_facts(ref: str) -> Facts:
    """Custom LicenseRef-*: unclear, unless its name states a non-commercial/research restriction."""
    if _NC_WORDS.search(ref):
        cats = {"custom", "non-commercial"} | (
            {"research-only"} if _RESEARCH.search(ref) else set()
        )
        return Facts("no", None, None, frozenset(cats), "custom-name")
    return Facts("unclear", None, None, frozenset({"custom"}), "custom")


def _list_facts(cid: str) -> Facts:
    """Fallback for other SPDX ids, from the list's own flags and name."""
    entry = licenses.info(cid)
    if entry is None:  # not on the bundled list
        return Facts("unclear", None, None, frozenset({"unknown"}), "unknown-id")
    if _NC_NAME.search(entry.name):
        return Facts("no", True, None, frozenset({"non-commercial"}), "list-name")
    if entry.osi or entry.fsf:
        if _COPYLEFT.match(cid):
            return Facts("yes", True, True, frozenset(COPY), "list-flags")
        return Facts("yes", True, False, frozenset(PERM), "list-flags")
    return Facts("unclear", None, None, frozenset(), "list-unclassified")


@lru_cache(maxsize=4096)
def id_facts(license_id: str) -> Facts:
    """Facts of one id (any case; "+" suffix and deprecated ids allowed)."""
    key = license_id.strip()
    if key.upper() in ("NONE", "NOASSERTION"):
        return TABLE[key.upper()]
    cid = licenses.preferred(key.rstrip("+")) or key
    if " " in cid:  # deprecated id that became "X WITH exception"
        cid = cid.split(" ")[0]
    if cid in TABLE:
        return TABLE[cid]
    m = _CC.match(cid)
    if m:
        return _cc_facts(m.group("mods"))
    m = _GNU.match(cid)
    if m:
        return Facts("yes", True, True, frozenset(COPY), "gnu-family")
    if cid.startswith("LicenseRef-") or ":LicenseRef-" in cid:
        ref = cid.split(":", 1)[-1]
        hit = next((v for k, v in REF_TABLE.items() if k.lower() == ref.lower()), None)
        return hit or _ref_facts(ref)
    if licenses.is_known(cid):
        return _list_facts(cid)
    return Facts("unclear", None, None, frozenset({"unknown"}), "unknown-id")


def is_covered(license_id: str) -> bool:
    """True when an explicit rule (table, family pattern, known LicenseRef) decides this id."""
    return id_facts(license_id).rule in ("table", "cc-family", "gnu-family")


def _with_terms(base: Facts, terms: frozenset[str]) -> Facts:
    """Key terms found beside a custom license ("non-commercial", "attribution", ...) refine it."""
    commercial, attribution, share_alike = (
        base.commercial_use,
        base.attribution_required,
        base.share_alike,
    )
    cats = set(base.categories)
    if terms & {"non-commercial", "research-only", "no-commercial"}:
        commercial = "no"
        cats.add("non-commercial")
    if "research-only" in terms:
        cats.add("research-only")
    if "commercial" in terms and commercial == "unclear":  # terms explicitly allow it
        commercial = "yes"
    if "attribution" in terms:
        attribution = True
    if "share-alike" in terms:
        share_alike = True
        cats.add("share-alike")
    if "no-derivatives" in terms:
        cats.add("no-derivatives")
    return Facts(commercial, attribution, share_alike, frozenset(cats), base.rule + "+terms")


def _and(parts: list[Facts]) -> Facts:
    commercial = min((p.commercial_use for p in parts), key=_RANK.__getitem__)

    def acc(values):  # an obligation of any part binds; unknown beats "none" when undecided
        return True if True in values else (None if None in values else False)

    cats = frozenset().union(*(p.categories for p in parts))
    if cats - {"permissive", "public-domain"}:  # MIT AND CC-BY-NC-4.0 is not permissive
        cats -= {"permissive", "public-domain"}
    return Facts(
        commercial,
        acc([p.attribution_required for p in parts]),
        acc([p.share_alike for p in parts]),
        cats,
        "and",
    )


def _burden(f: Facts) -> tuple:
    """Sort key of an OR alternative: best commercial answer first, then fewest obligations."""
    weight = {False: 0, None: 1, True: 2}
    return (-_RANK[f.commercial_use], weight[f.share_alike], weight[f.attribution_required])


def _node_facts(node, terms: dict) -> Facts:
    lic = expressions._licensing()
    if isinstance(node, (lic.AND, lic.OR)):
        parts = [_node_facts(child, terms) for child in node.args]
        return _and(parts) if isinstance(node, lic.AND) else min(parts, key=_burden)
    key = node.license_symbol.key if hasattr(node, "license_symbol") else node.key
    base = id_facts(key)
    extra = terms.get(key.lower(), frozenset()) | terms.get("*", frozenset())
    if extra and ("custom" in base.categories or base.rule.startswith("custom")):
        return _with_terms(base, extra)
    return base


def _terms_key(terms) -> tuple:
    """Hashable form of terms: a list applies to every LicenseRef, a dict maps ref -> terms."""
    if not terms:
        return ()
    if isinstance(terms, dict):
        return tuple(sorted((k.lower(), frozenset(v)) for k, v in terms.items()))
    return (("*", frozenset(terms)),)


@lru_cache(maxsize=8192)
def _expr_facts(expression: str, terms_key: tuple) -> Facts:
    if not isinstance(expression, str) or not expression.strip():
        return TABLE["NOASSERTION"]
    if expression.strip().upper() in ("NONE", "NOASSERTION"):
        return TABLE[expression.strip().upper()]
    try:
        node = expressions.parse(expression)
    except ValueError:
        return Facts("unclear", None, None, frozenset({"unknown"}), "unparsable")
    return _node_facts(node, dict(terms_key))


def expression_facts(expression: str | None, terms=None) -> Facts:
    """Facts of an SPDX expression, with categories. `terms` refines custom LicenseRef-* parts:
    ["non-commercial", "attribution"] (all refs) or {"LicenseRef-x": ["research-only"]}."""
    return _expr_facts(expression or "", _terms_key(terms))


def license_facts(expression: str | None, terms=None) -> tuple[str, bool | None, bool | None]:
    """(commercial_use, attribution_required, share_alike) of an SPDX expression.

    "CC-BY-NC-SA-4.0" -> ("no", True, True); "MIT OR CC-BY-SA-4.0" -> ("yes", True, False);
    "CC-BY-4.0 AND ODbL-1.0" -> ("yes", True, True); "NOASSERTION" -> ("unclear", None, None).
    """
    f = expression_facts(expression, terms)
    return f.commercial_use, f.attribution_required, f.share_alike


def category(license_id: str) -> set[str]:
    """Policy categories of one id: CC-BY-NC-ND-4.0 -> {"non-commercial", "no-derivatives"}."""
    return set(id_facts(license_id).categories)


def categories(expression: str | None, terms=None) -> set[str]:
    """Union of the categories of every id in an expression (NOASSERTION -> {"unknown"})."""
    return set(expression_facts(expression, terms).categories)


def explain(license_id: str) -> str:
    """Which rule decided an id's facts, for reports: "CC-BY-2.5-AU: cc-family"."""
    return f"{license_id}: {id_facts(license_id).rule}"
