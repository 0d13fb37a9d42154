"""HttpClient and HubSource against a live stand-in on 127.0.0.1: faults, resets, quotas, 429s."""

from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from agent.errors import DatasetError
from agent.refs import parse_ref
from agent.sources.http import HttpClient
from agent.sources.hub import HubSource
from tests.support.hub_server import HubStandIn

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])


@pytest.fixture
def root(tmp_path):
    """60 tiny datasets org/d00..d59, each with a README and a YAML license."""
    for i in range(60):
        folder = tmp_path / "org" / f"d{i:02d}"
        folder.mkdir(parents=True)
        (folder / "README.md").write_text(f"---\nlicense: mit\n---\n# Dataset {i}\n")
    return str(tmp_path)


def fetch_all(src: HubSource, names: list[str], threads: int = 8) -> list:
    def one(name):
        try:
            return src.fetch_card(parse_ref(name))
        except DatasetError as exc:
            return exc

    with ThreadPoolExecutor(threads) as pool:
        return list(pool.map(one, names))


NAMES = [f"org/d{i:02d}" for i in range(60)]


def test_ten_percent_faults_are_retried_and_every_dataset_ends(root):
    with HubStandIn(root, fail_rate=0.10, seed=7) as hub:
        http = HttpClient(backoff=0.005, timeout=(2, 2), quotas=None)
        results = fetch_all(HubSource(hub.url, http), NAMES)
        faults = {k: v for k, v in hub.counts.items() if k.startswith("fault:")}
    cards = [r for r in results if not isinstance(r, DatasetError)]
    assert len(results) == 60 and len(cards) == 60  # 5 attempts each: all came through
    assert all(c.card_data == {"license": "mit"} for c in cards)
    assert faults.get("fault:reset") and faults.get("fault:truncate")  # both kinds were met
    assert http.stats["retries"] == sum(faults.values())


def test_no_answer_after_retries_is_a_network_error(root):
    hub = HubStandIn(root).start()
    url = hub.url
    hub.stop()  # nothing listens on that port any more
    http = HttpClient(backoff=0.001, max_retries=2, quotas=None)
    with pytest.raises(DatasetError) as caught:
        HubSource(url, http).fetch_card(parse_ref("org/d00"))
    assert caught.value.code == "NetworkError" and "after 3 attempts" in caught.value.message
    assert http.stats["requests"] == 3


def test_server_errors_beyond_retries_are_an_http_error(root):
    with open(f"{root}/org/d00/.hub.json", "w") as handle:
        json.dump({"fail_first": 10}, handle)  # the first 10 requests of each path answer 500
    http = HttpClient(backoff=0.001, max_retries=2, quotas=None)
    with HubStandIn(root) as hub, pytest.raises(DatasetError) as caught:
        HubSource(hub.url, http).fetch_card(parse_ref("org/d00"))
    assert caught.value.code == "HTTPError" and "HTTP 500" in caught.value.message
    assert http.stats["retries"] == 2


def test_announced_quota_is_kept_without_any_429(root):
    """The stand-in announces its quota on every answer; the client keeps under it."""
    with HubStandIn(root, api_quota=20, resolve_quota=40, window=1.5) as hub:
        http = HttpClient(backoff=0.01)
        start = time.monotonic()
        results = fetch_all(HubSource(hub.url, http), NAMES[:40])
        elapsed = time.monotonic() - start
        throttled = hub.counts["status:429"]
    assert all(not isinstance(r, DatasetError) for r in results)
    assert throttled == 0 and http.stats["throttled"] == 0
    assert elapsed >= 1.5  # 40 info calls at 20 per 1.5 s need a second window


def test_quota_learned_from_the_first_429_stops_the_others(root):
    """Headers only on the 429: one burst of rejects, then everyone waits and keeps under it."""
    with HubStandIn(root, api_quota=15, window=1.5, always_ratelimit_headers=False) as hub:
        http = HttpClient(backoff=0.01)
        results = fetch_all(HubSource(hub.url, http), NAMES[:45])
        throttled = hub.counts["status:429"]
    assert all(not isinstance(r, DatasetError) for r in results)
    assert 1 <= throttled <= 8  # at most the requests already in flight when the first 429 came


def test_client_side_limit_spaces_requests(root):
    with HubStandIn(root) as hub:
        http = HttpClient(quotas={"api": (10, 1.0)})
        src = HubSource(hub.url, http)
        start = time.monotonic()
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(lambda n: src.fetch_info(parse_ref(n)), NAMES[:25]))
        elapsed = time.monotonic() - start
    assert elapsed >= 2.0 and http.stats["api"] == 25  # 25 calls at 10 per second: 3 windows


def test_an_unreachable_host_is_given_up_after_a_few_requests_not_per_dataset():
    import socket

    with socket.socket() as probe:  # a port nobody listens on: every connection is refused
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    http = HttpClient(backoff=0.01, max_retries=2)
    src = HubSource(f"http://127.0.0.1:{port}", http)
    errors = []
    for i in range(6):
        with pytest.raises(DatasetError) as caught:
            src.fetch_info(parse_ref(f"org/d{i:02d}"))
        errors.append(caught.value)
    assert all(e.code == "NetworkError" for e in errors)
    assert (
        http.stats["requests"] == 3 * 3
    )  # three requests with their retries, then no more attempts
    assert "unreachable" in errors[-1].message
