"""Conversion between Entry/Evidence/edge objects and the registry's table rows."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from agent.models import Entry, Evidence

# Column order of an `entries` row as written (the `is_current` flag is set by the SQL).
ENTRY_COLUMNS = (
    "dataset",
    "revision",
    "declared_license",
    "concluded_license",
    "confidence",
    "status",
    "commercial_use",
    "attribution_required",
    "share_alike",
    "effective_license",
    "effective_commercial_use",
    "upstream",
    "sources",
    "reasons",
    "error",
    "audited_at",
    "run_id",
)
# What a read selects: the row id first, then the Entry fields (run_id is bookkeeping only).
ENTRY_SELECT = ("id",) + ENTRY_COLUMNS[:-1]
EVIDENCE_COLUMNS = (
    "entry_id",
    "position",
    "source",
    "kind",
    "snippet",
    "line_start",
    "line_end",
    "license",
    '"match"',
    "score",
    "terms",
    "note",
    "role",
    "origin",
)
EDGE_COLUMNS = ("dataset", "revision", "position", "upstream", "relation", "evidence", "created")


# PostgreSQL TEXT cannot hold NUL ("\x00") and SQLite can: a card with one would be an entry on
# one backend and an error on the other. Both store U+FFFD instead, so both give the same entry.
NUL, NUL_STANDIN = "\x00", "\ufffd"


def clean(value: Any) -> Any:
    """`value` with NUL replaced in every string, also inside lists, dicts and dataclasses."""
    if isinstance(value, str):
        return value.replace(NUL, NUL_STANDIN) if NUL in value else value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = dataclasses.asdict(value)
    if isinstance(value, dict):
        return {clean(k): clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean(v) for v in value]
    return value


_PLAIN = frozenset({int, float, bool, type(None)})


def clean_row(values: Iterable[Any]) -> tuple:
    """clean() of each value of a row: its strings and numbers tested without a call each (rows
    are written for every piece of evidence of every dataset)."""
    return tuple(
        [
            (v.replace(NUL, NUL_STANDIN) if NUL in v else v)
            if type(v) is str
            else v
            if type(v) in _PLAIN
            else clean(v)
            for v in values
        ]
    )


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def dumps(value: Any) -> str:
    """JSON text of `value` with NUL cleaned. JSON writes a NUL as the escape \\u0000, so text
    without that escape held none and is kept as it is (the usual case: one pass, no copy)."""
    text = _json(value)
    return text if "\\u0000" not in text else _json(clean(value))


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=_jsonable)


def _jsonable(value: Any) -> Any:
    """Dataclasses (Evidence inside an edge) become dicts; anything else its text."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    return str(value)


def _bool(value: Any) -> bool | None:
    return None if value is None else bool(value)


def entry_row(entry: Entry, run_id: str | None) -> tuple:
    """The `entries` row of an Entry; an empty audited_at becomes the time of saving."""
    if not entry.dataset:
        raise ValueError("an entry needs a dataset name")
    return clean_row(
        (
            entry.dataset,
            entry.revision,
            entry.declared_license,
            entry.concluded_license or "NOASSERTION",
            float(entry.confidence or 0.0),
            entry.status,
            entry.commercial_use,
            _bool(entry.attribution_required),
            _bool(entry.share_alike),
            entry.effective_license,
            entry.effective_commercial_use,
            dumps(list(entry.upstream or [])),
            dumps(list(entry.sources or [])),
            dumps(list(entry.reasons or [])),
            entry.error,
            entry.audited_at or now_iso(),
            run_id,
        )
    )


def evidence_rows(entry_id: int, evidence: Iterable[Evidence | dict]) -> list[tuple]:
    rows = []
    for position, item in enumerate(evidence):
        e = item if isinstance(item, Evidence) else Evidence.from_dict(item)
        rows.append(
            clean_row(
                (
                    entry_id,
                    position,
                    e.source or "",
                    e.kind or "",
                    e.snippet or "",
                    e.line_start,
                    e.line_end,
                    e.license,
                    e.match,
                    float(e.score or 0.0),
                    dumps(list(e.terms or [])),
                    e.note or "",
                    e.role,
                    e.origin,
                )
            )
        )
    return rows


def to_evidence(row: Sequence) -> Evidence:
    """An Evidence from an `evidence` row without its first two columns (entry_id, position)."""
    (
        source,
        kind,
        snippet,
        line_start,
        line_end,
        license_,
        match,
        score,
        terms,
        note,
        role,
        origin,
    ) = row
    return Evidence(
        source=source,
        kind=kind,
        snippet=snippet,
        line_start=line_start,
        line_end=line_end,
        license=license_,
        match=match,
        score=float(score),
        terms=json.loads(terms),
        note=note,
        role=role,
        origin=origin,
    )


def to_entry(row: Sequence, evidence: list[Evidence]) -> Entry:
    """An Entry from a row selected as ENTRY_SELECT (the id is dropped)."""
    (
        _id,
        dataset,
        revision,
        declared,
        concluded,
        confidence,
        status,
        commercial,
        attribution,
        share_alike,
        effective,
        effective_commercial,
        upstream,
        sources,
        reasons,
        error,
        audited_at,
    ) = row
    return Entry(
        dataset=dataset,
        revision=revision,
        declared_license=declared,
        concluded_license=concluded,
        confidence=float(confidence),
        status=status,
        commercial_use=commercial,
        attribution_required=_bool(attribution),
        share_alike=_bool(share_alike),
        upstream=json.loads(upstream),
        effective_license=effective,
        effective_commercial_use=effective_commercial,
        sources=json.loads(sources),
        evidence=evidence,
        reasons=json.loads(reasons),
        error=error,
        audited_at=audited_at,
    )


def edge_rows(dataset: str, revision: str | None, edges: Iterable[dict]) -> list[tuple]:
    """Rows of `edges`; the whole edge dict is kept (as JSON) so it reads back unchanged."""
    created = now_iso()
    rows = []
    for position, edge in enumerate(edges):
        upstream = edge.get("upstream") or edge.get("name") or edge.get("target")
        if not upstream:
            raise ValueError(f"edge {position} of {dataset} names no upstream (key 'upstream')")
        relation = edge.get("relation") or edge.get("kind") or ""
        rows.append(
            clean_row(
                (
                    dataset,
                    revision,
                    position,
                    str(upstream),
                    str(relation),
                    dumps(dict(edge)),
                    created,
                )
            )
        )
    return rows


def to_edge(row: Sequence) -> dict:
    """The edge dict as saved, plus dataset/revision/created when it did not carry them."""
    dataset, revision, evidence, created = row
    edge = json.loads(evidence)
    edge.setdefault("dataset", dataset)
    edge.setdefault("revision", revision)
    edge.setdefault("created", created)
    return edge
