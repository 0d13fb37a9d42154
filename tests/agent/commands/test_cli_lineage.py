"""Recursive audits over the recorded Hub stand-in: chains, cycles, lost upstreams, generated data."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from agent.cli import main
from registry.store.opener import open_registry

pytestmark = pytest.mark.vcr


@pytest.fixture(autouse=True)
def _clean(clean_cli_environment):
    """No user token, endpoint, registry or cache reaches these runs (tests/conftest.py)."""


def traced(endpoint: str, db: str, capsys, *refs: str) -> tuple[int, dict]:
    capsys.readouterr()
    code = main(
        [
            "audit",
            "run",
            "--quiet",
            "--concurrency",
            "1",
            "--depth",
            "3",
            "--format",
            "json",
            "--registry",
            db,
            "--endpoint",
            endpoint,
            *refs,
        ]
    )
    results = json.loads(capsys.readouterr().out)["results"]
    return code, {r["dataset"]: r for r in results}


def info_requests(cassette) -> Counter:
    return Counter(
        r.uri.split("/api/datasets/")[1] for r in cassette.requests if "/api/datasets/" in r.uri
    )


def test_chain_is_audited_once_each_and_the_most_restrictive_upstream_wins(
    hub_endpoint, tmp_path, capsys, vcr
):
    db = str(tmp_path / "reg.db")
    code, results = traced(hub_endpoint, db, capsys, "lt-chain/top", "lt-chain/middle")
    assert code == 0 and set(results) == {"lt-chain/top", "lt-chain/middle", "lt-chain/base"}
    assert set(info_requests(vcr).values()) == {1}  # each dataset fetched once, though named twice
    with open_registry(db) as store:
        top = store.current("lt-chain/top")
        assert top.concluded_license == "CC-BY-4.0" and top.commercial_use == "yes"
        assert top.effective_commercial_use == "no" and "CC-BY-NC-4.0" in top.effective_license
        # the chain that decided it, in one line: top <- middle <- base (CC-BY-NC-4.0)
        assert any(
            "non-commercial because upstream lt-chain/middle" in r
            and "(non-commercial because upstream lt-chain/base is CC-BY-NC-4.0)" in r
            for r in top.reasons
        )
        middle = store.current("lt-chain/middle")
        assert any(
            "non-commercial because upstream lt-chain/base is CC-BY-NC-4.0" in r
            for r in middle.reasons
        )
        assert [e["upstream"] for e in store.edges("lt-chain/top")] == ["lt-chain/middle"]
    assert main(["registry", "show", "lt-chain/top", "--tree", "--registry", db]) == 0
    tree = capsys.readouterr().out
    assert "└── lt-chain/middle" in tree and "└── lt-chain/base  CC-BY-NC-4.0" in tree


def test_cycle_terminates_and_each_side_sees_the_other(hub_endpoint, tmp_path, capsys, vcr):
    db = str(tmp_path / "reg.db")
    code, results = traced(hub_endpoint, db, capsys, "lt-cycle/a")
    assert code == 0 and set(results) == {"lt-cycle/a", "lt-cycle/b"}
    assert set(info_requests(vcr).values()) == {1}
    with open_registry(db) as store:
        a = store.current("lt-cycle/a")
        assert a.effective_commercial_use == "yes" and set(a.effective_license.split(" AND ")) == {
            "MIT",
            "Apache-2.0",
        }


def test_an_upstream_that_cannot_be_fetched_is_not_clean(hub_endpoint, tmp_path, capsys):
    db = str(tmp_path / "reg.db")
    code, results = traced(hub_endpoint, db, capsys, "lt-chain/orphan")
    assert code == 0  # the dataset asked for was audited; its upstream's failure is on its entry
    assert results["lt-chain/gone"]["error"].startswith("RepoNotFound")
    with open_registry(db) as store:
        orphan = store.current("lt-chain/orphan")
        assert (
            orphan.concluded_license == "CC0-1.0" and orphan.effective_commercial_use == "unclear"
        )
        assert any("lt-chain/gone" in r and "RepoNotFound" in r for r in orphan.reasons)
        assert store.current("lt-chain/gone") is None


def test_model_generated_data_carries_the_providers_terms(hub_endpoint, tmp_path, capsys):
    db = str(tmp_path / "reg.db")
    code, _ = traced(hub_endpoint, db, capsys, "lt-chain/synthetic")
    assert code == 0
    with open_registry(db) as store:
        entry = store.current("lt-chain/synthetic")
        assert entry.concluded_license == "Apache-2.0"
        assert entry.effective_commercial_use in ("no", "unclear")
        assert "LicenseRef-" in entry.effective_license
        generated = [e for e in entry.evidence if "GPT-4" in e.snippet]
        assert generated and "generated with GPT-4" in generated[0].snippet
