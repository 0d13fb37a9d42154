"""Hugging Face Hub license ids (the YAML `license:` values) -> SPDX ids, expressions or LicenseRef-*.

Choices (documented because no single SPDX id exists for them):
- "unknown" -> NOASSERTION: the card author did not say.
- "other" -> OTHER ("LicenseRef-other"): a custom license named by `license_name`/`license_link`;
  callers should replace it by what those fields say. It is a valid expression on its own.
- Families without a version: the GNU texts say "if the Program does not specify a version
  number of this License, you may choose any version ever published", so "gpl" is
  GPL-1.0-or-later, "lgpl" LGPL-2.0-or-later, "gfdl" GFDL-1.1-or-later (what ScanCode also does).
  "cc" and "bsd" name no license at all: LicenseRef-CC-unversioned / LicenseRef-BSD-unversioned.
  CC families without version ("cc-by-sa") become LicenseRef-CC-BY-SA-unversioned: the corpus
  scorer reads that form as "this CC family, any version".
- Deprecated SPDX ids the Hub still uses map to their current form: "gpl-3.0" -> GPL-3.0-only,
  "agpl-3.0" -> AGPL-3.0-only (the scorer folds -only/-or-later, so nothing is lost).
- RAIL, Llama, Gemma and DeepFloyd licenses are not on the SPDX list: LicenseRef-<name>.
- Anything else that is an SPDX id in any case ("odbl-1.0", "CC-BY-4.0", "gpl-3.0-or-later")
  maps to that id; legacy "other-<name>" values map to LicenseRef-<name>; spelling noise is
  tidied ("CC BY-NC 4.0 International" -> CC-BY-NC-4.0, "gpl_v3" -> GPL-3.0-only); CC ports the
  list lacks become LicenseRef-CC-BY-2.5-ZA; "odc-by AND cc-by-4.0" maps id by id.
- The scorer's view: "cc", "bsd", "gpl", "lgpl" and "gfdl" headers compare as the bare family
  ("GPL"), which no valid SPDX id spells; the ids above are the honest SPDX reading.
"""

from __future__ import annotations

import re
from functools import lru_cache

from agent.spdx import licenses

NOASSERTION = "NOASSERTION"
OTHER = "LicenseRef-other"

# Hub id -> SPDX. Only ids whose SPDX form differs from "the same id on the SPDX list" are needed,
# but every id the Hub documents is listed so the table reads as the complete contract.
HUB_TO_SPDX: dict[str, str] = {
    "apache-2.0": "Apache-2.0",
    "mit": "MIT",
    "afl-3.0": "AFL-3.0",
    "artistic-2.0": "Artistic-2.0",
    "bsl-1.0": "BSL-1.0",  # Boost Software License, not Business Source License
    "isc": "ISC",
    "zlib": "Zlib",
    "wtfpl": "WTFPL",
    "postgresql": "PostgreSQL",
    "ncsa": "NCSA",
    "unlicense": "Unlicense",
    "openrail": "LicenseRef-OpenRAIL",
    "bigscience-openrail-m": "LicenseRef-BigScience-OpenRAIL-M",
    "creativeml-openrail-m": "LicenseRef-CreativeML-OpenRAIL-M",
    "bigscience-bloom-rail-1.0": "LicenseRef-BigScience-BLOOM-RAIL-1.0",
    "bigcode-openrail-m": "LicenseRef-BigCode-OpenRAIL-M",
    "openrail++": "LicenseRef-OpenRAIL-plusplus",  # "+" is not allowed in a LicenseRef idstring
    "bsd": "LicenseRef-BSD-unversioned",
    "bsd-2-clause": "BSD-2-Clause",
    "bsd-3-clause": "BSD-3-Clause",
    "bsd-3-clause-clear": "BSD-3-Clause-Clear",
    "cc": "LicenseRef-CC-unversioned",
    "cc0-1.0": "CC0-1.0",
    "cc-by-2.0": "CC-BY-2.0",
    "cc-by-2.5": "CC-BY-2.5",
    "cc-by-3.0": "CC-BY-3.0",
    "cc-by-4.0": "CC-BY-4.0",
    "cc-by-sa-3.0": "CC-BY-SA-3.0",
    "cc-by-sa-4.0": "CC-BY-SA-4.0",
    "cc-by-nc-2.0": "CC-BY-NC-2.0",
    "cc-by-nc-3.0": "CC-BY-NC-3.0",
    "cc-by-nc-4.0": "CC-BY-NC-4.0",
    "cc-by-nd-4.0": "CC-BY-ND-4.0",
    "cc-by-nc-nd-3.0": "CC-BY-NC-ND-3.0",
    "cc-by-nc-nd-4.0": "CC-BY-NC-ND-4.0",
    "cc-by-nc-sa-2.0": "CC-BY-NC-SA-2.0",
    "cc-by-nc-sa-3.0": "CC-BY-NC-SA-3.0",
    "cc-by-nc-sa-4.0": "CC-BY-NC-SA-4.0",
    "c-uda": "C-UDA-1.0",
    "cdla-sharing-1.0": "CDLA-Sharing-1.0",
    "cdla-permissive-1.0": "CDLA-Permissive-1.0",
    "cdla-permissive-2.0": "CDLA-Permissive-2.0",
    "pddl": "PDDL-1.0",
    "odc-by": "ODC-By-1.0",
    "odbl": "ODbL-1.0",
    "etalab-2.0": "etalab-2.0",
    "lgpl-lr": "LGPLLR",  # Lesser General Public License For Linguistic Resources
    "ecl-2.0": "ECL-2.0",
    "epl-1.0": "EPL-1.0",
    "epl-2.0": "EPL-2.0",
    "eupl-1.1": "EUPL-1.1",
    "agpl-3.0": "AGPL-3.0-only",
    "gfdl": "GFDL-1.1-or-later",
    "gpl": "GPL-1.0-or-later",
    "gpl-2.0": "GPL-2.0-only",
    "gpl-3.0": "GPL-3.0-only",
    "lgpl": "LGPL-2.0-or-later",
    "lgpl-2.1": "LGPL-2.1-only",
    "lgpl-3.0": "LGPL-3.0-only",
    "lppl-1.3c": "LPPL-1.3c",
    "ms-pl": "MS-PL",
    "mpl-2.0": "MPL-2.0",
    "osl-3.0": "OSL-3.0",
    "ofl-1.1": "OFL-1.1",
    "deepfloyd-if-license": "LicenseRef-DeepFloyd-IF-License",
    "llama2": "LicenseRef-Llama-2-Community-License",
    "llama3": "LicenseRef-Llama-3-Community-License",
    "llama3.1": "LicenseRef-Llama-3.1-Community-License",
    "llama3.2": "LicenseRef-Llama-3.2-Community-License",
    "llama3.3": "LicenseRef-Llama-3.3-Community-License",
    "gemma": "LicenseRef-Gemma-Terms-of-Use",
    "unknown": NOASSERTION,
    "other": OTHER,
}

# Spellings seen in older cards and hand-written headers that are neither Hub ids nor SPDX ids.
# Example: `license: cc-by-nc-sa` (no version) or `license: apache2`.
LEGACY_ALIASES: dict[str, str] = {
    "cc0": "CC0-1.0",
    "cc-0": "CC0-1.0",
    "cc-zero": "CC0-1.0",
    "cc-by": "LicenseRef-CC-BY-unversioned",
    "cc-by-sa": "LicenseRef-CC-BY-SA-unversioned",
    "cc-by-nd": "LicenseRef-CC-BY-ND-unversioned",
    "cc-by-nc": "LicenseRef-CC-BY-NC-unversioned",
    "cc-by-nc-sa": "LicenseRef-CC-BY-NC-SA-unversioned",
    "cc-by-nc-nd": "LicenseRef-CC-BY-NC-ND-unversioned",
    "cc-pdm": "CC-PDM-1.0",
    "cc-pddc": "CC-PDDC",
    "odc-by-1.0": "ODC-By-1.0",
    "odc-odbl": "ODbL-1.0",
    "odc-pddl": "PDDL-1.0",
    "pddl-1.0": "PDDL-1.0",
    "c-uda-1.0": "C-UDA-1.0",
    "o-uda": "O-UDA-1.0",
    "apache": "Apache-2.0",
    "apache2": "Apache-2.0",
    "apache-2": "Apache-2.0",
    "apache2.0": "Apache-2.0",
    "apache-license-2.0": "Apache-2.0",
    "mit-license": "MIT",
    "bsd-2": "BSD-2-Clause",
    "bsd-3": "BSD-3-Clause",
    "bsd-new": "BSD-3-Clause",
    "bsd-simplified": "BSD-2-Clause",
    "gpl-2": "GPL-2.0-only",
    "gpl-3": "GPL-3.0-only",
    "gplv2": "GPL-2.0-only",
    "gplv3": "GPL-3.0-only",
    "agpl": "AGPL-3.0-or-later",  # AGPL 3 is the only FSF AGPL; unversioned allows any later one
    "agplv3": "AGPL-3.0-only",
    "lgplv3": "LGPL-3.0-only",
    "gfdl-1.3": "GFDL-1.3-only",  # also an SPDX id; listed for the example
    "mpl": "LicenseRef-MPL-unversioned",
    "public-domain": "LicenseRef-Public-Domain",
    "publicdomain": "LicenseRef-Public-Domain",
    "public domain": "LicenseRef-Public-Domain",
    "pd": "LicenseRef-Public-Domain",
    "none": "NONE",
    "no-license": "NONE",
    "noassertion": NOASSERTION,
    "unspecified": NOASSERTION,
    "n/a": NOASSERTION,
    "openrail-m": "LicenseRef-OpenRAIL-M",
    # Ids the Hub added after the list in HUB_API.md (its license picker, 2025).
    "llama4": "LicenseRef-Llama-4-Community-License",
    "fair-noncommercial-research-license": "LicenseRef-FAIR-Noncommercial-Research-License",
    "intel-research": "LicenseRef-Intel-Research-Use-License",
    "h-research": "LicenseRef-H-Research-License",
    "apple-amlr": "LicenseRef-Apple-ML-Research-License",
    "apple-ascl": "LicenseRef-Apple-Sample-Code-License",
    "llama-2": "LicenseRef-Llama-2-Community-License",
    "llama-3": "LicenseRef-Llama-3-Community-License",
}

_CC_PORT = re.compile(r"^cc-(by(?:-nc|-sa|-nd)*)-(\d\.\d)-([a-z]{2,3})$")  # "cc-by-2.5-za"
_OTHER_PREFIX = re.compile(r"^other[-_:](?P<name>[a-z0-9][a-z0-9._-]*)$")  # "other-tatoeba"
_REF_CHARS = re.compile(r"[^A-Za-z0-9.-]+")  # LicenseRef idstring: letters, digits, "." and "-"


def slug(text: str) -> str:
    """A LicenseRef idstring from free text: "my license (v2)" -> "my-license-v2"."""
    return _REF_CHARS.sub("-", text.strip()).strip("-.") or "unnamed"


@lru_cache(maxsize=2048)
def hub_to_spdx(hub_id: str) -> str | None:
    """SPDX form of one Hub license value; None when it is not a license id we know.

    Case and surrounding spaces are ignored: "cc-by-nc-sa-4.0 " -> "CC-BY-NC-SA-4.0".
    """
    if not isinstance(hub_id, str):
        return None
    key = hub_id.strip().lower()
    if not key:
        return None
    hit = HUB_TO_SPDX.get(key) or LEGACY_ALIASES.get(key)
    if hit:
        return hit
    if _OPERATOR.search(key):
        return _expression_to_spdx(hub_id)
    spdx = licenses.preferred(key) or licenses.preferred(key.replace(" ", "-"))
    if spdx:
        return spdx
    if key.startswith("licenseref-"):
        return "LicenseRef-" + slug(hub_id.strip()[len("licenseref-") :])
    m = _OTHER_PREFIX.match(key)
    if m:
        return "LicenseRef-" + slug(m.group("name"))
    m = _CC_PORT.match(key)
    if m:  # a national port the SPDX list lacks: the form the engine and the scorer use
        return f"LicenseRef-CC-{m.group(1).upper()}-{m.group(2)}-{m.group(3).upper()}"
    tidy = _tidy(key)
    if tidy != key:
        return hub_to_spdx(tidy)
    return None


# Spelling noise around an id: "CC BY-NC 4.0 International" -> "cc-by-nc-4.0", "gpl_v3" -> "gpl-3.0"
_SUFFIX = re.compile(r"-(?:international|unported|generic|license|licence|public|deed|legalcode)$")
_BARE_VERSION = re.compile(r"-v?(\d)$")  # "apache-2" / "gpl-v3" -> "-2.0" / "-3.0"


def _tidy(key: str) -> str:
    key = re.sub(r"[\s_]+", "-", key).replace("-v.", "-").strip("-")
    prev = None
    while prev != key:
        prev, key = key, _SUFFIX.sub("", key)
    return _BARE_VERSION.sub(lambda m: f"-{m.group(1)}.0", key)


_OPERATOR = re.compile(r"\s(?:and|or|with)\s", re.I)  # "apache-2.0 OR cc-by-4.0"
_TOKEN = re.compile(
    r"\(|\)|(?<!\s)\s+(?:AND|OR|WITH)\s+|[^\s()]+", re.I
)  # (?<!\s): linear on runs of spaces


def _expression_to_spdx(value: str) -> str | None:
    """An expression written with Hub ids: "odc-by AND cc-by-4.0" -> "ODC-By-1.0 AND CC-BY-4.0"."""
    from agent.spdx import expressions  # late: expressions is heavier and not needed for plain ids

    out = []
    for tok in _TOKEN.findall(value):
        word = tok.strip()
        if word in ("(", ")") or word.upper() in ("AND", "OR", "WITH"):
            out.append(word.upper() if word.isalpha() else word)
            continue
        spdx = (
            licenses.exception_canonical(word) if out and out[-1] == "WITH" else None
        ) or hub_to_spdx(word)
        if not spdx or spdx in ("NOASSERTION", "NONE"):
            return None
        out.append(f"({spdx})" if " " in spdx else spdx)
    text = " ".join(out).replace("( ", "(").replace(" )", ")")
    try:
        normal = expressions.normalize(text)
    except ValueError:
        return None
    return normal if expressions.is_valid(normal) else None


def hub_values_to_spdx(values, operator: str = "AND") -> str | None:
    """SPDX expression for a `license:` value that may be a list; None if nothing is known.

    Unknown entries are dropped; "unknown" entries are dropped when other ids are present.
    ["cc-by-sa-3.0", "gfdl"] -> "CC-BY-SA-3.0 AND GFDL-1.1-or-later" (operator "OR" for a choice).
    """
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, (list, tuple)):
        return None
    mapped: list[str] = []
    for value in values:
        spdx = hub_to_spdx(value) if isinstance(value, str) else None
        if spdx and spdx not in mapped:
            mapped.append(spdx)
    if len(mapped) > 1:
        mapped = [m for m in mapped if m not in (NOASSERTION, "NONE")] or mapped[:1]
    if not mapped:
        return None
    if len(mapped) == 1:
        return mapped[0]
    op = " OR " if operator.upper() == "OR" else " AND "
    return op.join(f"({m})" if " " in m else m for m in mapped)


def is_other(spdx: str | None) -> bool:
    """True for the marker of Hub "other" (see license_name / license_link)."""
    return spdx == OTHER
