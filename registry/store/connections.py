"""Per-thread connections to the registry, its schema opened and migrated, database errors in words.

`Store` (registry/store/base.py) builds the public API on this; the backends fill in the hooks.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator, Sequence
from typing import Any, Self

from agent.errors import RegistryError
from registry.store import rows
from registry.store.queries import SQL
from registry.store.schema import DIALECTS, LATEST_VERSION, migrate, pending


class Connections:
    """One connection per thread, the dialect's SQL, and the schema check on opening."""

    dialect = ""
    db_errors: tuple[type[BaseException], ...] = ()
    location = ""  # for messages (PostgreSQL: password removed)
    read_only = False  # opened to read only: connections refuse writes; no migration through them

    def __init__(self) -> None:
        words = DIALECTS[self.dialect]
        self.sql = {
            name: self._placeholders(text.format(**words, ids="{ids}"))
            for name, text in SQL.items()
        }
        self._local = threading.local()
        self._connections: list[tuple[threading.Thread, Any]] = []
        self._guard_lock = threading.Lock()
        self._closed = False

    # ---- backend hooks ------------------------------------------------------------------
    def _connect(self, writable: bool | None = None) -> Any:
        """A new connection; writable=None follows the store's read_only."""
        raise NotImplementedError

    def _write(self, conn: Any, key: str) -> contextlib.AbstractContextManager:
        """A write transaction holding the lock for `key` (a dataset, or the schema)."""
        raise NotImplementedError

    def _snapshot(self) -> contextlib.AbstractContextManager:
        """A dedicated connection reading one consistent snapshot (for long exports)."""
        raise NotImplementedError

    def _has_schema(self, conn: Any) -> bool:
        raise NotImplementedError

    def _insert_entry(self, cur: Any, row: tuple) -> int:
        """Insert an `entries` row; returns its id."""
        raise NotImplementedError

    @staticmethod
    def _placeholders(sql: str) -> str:
        return sql

    # ---- plumbing -----------------------------------------------------------------------
    def _conn(self) -> Any:
        if self._closed:
            raise RegistryError(f"registry {self.location} is closed")
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect()
            with self._guard_lock:
                # connections of threads that ended (a pool that was shut down) are closed here,
                # so a long-lived store does not collect one open file per thread ever seen
                ended = [c for t, c in self._connections if not t.is_alive()]
                self._connections = [(t, c) for t, c in self._connections if t.is_alive()]
                self._connections.append((threading.current_thread(), conn))
            for old in ended:
                with contextlib.suppress(Exception):
                    old.close()
            self._local.conn = conn
        return conn

    @contextlib.contextmanager
    def _errors(self, action: str) -> Iterator[None]:
        """Database failures become one-line RegistryErrors (exit 2 at the CLI)."""
        try:
            yield
        except self.db_errors as exc:
            detail = " ".join(str(exc).split()) or type(exc).__name__
            raise RegistryError(f"cannot {action} registry {self.location}: {detail}") from exc

    def _fetch(self, conn: Any, name: str, params: Sequence, **fmt: str) -> list[tuple]:
        sql = self.sql[name].format(**fmt) if fmt else self.sql[name]
        cur = conn.cursor()
        try:
            cur.execute(sql, rows.clean_row(params))  # NUL: as the rows were written
            return cur.fetchall()
        finally:
            cur.close()

    def _start(self, create: bool) -> None:
        """Shared end of both backends' __init__: open the schema, or close what was opened."""
        try:
            self._open_schema(create)
        except BaseException:
            self.close()
            raise

    def _open_schema(self, create: bool) -> None:
        """Check the schema version; apply pending migrations in one transaction.

        A reader finding an older schema upgrades it through one writable connection (the
        registry must then be writable once); its own connections stay read-only."""
        with self._errors("open"):
            conn = self._conn()
            if not self._has_schema(conn) and not create:
                raise RegistryError(f"no licensetrace registry at {self.location}")
            if self._has_schema(conn) and not pending(self._version(conn), self.location):
                return
        if not self.read_only:
            with self._errors("open"):
                self._migrate(conn)
            return
        with (
            self._errors(f"upgrade (to schema v{LATEST_VERSION}) the read-only opened"),
            contextlib.closing(self._connect(writable=True)) as writer,
        ):
            self._migrate(writer)

    def _migrate(self, conn: Any) -> None:
        with self._write(conn, "licensetrace:schema") as cur:
            current = self._version(conn) if self._has_schema(conn) else 0
            migrate(
                lambda sql, params: cur.execute(self._placeholders(sql), params),
                current,
                self.dialect,
                self.location,
            )

    def _version(self, conn: Any) -> int:
        return self._fetch(conn, "version", ())[0][0] or 0

    def schema_version(self) -> int:
        with self._errors("read"):
            return self._version(self._conn())

    def close(self) -> None:
        with self._guard_lock:
            self._closed = True
            connections, self._connections = self._connections, []
        for _thread, conn in connections:
            with contextlib.suppress(Exception):
                conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.location} schema v{LATEST_VERSION}>"
