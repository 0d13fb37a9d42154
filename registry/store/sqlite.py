"""SQLite registry backend: a WAL-mode file, one connection per thread, BEGIN IMMEDIATE writes."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from urllib.parse import quote

from agent.errors import RegistryError
from registry.store.base import Store

BUSY_TIMEOUT_MS = 60_000  # other processes writing the same file wait this long, not fail
_LOCKED = ("database is locked", "database table is locked")  # SQLITE_BUSY / SQLITE_LOCKED texts


class SqliteStore(Store):
    """The registry in one SQLite file (default ./licensetrace.db)."""

    dialect = "sqlite"
    db_errors = (sqlite3.Error,)

    def __init__(self, path: str, create: bool = True, read_only: bool = False) -> None:
        self.path = os.path.abspath(os.path.expanduser(path))
        self.location = path
        self.read_only = read_only
        _check_path(self.path, path, create, read_only)
        self._write_lock = threading.Lock()
        super().__init__()
        self._start(create)

    def _connect(self, writable: bool | None = None) -> sqlite3.Connection:
        writable = not self.read_only if writable is None else writable
        try:
            return self._open(writable, immutable=False)
        except sqlite3.OperationalError as exc:
            if writable or "unable to open" not in str(exc):
                raise RegistryError(
                    f"{self.location} is not a licensetrace registry ({exc})"
                ) from exc
            # A WAL file is read through its -shm index; when that cannot be created (read-only
            # folder), no writer can create a -wal there either: the file is safe to read as is.
            return self._open(False, immutable=True)

    def _open(self, writable: bool, immutable: bool) -> sqlite3.Connection:
        # isolation_level=None: we issue BEGIN/COMMIT ourselves; check_same_thread=False so that
        # close() may close the connections other threads opened. A reader opens the file
        # read-only (mode=ro), so `show`/`export`/`gate` work on a registry it may not write.
        uri = f"file:{quote(self.path)}?mode=ro" + ("&immutable=1" if immutable else "")
        conn = sqlite3.connect(
            self.path if writable else uri,
            timeout=BUSY_TIMEOUT_MS / 1000,
            isolation_level=None,
            check_same_thread=False,
            uri=not writable,
        )
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA foreign_keys = ON")
            mode = _wal(conn, writable, self.location)
            if writable:
                conn.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.OperationalError:
            conn.close()
            raise
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise RegistryError(f"{self.location} is not a licensetrace registry ({exc})") from exc
        except BaseException:
            conn.close()
            raise
        if writable and mode.lower() != "wal":
            conn.close()
            raise RegistryError(
                f"cannot use registry {self.location}: WAL journal not available ({mode})"
            )
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
            conn.execute(
                "BEGIN"
            )  # deferred: the snapshot is taken by the first read, kept to COMMIT
            yield conn
            conn.execute("COMMIT")
        finally:
            conn.close()

    def _has_schema(self, conn: sqlite3.Connection) -> bool:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "schema_version" in tables:
            return True
        if tables - {"sqlite_sequence"}:
            raise RegistryError(
                f"{self.location} is an SQLite file of another program "
                "(it has tables but no licensetrace schema)"
            )
        return False

    def _insert_entry(self, cur: sqlite3.Cursor, row: tuple) -> int:
        cur.execute(self.sql["insert_entry"], row)
        assert cur.lastrowid is not None  # set by every INSERT
        return cur.lastrowid

    def integrity_check(self) -> str:
        """`PRAGMA integrity_check`: "ok" for a sound file."""
        with self._errors("check"):
            return "; ".join(r[0] for r in self._conn().execute("PRAGMA integrity_check"))


def _wal(conn: sqlite3.Connection, writable: bool, location: str) -> str:
    """Put the file in WAL mode (once per file) and return the journal mode.

    WAL: readers never block the writer and a killed process leaves no corruption. Changing the
    mode takes SQLite's exclusive lock *without* its busy handler, so a second process starting
    on a fresh file gets "database is locked" at once: wait for the lock here, as busy_timeout
    would, and say that it is locked (not that the file is foreign) if it never frees.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
            if writable and mode.lower() != "wal":
                mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            return mode
        except sqlite3.OperationalError as exc:
            if str(exc) not in _LOCKED:
                raise
            if time.monotonic() > deadline:
                raise RegistryError(
                    f"registry {location} is locked by another process "
                    f"(waited {BUSY_TIMEOUT_MS // 1000} s)"
                ) from None
            time.sleep(0.02)


def _check_path(path: str, given: str, create: bool, read_only: bool = False) -> None:
    """Fail early, in one line, when the file cannot be created, written (or, to read, read)."""
    if os.path.isdir(path):
        raise RegistryError(
            f"cannot {'read' if read_only else 'write'} registry {given}: it is a directory"
        )
    if read_only:
        if not os.path.exists(path):
            raise RegistryError(f"no licensetrace registry at {given}")
        if not os.access(path, os.R_OK):
            raise RegistryError(f"cannot read registry {given}: Permission denied")
        return
    if not os.path.exists(path):
        if not create:
            raise RegistryError(f"no licensetrace registry at {given}")
        try:
            os.close(
                os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
            )  # an empty file is an empty database
        except OSError as exc:
            raise RegistryError(f"cannot write registry {given}: {exc.strerror}") from None
    elif not os.access(path, os.R_OK | os.W_OK):
        raise RegistryError(f"cannot write registry {given}: Permission denied")
    folder = os.path.dirname(path)
    if not os.access(folder, os.W_OK | os.X_OK):
        # WAL mode keeps <name>-wal and <name>-shm beside the file
        raise RegistryError(f"cannot write registry {given}: folder {folder} is not writable")
