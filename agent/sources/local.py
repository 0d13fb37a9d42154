"""A card from the local disk: a folder holding a README (any case) and license files, no network."""

from __future__ import annotations

import os
import stat

from agent.errors import DatasetError
from agent.models import Card
from agent.refs import Ref
from agent.sources.text import decode_text
from agent.spdx.license_files import (
    DATA_FOLDERS,
    REUSE_FOLDER,
    is_license_file,
    is_readme,
    license_order,
    readme_rank,
)

_MAX_LISTED = 10_000  # names read from one folder: a folder of a million files is not a card


class LocalSource:
    """The card source for folders and README paths (the CardSource interface, see sources/base)."""

    def __init__(self, max_card_bytes: int = 10_000_000):
        self.max_card_bytes = max_card_bytes

    def fetch_card(self, ref: Ref) -> Card:
        return fetch_local(ref, self.max_card_bytes)


def fetch_local(ref: Ref, max_card_bytes: int = 10_000_000) -> Card:
    """Read ref.path (a README) and the license files of its folder into a Card.

    card_data stays None: the engine parses the YAML header from the text itself. Every file is
    read only if it is a regular file inside the dataset's folder (see _read_inside).
    """
    path = _readme_path(ref.path or "")
    card = Card(dataset=ref.name, source="local", location=os.path.abspath(path))
    folder = os.path.realpath(os.path.dirname(os.path.abspath(path)))
    card.readme = decode_text(
        _read_inside(folder, path, max_card_bytes), os.path.basename(path), card.warnings
    )
    card.listing = sorted(n for n in _listdir(folder) if not n.startswith("."))[
        :1000
    ]  # holds data files?
    for name in license_order(_candidates(folder)) + _linked_names(folder, card.readme):
        try:
            data = _read_inside(folder, os.path.join(folder, *name.split("/")), max_card_bytes)
        except DatasetError as exc:
            card.warnings.append(f"{name} not read: {exc.message}")
            continue
        card.files[name] = decode_text(data, name, card.warnings)
    return card


def _linked_names(folder: str, readme: str | None) -> list[str]:
    """Files the card's license_link names inside its own folder ("license_link: DATA_TERMS.txt"), besides
    the license files; _read_inside refuses any that leads out of the folder."""
    from agent.extract.frontmatter import linked_files

    return [
        name
        for name in linked_files(readme)
        if not is_license_file(name) and os.path.lexists(os.path.join(folder, name))
    ]


def _readme_path(path: str) -> str:
    """The README to read: the path itself when it exists, else a README of any case/extension
    in the folder (refs name "folder/README.md" by default; the file may be readme.rst)."""
    if os.path.lexists(path) and not (
        os.path.isdir(path) and not is_readme(os.path.basename(path))
    ):
        return path  # a file, or a folder named README.md (reported as not a regular file)
    folder = path if os.path.isdir(path) else os.path.dirname(path) or "."
    names = [n for n in _listdir(folder) if is_readme(n)]
    if not names:
        raise DatasetError("EntryNotFound", f"no README at {folder}")
    return os.path.join(folder, min(names, key=lambda n: (readme_rank(n), n)))


def _candidates(folder: str) -> list[str]:
    """Names of the top level, of data folders (data/LICENSE) and of a REUSE LICENSES/ folder.

    Links and odd files are kept, so that a warning names them; linked folders are not entered."""
    names = _listdir(folder)
    out = [
        n
        for n in names
        if not os.path.isdir(os.path.join(folder, n)) or os.path.islink(os.path.join(folder, n))
    ]
    for sub in names:
        inner = os.path.join(folder, sub)
        if (
            (DATA_FOLDERS.match(sub) or sub == REUSE_FOLDER)
            and os.path.isdir(inner)
            and not os.path.islink(inner)
        ):
            out += [f"{sub}/{n}" for n in _listdir(inner)]
    return out


def _listdir(folder: str) -> list[str]:
    try:
        with os.scandir(folder) as entries:
            names = []
            for entry in entries:
                names.append(entry.name)
                if len(names) >= _MAX_LISTED:
                    break
            return names
    except OSError:
        return []


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
            raise DatasetError(
                "TooLarge", f"{path} is {info.st_size:,} bytes, over the limit of {limit:,}"
            )
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
