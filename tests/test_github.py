"""GitHub source: repository links in cards and their code licenses (replayed cassettes).

Record: `pytest --record-mode=once tests/test_github.py` starts a small server on 127.0.0.1:18766
that answers like GET /repos/{owner}/{repo}/license of the GitHub REST API (shape as documented:
license.spdx_id, base64 content). Replay (default): no server, no network.
"""

from __future__ import annotations

import base64
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from agent.models import Card
from agent.sources.github import CODE_NOTE, GitHubSource, github_repos_in, repository_upstreams

HOST, PORT = "127.0.0.1", 18766
API = f"http://{HOST}:{PORT}"  # fixed: cassettes match on the full URI
TOKEN = "ghp_test_token_never_recorded"
FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures", "lineage")
CASSETTES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "cassettes")
MIT_TEXT = ("MIT License\n\nCopyright (c) 2019 Allen Institute for AI\n\nPermission is hereby "
            "granted, free of charge, to any person obtaining a copy\nof this software...\n")


def _license_body(spdx_id: str, key: str, name: str, text: str) -> dict:
    content = base64.encodebytes(text.encode()).decode()  # GitHub wraps base64 at 60-76 chars
    return {"name": "LICENSE", "path": "LICENSE", "type": "file", "encoding": "base64",
            "content": content, "license": {"key": key, "name": name, "spdx_id": spdx_id,
                                             "url": None if spdx_id == "NOASSERTION" else
                                             f"https://api.github.com/licenses/{key}"}}


class _GitHubHandler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server API
        routes = {
            "/repos/allenai/Break/license": (200, _license_body("MIT", "mit", "MIT License", MIT_TEXT)),
            "/repos/o/custom/license": (200, _license_body("NOASSERTION", "other", "Other",
                                                           "Research use only. No redistribution.\n")),
            "/repos/o/limited/license": (403, {"message": "API rate limit exceeded for 127.0.0.1."}),
        }
        status, body = routes.get(self.path, (404, {"message": "Not Found"}))
        if self.path == "/repos/o/private/license":  # visible with the token only
            authorized = self.headers.get("Authorization") == f"Bearer {TOKEN}"
            status, body = (200, _license_body("Apache-2.0", "apache-2.0", "Apache License 2.0",
                                               "Apache License\nVersion 2.0\n")) if authorized else (404, {"message": "Not Found"})
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        if status == 403:
            self.send_header("X-RateLimit-Remaining", "0")
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):  # keep test output clean
        pass


@pytest.fixture(scope="module")
def github_api(request):
    """The stand-in while recording; nothing when replaying (the cassette answers)."""
    mode = request.config.getoption("--record-mode", default=None) or "none"
    server = None
    if mode != "none":
        server = ThreadingHTTPServer((HOST, PORT), _GitHubHandler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
    yield API
    if server:
        server.shutdown()
        server.server_close()


@pytest.fixture
def source(github_api):
    return GitHubSource(api_url=github_api, token=TOKEN)


@pytest.mark.vcr
def test_repository_license_is_code_evidence(source):
    evidence = source.repository_license("allenai", "Break")
    assert evidence.license == "MIT" and evidence.match == "github-api"
    assert evidence.kind == "upstream" and evidence.note == CODE_NOTE
    assert evidence.source == "github:allenai/Break/LICENSE"
    assert evidence.snippet.startswith("MIT License Copyright (c) 2019 Allen Institute for AI")
    assert evidence.line_start == 1 and evidence.line_end == MIT_TEXT.count("\n") + 1


@pytest.mark.vcr
def test_unidentified_license_is_noassertion_with_text_kept(source):
    evidence = source.repository_license("o", "custom")
    assert evidence.license == "NOASSERTION" and evidence.score == 0.0
    assert "Research use only" in evidence.snippet and "could not identify" in evidence.note


@pytest.mark.vcr
def test_missing_and_rate_limited_give_none_with_reason(source):
    assert source.repository_license("o", "missing") is None
    assert source.errors[("o", "missing")].startswith("NotFound: o/missing")
    assert source.repository_license("o", "limited") is None
    assert "HTTP 403" in source.errors[("o", "limited")] and "rate limit" in source.errors[("o", "limited")]
    # The quota is spent (X-RateLimit-Remaining: 0): no more calls, the same reason for all.
    before = source.http.stats["requests"]
    assert source.repository_license("allenai", "Break") is None
    assert "calls stopped for this run" in source.errors[("allenai", "Break")]
    assert source.http.stats["requests"] == before


@pytest.mark.vcr
def test_each_repository_is_asked_once(source):
    first = source.repository_license("allenai", "Break")
    again = source.repository_license("AllenAI", "break")
    assert first is again and source.http.stats["requests"] == 1


@pytest.mark.vcr
def test_token_is_sent_but_not_shown(source):
    evidence = source.repository_license("o", "private")
    assert evidence.license == "Apache-2.0"  # the stand-in answered because the token was sent
    assert TOKEN not in repr(source)


@pytest.mark.block_network(allowed_hosts=["127.0.0.1"])  # a closed loopback port, no network
def test_network_failure_is_a_reason_not_an_exception():
    from agent.sources.http import HttpClient

    unreachable = GitHubSource(api_url="http://127.0.0.1:9", token=None,
                               http=HttpClient(max_retries=0, quotas=None, timeout=(0.5, 0.5)))
    assert unreachable.repository_license("o", "r") is None
    assert unreachable.errors[("o", "r")].startswith("NetworkError")


def test_api_url_and_token_from_environment(monkeypatch):
    monkeypatch.setenv("GITHUB_API_URL", "https://ghe.example/api/v3/")
    monkeypatch.setenv("GITHUB_TOKEN", "env-token")
    source = GitHubSource()
    assert source.api_url == "https://ghe.example/api/v3"
    assert source._headers()["Authorization"] == "Bearer env-token"
    monkeypatch.delenv("GITHUB_TOKEN")
    assert "Authorization" not in GitHubSource()._headers()


def _card(name: str) -> Card:
    path = os.path.join(FIXTURES, name, "README.md")
    with open(path, encoding="utf-8") as handle:
        return Card(name, "local", path, readme=handle.read())


def test_repos_in_card_skip_template_links_and_profiles():
    repos = github_repos_in(_card("break_data"))
    assert [(o, r) for o, r, _ in repos] == [("allenai", "Break")]  # not huggingface/datasets
    assert repos[0][2].line_start == 52 and "homepage" in repos[0][2].note
    mrqa = github_repos_in(_card("mrqa"))
    assert [(o, r) for o, r, _ in mrqa] == [("mrqa", "MRQA-Shared-Task-2019")]  # no @user links


@pytest.mark.vcr
def test_repository_upstreams_from_a_card(source):
    ups = repository_upstreams(_card("break_data"), source)
    assert [(u.name, u.kind, u.relation, u.license) for u in ups] == [
        ("github.com/allenai/Break", "repository", "source-code", "MIT")]
    assert ups[0].evidence.note.endswith(CODE_NOTE)
    assert ups[0].evidence.note.startswith('upstream repository "github.com/allenai/Break" (source-code')


@pytest.mark.vcr
def test_all_upstreams_adds_the_source_repository(source):
    from agent.lineage.upstream import all_upstreams

    ups = all_upstreams(_card("break_data"), github=source)
    assert [(u.name, u.kind, u.license) for u in ups] == [("github.com/allenai/Break", "repository", "MIT")]
    assert all_upstreams(_card("break_data")) == []  # no GitHub source: no calls, no repositories


def test_cassettes_hold_no_token():
    """Runs last: the cassettes recorded above (written at each test's end) filter the token."""
    names = [n for n in os.listdir(CASSETTES) if n.startswith("test_github.")]
    assert len(names) >= 5
    for name in names:
        with open(os.path.join(CASSETTES, name), encoding="utf-8") as handle:
            text = handle.read()
        assert TOKEN not in text and "/license" in text
