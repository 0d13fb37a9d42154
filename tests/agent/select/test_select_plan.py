"""The plan printed before a run: calls by kind (list pages, resolver, info, files) and the
time the quotas imply, announced (RateLimit-Policy) or documented."""

from __future__ import annotations

import pytest

from agent.select.plan import (
    Quota,
    documented,
    duration,
    format_plan,
    plan_given,
    plan_listing,
    quota_wait,
)
from agent.sources.ratelimit import HUB_QUOTAS

ANONYMOUS_API, ANONYMOUS_RESOLVER = documented("api", False), documented("resolve", False)


def test_documented_defaults_come_from_the_one_table_and_name_their_source():
    assert (ANONYMOUS_API.calls, ANONYMOUS_API.window) == HUB_QUOTAS["anonymous"]["api"]
    assert documented("resolve", True).calls == HUB_QUOTAS["token"]["resolve"][0] == 5000
    assert "documented" in ANONYMOUS_API.source and "anonymous" in ANONYMOUS_API.source


def test_a_re_check_of_3612_ids_costs_resolver_calls_instead_of_35_minutes():
    """The issue's example: 3,612 ids on the anonymous quota."""
    cold = plan_given(3612, 0)
    assert quota_wait(cold.api(1), ANONYMOUS_API) == 7 * 300  # 3,612 info calls: 8 windows
    warm = plan_given(3612, 3612)
    assert warm.api(0) == 0 and warm.resolver(0) == 3612  # nothing changed: no API call
    assert quota_wait(warm.resolver(0), ANONYMOUS_RESOLVER) == 300
    lines = format_plan(warm, ANONYMOUS_API, ANONYMOUS_RESOLVER)
    assert lines[0] == (
        "plan: 3,612 datasets: API calls 0 list pages + 0-3,612 info; resolver calls 3,612 "
        "re-checks + 0-3,612 README reads (+ LICENSE files of audited datasets)"
    )
    assert lines[1].endswith("the quota alone needs 5 min (nothing changed) to 35 min")


def test_a_listing_plan_with_and_without_a_limit():
    limited = plan_listing(10_000, authors=20)
    assert limited.list_pages == (20, 29) and limited.info == (0, 0)
    assert limited.files == (0, 10_000)
    announced = Quota(100, 5, "RateLimit-Policy")
    lines = format_plan(limited, announced, Quota(600, 5, "RateLimit-Policy"))
    assert lines[1].startswith("plan: quota (RateLimit-Policy): API 100 per 5 s, resolver 600")
    assert lines[1].endswith("needs no wait (nothing changed) to 1 min 20 s")
    (first, second) = format_plan(plan_listing(None, 1), ANONYMOUS_API, ANONYMOUS_RESOLVER)
    assert "1 per 1,000 listed datasets (at least 1), no info call" in first
    assert second.endswith("3,000 changed or new datasets, or 500,000 unchanged ones, per 300 s")


@pytest.mark.parametrize(
    "seconds, says",
    [(0, "no wait"), (45, "45 s"), (90, "1 min 30 s"), (600, "10 min"), (7260, "2 h 1 min")],
)
def test_durations(seconds, says):
    assert duration(seconds) == says


def test_the_plan_takes_an_announced_quota_and_the_documented_one_otherwise(tmp_path, capsys):
    """What `audit run` prints on stderr before the run (the listing CLI test sees it printed)."""
    from agent.commands.selecting import plan_lines
    from agent.config import Settings
    from agent.select.selection import Given
    from agent.sources.http import HttpClient
    from agent.sources.hub import HubSource
    from agent.state import RunContext
    from registry.store.opener import open_registry
    from tests.support.registry_support import make_entry

    with open_registry(str(tmp_path / "r.db")) as store:
        store.save(make_entry("org/a"))
        hub = HubSource("http://127.0.0.1:9", HttpClient(quotas=None))
        hub.http.limiter("http://127.0.0.1:9/api/", "api").set_policy(100, 5)  # as announced
        context = RunContext(settings=Settings(), store=store, hub=hub)
        lines = plan_lines(context, Given(["org/a", "org/b"]))
    assert lines[0].startswith(
        "plan: 2 datasets: API calls 0 list pages + 1-2 info; resolver "
        "calls 1 re-checks + 1-2 README reads"
    )
    assert "API 100 per 5 s (RateLimit-Policy), resolver 3,000 per 300 s (the Hub's" in lines[1]


def test_a_quota_the_server_announces_later_is_printed_once(tmp_path, capsys):
    """The plan goes out before any call (documented quotas); the server's RateLimit-Policy,
    learnt on the way, prints the quota line again, once."""
    from agent.commands.progress import Progress
    from agent.commands.selecting import on_start
    from agent.config import Settings
    from agent.select.hub_list import ListQuery
    from agent.select.selection import Listing
    from agent.sources.http import HttpClient
    from agent.sources.hub import HubSource
    from agent.state import RunContext
    from registry.store.opener import open_registry

    with open_registry(str(tmp_path / "r.db")) as store:
        hub = HubSource("http://127.0.0.1:9", HttpClient(quotas=None))
        progress = Progress(total=None, enabled=False)
        on_start(progress, quiet=False)(
            RunContext(settings=Settings(), store=store, hub=hub),
            Listing(ListQuery(("org",)), label="author org"),
        )
        printed = capsys.readouterr().err.splitlines()
        assert len(printed) == 2 and printed[0].startswith("licensetrace: plan: a listing")
        hub.http.limiter("http://127.0.0.1:9/datasets/", "resolve").set_policy(600, 5)
        for _ in range(3):
            progress.update({"dataset": "org/x"})
    (again,) = capsys.readouterr().err.splitlines()
    assert again.startswith("licensetrace: plan: the server announced its quota: quota: API 500")
    assert "resolver 600 per 5 s (RateLimit-Policy)" in again
