"""Effective licenses written to a real SQLite registry after a run: chains, cycles, failures."""

from __future__ import annotations

import pytest

from agent.lineage.apply import NOT_AUDITED, apply_effective_licenses, upstreams_of
from agent.lineage.upstream import find_upstreams
from agent.models import Card, Entry
from registry.store.opener import open_registry

EDGES: dict[str, list[dict]] = {}  # dataset -> the edge rows the graph saves beside its entry


def _entry(name: str, lic: str, use: str, sources: list[str], share_alike=False) -> Entry:
    """An entry as the graph writes it: conclusion fields plus the upstream evidence of its card."""
    header = "---\nsource_datasets:\n" + "".join(f"- extended|{s}\n" for s in sources) + "---\n"
    upstreams = find_upstreams(Card(name, "hub", f"https://hub/{name}", readme=header + "# Card\n"))
    EDGES[name] = [u.to_edge() for u in upstreams]
    return Entry(
        name,
        revision="r1",
        concluded_license=lic,
        commercial_use=use,
        status="verified",
        attribution_required=True,
        share_alike=share_alike,
        upstream=[u.name for u in upstreams],
        evidence=[u.evidence for u in upstreams],
    )


class _Registry:
    """The real SQLite registry; `save` also writes the entry's edges, as the graph does."""

    def __init__(self, path: str):
        self.real = open_registry(path)

    def save(self, entry: Entry) -> int:
        saved = self.real.save(entry)
        if EDGES.get(entry.dataset):
            self.real.save_edges(entry.dataset, entry.revision, EDGES[entry.dataset])
        return saved

    def __getattr__(self, name: str):
        return getattr(self.real, name)


@pytest.fixture
def store(tmp_path):
    registry = _Registry(str(tmp_path / "reg.db"))
    yield registry
    registry.real.close()


def _result(entry: Entry, depth: int = 0) -> dict:
    return {"ref": entry.dataset, "dataset": entry.dataset, "status": entry.status, "depth": depth}


def test_chain_follows_the_most_restrictive_upstream(store):
    top, mid, leaf = (
        _entry("org/top", "MIT", "yes", ["org/mid"]),
        _entry("org/mid", "CC-BY-SA-4.0", "yes", ["org/leaf"], share_alike=True),
        _entry("org/leaf", "CC-BY-NC-4.0", "no", []),
    )
    for entry in (top, mid, leaf):
        store.save(entry)
    done = apply_effective_licenses(store, [_result(top), _result(mid, 1), _result(leaf, 2)])
    saved = store.current("org/top")
    assert saved.effective_commercial_use == "no"
    assert saved.effective_license == "MIT AND CC-BY-SA-4.0 AND CC-BY-NC-4.0"
    assert (
        "effective: non-commercial because upstream org/mid is CC-BY-SA-4.0 AND CC-BY-NC-4.0 "
        "(non-commercial because upstream org/leaf is CC-BY-NC-4.0)"
    ) in saved.reasons
    assert store.current("org/mid").effective_commercial_use == "no"
    assert done["org/leaf"].commercial_use == "no" and done["org/top"].share_alike is True
    assert [e["upstream"] for e in store.edges("org/top")] == ["org/mid"]
    assert store.edges("org/top")[0]["evidence"]["snippet"] == "extended|org/mid"


def test_cycle_terminates_and_each_side_sees_the_other(store):
    a, b = (
        _entry("org/a", "MIT", "yes", ["org/b"]),
        _entry("org/b", "CC-BY-NC-4.0", "no", ["org/a"]),
    )
    store.save(a)
    store.save(b)
    apply_effective_licenses(store, [_result(a), _result(b, 1)])
    assert store.current("org/a").effective_commercial_use == "no"
    b_saved = store.current("org/b")
    assert (
        b_saved.effective_license == "CC-BY-NC-4.0 AND MIT"
    )  # A's own terms where the cycle closes


def test_failed_and_unaudited_upstreams_are_unclear_with_reasons(store):
    top = _entry("org/top", "CC0-1.0", "yes", ["org/gone", "org/far", "other-Common-Crawl"])
    store.save(top)
    failed = {
        "ref": "org/gone",
        "dataset": "org/gone",
        "status": "error",
        "error": "RepoNotFound: org/gone does not exist",
        "depth": 1,
    }
    apply_effective_licenses(store, [_result(top), failed])
    saved = store.current("org/top")
    assert saved.effective_commercial_use == "unclear"
    chain = "\n".join(saved.reasons)
    assert "upstream org/gone could not be audited: RepoNotFound: org/gone does not exist" in chain
    assert f"upstream org/far could not be audited: {NOT_AUDITED}" in chain
    assert "upstream Common-Crawl is not a Hub dataset" in chain
    assert saved.upstream == ["org/gone", "org/far", "Common-Crawl"]


def test_rerun_replaces_chain_lines_and_skips_unchanged_entries(store):
    top, leaf = _entry("org/top", "MIT", "yes", ["org/leaf"]), _entry("org/leaf", "MIT", "yes", [])
    store.save(top)
    store.save(leaf)
    results = [_result(top), _result(leaf, 1)]
    apply_effective_licenses(store, results)
    history = len(store.history("org/top"))
    apply_effective_licenses(store, results)
    saved = store.current("org/top")
    assert len(store.history("org/top")) == history  # nothing changed: nothing written
    assert [r for r in saved.reasons if r.startswith("effective: ")] == [
        "effective: commercial use allowed because own license MIT",
        "effective: commercial use allowed because upstream org/leaf is MIT",
    ]
    assert results[0]["effective_license"] == "MIT"


def test_upstreams_are_read_from_the_edge_rows(store):
    entry = _entry("org/x", "MIT", "yes", ["squad", "other-GENIA"])
    store.save(entry)
    ups = upstreams_of(store, store.current("org/x"))
    assert [(u.name, u.hub_id, u.relation) for u in ups] == [
        ("squad", "squad", "extended"),
        ("GENIA", None, "extended"),
    ]


def test_an_entry_without_edge_rows_has_no_upstreams(store):
    entry = _entry("org/y", "MIT", "yes", ["squad"])
    store.real.save(entry)  # the evidence still describes "squad", but no edge row was written
    assert upstreams_of(store, store.current("org/y")) == []


def test_upstream_stored_under_its_canonical_name(store):
    top, moved = (
        _entry("org/top", "MIT", "yes", ["squad"]),
        _entry("rajpurkar/squad", "CC-BY-SA-4.0", "yes", []),
    )
    store.save(top)
    store.save(moved)
    traced = {"ref": "squad", "dataset": "rajpurkar/squad", "status": "verified", "depth": 1}
    apply_effective_licenses(store, [_result(top), traced])
    assert store.current("org/top").effective_license == "MIT AND CC-BY-SA-4.0"


def test_an_entry_settled_when_written_is_what_the_last_step_computes(store, monkeypatch):
    from agent.lineage.apply import settle

    leaf = _entry("leaf", "CC-BY-SA-4.0", "yes", [], share_alike=True)
    settle(leaf)
    store.save(leaf)
    written = store.current("leaf")
    updates: list[str] = []
    monkeypatch.setattr(store.real, "update_effective", lambda e: updates.append(e.dataset))
    solved = apply_effective_licenses(store, [_result(leaf)])  # as if it were not settled
    assert updates == [] and solved["leaf"].license == written.effective_license == "CC-BY-SA-4.0"
    assert store.current("leaf").reasons == written.reasons
    asked: list[str] = []
    monkeypatch.setattr(store.real, "current", lambda name, **_: asked.append(name))
    assert apply_effective_licenses(store, [{**_result(leaf), "settled": True}]) == {}
    assert asked == []
