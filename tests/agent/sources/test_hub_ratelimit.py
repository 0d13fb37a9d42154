"""Rate-limit header parsing and the shared limiter, without a network."""

from __future__ import annotations

import threading
import time
from email.utils import formatdate
from urllib.parse import urlsplit

import pytest

from agent.sources.http import quota_class, strip_etag
from agent.sources.ratelimit import QuotaLimiter, parse_policy, parse_ratelimit, parse_retry_after


def test_retry_after_seconds_date_and_garbage():
    assert parse_retry_after("3") == 3.0
    assert 8 <= parse_retry_after(formatdate(time.time() + 10, usegmt=True)) <= 10
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


def test_ietf_ratelimit_headers():
    assert parse_ratelimit('"api";r=0;t=42') == (0, 42)
    assert parse_ratelimit('"resolvers";r=489;t=189') == (489, 189)
    assert parse_policy('"fixed window";"api";q=500;w=300') == (500, 300)
    assert parse_ratelimit("") is None and parse_policy(None) is None


def test_etags_and_quota_classes():
    assert (
        strip_etag('W/"abc"') == "abc"
        and strip_etag('"d41d8"') == "d41d8"
        and strip_etag(None) is None
    )
    assert quota_class("https://huggingface.co/api/datasets/squad") == "api"
    assert quota_class("https://huggingface.co/datasets/squad/resolve/abc/README.md") == "resolve"
    assert quota_class("https://huggingface.co/datasets/squad/raw/abc/README.md") == "resolve"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/api/datasets?author=x&expand[]=sha",
        "http://h/api",
        "http://h?x=/api/",
        "http://h#/api/",
        "//h/api/x",
        "/api/x",
        "api/x",
        "http://h/x/api/y",
        "HTTP://H/api/x",
        "localhost:80/api/x",
        "http://user:pw@h:1/api/x",
        "http://h/API/x",
        "http://h//api/x",
        "http:///api/x",
        "http://[::1]:80/api/x",
        "1http://h/api/x",
        " http://h/api/x",
        "\thttp://h/api/x",
        "http://h/a\tpi/x",
        "http://h/\u00e9/api/x",
    ],
)
def test_the_quota_class_is_what_the_url_path_says(url):
    """quota_class's shortcut agrees with urlsplit on odd URLs too (untrusted links)."""
    path = urlsplit(url).path
    assert quota_class(url) == ("api" if path.startswith("/api/") else "resolve")


def test_sliding_window_never_exceeds_the_quota():
    limiter = QuotaLimiter(limit=5, window=0.5)
    sent = []
    for _ in range(12):
        limiter.acquire()
        sent.append(time.monotonic())
    for i, t in enumerate(sent):  # any 0.5 s span holds at most 5 sends
        assert sum(1 for u in sent[i:] if u - t < 0.5) <= 5
    assert sent[-1] - sent[0] >= 1.0  # 12 sends at 5 per 0.5 s need two full waits


def test_a_process_of_n_uses_its_share_of_every_quota_documented_or_announced():
    from agent.config import Settings
    from agent.runner import _hub_source
    from agent.select.hub_list import ListQuery
    from agent.select.selection import Given, Listing
    from agent.workers import quota_shares

    assert QuotaLimiter(limit=10, share=0.5).limit == 5
    assert QuotaLimiter(limit=3, share=0.25).limit == 1  # every process still makes progress
    assert QuotaLimiter(share=0.5).limit is None  # no quota known: none invented
    announced = QuotaLimiter(limit=10, share=0.5)
    announced.set_policy(100, 5)
    assert (announced.limit, announced.window, announced.announced) == (50, 5.0, True)
    hub = _hub_source(Settings(quota_share={"api": 0.25}), threading.Event(), None)  # the Hub
    assert hub.http.limiter("https://huggingface.co/api/datasets", "api").limit == 500 // 4
    assert hub.http.limiter("https://huggingface.co/datasets/x/resolve", "resolve").limit == 3000
    # --workers 3 on a listing: its pages and the workers' calls share the API quota four ways;
    # the workers alone read files, a third of the resolver quota each
    mine, each = quota_shares(3, Listing(ListQuery()).calls(refresh=False))
    assert mine == {"api": 0.25} and each == {"api": 0.25, "resolve": 1 / 3}
    # given ids re-checked on the resolver; with --refresh nothing is re-checked
    assert quota_shares(3, Given([]).calls(refresh=False))[1] == {"api": 1 / 3, "resolve": 0.25}
    assert quota_shares(3, Given([]).calls(refresh=True)) == ({}, {"api": 1 / 3, "resolve": 1 / 3})


def test_a_pause_holds_back_every_thread():
    limiter = QuotaLimiter()
    paused_at = time.monotonic()
    limiter.pause_for(0.4)
    released = []  # when each thread got through: however late it started, not before the pause ends

    def take() -> None:
        limiter.acquire()
        released.append(time.monotonic() - paused_at)

    threads = [threading.Thread(target=take) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(released) == 4 and min(released) >= 0.38


def test_a_long_wait_is_announced_once_before_sleeping():
    limiter, told = QuotaLimiter(), []
    limiter.pause_for(5.2)
    started = time.monotonic()
    limiter.acquire(on_long_wait=lambda s: told.append((s, time.monotonic() - started)))
    assert len(told) == 1 and told[0][0] > 5 and told[0][1] < 0.1  # said at once, not after
