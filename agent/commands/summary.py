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


def print_table(outcome, stream=None) -> None:
    stream = stream or sys.stdout
    rows = [("DATASET", "LICENSE", "CONF", "STATUS", "NOTE")]
    for r in outcome.results:
        note = r.get("error") or ("unchanged" if r.get("reused") else "")
        if r.get("depth"):
            note = (note + " upstream").strip()
        license = r.get("concluded_license", "") if r.get("status") != "error" else "-"
        rows.append(
            (
                printable(r.get("dataset", "")),
                printable(license),
                f"{r.get('confidence', 0):.2f}",
                printable(r.get("status", "")),
                printable(note),
            )
        )
    widths = [min(_WIDTH, max(len(row[i]) for row in rows)) for i in range(4)]
    for row in rows:
        cells = [_fit(row[0]).ljust(widths[0])] + [
            row[i][:_WIDTH].ljust(widths[i]) for i in range(1, 4)
        ]
        stream.write("  ".join(cells + [row[4]]).rstrip() + "\n")
    asked = [r for r in outcome.results if not r.get("depth")]
    counts = Counter(r.get("status") for r in asked)
    totals = ", ".join(
        f"{counts[s]} {s}"
        for s in ("verified", "unverified", "conflict", "unknown", "error")
        if counts[s]
    )
    stream.write(f"\n{len(asked)} datasets: {totals or 'none'}\n")
    traced = [r for r in outcome.results if r.get("depth")]
    if traced:
        lost = sum(r.get("status") == "error" for r in traced)
        stream.write(
            f"{len(traced)} upstream datasets traced ({lost} could not be audited: "
            "their dependents' effective use is unclear)\n"
        )


def print_json(outcome, stream=None) -> None:
    stream = stream or sys.stdout
    counts = Counter(r.get("status") for r in outcome.results)
    document = {
        "schema_version": SCHEMA_VERSION,
        "results": outcome.results,
        "summary": dict(counts),
    }
    json.dump(document, stream, indent=2)
    stream.write("\n")
