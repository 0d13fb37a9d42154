"""A card from the local disk: a folder holding README.md (and LICENSE files), no network."""

from __future__ import annotations

import os
import re
import stat

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

    card_data stays None: the engine parses the YAML header from the text itself. Every file is
    read only if it is a regular file inside the dataset's folder (see _read_inside).
    """
    path = ref.path or ""
    if os.path.isdir(path) and os.path.basename(path) != "README.md":
        path = os.path.join(path, "README.md")  # a folder given directly
    if not os.path.lexists(path):
        raise DatasetError("EntryNotFound", f"no README.md at {path}")
    card = Card(dataset=ref.name, source="local", location=os.path.abspath(path))
    folder = os.path.realpath(os.path.dirname(os.path.abspath(path)))
    card.readme = decode_text(_read_inside(folder, path, max_card_bytes), os.path.basename(path), card.warnings)
    for name in _license_names(folder) + _linked_names(folder, card.readme):
        try:
            data = _read_inside(folder, os.path.join(folder, name), max_card_bytes)
        except DatasetError as exc:
            card.warnings.append(f"{name} not read: {exc.message}")
            continue
        card.files[name] = decode_text(data, name, card.warnings)
    return card


def _linked_names(folder: str, readme: str | None) -> list[str]:
    """Files the card's license_link names inside its own folder ("license_link: DATA_TERMS.txt"), besides
    the LICENSE-like ones; _read_inside refuses any that leads out of the folder."""
    from agent.extract.frontmatter import linked_files

    return [name for name in linked_files(readme)
            if not _LICENSE_FILE.match(os.path.basename(name)) and os.path.lexists(os.path.join(folder, name))]


def _license_names(folder: str) -> list[str]:
    """LICENSE-like names in the folder; links and odd files are kept so that a warning names them."""
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    found = [n for n in names if _LICENSE_FILE.match(n) and not os.path.isdir(os.path.join(folder, n))]
    return sorted(found, key=str.lower)[:MAX_LICENSE_FILES]


def _read_inside(folder: str, path: str, limit: int) -> bytes:
    """The bytes of `path` if it resolves inside `folder` (already resolved) and is a regular file.

    A card's folder is untrusted: LICENSE -> /etc/shadow or /proc/self/environ must not become
    evidence, and a FIFO or device must not block the run. The link target is checked, then opened
    with O_NOFOLLOW | O_NONBLOCK and checked again with fstat, so a swap in between is refused too.
    """
    target = os.path.realpath(path)
    if os.path.commonpath([folder, target]) != folder:
        raise DatasetError("Unreadable", f"{path} links outside the dataset folder ({folder})")
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(target, flags)
    except OSError as exc:
        raise DatasetError("Unreadable", f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        return _read_regular(fd, path, limit)
    finally:
        os.close(fd)


def _read_regular(fd: int, path: str, limit: int) -> bytes:
    """The open file's bytes; Unreadable unless it is a regular file, TooLarge past `limit`."""
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise DatasetError("Unreadable", f"{path} is not a regular file")
        if info.st_size > limit:
            raise DatasetError("TooLarge", f"{path} is {info.st_size:,} bytes, over the limit of {limit:,}")
        chunks, size = [], 0
        while size <= limit and (chunk := os.read(fd, min(1 << 20, limit + 1 - size))):
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise DatasetError("Unreadable", f"cannot read {path}: {exc.strerror or exc}") from None
    data = b"".join(chunks)
    if len(data) > limit:  # the file grew while we read it
        raise DatasetError("TooLarge", f"{path} is over the limit of {limit:,} bytes")
    return data
