"""Open the registry a location names: a file path or `sqlite:///path` (SQLite), or
`postgresql://...` / `postgres://...` (PostgreSQL, needs `licensetrace[postgres]`).

Apart from `registry.store.base` so that the backends can derive from `Store` without an import cycle.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from agent.errors import RegistryError

if TYPE_CHECKING:
    from registry.store.protocol import RegistryStore

_URL = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*)://")  # "postgresql://h/db" -> "postgresql"


def open_registry(location: str, create: bool = True) -> RegistryStore:
    """Open (and migrate) the registry at `location` to write entries.

    `create=False` is how the readers (`registry show/export`, `gate`) open it: a missing registry
    is refused, and the existing one is opened read-only, so a registry the user may only read
    (a read-only file, folder or database role) still answers.
    """
    location = (location or "").strip()
    if not location:
        raise RegistryError("no registry given (use --registry PATH|URL or LICENSETRACE_REGISTRY)")
    scheme = _URL.match(location)
    if scheme and scheme.group(1).lower() in ("postgresql", "postgres"):
        from registry.store.postgres import PgStore

        return PgStore(location, create=create, read_only=not create)
    if scheme and scheme.group(1).lower() != "sqlite":
        raise RegistryError(
            f"unsupported registry URL {scheme.group(0)}... "
            "(use a file path, sqlite:///path or postgresql://...)"
        )
    from registry.store.sqlite import SqliteStore

    # sqlite:///rel.db is relative, sqlite:////abs.db absolute (the SQLAlchemy convention)
    path = location[len("sqlite:///") :] if scheme else location
    if not path or (scheme and not location.startswith("sqlite:///")) or path == ":memory:":
        raise RegistryError(
            f"registry {location!r} names no file (use PATH, sqlite:///relative.db "
            "or sqlite:////absolute.db)"
        )
    return SqliteStore(path, create=create, read_only=not create)
