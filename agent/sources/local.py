"""A card from the local disk: a folder holding README.md (and LICENSE files), no network."""

from __future__ import annotations

import os
import re

from agent.errors import DatasetError
from agent.models import Card
from agent.refs import Ref
from agent.sources.text import decode_text

# Files beside README.md read as license evidence: LICENSE, LICENCE.md, license.txt, COPYING,
# COPYING.LESSER, NOTICE, LICENSE-DATA.txt (any case)
_LICENSE_FILE = re.compile(
    r"^(?:licen[cs]e|copying|notice)(?:[-_.][a-z0-9_-]+)?(?:\.(?:md|txt|rst|markdown))?$", re.IGNORECASE)
MAX_LICENSE_FILES = 5


def fetch_local(ref: Ref, max_card_bytes: int = 10_000_000) -> Card:
    """Read ref.path (a README.md) and the LICENSE-like files in its folder into a Card.

    card_data stays None: the engine parses the YAML header from the text itself.
    """
    path = ref.path or ""
    if os.path.isdir(path) and os.path.basename(path) != "README.md":
        path = os.path.join(path, "README.md")  # a folder given directly
    if not os.path.exists(path):
        raise DatasetError("EntryNotFound", f"no README.md at {path}")
    card = Card(dataset=ref.name, source="local", location=os.path.abspath(path))
    card.readme = decode_text(_read_bounded(path, max_card_bytes), os.path.basename(path), card.warnings)
    folder = os.path.dirname(os.path.abspath(path))
    for name in _license_names(folder):
        file_path = os.path.join(folder, name)
        try:
            data = _read_bounded(file_path, max_card_bytes)
        except DatasetError as exc:
            card.warnings.append(f"{name} not read: {exc.message}")
            continue
        card.files[name] = decode_text(data, name, card.warnings)
    return card


def _license_names(folder: str) -> list[str]:
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    found = [n for n in names if _LICENSE_FILE.match(n) and os.path.isfile(os.path.join(folder, n))]
    return sorted(found, key=str.lower)[:MAX_LICENSE_FILES]


def _read_bounded(path: str, limit: int) -> bytes:
    """The file's bytes; TooLarge before reading more than `limit`; Unreadable on OS errors."""
    try:
        if not os.path.isfile(path):
            raise DatasetError("Unreadable", f"{path} is not a regular file")
        size = os.path.getsize(path)
        if size > limit:
            raise DatasetError("TooLarge", f"{path} is {size:,} bytes, over the limit of {limit:,}")
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise DatasetError("Unreadable", f"cannot read {path}: {exc.strerror or exc}") from None
    if len(data) > limit:  # the file grew while we read it
        raise DatasetError("TooLarge", f"{path} is over the limit of {limit:,} bytes")
    return data
