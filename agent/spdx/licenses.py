"""The bundled SPDX License List: ids, names, flags, deprecations and (lazily) full texts.

Nothing is read at import time: the metadata (60 KB JSON) loads on the first lookup, the texts
(a 0.9 MB gzip) only when `text()` is called. Lookups are case-insensitive, as SPDX ids are
("cc-by-4.0" -> "CC-BY-4.0").

Deprecated ids. `canonical()` returns the id as spelled on the list, deprecated or not
("gpl-2.0" -> "GPL-2.0"). `preferred()` returns the current equivalent the SPDX list points to
("GPL-2.0" -> "GPL-2.0-only", "GPL-2.0+" -> "GPL-2.0-or-later"): the bare GNU ids meant "this
version only" when they were deprecated in list 3.0. The scorer of the corpus folds -only and
-or-later together, so upgrading never changes a comparison, and SPDX users get current ids.
"""

from __future__ import annotations

import gzip
import json
import os
from functools import lru_cache
from typing import NamedTuple

DATA_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")

# Deprecated id -> current SPDX equivalent (an id or an expression), per the SPDX list's notes.
# Example: a card or LICENSE matcher saying "GPL-3.0" becomes "GPL-3.0-only".
DEPRECATED_TO_CURRENT = {
    "AGPL-1.0": "AGPL-1.0-only",
    "AGPL-3.0": "AGPL-3.0-only",
    "BSD-2-Clause-FreeBSD": "BSD-2-Clause",
    "BSD-2-Clause-NetBSD": "BSD-2-Clause",
    "bzip2-1.0.5": "bzip2-1.0.6",
    "eCos-2.0": "GPL-2.0-or-later WITH eCos-exception-2.0",
    "GFDL-1.1": "GFDL-1.1-only",
    "GFDL-1.2": "GFDL-1.2-only",
    "GFDL-1.3": "GFDL-1.3-only",
    "GPL-1.0": "GPL-1.0-only",
    "GPL-1.0+": "GPL-1.0-or-later",
    "GPL-2.0": "GPL-2.0-only",
    "GPL-2.0+": "GPL-2.0-or-later",
    "GPL-2.0-with-autoconf-exception": "GPL-2.0-only WITH Autoconf-exception-2.0",
    "GPL-2.0-with-bison-exception": "GPL-2.0-or-later WITH Bison-exception-2.2",
    "GPL-2.0-with-classpath-exception": "GPL-2.0-only WITH Classpath-exception-2.0",
    "GPL-2.0-with-font-exception": "GPL-2.0-only WITH Font-exception-2.0",
    "GPL-2.0-with-GCC-exception": "GPL-2.0-only WITH GCC-exception-2.0",
    "GPL-3.0": "GPL-3.0-only",
    "GPL-3.0+": "GPL-3.0-or-later",
    "GPL-3.0-with-autoconf-exception": "GPL-3.0-only WITH Autoconf-exception-3.0",
    "GPL-3.0-with-GCC-exception": "GPL-3.0-only WITH GCC-exception-3.1",
    "LGPL-2.0": "LGPL-2.0-only",
    "LGPL-2.0+": "LGPL-2.0-or-later",
    "LGPL-2.1": "LGPL-2.1-only",
    "LGPL-2.1+": "LGPL-2.1-or-later",
    "LGPL-3.0": "LGPL-3.0-only",
    "LGPL-3.0+": "LGPL-3.0-or-later",
    "Nunit": "zlib-acknowledgement",
    "StandardML-NJ": "SMLNJ",
    "wxWindows": "LGPL-2.0-or-later WITH WxWindows-exception-3.1",
}


class LicenseInfo(NamedTuple):
    """One entry of the SPDX License List."""

    id: str
    name: str
    deprecated: bool
    osi: bool
    fsf: bool


class _Meta(NamedTuple):
    version: str
    release_date: str | None
    licenses: dict[str, LicenseInfo]  # lower-case id -> info
    exceptions: dict[str, tuple[str, str, bool]]  # lower-case id -> (id, name, deprecated)


@lru_cache(maxsize=1)
def _meta() -> _Meta:
    with open(os.path.join(DATA_DIR, "spdx-licenses.json"), encoding="utf-8") as fh:
        raw = json.load(fh)
    lics = {k.lower(): LicenseInfo(k, *v) for k, v in raw["licenses"].items()}
    excs = {k.lower(): (k, v[0], v[1]) for k, v in raw["exceptions"].items()}
    return _Meta(raw["licenseListVersion"], raw.get("releaseDate"), lics, excs)


@lru_cache(maxsize=1)
def _texts() -> dict[str, str]:
    with gzip.open(os.path.join(DATA_DIR, "spdx-texts.json.gz"), "rb") as fh:
        return json.load(fh)


def list_version() -> str:
    """Version of the bundled SPDX License List, e.g. "3.29.0"."""
    return _meta().version


def release_date() -> str | None:
    """Release date of the bundled list (ISO 8601), when known."""
    return _meta().release_date


def info(license_id: str) -> LicenseInfo | None:
    """The list entry for an id (any case, surrounding spaces ignored), or None."""
    if not isinstance(license_id, str):
        return None
    return _meta().licenses.get(license_id.strip().lower())


def is_known(license_id: str) -> bool:
    """True when the id is on the bundled SPDX list (deprecated ids included)."""
    return info(license_id) is not None


def canonical(license_id: str) -> str | None:
    """The id in the list's spelling ("cc-by-4.0" -> "CC-BY-4.0"); None when not on the list."""
    entry = info(license_id)
    return entry.id if entry else None


def preferred(license_id: str) -> str | None:
    """Canonical id, with a deprecated one replaced by its current equivalent (may be an expression).

    "gpl-2.0" -> "GPL-2.0-only"; "GPL-2.0-with-classpath-exception" ->
    "GPL-2.0-only WITH Classpath-exception-2.0"; "mit" -> "MIT"; "nope" -> None.
    """
    cid = canonical(license_id)
    if cid is None:
        return None
    return DEPRECATED_TO_CURRENT.get(cid, cid)


def is_deprecated(license_id: str) -> bool:
    entry = info(license_id)
    return bool(entry and entry.deprecated)


def name(license_id: str) -> str | None:
    """Full name, e.g. "Creative Commons Attribution 4.0 International"."""
    entry = info(license_id)
    return entry.name if entry else None


def is_osi_approved(license_id: str) -> bool:
    entry = info(license_id)
    return bool(entry and entry.osi)


def is_fsf_libre(license_id: str) -> bool:
    entry = info(license_id)
    return bool(entry and entry.fsf)


def text(license_id: str) -> str | None:
    """Full license text from the SPDX list (non-deprecated ids only); loads the texts once."""
    cid = canonical(license_id)
    return _texts().get(cid) if cid else None


def texts() -> dict[str, str]:
    """All bundled texts, id -> text (shared dict: do not modify)."""
    return _texts()


def all_ids(include_deprecated: bool = True) -> list[str]:
    """Every license id on the list, in the list's spelling, sorted case-insensitively."""
    return [
        e.id for _, e in sorted(_meta().licenses.items()) if include_deprecated or not e.deprecated
    ]


def exception_canonical(exception_id: str) -> str | None:
    """A license exception id in the list's spelling ("classpath-exception-2.0" -> ...), or None."""
    if not isinstance(exception_id, str):
        return None
    hit = _meta().exceptions.get(exception_id.strip().lower())
    return hit[0] if hit else None


def is_known_exception(exception_id: str) -> bool:
    return exception_canonical(exception_id) is not None
