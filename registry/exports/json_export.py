"""Registry export as one JSON document with `schema_version`, streamed entry by entry."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import IO, TYPE_CHECKING

from agent import SCHEMA_VERSION
from agent.models import Entry
from agent.terminal import json_text

if TYPE_CHECKING:
    from registry.store.protocol import RegistryStore


def write_json(
    entries: Iterable[Entry],
    stream: IO[str],
    store: RegistryStore | None = None,
    edges_for: Callable[[str], list[dict]] | None = None,
) -> int:
    """Write {"schema_version", "generated_at", "entries": [...]}; returns the number of entries.

    Each entry carries its full evidence and, when `store` (or `edges_for`) is given, its
    dependency `edges`. Entries are written as they come, so a large registry never sits in memory.
    """
    if edges_for is None and store is not None:
        edges_for = store.edges
    generated = datetime.now(UTC).isoformat(timespec="seconds")
    stream.write(
        f'{{"schema_version": {SCHEMA_VERSION}, "generated_at": "{generated}", "entries": ['
    )
    count = 0
    for entry in entries:
        document = entry.to_dict()
        if edges_for is not None:
            document["edges"] = edges_for(entry.dataset)
        stream.write(("\n" if count == 0 else ",\n") + json_text(document, default=str))
        count += 1
    stream.write("\n]}\n")
    return count


class JsonRenderer:
    """The `json` format of registry.exports.formats."""

    def write(self, source, stream: IO[str]) -> None:
        write_json(source.entries, stream, edges_for=source.edges_for)


def renderer(_name: str, _output: str) -> JsonRenderer:
    return JsonRenderer()
