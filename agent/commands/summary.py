"""The end-of-run summary: a table (text) or a JSON document on stdout."""

from __future__ import annotations

import json
import sys
from collections import Counter

from agent import SCHEMA_VERSION
from agent.terminal import printable


def print_table(outcome, stream=None) -> None:
    stream = stream or sys.stdout
    rows = [("DATASET", "LICENSE", "CONF", "STATUS", "NOTE")]
    for r in outcome.results:
        note = r.get("error") or ("unchanged" if r.get("reused") else "")
        if r.get("depth"):
            note = (note + " upstream").strip()
        license = r.get("concluded_license", "") if r.get("status") != "error" else "-"
        rows.append((printable(r.get("dataset", "")), printable(license),
                     f"{r.get('confidence', 0):.2f}", printable(r.get("status", "")), printable(note)))
    widths = [min(48, max(len(row[i]) for row in rows)) for i in range(4)]
    for row in rows:
        cells = [row[i][:48].ljust(widths[i]) for i in range(4)]
        stream.write("  ".join(cells + [row[4]]).rstrip() + "\n")
    asked = [r for r in outcome.results if not r.get("depth")]
    counts = Counter(r.get("status") for r in asked)
    totals = ", ".join(f"{counts[s]} {s}" for s in ("verified", "unverified", "conflict", "unknown", "error") if counts[s])
    stream.write(f"\n{len(asked)} datasets: {totals or 'none'}\n")
    traced = [r for r in outcome.results if r.get("depth")]
    if traced:
        lost = sum(r.get("status") == "error" for r in traced)
        stream.write(f"{len(traced)} upstream datasets traced ({lost} could not be audited: "
                     "their dependents' effective use is unclear)\n")


def print_json(outcome, stream=None) -> None:
    stream = stream or sys.stdout
    counts = Counter(r.get("status") for r in outcome.results)
    document = {"schema_version": SCHEMA_VERSION, "results": outcome.results, "summary": dict(counts)}
    json.dump(document, stream, indent=2)
    stream.write("\n")
