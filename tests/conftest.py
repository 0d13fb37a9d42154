"""Shared test fixtures: cassette settings and the Hub stand-in used while recording them.

Record: `pytest --record-mode=once tests/agent/sources/test_hub_source.py` (starts the stand-in on
127.0.0.1:18765). Replay (CI): `pytest --record-mode=none --block-network` (no server needed).
"""

from __future__ import annotations

import os
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:  # "tests.support.hub_server" importable however pytest was started
    sys.path.insert(0, ROOT)
# the `location` fixture (each test on SQLite and on PostgreSQL) for every registry test
pytest_plugins = ("tests.support.registry_support",)
HUB_HOST, HUB_PORT = "127.0.0.1", 18765
HUB_URL = f"http://{HUB_HOST}:{HUB_PORT}"  # fixed: cassettes match on the full URI, port included


def _scrub_response(response):
    """No cookies in cassettes; no Date/Server either, so a re-recording changes nothing."""
    for name in ("Set-Cookie", "set-cookie", "Date", "date", "Server", "server"):
        response["headers"].pop(name, None)
    return response


@pytest.fixture(scope="module")
def vcr_config():
    # record_mode is left to the command line (--record-mode); default "none" replays only.
    return {
        "filter_headers": ["authorization", "cookie"],
        "filter_query_parameters": ["token", "access_token", "api_key", "hf_token"],
        "before_record_response": _scrub_response,
    }


@pytest.fixture(scope="module")
def vcr_cassette_dir():
    return os.path.join(ROOT, "cassettes")


@pytest.fixture
def default_cassette_name(request):
    """<module>.<test>: one flat cassettes/ folder shared by every test module."""
    name = request.node.name.replace("/", "_")
    if request.cls:
        name = f"{request.cls.__name__}.{name}"
    return f"{request.module.__name__.split('.')[-1]}.{name}"


def _recording(config) -> bool:
    mode = config.getoption("--record-mode", default=None) or "none"
    return mode != "none" and not config.getoption("--disable-recording", default=False)


@pytest.fixture(scope="session")
def hub_standin(request, tmp_path_factory):
    """The Hub stand-in on 127.0.0.1:18765 while recording; None when replaying cassettes."""
    if not _recording(request.config):
        yield None
        return
    from tests.support.hub_fixtures import TEST_TOKEN, build_hub_root
    from tests.support.hub_server import HubStandIn

    root = build_hub_root(str(tmp_path_factory.mktemp("hub-root")))
    server = HubStandIn(root, HUB_HOST, HUB_PORT, tokens={TEST_TOKEN}).start()
    yield server
    server.stop()


@pytest.fixture
def hub_endpoint(hub_standin) -> str:
    """The endpoint every Hub test talks to (the recorded one when replaying)."""
    return HUB_URL


def pytest_terminal_summary(terminalreporter):
    """Say loudly when the PostgreSQL registry tests did not run: a skip must not pass unseen in CI."""
    skipped = [r for r in terminalreporter.stats.get("skipped", []) if "postgres" in r.keywords]
    if skipped:
        reason = skipped[0].longrepr[2] if isinstance(skipped[0].longrepr, tuple) else ""
        terminalreporter.write_sep(
            "!", f"{len(skipped)} PostgreSQL registry tests SKIPPED", red=True
        )
        terminalreporter.write_line(f"WARNING: {reason.removeprefix('Skipped: ')}", red=True)


@pytest.fixture(scope="session")
def github_standin(request, tmp_path_factory):
    """The GitHub stand-in on 127.0.0.1:18781 while recording; None when replaying cassettes."""
    if not _recording(request.config):
        yield None
        return
    from tests.support.github_fixtures import (
        GITHUB_HOST,
        GITHUB_PORT,
        SPENT_TOKEN,
        TOKEN,
        build_github_root,
    )
    from tests.support.github_server import GitHubStandIn

    root = build_github_root(str(tmp_path_factory.mktemp("github-root")))
    server = GitHubStandIn(
        root,
        GITHUB_HOST,
        GITHUB_PORT,
        tokens={TOKEN: 5000, SPENT_TOKEN: 2},
        anonymous_quota=1000,
        secondary={"acme/busy"},
        large=50_000,
    ).start()
    yield server
    server.stop()


@pytest.fixture
def github_url(github_standin, monkeypatch) -> str:
    """The API URL every GitHub test talks to (the recorded one when replaying); no cache, no token."""
    from tests.support.github_fixtures import GITHUB_URL

    monkeypatch.setenv("GITHUB_API_URL", GITHUB_URL)
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    monkeypatch.setenv("LICENSETRACE_CACHE", "off")
    return GITHUB_URL


@pytest.fixture
def clean_cli_environment(monkeypatch, tmp_path):
    """A CLI run that sees no user token, endpoint, registry or file cache: its own HF_HOME and
    LICENSETRACE_CACHE under tmp_path."""
    for name in ("HF_TOKEN", "HF_ENDPOINT", "LICENSETRACE_REGISTRY", "GITHUB_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))
    monkeypatch.setenv("LICENSETRACE_CACHE", str(tmp_path / "cache"))
