"""Conditional requests: a file fetched before is asked with If-None-Match and read from the cache."""

from __future__ import annotations

import pytest

from agent.refs import parse_ref
from agent.sources.filecache import FileCache, default_folder
from agent.sources.http import HttpClient
from agent.sources.hub import HubSource


@pytest.mark.vcr
def test_unchanged_readme_is_answered_304_and_read_from_the_cache(hub_endpoint, tmp_path):
    cache = FileCache(str(tmp_path / "cache"))
    first = HubSource(hub_endpoint, HttpClient(backoff=0.01), cache=cache).fetch_card(
        parse_ref("lt-test/with-license")
    )
    http = HttpClient(backoff=0.01)
    again = HubSource(hub_endpoint, http, cache=cache).fetch_card(parse_ref("lt-test/with-license"))
    assert http.stats["not_modified"] == 2  # README.md and LICENSE: no body sent again
    assert (
        again.readme == first.readme
        and again.files == first.files
        and again.readme.startswith("---")
    )


def test_cache_round_trip_and_refusals(tmp_path):
    cache = FileCache(str(tmp_path))
    assert cache.get("k") is None
    cache.put("k", "abc123", b"body\nwith lines")
    assert cache.get("k") == ("abc123", b"body\nwith lines")
    cache.put("other", None, b"no etag, not kept")
    assert cache.get("other") is None


def test_cache_folder_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("LICENSETRACE_CACHE", "off")
    assert default_folder() is None
    monkeypatch.setenv("LICENSETRACE_CACHE", str(tmp_path))
    assert default_folder() == str(tmp_path)
