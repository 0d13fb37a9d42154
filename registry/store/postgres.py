"""PostgreSQL registry backend (psycopg 3, imported only when a postgresql:// registry is used)."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote, urlsplit

from agent.errors import RegistryError
from registry.store.base import Store, lock_key

CONNECT_TIMEOUT_S = 10


def redact(url: str) -> str:
    """The URL without its password, for messages: postgresql://u:secret@h/db -> postgresql://u:***@h/db."""
    url = re.sub(r"(password=)[^&]*", r"\1***", url)
    return re.sub(r"^([^:/]+://[^:/@]*):[^@/]*@", r"\1:***@", url)


def _password(url: str) -> str | None:
    with contextlib.suppress(ValueError):
        return unquote(urlsplit(url).password or "") or None
    return None


class PgStore(Store):
    """The registry in a PostgreSQL database (tables in the first schema of the search_path).

    Writers serialise per dataset with a transaction-scoped advisory lock, so several processes
    saving the same dataset at once still leave exactly one current entry and lose none.
    """

    dialect = "postgres"

    def __init__(self, url: str, create: bool = True, read_only: bool = False) -> None:
        try:
            import psycopg
        except ImportError:
            raise RegistryError(
                "a PostgreSQL registry needs psycopg: pip install 'licensetrace[postgres]'"
            ) from None
        self._pg = psycopg
        self.db_errors = (psycopg.Error,)
        self.url = url
        self.location = redact(url)
        self.read_only = read_only
        super().__init__()
        self._start(create)

    @staticmethod
    def _placeholders(sql: str) -> str:
        return sql.replace("?", "%s")

    def _connect(self, writable: bool | None = None, autocommit: bool = True) -> Any:
        writable = not self.read_only if writable is None else writable
        try:
            conn = self._pg.connect(
                self.url, connect_timeout=CONNECT_TIMEOUT_S, autocommit=autocommit
            )
            if not writable:  # the server refuses any write of a reader's session
                conn.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
            return conn
        except self._pg.Error as exc:
            detail = " ".join(str(exc).split())
            secret = _password(self.url)
            if secret:
                detail = detail.replace(secret, "***")
            raise RegistryError(f"cannot connect to registry {self.location}: {detail}") from None
        except Exception as exc:  # libpq rejects a malformed URL before any network
            raise RegistryError(f"cannot use registry {self.location}: {exc}") from None

    def _conn(self) -> Any:
        conn = super()._conn()
        if conn.closed or conn.broken:
            # a server restart or network cut: reconnect this thread once instead of failing forever
            self._local.conn = None
            conn = super()._conn()
        return conn

    @contextlib.contextmanager
    def _write(self, conn: Any, key: str) -> Iterator[Any]:
        with conn.transaction(), conn.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (lock_key(key),))
            yield cur

    @contextlib.contextmanager
    def _snapshot(self) -> Iterator[Any]:
        conn = self._connect(
            writable=True, autocommit=False
        )  # read_only is set below, after the level
        try:
            conn.isolation_level = self._pg.IsolationLevel.REPEATABLE_READ
            conn.read_only = True
            yield conn
            conn.commit()
        finally:
            conn.close()

    def _has_schema(self, conn: Any) -> bool:
        # A plain catalog query, not to_regclass(): that one reads the relation cache, which can
        # still miss a table another process created while we waited for the schema lock.
        found = {
            r[0]
            for r in conn.execute(
                "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                " WHERE n.nspname = current_schema() AND c.relname IN ('schema_version', 'entries')"
            )
        }
        if "entries" in found and "schema_version" not in found:
            raise RegistryError(
                f"{self.location} has an `entries` table that licensetrace did not create"
            )
        return "schema_version" in found

    def _insert_entry(self, cur: Any, row: tuple) -> int:
        cur.execute(self.sql["insert_entry"] + " RETURNING id", row)
        return int(cur.fetchone()[0])
