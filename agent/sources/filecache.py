"""Files read from the Hub and GitHub kept on disk with their ETag, so a later run asks `If-None-Match`.

One SQLite file in the cache folder holds them. A file per entry cost about 2 ms of CPU per
dataset in a run: each of its five system calls hands the interpreter lock to the run's other
threads and back. Here new entries wait in memory (a bounded batch) and are written together in
one transaction, and a read is one indexed query.
"""

from __future__ import annotations

import os
import sqlite3
import threading

ENV = "LICENSETRACE_CACHE"  # a folder, or "off"
FILE_NAME = "files.sqlite3"
FLUSH_ENTRIES = 64  # entries kept in memory before they are written together
FLUSH_BYTES = 8_000_000  # ... or this many bytes of bodies, whichever comes first
_SCHEMA = "CREATE TABLE IF NOT EXISTS files (key TEXT PRIMARY KEY, etag TEXT NOT NULL, body BLOB NOT NULL)"


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
    """ETag + body per key (the file's URL): the Hub's ETag is the file's content hash, so an
    unchanged README answers 304 even under a new commit. Thread-safe. A cache that cannot be
    opened or written is simply not used from then on (it saves bytes, it never decides anything).
    Call close() at the end of a run: entries not yet written are written then."""

    def __init__(self, folder: str):
        self.folder = folder
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        self._broken = False
        self._pending: dict[str, tuple[str, bytes]] = {}
        self._pending_bytes = 0

    def get(self, key: str) -> tuple[str, bytes] | None:
        """(etag, body) stored for `key`, or None."""
        with self._lock:
            if key in self._pending:
                return self._pending[key]
            db = self._open()
            if db is None:
                return None
            try:
                row = db.execute("SELECT etag, body FROM files WHERE key = ?", (key,)).fetchone()
            except sqlite3.Error:
                self._give_up()
                return None
        return (row[0], bytes(row[1])) if row else None

    def put(self, key: str, etag: str | None, body: bytes) -> None:
        if not etag or "\n" in etag:
            return
        with self._lock:
            if self._open() is None:  # cannot be used: keep nothing, not even in memory
                return
            previous = self._pending.pop(key, None)
            self._pending_bytes -= len(previous[1]) if previous else 0
            self._pending[key] = (etag, bytes(body))
            self._pending_bytes += len(body)
            if len(self._pending) >= FLUSH_ENTRIES or self._pending_bytes >= FLUSH_BYTES:
                self._write_pending()

    def flush(self) -> None:
        """Write the entries waiting in memory."""
        with self._lock:
            self._write_pending()

    def close(self) -> None:
        with self._lock:
            self._write_pending()
            if self._db is not None:
                self._db.close()
                self._db = None

    def _write_pending(self) -> None:
        pending, self._pending, self._pending_bytes = self._pending, {}, 0
        db = self._open() if pending else None
        if db is None:
            return
        try:
            with db:  # one transaction for the batch
                db.executemany(
                    "INSERT OR REPLACE INTO files (key, etag, body) VALUES (?, ?, ?)",
                    [(key, etag, body) for key, (etag, body) in pending.items()],
                )
        except sqlite3.Error:
            self._give_up()

    def _open(self) -> sqlite3.Connection | None:
        if self._db is not None or self._broken:
            return self._db
        try:
            os.makedirs(self.folder, exist_ok=True)
            self._db = sqlite3.connect(
                os.path.join(self.folder, FILE_NAME), timeout=10, check_same_thread=False
            )
            self._db.execute("PRAGMA journal_mode=WAL")  # other runs read while this one writes
            self._db.execute("PRAGMA synchronous=NORMAL")  # a cache: a lost last batch is harmless
            self._db.execute(_SCHEMA)
        except (OSError, sqlite3.Error):
            self._give_up()
        return self._db

    def _give_up(self) -> None:
        self._broken, self._pending, self._pending_bytes = True, {}, 0
        if self._db is not None:
            self._db.close()
            self._db = None
