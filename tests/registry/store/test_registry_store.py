"""Registry store behaviour, the same on SQLite and PostgreSQL: round trips, history, queries."""

from __future__ import annotations

import pytest

from agent.errors import RegistryError
from agent.models import Entry, Evidence
from registry.store.opener import open_registry
from tests.support.registry_support import make_entry


def test_round_trip_keeps_every_field_and_evidence(location):
    entry = make_entry()
    with open_registry(location) as store:
        store.save(entry)
        assert store.current("org/data") == entry
    with open_registry(location) as store:  # and after reopening
        got = store.current("org/data")
    assert got == entry
    assert got.evidence[1].snippet == "Released under CC BY 4.0 — «attribution» required."
    assert got.evidence[1].line_start == 40 and got.evidence[1].terms == ["attribution"]


def test_none_and_false_survive_the_round_trip(location):
    entry = Entry(
        dataset="local-folder",
        revision=None,
        declared_license=None,
        confidence=0.0,
        attribution_required=None,
        share_alike=False,
        effective_commercial_use="no",
        evidence=[Evidence(source="tags", kind="metadata", snippet="")],
        audited_at="t",
    )
    with open_registry(location) as store:
        store.save(entry)
        got = store.current("local-folder")
    assert got.attribution_required is None and got.share_alike is False
    assert got.revision is None and got.declared_license is None
    assert got.effective_commercial_use == "no" and got.concluded_license == "NOASSERTION"
    assert got.evidence[0].line_start is None and got.evidence[0].license is None


def test_empty_audited_at_gets_the_save_time(location):
    with open_registry(location) as store:
        store.save(Entry(dataset="d"))
        assert store.current("d").audited_at.startswith("20")


def test_reaudit_keeps_history_newest_first(location):
    with open_registry(location) as store:
        store.save(make_entry(revision="r1", concluded_license="MIT"))
        store.save(make_entry(revision="r2", concluded_license="Apache-2.0"))
        store.save(make_entry(revision="r3"))
        history = store.history("org/data")
        assert [e.revision for e in history] == ["r3", "r2", "r1"]
        assert [e.concluded_license for e in history] == ["CC-BY-4.0", "Apache-2.0", "MIT"]
        assert store.current("org/data").revision == "r3"
        assert all(len(e.evidence) == 2 for e in history)
        assert [e.revision for e in store.history("org/data", limit=2)] == ["r3", "r2"]
        assert [e.dataset for e in store.current_entries()] == ["org/data"]


def test_unknown_dataset_has_no_entry(location):
    with open_registry(location) as store:
        assert store.current("nope") is None
        assert store.history("nope") == []
        assert store.current_revision("nope") is None
        assert store.edges("nope") == []


def test_current_entries_stream_in_byte_order_across_pages(location):
    names = [f"org/ds-{i:03d}" for i in range(23)] + ["Zeta", "alpha", "_x"]
    with open_registry(location) as store:
        for name in reversed(names):
            store.save(make_entry(name, revision="old"))
            store.save(make_entry(name, revision="new"))
        listed = list(store.current_entries(batch=5))
        bare = list(store.current_entries(with_evidence=False, batch=7))
    assert [e.dataset for e in listed] == sorted(names)  # Python sorts by code point, like "C"
    assert all(e.revision == "new" and len(e.evidence) == 2 for e in listed)
    assert [e.dataset for e in bare] == sorted(names) and all(e.evidence == [] for e in bare)


def test_current_entries_read_one_snapshot(location):
    with open_registry(location) as store:
        for name in ("a", "b", "c"):
            store.save(make_entry(name))
        stream = store.current_entries(batch=1)
        first = next(stream)
        store.save(make_entry("bb"))  # committed while the export runs
        rest = [e.dataset for e in stream]
        assert [first.dataset] + rest == ["a", "b", "c"]
        assert [e.dataset for e in store.current_entries()] == ["a", "b", "bb", "c"]


def test_current_revisions_skip_error_entries_unless_asked(location):
    with open_registry(location) as store:
        store.save(make_entry("ok", revision="s1"))
        store.save(make_entry("failed", revision="s2", status="error", error="HTTPError: 500"))
        store.save(make_entry("local", revision=None))
        assert store.current_revisions() == {"ok": "s1"}
        assert store.current_revisions(include_errors=True) == {"ok": "s1", "failed": "s2"}
        assert store.current_revision("ok") == "s1"
        assert store.current_revision("failed") is None
        assert store.current_revision("failed", include_errors=True) == "s2"


def test_edges_round_trip_and_replace_per_revision(location):
    edges = [
        {
            "upstream": "squad",
            "relation": "derived_from",
            "evidence": {"source": "yaml", "line": 4},
        },
        {"upstream": "LicenseRef-OpenAI-Terms", "kind": "model_generated", "confidence": 0.8},
    ]
    with open_registry(location) as store:
        store.save_edges("org/data", "r1", edges)
        store.save_edges("org/data", "r1", edges[:1])  # re-audit of r1 replaces, never doubles
        store.save_edges("org/data", "r2", edges)
        store.save_edges("local", None, [{"upstream": "glue"}])
        latest = store.edges("org/data")
        assert [e["upstream"] for e in latest] == ["squad", "LicenseRef-OpenAI-Terms"]
        assert (
            latest[0]["evidence"] == {"source": "yaml", "line": 4}
            and latest[1]["confidence"] == 0.8
        )
        assert all(e["dataset"] == "org/data" and e["revision"] == "r2" for e in latest)
        assert [e["upstream"] for e in store.edges("org/data", "r1")] == ["squad"]
        assert [e["upstream"] for e in store.edges("local")] == ["glue"]
        with pytest.raises(ValueError, match="upstream"):
            store.save_edges("org/data", "r3", [{"relation": "derived_from"}])


def test_exactly_one_current_entry_is_enforced_by_the_database(location):
    with open_registry(location) as store:
        store.save(make_entry("x", revision="1"))
        store.save(make_entry("x", revision="2"))
        conn = store._conn()  # straight SQL, past the API: the index itself must refuse
        with pytest.raises(store.db_errors), store._write(conn, "test") as cur:
            cur.execute(
                store._placeholders("UPDATE entries SET is_current = ? WHERE dataset = ?"),
                (True, "x"),
            )
        counted = store._fetch(conn, "history", ("x",))
        assert len(counted) == 2


def test_a_closed_store_refuses_work(location):
    store = open_registry(location)
    store.close()
    with pytest.raises(RegistryError, match="closed"):
        store.current("x")
    store.close()  # closing twice is harmless


def test_an_entry_without_a_dataset_is_refused(location):
    with open_registry(location) as store, pytest.raises(ValueError):
        store.save(Entry(dataset=""))


def test_update_effective_changes_the_current_entry_in_place(location):
    with open_registry(location) as store:
        store.save(make_entry(revision="r1"))
        store.save(make_entry(revision="r2"))
        traced = store.current("org/data")
        traced.effective_license, traced.effective_commercial_use = "CC-BY-NC-4.0", "no"
        traced.upstream, traced.reasons = (
            ["squad", "glue"],
            ["effective: non-commercial because glue"],
        )
        assert store.update_effective(traced) is True
        got = store.current("org/data")
        assert (got.effective_license, got.effective_commercial_use) == ("CC-BY-NC-4.0", "no")
        assert got.upstream == ["squad", "glue"] and got.reasons == [
            "effective: non-commercial because glue"
        ]
        assert got.evidence == traced.evidence and len(store.history("org/data")) == 2  # no new row
        stale = make_entry(revision="r1", effective_license="MIT")  # re-audited since: not applied
        assert store.update_effective(stale) is False
        assert store.current("org/data").effective_license == "CC-BY-NC-4.0"
        local = make_entry("local", revision=None)
        store.save(local)
        local.effective_license = "MIT"
        assert (
            store.update_effective(local) is True
            and store.current("local").effective_license == "MIT"
        )


def test_an_entry_saved_with_its_edges_replaces_those_of_its_revision(location):
    edges = [{"upstream": "squad", "kind": "dataset"}, {"upstream": "glue", "kind": "dataset"}]
    with open_registry(location) as store:
        store.save_edges("org/data", "r1", edges)
        store.save(make_entry("org/data", revision="r1"))  # edges=None: left as they are
        assert [e["upstream"] for e in store.edges("org/data", "r1")] == ["squad", "glue"]
        store.save(make_entry("org/data", revision="r1"), edges=edges[1:])
        assert [e["upstream"] for e in store.edges("org/data", "r1")] == ["glue"]
        store.save(make_entry("org/data", revision="r1"), edges=[])  # found none this time
        assert store.edges("org/data", "r1") == [] and store.current("org/data") is not None
