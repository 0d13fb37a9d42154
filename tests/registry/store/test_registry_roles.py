"""Evidence roles and origins survive the registry (SQLite and PostgreSQL) and show in show/CSV."""

from __future__ import annotations

import io

from agent.models import Evidence
from registry.exports.csv_export import write_csv
from registry.exports.show import render_entry
from registry.store.opener import open_registry
from tests.support.registry_support import make_entry


def test_role_and_origin_round_trip_and_are_shown(location):
    evidence = [
        Evidence(
            "section:Data License",
            "text",
            "CC BY-NC 4.0",
            3,
            3,
            "CC-BY-NC-4.0",
            "name",
            0.9,
            role="data",
            origin="github.com/o/r",
        ),
        Evidence("file:LICENSE", "file", "MIT License", 1, 21, "MIT", "fulltext", 1.0, role="code"),
        Evidence("yaml:license", "metadata", "mit", 2, 2, "MIT", "id", 1.0),
    ]
    store = open_registry(location)
    try:
        store.save(make_entry("org/data", evidence=evidence))
        entry = store.current("org/data")
    finally:
        store.close()
    assert [(e.role, e.origin) for e in entry.evidence] == [
        ("data", "github.com/o/r"),
        ("code", None),
        (None, None),
    ]
    shown = render_entry(entry)
    assert "<data from github.com/o/r>" in shown and "<code>" in shown
    out = io.StringIO()
    write_csv([entry], out)
    assert (
        "→ CC-BY-NC-4.0 [data of github.com/o/r]" in out.getvalue()
        and "→ MIT [code]" in out.getvalue()
    )
