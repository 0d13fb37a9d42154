"""Read the small text files users hand us (reference lists, policies, baselines, token files).

Only regular files are read, and only up to a limit: a FIFO, /dev/zero or a huge file named by
mistake (or by an attacker) must give one clear line, never a hang or unbounded memory.
"""

from __future__ import annotations

import os
import stat
import sys

from agent.errors import UsageError

MAX_TEXT_BYTES = 4_000_000  # a reference list of ~100,000 datasets; policies are a few kB


class UnreadableFile(UsageError):
    """A file that is absent, not a regular file, too large or not UTF-8 text; str() says which."""


def read_text(path: str, what: str, limit: int = MAX_TEXT_BYTES) -> str:
    """The UTF-8 text of a regular file ("-" is stdin), or UnreadableFile naming `what` and why.

    read_text("/dev/zero", "--from file") -> UnreadableFile("--from file /dev/zero: not a regular file")
    """
    if path == "-":
        data = sys.stdin.buffer.read(limit + 1)
    else:
        data = _read_regular(path, what, limit)
    if len(data) > limit:
        raise UnreadableFile(f"{what} {path}: larger than {limit:,} bytes")
    if b"\0" in data:  # binary data: no text format we read allows NUL
        raise UnreadableFile(f"{what} {path}: binary data, not a text file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(f"{what} {path}: not UTF-8 text (byte {exc.start})") from None


def _read_regular(path: str, what: str, limit: int) -> bytes:
    # O_NONBLOCK: opening a FIFO without a writer would otherwise wait forever
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise UnreadableFile(f"{what} {path}: {exc.strerror or exc}") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise UnreadableFile(f"{what} {path}: not a regular file")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read(limit + 1)
    except OSError as exc:
        raise UnreadableFile(f"{what} {path}: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
