"""The transport: redirects followed with each hop's own credentials, ~/.netrc read as requests
reads it (once per host), loops and foreign schemes refused; against a live server on 127.0.0.1."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from agent.errors import DatasetError
from agent.sources import transport as transport_module
from agent.sources.http import MAX_REDIRECTS, HttpClient
from agent.sources.transport import Transport

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1", "localhost"])

TOKEN = "hf_transport_test_token"


class _Handler(BaseHTTPRequestHandler):
    """/echo: the Authorization it got; /go?to=URL: a 302 there; /loop: a 302 to itself;
    /hops/N: N redirects (relative Locations) then /echo; /long-redirect: a 302 with 1 MB."""

    seen: list[tuple[str, str | None]]  # (path, Authorization) of every request, per server

    def do_GET(self) -> None:
        self.seen.append((self.path, self.headers.get("Authorization")))
        if self.path.startswith("/echo"):
            return self._answer(200, (self.headers.get("Authorization") or "none").encode())
        if self.path.startswith("/go?to="):
            return self._answer(302, b"", Location=self.path.split("=", 1)[1])
        if self.path == "/loop":
            return self._answer(302, b"", Location="/loop")
        if self.path.startswith("/hops/"):
            left = int(self.path.rsplit("/", 1)[1])
            return self._answer(302, b"moved", Location=f"/hops/{left - 1}" if left else "/echo")
        if self.path == "/long-redirect":
            return self._answer(302, b"x" * 1_000_000, Location="/echo")
        return self._answer(404, b"no")

    def _answer(self, status: int, body: bytes, **headers: str) -> None:
        self.send_response(status)
        for name, value in {**headers, "Content-Length": str(len(body))}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def server():
    seen: list[tuple[str, str | None]] = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), type("H", (_Handler,), {"seen": seen}))
    threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True).start()
    httpd.seen = seen  # type: ignore[attr-defined]
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def _urls(server) -> tuple[str, str]:
    """The same server under two hosts: 127.0.0.1 (trusted with the token) and localhost."""
    port = server.server_address[1]
    return f"http://127.0.0.1:{port}", f"http://localhost:{port}"


def _client(trusted: str) -> HttpClient:
    http = HttpClient(token=TOKEN, quotas=None, backoff=0.001, max_retries=0)
    http.trust_host(trusted)
    return http


def test_the_token_goes_to_the_trusted_host_only_on_every_hop(server):
    trusted, other = _urls(server)
    http = _client(trusted)
    away = http.get(f"{trusted}/go?to={other}/echo")
    assert away.body == b"none" and [status for _, status in away.hops] == [302]
    assert away.token_sent_to == [trusted]
    back = http.get(f"{other}/go?to={trusted}/echo")  # a foreign host sends us to the trusted one
    assert back.body == f"Bearer {TOKEN}".encode() and back.token_sent_to == [trusted]
    assert (f"/go?to={other}/echo", f"Bearer {TOKEN}") in server.seen
    assert ("/echo", None) in server.seen  # what localhost was sent


def test_relative_redirects_are_followed_and_their_hops_kept(server):
    trusted, _ = _urls(server)
    result = _client(trusted).get(f"{trusted}/hops/3")
    assert result.status == 200 and result.url == f"{trusted}/echo"
    assert [url.rsplit("/", 2)[-2:] for url, _ in result.hops] == [
        ["hops", "3"],
        ["hops", "2"],
        ["hops", "1"],
        ["hops", "0"],
    ]


def test_a_redirect_loop_ends_at_the_limit(server):
    trusted, _ = _urls(server)
    with pytest.raises(DatasetError) as caught:
        _client(trusted).get(f"{trusted}/loop")
    assert caught.value.code == "TooManyRedirects"
    assert len(server.seen) == MAX_REDIRECTS + 1  # the first request and each hop followed


def test_a_redirect_to_another_scheme_is_not_followed(server):
    trusted, _ = _urls(server)
    with pytest.raises(DatasetError) as caught:
        _client(trusted).get(f"{trusted}/go?to=file:///etc/passwd")
    assert caught.value.code == "HTTPError" and "cannot follow" in caught.value.message


def test_a_long_redirect_body_is_not_read_whole(server):
    trusted, _ = _urls(server)
    result = _client(trusted).get(f"{trusted}/long-redirect")
    assert result.status == 200 and result.body == f"Bearer {TOKEN}".encode()


def test_netrc_gives_basic_auth_as_requests_does_read_once_per_host(server, tmp_path, monkeypatch):
    trusted, other = _urls(server)
    netrc = tmp_path / "netrc"
    netrc.write_text("machine localhost login alice password s3cret\n")
    monkeypatch.setenv("NETRC", str(netrc))
    reads: list[str] = []
    real = transport_module.get_netrc_auth
    monkeypatch.setattr(
        transport_module, "get_netrc_auth", lambda url: reads.append(url) or real(url)
    )
    http = _client(trusted)
    theirs = requests.get(f"{other}/echo", timeout=5).content  # requests' own reading
    assert theirs.startswith(b"Basic ")
    assert http.get(f"{other}/echo").body == theirs
    assert http.get(f"{other}/echo?again").body == theirs
    assert http.get(f"{trusted}/go?to={other}/echo").body == theirs  # a hop: its own host's login
    assert http.get(f"{trusted}/echo").body == f"Bearer {TOKEN}".encode()  # the token comes first
    assert reads == [f"{other}/echo"]  # the trusted host never needed it


def test_nothing_is_read_from_the_environment_when_it_is_not_trusted(monkeypatch):
    monkeypatch.setattr(transport_module, "get_netrc_auth", lambda url: 1 / 0)
    monkeypatch.setattr(transport_module, "get_environ_proxies", lambda url: 1 / 0)
    quiet = Transport("test", pool_size=1, max_redirects=1)
    quiet.trust_env = False
    prepared = quiet._prepare("http://listed.example/a", {"X-Test": "1"}, lambda url: None)
    assert "Authorization" not in prepared.headers and prepared.headers["X-Test"] == "1"
    assert quiet._env("http://listed.example/a") == {"proxies": {}, "verify": True}
