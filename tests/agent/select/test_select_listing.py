"""Datasets chosen by the Hub's listing (`audit run --author/--search/--limit`): pages followed by
their Link header, unchanged datasets skipped with no further call, failing pages, empty orgs."""

from __future__ import annotations

import json

import pytest

from agent.cli import main
from agent.config import Settings
from agent.runner import run_audit
from agent.select.hub_list import ListQuery
from agent.select.selection import Listing
from registry.store.opener import open_registry

pytestmark = pytest.mark.vcr
LISTED = [f"lt-list/set-{i}" for i in range(5)]


@pytest.fixture(autouse=True)
def _clean(clean_cli_environment):
    """No user token, endpoint, registry or cache reaches these runs (tests/conftest.py)."""


@pytest.fixture
def small_pages(hub_standin):
    """While recording, the stand-in serves pages of 2 (the Hub's are up to 1,000)."""
    if hub_standin is not None:
        hub_standin.page_size = 2
    yield hub_standin
    if hub_standin is not None:
        hub_standin.page_size, hub_standin.list_faults = 1000, {}
        hub_standin.counts.clear()


def listing(endpoint: str, db: str, **query) -> tuple:
    selection = Listing(ListQuery(**query), label="test")
    settings = Settings(registry=db, endpoint=endpoint, concurrency=1, github=False, quiet=True)
    return run_audit(selection, settings), selection


def test_pages_are_followed_and_an_unchanged_rerun_costs_the_list_calls_only(
    hub_endpoint, small_pages, tmp_path
):
    db = str(tmp_path / "reg.db")
    first, selection = listing(hub_endpoint, db, authors=("lt-list",))
    assert [r["dataset"] for r in first.results] == LISTED and first.exit_code == 0
    assert selection.tally.pages == 3 and selection.tally.given == 5
    assert first.calls == {"api": 3, "resolve": 5}  # no info call: the listing brought it all
    with open_registry(db) as store:
        assert store.current("lt-list/set-2").concluded_license == "CC-BY-4.0"
    again, selection = listing(hub_endpoint, db, authors=("lt-list",))
    assert again.calls == {"api": 3, "resolve": 0}  # the pages, and not one file
    assert selection.tally.unchanged == 5 and all(r["reused"] for r in again.results)
    assert [r["concluded_license"] for r in again.results] == [
        r["concluded_license"] for r in first.results
    ]


def test_limit_and_search_narrow_the_listing(hub_endpoint, small_pages, tmp_path):
    limited, selection = listing(
        hub_endpoint, str(tmp_path / "a.db"), authors=("lt-list",), limit=3
    )
    assert [r["dataset"] for r in limited.results] == LISTED[:3] and selection.tally.pages == 2
    found, _ = listing(hub_endpoint, str(tmp_path / "b.db"), search="list/set-4")
    assert [r["dataset"] for r in found.results] == ["lt-list/set-4"]


def test_a_page_that_fails_once_is_retried(hub_endpoint, small_pages, tmp_path):
    if small_pages is not None:
        small_pages.list_faults = {2: 1}  # page 2 answers 500 once, then its items
    outcome, selection = listing(hub_endpoint, str(tmp_path / "reg.db"), authors=("lt-list",))
    assert [r["dataset"] for r in outcome.results] == LISTED and outcome.crashed is None
    assert outcome.calls["api"] == 4  # three pages, one of them asked twice


def test_a_page_that_keeps_failing_ends_the_run_with_exit_3_keeping_what_was_listed(
    hub_endpoint, small_pages, tmp_path, capsys
):
    if small_pages is not None:
        small_pages.list_faults = {2: 100}
    db = str(tmp_path / "reg.db")
    code = main(
        [
            "audit",
            "run",
            "--author",
            "lt-list",
            "--registry",
            db,
            "--no-github",
            "--concurrency",
            "1",
        ]
        + ["--endpoint", hub_endpoint, "--quiet", "--format", "json"]
    )
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 3 and len(err) == 1
    assert "listing the Hub's datasets of lt-list (page 2) failed: HTTP 500" in err[0]
    with open_registry(db) as store:  # the first page's datasets were audited and kept
        assert [e.dataset for e in store.current_entries(with_evidence=False)] == LISTED[:2]


def test_an_empty_organisation_is_a_clear_message_and_exit_0(hub_endpoint, tmp_path, capsys):
    db = str(tmp_path / "reg.db")
    code = main(
        ["audit", "run", "--author", "nobody-here", "--registry", db]
        + ["--endpoint", hub_endpoint, "--no-github", "--concurrency", "1"]
    )
    out, err = capsys.readouterr()
    assert code == 0 and out == ""
    assert err.splitlines()[-1] == (
        "licensetrace: note: no datasets listed for author nobody-here: nothing to audit"
    )
    assert err.startswith("licensetrace: plan: a listing")


@pytest.mark.parametrize(
    "argv, says",
    [
        (["x", "--author", "a"], "not both"),
        (["--author", "a", "--offline"], "not with --offline"),
        (["--all", "--author", "a"], "not with --author"),
        (["x", "--limit", "3"], "--limit goes with"),
        (["--all", "--limit", "0"], "at least 1"),
    ],
)
@pytest.mark.vcr(record_mode="none")
def test_options_that_do_not_go_together_are_usage_errors(argv, says, tmp_path, capsys):
    code = main(["audit", "run", "--registry", str(tmp_path / "r.db"), *argv])
    err = capsys.readouterr().err
    assert code == 2 and says in err and len(err.strip().splitlines()) == 1


def test_json_output_of_a_listing_lists_every_dataset(hub_endpoint, small_pages, tmp_path, capsys):
    code = main(
        [
            "audit",
            "run",
            "--author",
            "lt-list",
            "--limit",
            "2",
            "--quiet",
            "--format",
            "json",
            "--registry",
            str(tmp_path / "r.db"),
            "--endpoint",
            hub_endpoint,
            "--no-github",
            "--concurrency",
            "1",
        ]
    )
    results = json.loads(capsys.readouterr().out)["results"]
    assert code == 0 and [r["dataset"] for r in results] == LISTED[:2]


def test_a_listed_dataset_concludes_exactly_as_its_info_call_would(hub_endpoint, tmp_path):
    """The listing's sha, cardData, siblings, gated and tags stand in for the info answer: the
    entries are the same as those of the ids audited one info call each."""
    listed, _ = listing(hub_endpoint, str(tmp_path / "listed.db"), authors=("lt-chain",))
    names = [r["dataset"] for r in listed.results]
    assert len(names) == 5 and listed.calls["api"] == 1
    settings = Settings(
        registry=str(tmp_path / "given.db"), endpoint=hub_endpoint, concurrency=1, github=False
    )
    given = run_audit(names, settings)
    assert given.calls["api"] == 5

    def entries(db: str) -> list[tuple]:
        with open_registry(db) as store:
            return [
                (
                    e.dataset,
                    e.revision,
                    e.concluded_license,
                    e.confidence,
                    e.status,
                    e.reasons,
                    [(x.source, x.snippet, x.license) for x in e.evidence],
                    e.sources,
                )
                for e in store.current_entries()
            ]

    assert entries(str(tmp_path / "listed.db")) == entries(str(tmp_path / "given.db"))
