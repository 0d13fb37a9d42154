"""The end-of-run summary: a table (text) or a JSON document on stdout."""

from __future__ import annotations

import json
import sys
from collections import Counter

from agent import SCHEMA_VERSION
from agent.terminal import printable

_WIDTH = 48


def _fit(name: str) -> str:
    """A long key keeps its end, where a path names the dataset:
    "local:/home/me/projects/…/cards/dyk" rather than a cut-off directory prefix."""
    return name if len(name) <= _WIDTH else "…" + name[-(_WIDTH - 1) :]


_HEADER = ("DATASET", "LICENSE", "CONF", "STATUS", "NOTE")


def _row(r) -> tuple[str, str, str, str, str]:
    note = r.get("error") or ("unchanged" if r.get("reused") else "")
    if r.get("depth"):
        note = (note + " upstream").strip()
    license = r.get("concluded_license", "") if r.get("status") != "error" else "-"
    return (
        printable(r.get("dataset", "")),
        printable(license),
        f"{r.get('confidence', 0):.2f}",
        printable(r.get("status", "")),
        printable(note),
    )


def print_table(outcome, stream=None) -> None:
    """Two passes over the results (the column widths, then the rows): they are read back one at
    a time (agent.spool), never all held at once."""
    stream = stream or sys.stdout
    widths = [len(cell) for cell in _HEADER[:4]]
    asked: Counter = Counter()
    traced: Counter = Counter()
    for r in outcome.results:
        row = _row(r)
        widths = [max(widths[i], len(row[i])) for i in range(4)]
        (traced if r.get("depth") else asked)[r.get("status")] += 1
    widths = [min(_WIDTH, w) for w in widths]
    for row in _rows(outcome.results):
        cells = [_fit(row[0]).ljust(widths[0])] + [
            row[i][:_WIDTH].ljust(widths[i]) for i in range(1, 4)
        ]
        stream.write("  ".join(cells + [row[4]]).rstrip() + "\n")
    totals = ", ".join(
        f"{asked[s]} {s}"
        for s in ("verified", "unverified", "conflict", "unknown", "error")
        if asked[s]
    )
    stream.write(f"\n{sum(asked.values())} datasets: {totals or 'none'}\n")
    if traced:
        stream.write(
            f"{sum(traced.values())} upstream datasets traced ({traced['error']} could not be "
            "audited: their dependents' effective use is unclear)\n"
        )


def _rows(results):
    yield _HEADER
    for r in results:
        yield _row(r)


def print_json(outcome, stream=None) -> None:
    """The document json.dump(..., indent=2) would write, written result by result."""
    stream = stream or sys.stdout
    counts = Counter(r.get("status") for r in outcome.results)
    head = json.dumps({"schema_version": SCHEMA_VERSION}, indent=2)[
        :-2
    ]  # '{\n  "schema_version": 1'
    stream.write(head + ',\n  "results": [')
    first = True
    for r in outcome.results:
        item = json.dumps(r, indent=2).replace("\n", "\n    ")
        stream.write(("\n    " if first else ",\n    ") + item)
        first = False
    stream.write(("]" if first else "\n  ]") + ',\n  "summary": ')
    stream.write(json.dumps(dict(counts), indent=2).replace("\n", "\n  ") + "\n}\n")
