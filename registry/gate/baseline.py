"""Read and write the gate's baseline: violations accepted once, so that only new ones fail."""

from __future__ import annotations

import json
import os

from agent import SCHEMA_VERSION
from agent.errors import UsageError
from agent.textfile import read_text

# {"schema_version": 1, "tool": "licensetrace", "kind": "gate-baseline",
#  "accepted": [{"dataset": "org/name", "license": "CC-BY-NC-4.0", "rule": "non-commercial"}]}
KIND = "gate-baseline"


def read_baseline(path: str) -> set[tuple[str, str, str]]:
    """The accepted (dataset, license, rule) triples; UsageError when the file is not a baseline."""
    text = read_text(path, "cannot read baseline")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(f"{path}:{exc.lineno}: baseline is not valid JSON: {exc.msg}") from None
    if (
        not isinstance(data, dict)
        or data.get("kind") != KIND
        or not isinstance(data.get("accepted"), list)
    ):
        raise UsageError(f"{path}: not a licensetrace gate baseline (kind {KIND!r} expected)")
    accepted = set()
    for item in data["accepted"]:
        if not isinstance(item, dict) or not all(
            isinstance(item.get(k), str) for k in ("dataset", "license", "rule")
        ):
            raise UsageError(f"{path}: baseline item must have dataset, license and rule: {item!r}")
        accepted.add((item["dataset"], item["license"], item["rule"]))
    return accepted


def baseline_items(report) -> list[dict[str, str]]:
    """The failing violations of a GateReport that the baseline will accept."""
    from registry.gate.evaluate import baseline_key

    keys = {
        baseline_key(r, v)
        for r in report.results
        if r.verdict in ("fail", "baselined")
        for v in r.failing
    }
    return [{"dataset": d, "license": lic, "rule": r} for d, lic, r in sorted(keys)]


def write_baseline(path: str, report) -> int:
    """Write the report's current violations as accepted; return how many."""
    items = baseline_items(report)
    document = {
        "schema_version": SCHEMA_VERSION,
        "tool": "licensetrace",
        "kind": KIND,
        "accepted": items,
    }
    tmp = f"{path}.tmp"
    try:
        with open(tmp, "w", encoding="utf-8") as handle:
            json.dump(document, handle, indent=2)
            handle.write("\n")
        os.replace(tmp, path)  # never leave a half-written baseline behind
    except OSError as exc:
        raise UsageError(f"{path}: cannot write baseline: {exc.strerror or exc}") from None
    return len(items)
