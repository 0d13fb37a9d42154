"""A hostile or broken list endpoint: a clear ListingError (exit 3 at the CLI), never a hang,
a loop, a token sent elsewhere or an item without a usable id audited."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from agent.select.hub_list import HubListing, ListingError, ListQuery
from agent.sources.http import HttpClient
from agent.sources.hub import HubSource

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])


class _Pages(BaseHTTPRequestHandler):
    """Answers every request with the scripted (status, body, Link) of `server.script`."""

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        status, body, link = self.server.script(self.path, self.server.server_address[1])
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        if link:
            self.send_header("Link", link)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def serve():
    servers = []

    def start(script) -> HubListing:
        server = ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
        server.script = script
        threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
        servers.append(server)
        http = HttpClient(token="hf_secret", max_retries=1, backoff=0.01, quotas=None)
        return HubListing(HubSource(f"http://127.0.0.1:{server.server_address[1]}", http))

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def _all(listing: HubListing, **query) -> list[str]:
    return [d.id for page in listing.by_page(ListQuery(**query)) for d in page]


def test_items_without_a_usable_id_are_skipped_and_counted(serve):
    items = [{"id": "org/good", "sha": "a" * 40}, {"id": "../../etc"}, {"sha": "x"}, "text", 7]
    listing = serve(lambda path, port: (200, items, None))
    assert _all(listing) == ["org/good"] and listing.skipped_items == 4


@pytest.mark.parametrize(
    "script, says",
    [
        (lambda p, port: (200, b"<html>", None), "not JSON"),
        (lambda p, port: (200, {"error": "x"}, None), "not a JSON list"),
        (lambda p, port: (401, {"error": "Invalid credentials"}, None), "HTTP 401: Invalid"),
        (lambda p, port: (500, {"error": "down"}, None), "HTTP 500: down"),
        (  # the next page on another host: the token must not follow it there
            lambda p, port: (
                200,
                [{"id": "a/b"}],
                '<http://evil.example/api/datasets>; rel="next"',
            ),
            "on another host (http://evil.example)",
        ),
        (  # a next link to the page itself
            lambda p, port: (
                200,
                [{"id": "a/b"}],
                f'<http://127.0.0.1:{port}{p}>; rel="next"',
            ),
            "goes round in a loop",
        ),
        (  # an empty page that still says there is more
            lambda p, port: (
                200,
                [],
                f'<http://127.0.0.1:{port}/api/datasets?cursor={len(p)}>; rel="next"',
            ),
            "goes round in a loop",
        ),
    ],
)
def test_a_broken_page_is_one_clear_error(serve, script, says):
    listing = serve(script)
    with pytest.raises(ListingError) as caught:
        _all(listing, authors=("org",))
    message = str(caught.value)
    assert says in message and "\n" not in message and "hf_secret" not in message
    assert message.startswith("listing the Hub's datasets of org (page ")


def test_the_limit_stops_the_listing_before_the_next_page(serve):
    asked = []

    def pages(path, port):
        asked.append(path)
        return (
            200,
            [{"id": f"o/d{len(asked)}-{i}"} for i in range(3)],
            (f'<http://127.0.0.1:{port}/api/datasets?cursor={len(asked)}>; rel="next"'),
        )

    listing = serve(pages)
    assert _all(listing, limit=4) == ["o/d1-0", "o/d1-1", "o/d1-2", "o/d2-0"]
    assert len(asked) == 2 and "limit=4" in asked[0] and "expand%5B%5D=cardData" in asked[0]
