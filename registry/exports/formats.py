"""One renderer interface for every registry export and report, and the table of formats by name.

A format is a module exposing `renderer(name, output)`, which returns an object with
`write(source, stream)` (the Renderer protocol). Modules are imported only when their format is asked for, so `registry export
--format csv` never loads Jinja2, cyclonedx-python-lib or the SPDX libraries.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import IO, Protocol

from agent.errors import UsageError
from agent.models import Entry


def _no_edges(_dataset: str) -> list[dict]:
    return []


@dataclass
class ExportSource:
    """What every renderer reads: the entries (streamed, one pass) and what goes around them."""

    entries: Iterable[Entry]
    edges_for: Callable[[str], list[dict]] = (
        _no_edges  # Store.edges: {"upstream", "relation", "kind", ...}
    )
    location: str = ""  # registry the entries come from, shown in reports
    generated_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    diff: object | None = None  # registry.exports.diff.Diff: a report section when given
    gate: object | None = (
        None  # registry.gate.evaluate.GateReport: verdicts shown by the HTML report
    )


class Renderer(Protocol):
    """Writes one document for the source. Whole-document formats render before writing anything."""

    def write(self, source: ExportSource, stream: IO[str]) -> None: ...


# name -> (module whose renderer(name, output) makes the Renderer, one line for --help). Existing names keep their behaviour:
# "spdx" is SPDX 2.3 chosen by the output's extension, "spdx-json"/"spdx-tv" force one form.
FORMATS: dict[str, tuple[str, str]] = {
    "csv": ("registry.exports.csv_export", "CSV, one row per dataset"),
    "json": ("registry.exports.json_export", "JSON with schema_version, evidence and edges"),
    "spdx": ("registry.exports.spdx2", "SPDX 2.3 (tag-value for .spdx/.tv/.tag, else JSON)"),
    "spdx-json": ("registry.exports.spdx2", "SPDX 2.3 JSON"),
    "spdx-tv": ("registry.exports.spdx2", "SPDX 2.3 tag-value"),
    "spdx3": ("registry.exports.spdx3", "SPDX 3.0.1 JSON-LD, Dataset profile"),
    "cyclonedx": ("registry.exports.cyclonedx", "CycloneDX 1.6 JSON, datasets as data components"),
    "html": ("registry.exports.html", "self-contained HTML audit report"),
    "notice": ("registry.exports.notice_render", "attribution notices, Markdown"),
    "notice-text": ("registry.exports.notice_render", "attribution notices, plain text"),
}


def renderer(name: str, output: str = "-") -> Renderer:
    """The renderer of format `name` writing to `output` (some formats read its extension)."""
    if name not in FORMATS:
        raise UsageError(f"unknown export format {name!r} (one of: {', '.join(FORMATS)})")
    module = importlib.import_module(FORMATS[name][0])
    return module.renderer(name, output)
