"""The one table of README and license-file names, shared by the Hub, GitHub and local sources."""

from __future__ import annotations

import re

# A README in any case and extension: README.md, readme.md, README.MD, README.rst, README.txt, README
_README = re.compile(r"^readme(?:\.(?:md|markdown|mdown|rst|txt|text|org|adoc))?$", re.IGNORECASE)
# License-like base names, any case, with an optional qualifier and extension:
#   LICENSE, LICENCE.md, license.txt, COPYING, COPYING.LESSER, NOTICE, UNLICENSE,
#   LICENSE-DATA.md, LICENSE_DATA, LICENSE.CC-BY-4.0 (qualifier after the word)
#   DATA_LICENSE, DATA-LICENSE.txt, CODE_LICENSE, MODEL_LICENSE (qualifier before the word)
_LICENSE = re.compile(
    r"^(?:[a-z0-9]+[-_])?(?:licen[cs]e|copying|notice|unlicense)(?:[-_.][a-z0-9_.-]+)?"
    r"(?:\.(?:md|markdown|txt|rst))?$",
    re.IGNORECASE,
)
# Code and data files that happen to be named like a license: license.py, LICENSE.json, COPYING.html
_NOT_TEXT = re.compile(
    r"\.(?:py|js|ts|json|ya?ml|html?|css|sh|ipynb|go|rs|java|c|h|cpp|rb|php|toml|cfg|ini|"
    r"xml|csv|pdf|docx?|png|jpe?g|gif|svg)$",
    re.IGNORECASE,
)
# Folders whose license files speak for the data: data/LICENSE, dataset/LICENSE.txt, corpus/COPYING
DATA_FOLDERS = re.compile(
    r"^(?:data|datasets?|corpus|corpora|annotations?|release)$", re.IGNORECASE
)
# REUSE (reuse.software): LICENSES/CC-BY-4.0.txt, LICENSES/MIT.txt, one file per license used
REUSE_FOLDER = "LICENSES"
_REUSE_FILE = re.compile(r"^LICENSES/[A-Za-z0-9.+-]+(?:\.(?:txt|md))?$")
# What a file's own name says it covers: DATA_LICENSE, LICENSE-DATA.md -> data; CODE_LICENSE -> code
_DATA_NAME = re.compile(
    r"(?:^|[-_.])(?:data|dataset|corpus|annotations?|content)(?:[-_.]|$)", re.IGNORECASE
)
_CODE_NAME = re.compile(
    r"(?:^|[-_.])(?:code|software|source|model|weights?)(?:[-_.]|$)", re.IGNORECASE
)
MAX_LICENSE_FILES = 8  # a repository with one LICENSE per folder needs no more than a sample


def is_readme(name: str) -> bool:
    """True for README.md, readme.rst, README (a base name, no folder)."""
    return bool(_README.match(name))


def readme_rank(name: str) -> int:
    """Which README to prefer when several exist: Markdown first, then rst/txt, then bare."""
    lower = name.lower()
    return 0 if lower.endswith((".md", ".markdown")) else 2 if lower == "readme" else 1


def is_license_file(path: str) -> bool:
    """A license-like file at the top, one data folder deep, or in a REUSE LICENSES/ folder.

    >>> [is_license_file(p) for p in ("LICENSE", "data/LICENSE.txt", "src/LICENSE", "LICENSES/MIT.txt")]
    [True, True, False, True]
    """
    parts = path.split("/")
    if len(parts) == 1:
        return is_top_license_file(parts[0])
    if len(parts) == 2 and parts[0] == REUSE_FOLDER:
        return bool(_REUSE_FILE.match(path))
    return len(parts) == 2 and bool(DATA_FOLDERS.match(parts[0])) and is_top_license_file(parts[1])


def is_top_license_file(name: str) -> bool:
    """A license-like file name without folder (the Hub's one-folder-deep rule uses this)."""
    return bool(_LICENSE.match(name)) and not _NOT_TEXT.search(name)


def role_of_file(path: str) -> str | None:
    """ "data" / "code" when the path says which part it covers, else None (repository-wide).

    >>> [role_of_file(p) for p in ("DATA_LICENSE", "data/LICENSE", "CODE_LICENSE", "LICENSE")]
    ['data', 'data', 'code', None]
    """
    parts = path.split("/")
    if len(parts) == 2 and DATA_FOLDERS.match(parts[0]):
        return "data"
    base = (
        parts[-1].rsplit(".", 1)[0]
        if parts[-1].lower().endswith((".md", ".txt", ".rst"))
        else parts[-1]
    )
    if _DATA_NAME.search(base):
        return "data"
    if _CODE_NAME.search(base):
        return "code"
    return None


def license_order(paths: list[str]) -> list[str]:
    """License files, top level first, data ones before others, at most MAX_LICENSE_FILES."""
    found = [p for p in paths if is_license_file(p)]
    found.sort(key=lambda p: (p.count("/"), role_of_file(p) != "data", p.lower()))
    return found[:MAX_LICENSE_FILES]
