"""Read the entries of one audit for comparison: a registry (SQLite/PostgreSQL) or a JSON/CSV export."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
from typing import Any

from agent.errors import UsageError
from agent.models import Entry

MAX_EXPORT_BYTES = 512 * 1024 * 1024  # an export this large is refused rather than read into memory
_SQLITE_MAGIC = b"SQLite format 3\x00"  # the first 16 bytes of every SQLite database file


def load_snapshot(location: str) -> tuple[str, list[Entry]]:
    """(label, current entries) of a registry or an export, told apart by content, not by name.

    `audit.json` starting with `{` is a JSON export, `dataset,revision,...` a CSV export, a file
    starting with the SQLite header (or a postgresql:// URL) a registry.
    """
    if os.path.isfile(location):
        with open(location, "rb") as handle:
            head = handle.read(16)
        if not head.startswith(_SQLITE_MAGIC):
            return f"export {location}", _read_export(location)
    elif not location.startswith(("postgres://", "postgresql://", "sqlite:///")):
        raise UsageError(f"no such registry or export: {location}")
    from registry.store.opener import open_registry

    with contextlib.closing(open_registry(location, create=False)) as store:
        return f"registry {store.location}", list(store.current_entries())


def _read_export(path: str) -> list[Entry]:
    size = os.path.getsize(path)
    if size > MAX_EXPORT_BYTES:
        raise UsageError(
            f"{path}: export of {size} bytes is over the {MAX_EXPORT_BYTES}-byte limit"
        )
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except UnicodeDecodeError:
        raise UsageError(f"{path}: not a registry, nor a UTF-8 JSON or CSV export") from None
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith("{"):
        return _from_json(path, stripped)
    if stripped.startswith("dataset,"):
        return _from_csv(stripped)
    raise UsageError(f"{path}: not a registry, nor a JSON or CSV export of one")


_TEXT_FIELDS = (
    "dataset",
    "revision",
    "declared_license",
    "concluded_license",
    "status",
    "commercial_use",
    "effective_license",
    "effective_commercial_use",
    "error",
    "audited_at",
)


def _entry(item: dict) -> Entry:
    """An Entry from an export's dict, every compared field of the type a diff expects."""
    fields: dict[str, Any] = {
        k: (None if item.get(k) is None else str(item[k])) for k in _TEXT_FIELDS
    }
    try:
        confidence = float(item.get("confidence") or 0)
    except (TypeError, ValueError):  # "confidence": "high" in a hand-edited export
        confidence = 0.0
    listed = item.get("upstream")
    upstream = listed if isinstance(listed, list) else []
    return Entry(
        **{k: v for k, v in fields.items() if v is not None},
        confidence=confidence,
        upstream=[str(u) for u in upstream],
    )


def _from_json(path: str, text: str) -> list[Entry]:
    try:
        items = json.loads(text)["entries"]
        return [_entry(item) for item in items if isinstance(item, dict) and item.get("dataset")]
    except (
        ValueError,
        KeyError,
        TypeError,
        RecursionError,
    ) as exc:  # RecursionError: [[[[... nesting
        raise UsageError(f"{path}: not a licensetrace JSON export ({type(exc).__name__})") from None


def _cell(value: str) -> str:
    """Undo the CSV export's formula guard: "'=x" was written for "=x"."""
    return value[1:] if value[:2] in ("'=", "'+", "'-", "'@", "'\t", "'\r") else value


def _from_csv(text: str) -> list[Entry]:
    entries = []
    for row in csv.DictReader(io.StringIO(text, newline="")):
        row = {key: _cell(value or "") for key, value in row.items() if key}
        if not row.get("dataset"):
            continue
        try:
            confidence = float(row.get("confidence") or 0)
        except ValueError:
            confidence = 0.0
        entries.append(
            Entry(
                dataset=row["dataset"],
                revision=row.get("revision") or None,
                declared_license=row.get("declared_license") or None,
                concluded_license=row.get("concluded_license") or "NOASSERTION",
                confidence=confidence,
                status=row.get("status") or "unknown",
                commercial_use=row.get("commercial_use") or "unclear",
                upstream=[u for u in (row.get("upstream") or "").split(";") if u],
                effective_license=row.get("effective_license") or None,
                effective_commercial_use=row.get("effective_commercial_use") or None,
                error=row.get("error") or None,
                audited_at=row.get("audited_at") or "",
            )
        )
    return entries
