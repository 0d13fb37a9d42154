"""The stand-in's list endpoint keeps to the Hub's: author, search, limit, expand[], full, and
pagination by `Link: <...>; rel="next"` with an opaque cursor (as huggingface_hub pages)."""

from __future__ import annotations

import pytest
import requests

from tests.support.hub_fixtures import TEST_TOKEN, build_hub_root
from tests.support.hub_server import HubStandIn

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    root = build_hub_root(str(tmp_path_factory.mktemp("root")))
    with HubStandIn(root, tokens={TEST_TOKEN}) as server:
        yield server


def pages(hub, query: str, token: str | None = None) -> list[list[dict]]:
    """Every page of a listing, following the Link header the way requests parses it."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    url: str | None = f"{hub.url}/api/datasets?{query}"
    found = []
    while url:
        answer = requests.get(url, headers=headers, timeout=5)
        assert answer.status_code == 200, answer.text
        found.append(answer.json())
        url = answer.links.get("next", {}).get("url")
    return found


def test_an_author_listing_pages_by_the_link_header(hub):
    hub.page_size = 2
    try:
        listed = pages(hub, "author=lt-list&expand[]=sha&expand[]=cardData")
    finally:
        hub.page_size = 1000
    assert [len(p) for p in listed] == [2, 2, 1]
    ids = [item["id"] for page in listed for item in page]
    assert ids == [f"lt-list/set-{i}" for i in range(5)]
    first = listed[0][0]
    assert set(first) == {"_id", "id", "sha", "cardData"} and len(first["sha"]) == 40
    assert first["cardData"] == {"license": "mit"}


def test_limit_search_and_the_default_fields(hub):
    (page,) = pages(hub, "search=SET-3")  # search: case-insensitive, anywhere in the id
    assert [item["id"] for item in page] == ["lt-list/set-3"]
    assert "cardData" not in page[0] and "siblings" not in page[0]  # those need expand or full
    assert {"sha", "gated", "private", "lastModified", "tags"} <= set(page[0])
    answer = requests.get(f"{hub.url}/api/datasets?author=lt-list&limit=3", timeout=5)
    assert len(answer.json()) == 3 and 'rel="next"' in answer.headers["Link"]
    (full,) = pages(hub, "author=lt-list&full=true&limit=1000")
    assert all("siblings" in item and "cardData" in item for item in full)


def test_an_unknown_author_is_an_empty_list_not_an_error(hub):
    assert pages(hub, "author=nobody-here") == [[]]


def test_private_and_moved_datasets_are_not_listed_to_others(hub):
    ids = {item["id"] for page in pages(hub, "author=lt-test") for item in page}
    assert "lt-test/with-license" in ids and "lt-test/gated" in ids
    assert "lt-test/private" not in ids and "lt-test/old-name" not in ids


def test_bad_requests_are_400(hub):
    for query in ("expand[]=sha&full=true", "limit=many", "cursor=%%%"):
        answer = requests.get(f"{hub.url}/api/datasets?{query}", timeout=5)
        assert answer.status_code == 400 and "error" in answer.json()


def test_a_scripted_page_fails_then_answers(hub):
    hub.page_size, hub.list_faults = 2, {2: 1}
    try:
        first = requests.get(f"{hub.url}/api/datasets?author=lt-list", timeout=5)
        second_url = first.links["next"]["url"]
        statuses = [requests.get(second_url, timeout=5).status_code for _ in range(2)]
    finally:
        hub.page_size, hub.list_faults = 1000, {}
    assert statuses == [500, 200]


def test_list_calls_spend_the_api_quota_and_files_the_resolver_one(tmp_path):
    root = build_hub_root(str(tmp_path / "root"))
    with HubStandIn(root, api_quota=1, resolve_quota=2, window=60) as hub:
        listed = requests.get(f"{hub.url}/api/datasets?author=lt-list", timeout=5)
        assert listed.status_code == 200
        assert requests.get(f"{hub.url}/api/datasets?author=lt-list", timeout=5).status_code == 429
        readme = f"{hub.url}/datasets/lt-list/set-0/resolve/main/README.md"
        assert requests.get(readme, timeout=5).status_code == 200  # its own bucket
        assert listed.headers["RateLimit-Policy"] == '"fixed window";"api";q=1;w=60'
