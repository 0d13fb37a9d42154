"""HttpClient over HTTP: token never leaves the endpoint's host, conditional GETs, cassettes clean."""

from __future__ import annotations

import glob
import os

import pytest

from agent.errors import DatasetError
from agent.refs import parse_ref
from agent.sources.http import HttpClient
from agent.sources.hub import HubSource
from tests.conftest import ROOT
from tests.support.hub_fixtures import TEST_TOKEN


@pytest.mark.vcr
def test_redirect_to_another_host_does_not_carry_the_token(hub_endpoint, hub_standin):
    http = HttpClient(token=TEST_TOKEN, backoff=0.01)
    src = HubSource(hub_endpoint, http)
    sha = src.fetch_info(parse_ref("lt-test/lfs-license"))["sha"]
    result = http.get(src.file_url("lt-test/lfs-license", sha, "LICENSE"))
    assert result.status == 200 and result.body.startswith(b"MIT License")
    assert result.hops[0][1] == 302 and result.url.startswith("http://localhost:18765/cdn/")
    assert result.token_sent_to == ["http://127.0.0.1:18765"]  # the Hub got it, the CDN did not
    if hub_standin is not None:  # recording: the server itself never saw Authorization at the CDN
        assert hub_standin.counts["cdn:auth"] == 0


@pytest.mark.vcr
def test_lfs_license_file_is_read_through_the_redirect(hub_endpoint):
    card = HubSource(hub_endpoint, HttpClient(token=TEST_TOKEN, backoff=0.01)).fetch_card(
        parse_ref("lt-test/lfs-license")
    )
    assert card.files["LICENSE"].startswith("MIT License") and card.warnings == []


@pytest.mark.vcr
def test_conditional_get_answers_304_for_an_unchanged_file(hub_endpoint):
    http = HttpClient(backoff=0.01)
    src = HubSource(hub_endpoint, http)
    sha = src.fetch_info(parse_ref("kor_qpair"))["sha"]
    url = src.file_url("kor_qpair", sha, "README.md")
    first = http.get(url)
    assert first.status == 200 and first.etag and first.headers["X-Repo-Commit"] == sha
    again = http.get(url, etag=first.etag)
    assert again.not_modified and again.body == b"" and http.stats["not_modified"] == 1


def test_no_cassette_holds_a_token():
    cassettes = glob.glob(os.path.join(ROOT, "cassettes", "*.yaml"))
    assert cassettes, "cassettes/ is empty: record them first"
    for path in cassettes:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        assert TEST_TOKEN not in text and "hf_wrong" not in text and "Bearer" not in text, path


def test_client_repr_hides_the_token():
    http = HttpClient(token=TEST_TOKEN)
    assert TEST_TOKEN not in repr(http) and http.has_token


@pytest.mark.vcr
def test_linked_size_over_the_limit_is_refused_before_reading(hub_endpoint):
    http = HttpClient(backoff=0.01)
    src = HubSource(hub_endpoint, http)
    sha = src.fetch_info(parse_ref("lt-test/lfs-license"))["sha"]
    with pytest.raises(DatasetError) as caught:
        http.get(src.file_url("lt-test/lfs-license", sha, "LICENSE"), max_bytes=16)
    assert caught.value.code == "TooLarge" and "over the limit of 16" in caught.value.message
    assert http.stats["bytes"] < 4096  # the info only: not one byte of the file was kept


def test_documented_quotas_apply_to_the_hub_only():
    anonymous, member = HttpClient(), HttpClient(token=TEST_TOKEN)
    hub_api, hub_file = (
        "https://huggingface.co/api/datasets/x",
        "https://huggingface.co/datasets/x/resolve/s/README.md",
    )
    assert (
        anonymous.limiter(hub_api, "api").limit,
        anonymous.limiter(hub_file, "resolve").limit,
    ) == (500, 3000)
    assert (member.limiter(hub_api, "api").limit, member.limiter(hub_file, "resolve").limit) == (
        1000,
        5000,
    )
    # a mirror or the stand-in: no guess, its RateLimit-Policy header is adopted when it sends one
    assert anonymous.limiter("http://127.0.0.1:18765/api/datasets/x", "api").limit is None
    assert HttpClient(quotas={"api": (7, 60)}).limiter("http://mirror/api/x", "api").limit == 7
