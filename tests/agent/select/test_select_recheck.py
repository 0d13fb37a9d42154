"""Given ids re-checked on the resolver quota: README with If-None-Match and X-Repo-Commit tell an
unchanged dataset (no API call) from a changed, deleted or gated one (its info call, as before)."""

from __future__ import annotations

import pytest

from agent.config import Settings
from agent.models import Entry
from agent.runner import run_audit
from agent.select.hub_list import ReadmeCheck
from agent.select.selection import unchanged_by_resolver
from registry.store.opener import open_registry
from tests.support.hub_fixtures import TEST_TOKEN

pytestmark = pytest.mark.vcr
SHA = "a" * 40


@pytest.fixture(autouse=True)
def _clean(clean_cli_environment):
    """No user token, endpoint, registry or cache reaches these runs (tests/conftest.py)."""


def audit(endpoint: str, db: str, *refs: str, token: str | None = None):
    settings = Settings(
        registry=db, endpoint=endpoint, token=token, concurrency=1, github=False, quiet=True
    )
    return run_audit(list(refs), settings)


def test_an_unchanged_dataset_costs_one_resolver_call_answered_304(hub_endpoint, tmp_path):
    db = str(tmp_path / "reg.db")
    first = audit(hub_endpoint, db, "lt-list/set-0", "lt-list/set-1")
    assert first.calls == {"api": 2, "resolve": 2}
    with open_registry(db) as store:
        revision, etag = store.card_state("lt-list/set-0")
        assert len(revision) == 40 and len(etag) == 40  # the README's etag at that revision
    again = audit(hub_endpoint, db, "lt-list/set-0", "lt-list/set-1")
    assert again.calls == {"api": 0, "resolve": 2}  # no API call per dataset
    assert [r["reused"] for r in again.results] == [True, True]
    assert again.selection.tally.unchanged == 2 and again.exit_code == 0
    assert [r["concluded_license"] for r in again.results] == ["MIT", "Apache-2.0"]


def test_a_changed_dataset_is_audited_again_through_its_info(hub_endpoint, tmp_path):
    db = str(tmp_path / "reg.db")
    with open_registry(db) as store:  # audited when the Hub was at another commit
        store.save(Entry(dataset="lt-list/set-2", revision=SHA, status="verified"), None, "0" * 40)
    outcome = audit(hub_endpoint, db, "lt-list/set-2")
    assert outcome.calls == {"api": 1, "resolve": 2}  # re-check, info, README
    (result,) = outcome.results
    assert not result["reused"] and result["revision"] != SHA
    assert result["concluded_license"] == "CC-BY-4.0"


def test_a_deleted_dataset_gets_its_info_call_and_an_error_entry(hub_endpoint, tmp_path):
    db = str(tmp_path / "reg.db")
    with open_registry(db) as store:
        store.save(Entry(dataset="lt-gone/removed", revision=SHA, status="verified"))
    outcome = audit(hub_endpoint, db, "lt-gone/removed", token=TEST_TOKEN)
    assert outcome.calls == {"api": 1, "resolve": 1}  # 404 on the resolver, then the info
    (result,) = outcome.results
    assert result["status"] == "error" and result["error"].startswith("RepoNotFound")


def test_a_gated_card_gets_its_info_call(hub_endpoint, tmp_path):
    db = str(tmp_path / "reg.db")
    with open_registry(db) as store:
        store.save(Entry(dataset="lt-test/gated-card", revision=SHA, status="verified"))
    outcome = audit(hub_endpoint, db, "lt-test/gated-card")
    assert outcome.calls["api"] == 1  # 401 on the resolver (gated): asked through the info
    (result,) = outcome.results
    assert result["status"] == "error" and result["error"].startswith("GatedRepo")


def test_never_audited_pinned_and_refreshed_ids_are_not_rechecked(hub_endpoint, tmp_path):
    db = str(tmp_path / "reg.db")
    outcome = audit(hub_endpoint, db, "lt-list/set-3")
    assert outcome.selection.tally.rechecked == 0 and outcome.calls["api"] == 1
    pinned = audit(hub_endpoint, db, "hf:lt-list/set-3@main")  # a revision asked: its info
    assert pinned.selection.tally.rechecked == 0 and pinned.calls["api"] == 1
    settings = Settings(registry=db, endpoint=hub_endpoint, refresh=True, github=False)
    refreshed = run_audit(["lt-list/set-3"], settings)
    assert refreshed.selection.tally.rechecked == 0 and refreshed.calls["api"] == 1


@pytest.mark.parametrize(
    "status, commit, unchanged",
    [
        (304, SHA, True),  # README unchanged, repository at the audited commit
        (304, None, True),  # no commit header: the README is the one audited
        (304, "b" * 40, False),  # README the same, another file changed
        (200, SHA, True),  # no etag stored yet: the commit says it
        (200, "b" * 40, False),
        (404, SHA, True),  # EntryNotFound at the audited commit: still no README
        (404, None, False),  # RepoNotFound: deleted
        (401, SHA, False),  # gated: asked through the info, as before
        (403, SHA, False),
    ],
)
def test_what_the_resolver_answer_means(status, commit, unchanged):
    check = ReadmeCheck(status=status, commit=commit, etag=None)
    assert unchanged_by_resolver(check, SHA) is unchanged


def test_with_tracing_an_unchanged_dataset_still_has_its_upstreams_checked(hub_endpoint, tmp_path):
    """depth > 0: the unchanged dataset takes the graph's reuse path (no call of its own), so its
    upstreams are checked and its effective license recombined, as before the re-check."""
    db = str(tmp_path / "reg.db")
    settings = Settings(registry=db, endpoint=hub_endpoint, depth=3, concurrency=1, github=False)
    first = run_audit(["lt-chain/top"], settings)
    assert {r["dataset"] for r in first.results} == {
        "lt-chain/top",
        "lt-chain/middle",
        "lt-chain/base",
    }
    again = run_audit(["lt-chain/top"], settings)
    top = next(r for r in again.results if r["dataset"] == "lt-chain/top")
    assert top["reused"] and top["effective_license"] == first.results[0]["effective_license"]
    assert {r["dataset"] for r in again.results} == {
        "lt-chain/top",
        "lt-chain/middle",
        "lt-chain/base",
    }
    assert again.selection.tally.unchanged == 1
    assert again.calls["api"] == 2  # the upstreams' info calls, as before; none for the top
