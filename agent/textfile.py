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

    def __init__(self, message: str, reason: str):
        super().__init__(message)
        self.reason = reason  # "not a regular file": for callers that word the message themselves


def read_text(path: str, what: str, limit: int = MAX_TEXT_BYTES) -> str:
    """The UTF-8 text of a regular file ("-" is stdin), or UnreadableFile naming `what` and why.

    read_text("/dev/zero", "--from file") -> UnreadableFile("--from file /dev/zero: not a regular file")
    """
    data = sys.stdin.buffer.read(limit + 1) if path == "-" else read_bytes(path, limit, what)
    if len(data) > limit:
        raise _unreadable(what, path, f"larger than {limit:,} bytes")
    if b"\0" in data:  # binary data: no text format we read allows NUL
        raise _unreadable(what, path, "binary data, not a text file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _unreadable(what, path, f"not UTF-8 text (byte {exc.start})") from None


def read_bytes(path: str, limit: int, what: str = "file") -> bytes:
    """At most limit + 1 bytes of a regular file (the caller sees when there is more)."""
    # O_NONBLOCK: opening a FIFO without a writer would otherwise wait forever
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise _unreadable(what, path, exc.strerror or str(exc)) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise _unreadable(what, path, "not a regular file")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read(limit + 1)
    except OSError as exc:
        raise _unreadable(what, path, exc.strerror or str(exc)) from None
    finally:
        os.close(fd)


def _unreadable(what: str, path: str, reason: str) -> UnreadableFile:
    return UnreadableFile(f"{what} {path}: {reason}", reason)
