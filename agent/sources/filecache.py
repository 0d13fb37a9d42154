"""Files read from the Hub kept on disk with their ETag, so a later run asks `If-None-Match`."""

from __future__ import annotations

import hashlib
import os
import tempfile

ENV = "LICENSETRACE_CACHE"  # a folder, or "off"


def default_folder() -> str | None:
    """$LICENSETRACE_CACHE, else $XDG_CACHE_HOME/licensetrace/files (~/.cache/...); None when "off"."""
    chosen = os.environ.get(ENV, "").strip()
    if chosen.lower() in ("off", "0", "none", "false"):
        return None
    if chosen:
        return os.path.expanduser(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "licensetrace", "files")


class FileCache:
    """ETag + body per (endpoint, repo, path): the Hub's ETag is the file's content hash, so an
    unchanged README answers 304 even under a new commit. A cache that cannot be written is
    simply not used (it saves bytes, it never decides anything)."""

    def __init__(self, folder: str):
        self.folder = folder

    def _path(self, key: str) -> str:
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
        return os.path.join(self.folder, digest[:2], digest)

    def get(self, key: str) -> tuple[str, bytes] | None:
        """(etag, body) stored for `key`, or None."""
        try:
            with open(self._path(key), "rb") as handle:
                etag, _, body = handle.read().partition(b"\n")
        except OSError:
            return None
        return (etag.decode("ascii", "replace"), body) if etag else None

    def put(self, key: str, etag: str | None, body: bytes) -> None:
        if not etag or "\n" in etag:
            return
        path = self._path(key)
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            # write then rename: a reader never sees half a file, even with parallel runs
            fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path))
            with os.fdopen(fd, "wb") as handle:
                handle.write(etag.encode("ascii", "replace") + b"\n" + body)
            os.replace(tmp, path)
        except OSError:
            return
