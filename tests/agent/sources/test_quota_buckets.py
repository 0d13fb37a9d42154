"""The API and resolver quotas are separate buckets on the client as on the Hub: one spent does
not hold back the other, and a 429 pauses only its own bucket."""

from __future__ import annotations

import time

import pytest

from agent.sources.http import HttpClient
from tests.support.hub_fixtures import build_hub_root
from tests.support.hub_server import HubStandIn

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    return build_hub_root(str(tmp_path_factory.mktemp("root")))


def test_an_announced_resolver_quota_waits_without_holding_back_api_calls(root):
    with HubStandIn(root, api_quota=50, resolve_quota=2, window=2) as hub:
        http = HttpClient(quotas=None, backoff=0.01)
        readme = f"{hub.url}/datasets/lt-list/set-0/resolve/main/README.md"
        assert [http.get(readme).status for _ in range(2)] == [200, 200]  # learns q=2;w=2
        assert http.limiter(readme, "resolve").left() == 0
        started = time.monotonic()
        assert http.get(f"{hub.url}/api/datasets/lt-list/set-0").status == 200
        assert time.monotonic() - started < 0.5  # the API bucket is not the resolver's
        assert http.get(readme).status == 200  # waits for the resolver window instead of a 429
        assert time.monotonic() - started >= 1.0
    assert hub.counts["status:429"] == 0


def test_a_429_on_the_resolver_pauses_the_resolver_bucket_only(root):
    with HubStandIn(
        root, resolve_quota=1, window=2, always_ratelimit_headers=False
    ) as hub:  # the quota is told only with the 429
        http = HttpClient(quotas=None, backoff=0.01)
        readme = f"{hub.url}/datasets/lt-list/set-1/resolve/main/README.md"
        assert http.get(readme).status == 200
        assert http.get(readme).status == 200  # a 429, waited out, then answered
        assert http.stats["throttled"] == 1
        resolver, api = http.limiter(readme, "resolve"), http.limiter(f"{hub.url}/api/", "api")
        assert resolver.announced and (resolver.limit, resolver.window) == (1, 2.0)
        assert not api.announced and api.left() is None
