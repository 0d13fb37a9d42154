"""The Session reads ~/.netrc once per host and prepares requests as requests' own Session does."""

from __future__ import annotations

import requests

from agent.sources import session as session_module
from agent.sources.session import Session


def _prepared(session: requests.Session, url: str) -> requests.PreparedRequest:
    return session.prepare_request(requests.Request("GET", url, headers={"X-Test": "1"}))


def test_netrc_answers_match_requests_and_are_read_once_per_host(tmp_path, monkeypatch):
    netrc = tmp_path / "netrc"
    netrc.write_text("machine listed.example login alice password s3cret\n")
    monkeypatch.setenv("NETRC", str(netrc))
    reads: list[str] = []
    real = session_module.get_netrc_auth
    monkeypatch.setattr(
        session_module, "get_netrc_auth", lambda url: reads.append(url) or real(url)
    )
    ours, theirs = Session(), requests.Session()
    urls = [
        "http://listed.example/a",
        "http://listed.example/b",
        "http://other.example/c",
        "http://other.example/d",
        "http://bob:pw@other.example/e",  # credentials in the URL: requests' own reading
    ]
    for url in urls:
        mine, expected = _prepared(ours, url), _prepared(theirs, url)
        assert mine.headers == expected.headers, url
        assert mine.url == expected.url
    assert reads == ["http://listed.example/a", "http://other.example/c"]
    assert _prepared(ours, urls[0]).headers["Authorization"].startswith("Basic ")
    assert "Authorization" not in _prepared(ours, urls[2]).headers


def test_no_netrc_lookup_when_the_environment_is_not_trusted(monkeypatch):
    monkeypatch.setattr(session_module, "get_netrc_auth", lambda url: 1 / 0)
    quiet = Session()
    quiet.trust_env = False
    assert "Authorization" not in _prepared(quiet, "http://listed.example/a").headers
