"""SQLite registry backend: a WAL-mode file, one connection per thread, BEGIN IMMEDIATE writes."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from typing import Any, Iterator

from agent.errors import RegistryError
from registry.store import Store

BUSY_TIMEOUT_MS = 60_000  # other processes writing the same file wait this long, not fail


class SqliteStore(Store):
    """The registry in one SQLite file (default ./licensetrace.db)."""

    dialect = "sqlite"
    db_errors = (sqlite3.Error,)

    def __init__(self, path: str, create: bool = True) -> None:
        self.path = os.path.abspath(os.path.expanduser(path))
        self.location = path
        _check_path(self.path, path, create)
        self._write_lock = threading.Lock()
        super().__init__()
        self._start(create)

    def _connect(self) -> sqlite3.Connection:
        # isolation_level=None: we issue BEGIN/COMMIT ourselves; check_same_thread=False so that
        # close() may close the connections other threads opened.
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                               check_same_thread=False)
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA foreign_keys = ON")
            # WAL: readers never block the writer and a killed process leaves no corruption;
            # synchronous=NORMAL keeps every commit through a process crash (not a power loss).
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            conn.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise RegistryError(f"{self.location} is not a licensetrace registry ({exc})") from exc
        if mode.lower() != "wal":
            conn.close()
            raise RegistryError(f"cannot use registry {self.location}: WAL journal not available ({mode})")
        return conn

    @contextlib.contextmanager
    def _write(self, conn: sqlite3.Connection, key: str) -> Iterator[sqlite3.Cursor]:
        # Threads of this process queue on a Python lock (fair and instant) instead of polling
        # SQLite's busy handler; other processes still wait through busy_timeout.
        with self._write_lock:
            yield from self._immediate(conn)

    @staticmethod
    def _immediate(conn: sqlite3.Connection) -> Iterator[sqlite3.Cursor]:
        # IMMEDIATE takes the write lock up front: two writers never deadlock upgrading a read lock.
        conn.execute("BEGIN IMMEDIATE")
        try:
            with contextlib.closing(conn.cursor()) as cur:
                yield cur
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:  # also when COMMIT itself failed (disk full, I/O error)
                conn.execute("ROLLBACK")
            raise

    @contextlib.contextmanager
    def _snapshot(self) -> Iterator[sqlite3.Connection]:
        conn = self._connect()
        try:
            conn.execute("BEGIN")  # deferred: the snapshot is taken by the first read, kept to COMMIT
            yield conn
            conn.execute("COMMIT")
        finally:
            conn.close()

    def _has_schema(self, conn: sqlite3.Connection) -> bool:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "schema_version" in tables:
            return True
        if tables - {"sqlite_sequence"}:
            raise RegistryError(f"{self.location} is an SQLite file of another program "
                                "(it has tables but no licensetrace schema)")
        return False

    def _insert_entry(self, cur: sqlite3.Cursor, row: tuple) -> int:
        cur.execute(self.sql["insert_entry"], row)
        return int(cur.lastrowid)

    def integrity_check(self) -> str:
        """`PRAGMA integrity_check`: "ok" for a sound file."""
        with self._errors("check"):
            return "; ".join(r[0] for r in self._conn().execute("PRAGMA integrity_check"))


def _check_path(path: str, given: str, create: bool) -> None:
    """Fail early, in one line, when the file cannot be created or written."""
    if os.path.isdir(path):
        raise RegistryError(f"cannot write registry {given}: it is a directory")
    if not os.path.exists(path):
        if not create:
            raise RegistryError(f"no licensetrace registry at {given}")
        try:
            os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o644))  # an empty file is an empty database
        except OSError as exc:
            raise RegistryError(f"cannot write registry {given}: {exc.strerror}") from None
    elif not os.access(path, os.R_OK | os.W_OK):
        raise RegistryError(f"cannot write registry {given}: Permission denied")
    folder = os.path.dirname(path)
    if not os.access(folder, os.W_OK | os.X_OK):
        # WAL mode keeps <name>-wal and <name>-shm beside the file
        raise RegistryError(f"cannot write registry {given}: folder {folder} is not writable")
