"""The scale benchmark's machinery on a small scale: a stand-in process, two real `audit run`s.

The second run with nothing changed makes one request per dataset and concludes nothing again
(issue 6, acceptance 1); the figures the benchmark prints come from these same functions.
"""

from __future__ import annotations

import os

import pytest

from benchmarks.scale import Registries, StandIn, audit, dataset_ids, report, throttled_per_window
from tests.support import paths

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])

CARDS = os.path.join(paths.FIXTURES, "cards")


def test_second_run_makes_one_resolver_request_per_dataset_and_concludes_nothing(tmp_path):
    refs, copies = dataset_ids(CARDS, 30)
    assert len(set(refs)) == 30 and copies == 6  # 5 fixture cards, 6 copies, cut at 30
    hub = StandIn(CARDS, copies, latency_ms=5)
    try:
        registry = Registries(None).fresh("t")
        first = audit("first", refs, registry, hub, concurrency=8)
        second = audit("second", refs, registry, hub, concurrency=8)
    finally:
        hub.stop()
    assert first.exit_code == 0 and first.missing == 0 and first.registry["rows"] == 30
    assert first.registry["integrity"] == "ok" and first.rss_mb > 0
    assert first.served["api"] == 30 and first.served["resolve"] >= 30  # info + README each
    # one resolver re-check each (README, If-None-Match: 304), no API call (issue 14 point 2)
    assert second.requests == 30 and second.served["api"] == 0 and second.served["status:304"] == 30
    assert second.new_rows == 0 and second.reused == 30  # nothing concluded again
    assert second.registry["current"] == second.registry["datasets"] == 30


def test_quota_windows_are_counted_per_window(tmp_path):
    """A stand-in quota of 3 api requests per window: the 429s it sends are tallied by window."""
    refs, copies = dataset_ids(CARDS, 8)
    hub = StandIn(CARDS, copies, latency_ms=0, api_quota=3, window=2, ratelimit_headers="429")
    try:
        run = audit("quota", refs, Registries(None).fresh("q"), hub, concurrency=1)
    finally:
        hub.stop()
    windows = throttled_per_window(run.served)
    assert run.missing == 0 and run.exit_code == 0  # every dataset audited despite the quota
    assert sum(windows.values()) == run.served["status:429"] >= 1
    # One client thread: after the first 429 it knows the quota and stays within it.
    assert max(windows.values()) == 1
    lines = report({"quota": run}, _Args())
    assert lines[1].startswith("quota") and "missing" in lines[0]


class _Args:
    latency_ms, api_quota, resolve_quota, window, fail_rate = 0, 3, None, 2.0, 0.0


def test_the_default_corpus_is_beside_the_checkout_not_a_machine_path():
    import re

    from benchmarks import scale

    root = str(paths.ROOT)
    assert os.path.join(os.path.dirname(root), "shared", "corpus", "cards") == scale.DEFAULT_CORPUS
    with open(scale.__file__, encoding="utf-8") as handle:  # derived from the checkout, never spelt
        assert not re.search(r"[\"'](?:/work|/home|/Users)/", handle.read())
