"""GitHub in a run: `--no-github`, an unreachable GitHub given up at once, a redirect loop."""

from __future__ import annotations

import json
import time

import pytest

from agent.cli import main
from agent.sources.github import GitHubSource, source_card
from agent.sources.github_api import GitHubAPI
from registry.store.opener import open_registry
from tests.support.github_server import GitHubStandIn as RepositoryStandIn
from tests.support.hostile_servers import GitHubStandIn, closed_port_url

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])

CARD = """---
license: cc-by-4.0
---
# Linked data

- **Repository:** https://github.com/lt-org/{repo}

## Licensing Information

The data is released under the Creative Commons Attribution 4.0 license (CC BY 4.0).
"""


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch, tmp_path):
    for name in (
        "HF_TOKEN",
        "HF_ENDPOINT",
        "LICENSETRACE_REGISTRY",
        "GITHUB_TOKEN",
        "GITHUB_API_URL",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))
    monkeypatch.setenv("LICENSETRACE_CACHE", str(tmp_path / "cache"))


def card_folder(tmp_path, repo: str) -> str:
    folder = tmp_path / f"linked-{repo}"
    folder.mkdir()
    (folder / "README.md").write_text(CARD.format(repo=repo))
    return str(folder)


def audit(capsys, db: str, folder: str, *options: str) -> tuple[int, dict]:
    capsys.readouterr()
    code = main(
        [
            "audit",
            "run",
            "--quiet",
            "--format",
            "json",
            "--depth",
            "1",
            "--registry",
            db,
            "--endpoint",
            closed_port_url(),
            *options,
            folder,
        ]
    )
    [result] = json.loads(capsys.readouterr().out)["results"]
    return code, result


def github_evidence(db: str, dataset: str) -> list:
    with open_registry(db, create=False) as store:
        return [
            e for e in store.current(dataset).evidence if "github" in (e.source + e.note).lower()
        ]


def test_no_github_makes_no_github_call_and_says_so_in_help(tmp_path, capsys, monkeypatch):
    root = tmp_path / "github"
    (root / "lt-org__data-code").mkdir(parents=True)
    (root / "lt-org__data-code" / "README.md").write_text(
        "# Tool\n\n## Data License\n\nCC BY 4.0\n"
    )
    server = RepositoryStandIn(str(root)).start()
    try:
        monkeypatch.setenv("GITHUB_API_URL", server.url)
        folder = card_folder(tmp_path, "data-code")
        code, result = audit(capsys, str(tmp_path / "off.db"), folder, "--no-github")
        assert code == 0 and server.counts == {}
        assert not any(
            e.origin for e in github_evidence(str(tmp_path / "off.db"), result["dataset"])
        )
        code, result = audit(
            capsys, str(tmp_path / "on.db"), folder
        )  # the same run with GitHub asks
        assert code == 0 and server.counts.get("200", 0) >= 3
        code, gh = audit(capsys, str(tmp_path / "off.db"), "github:lt-org/data-code", "--no-github")
        assert code == 3 and "GitHubDisabled" in gh["error"]
    finally:
        server.stop()
    with open_registry(str(tmp_path / "on.db"), create=False) as store:
        assert any(
            e.origin == "github.com/lt-org/data-code" and e.role == "data"
            for e in store.current(result["dataset"]).evidence
        )
    assert main(["audit", "run", "--help"]) == 0
    assert "--no-github" in capsys.readouterr().out


def test_an_unreachable_github_is_given_up_at_once(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("GITHUB_API_URL", closed_port_url())  # refused, as offline or firewalled
    started = time.monotonic()
    code, result = audit(capsys, str(tmp_path / "reg.db"), card_folder(tmp_path, "data-code"))
    elapsed = time.monotonic() - started
    assert code == 0 and result["status"] != "error"
    assert elapsed < 5.0  # it took 4 retries (~7 s) before, for a call that cannot succeed
    [link] = github_evidence(str(tmp_path / "reg.db"), result["dataset"])
    assert "license not read: NetworkError" in link.note and "after 1 attempt " in link.note


def test_a_refused_connection_is_one_attempt_for_github_only():
    card, reason = source_card(
        GitHubSource(GitHubAPI(api_url=closed_port_url(), token="")), "lt-org", "x"
    )
    assert card is None and reason.startswith("NetworkError") and "after 1 attempt " in reason


def test_a_redirect_loop_is_missing_evidence_not_a_failed_dataset(tmp_path, capsys, monkeypatch):
    with GitHubStandIn() as github:
        monkeypatch.setenv("GITHUB_API_URL", github.url)
        code, result = audit(capsys, str(tmp_path / "reg.db"), card_folder(tmp_path, "loop"))
        assert 1 < len(github.hits) <= 12  # followed a few hops, then stopped
    assert code == 0 and result["status"] != "error" and result["concluded_license"] == "CC-BY-4.0"
    [link] = github_evidence(str(tmp_path / "reg.db"), result["dataset"])
    assert "license not read: TooManyRedirects" in link.note
