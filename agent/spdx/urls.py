"""License URLs -> SPDX ids: Creative Commons, Open Data Commons, Apache, GNU, OSI, CDLA, SPDX pages."""

from __future__ import annotations

import re
from functools import lru_cache

from agent.spdx import licenses

# creativecommons.org/licenses/by-nc-sa/3.0/fr/legalcode -> attrs "by-nc-sa", version "3.0", port "fr"
_CC = re.compile(
    r"creativecommons\.org/licen[cs]es/(?P<attrs>by(?:-(?:nc|sa|nd))*)/(?P<ver>\d\.\d)"
    r"(?:/(?P<port>[a-z]{2})(?:[/_.#?]|$))?",
    re.I,
)
# creativecommons.org/publicdomain/zero/1.0/ -> CC0-1.0; .../mark/1.0/ -> CC-PDM-1.0
_CC_PD = re.compile(r"creativecommons\.org/publicdomain/(?P<kind>zero|mark)/", re.I)
# opendatacommons.org/licenses/odbl/1-0/, /licenses/by/, /licenses/pddl/
_ODC = re.compile(r"opendatacommons\.org/licen[cs]es/(?P<kind>odbl|by|pddl)", re.I)
# apache.org/licenses/LICENSE-2.0(.html|.txt)
_APACHE = re.compile(r"apache\.org/licenses/LICENSE-(?P<ver>\d\.\d)", re.I)
# gnu.org/licenses/gpl-3.0.html, /licenses/old-licenses/gpl-2.0.en.html, /licenses/agpl.html, fdl-1.3
_GNU = re.compile(
    r"(?:gnu|fsf)\.org/(?:licen[cs]es|licensing/licenses|copyleft)/(?:old-licenses/)?"
    r"(?P<fam>agpl|lgpl|gpl|fdl|gfdl)(?:-?(?P<ver>\d(?:\.\d)?))?",
    re.I,
)
# opensource.org/licenses/MIT, choosealicense.com/licenses/gpl-3.0/, spdx.org/licenses/CC-BY-4.0.html
_BY_ID = re.compile(
    r"(?:opensource\.org/licen[cs]es|choosealicense\.com/licenses|spdx\.org/licenses)/"
    r"(?P<id>[A-Za-z0-9.+-]+?)(?:\.html|\.php|\.txt)?/?(?:[#?].*)?$",
    re.I,
)
# cdla.io/permissive-1-0, cdla.dev/sharing-1-0
_CDLA = re.compile(r"cdla\.(?:io|dev)/(?P<kind>permissive|sharing)-(?P<a>\d)[-.](?P<b>\d)", re.I)
# unicode.org/license.txt, unicode.org/copyright.html: the Unicode data files license
_UNICODE = re.compile(r"unicode\.org/(?:license\.txt|copyright\.html)", re.I)
# mit-license.org
_MIT = re.compile(r"mit-license\.org", re.I)

_GNU_IDS = {"gpl": "GPL", "lgpl": "LGPL", "agpl": "AGPL", "fdl": "GFDL", "gfdl": "GFDL"}
# An unversioned GNU URL names the family; the texts allow "any version ever published".
_GNU_ANY = {
    "GPL": "GPL-1.0-or-later",
    "LGPL": "LGPL-2.0-or-later",
    "AGPL": "AGPL-3.0-or-later",
    "GFDL": "GFDL-1.1-or-later",
}


def cc_id(attrs: str, version: str | None, port: str | None = None) -> str:
    """SPDX id (or LicenseRef for ports / no version) of a CC family: ("by-nc", "4.0") -> CC-BY-NC-4.0."""
    fam = "CC-" + attrs.upper()
    if not version:
        return f"LicenseRef-{fam}-unversioned"
    if port and port.lower() not in ("deed", "legalcode"):
        return f"LicenseRef-{fam}-{version}-{port.upper()}"
    found = licenses.canonical(f"{fam}-{version}")
    return found or f"LicenseRef-{fam}-{version}"


def _gnu(fam: str, ver: str | None) -> str | None:
    base = _GNU_IDS[fam.lower()]
    if not ver:
        return _GNU_ANY[base]
    if "." not in ver:
        ver += ".0" if base != "LGPL" or ver != "2" else ".1"
    return licenses.preferred(f"{base}-{ver}") or licenses.preferred(f"{base}-{ver}-only")


@lru_cache(maxsize=4096)
def map_url(url: str) -> str | None:
    """SPDX id a URL points to, or None when it is not a known license page.

    "http://creativecommons.org/licenses/by-sa/4.0/legalcode" -> "CC-BY-SA-4.0"
    "https://github.com/org/repo/blob/master/LICENSE" -> None (a file: read it, don't guess)
    """
    m = _CC.search(url)
    if m:
        return cc_id(m.group("attrs"), m.group("ver"), m.group("port"))
    m = _CC_PD.search(url)
    if m:
        return "CC0-1.0" if m.group("kind").lower() == "zero" else "CC-PDM-1.0"
    m = _ODC.search(url)
    if m:
        return {"odbl": "ODbL-1.0", "by": "ODC-By-1.0", "pddl": "PDDL-1.0"}[m.group("kind").lower()]
    m = _APACHE.search(url)
    if m:
        return licenses.canonical(f"Apache-{m.group('ver')}")
    m = _GNU.search(url)
    if m:
        return _gnu(m.group("fam"), m.group("ver"))
    m = _CDLA.search(url)
    if m:
        return licenses.canonical(
            f"CDLA-{m.group('kind').capitalize()}-{m.group('a')}.{m.group('b')}"
        )
    if _UNICODE.search(url):
        return "Unicode-DFS-2016"
    if _MIT.search(url):
        return "MIT"
    m = _BY_ID.search(url.rstrip("/"))
    if m:
        return licenses.preferred(m.group("id")) or _hub_like(m.group("id"))
    return None


def _hub_like(text: str) -> str | None:
    """choosealicense/OSI short names that are not SPDX ids ("gpl-3.0" is deprecated, "bsd-3-clause")."""
    from agent.spdx.hub_ids import hub_to_spdx

    found = hub_to_spdx(text)
    return found if found and found not in ("NOASSERTION", "LicenseRef-other") else None


# Any URL in text: "(https://creativecommons.org/licenses/by/4.0/)" -> the URL without the bracket
URL = re.compile(
    r"https?://[^\s)\]>\"'`]+|(?:www\.)[^\s)\]>\"'`]+|creativecommons\.org/[^\s)\]>\"'`]+", re.I
)
# A link to a license file in a repository: ".../blob/master/LICENSE", ".../LICENSE.md", "LICENCE"
LICENSE_FILE = re.compile(r"/(?:LICEN[CS]E|COPYING)(?:[._-][A-Za-z0-9]+)?/?$", re.I)
