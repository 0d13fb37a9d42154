"""Conditional requests: a file fetched before is asked with If-None-Match and read from the cache."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from agent.refs import parse_ref
from agent.sources import filecache
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


def test_entries_outlive_the_run_and_wait_in_memory_until_written(tmp_path):
    cache = FileCache(str(tmp_path))
    cache.put("k", "e1", b"one")
    assert cache.get("k") == ("e1", b"one")  # not written yet, but readable
    assert FileCache(str(tmp_path)).get("k") is None
    cache.close()
    assert FileCache(str(tmp_path)).get("k") == ("e1", b"one")


def test_pending_entries_are_written_in_bounded_batches(tmp_path):
    cache = FileCache(str(tmp_path))
    for i in range(filecache.FLUSH_ENTRIES):
        cache.put(f"k{i}", "e", b"x")
    other = FileCache(str(tmp_path))  # another run sees them without this one closing
    assert other.get("k0") == ("e", b"x")
    assert len(cache._pending) == 0


def test_threads_put_and_get_at_once(tmp_path):
    cache = FileCache(str(tmp_path))

    def work(i: int) -> tuple[str, bytes] | None:
        cache.put(f"k{i}", f"e{i}", str(i).encode())
        return cache.get(f"k{i}")

    with ThreadPoolExecutor(8) as pool:
        got = list(pool.map(work, range(300)))
    cache.close()
    assert got == [(f"e{i}", str(i).encode()) for i in range(300)]
    reopened = FileCache(str(tmp_path))
    assert all(reopened.get(f"k{i}") == (f"e{i}", str(i).encode()) for i in range(300))


@pytest.mark.parametrize("damage", ["folder is a file", "cache file is not a database"])
def test_a_cache_that_cannot_be_used_is_not_used(tmp_path, damage):
    folder = tmp_path / "cache"
    if damage == "folder is a file":
        folder.write_text("a file where the folder should be")
    else:
        folder.mkdir()
        (folder / filecache.FILE_NAME).write_bytes(b"not sqlite at all " * 100)
    cache = FileCache(str(folder))
    cache.put("k", "e1", b"body")  # no exception: the cache saves bytes, it decides nothing
    assert cache.get("k") is None
    cache.close()
