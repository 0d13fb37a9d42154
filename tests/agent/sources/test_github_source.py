"""GitHub repositories as datasets: the REST API cases of GITHUB_API.md, against recorded answers.

Record (under the lock, the stand-in uses a fixed port):
`flock /tmp/lt-record.lock pytest --record-mode=once tests/agent/sources/test_github_source.py`
"""

from __future__ import annotations

import os

import pytest

from agent.errors import DatasetError
from agent.refs import github_ref
from agent.sources.filecache import FileCache
from agent.sources.github import GitHubSource
from agent.sources.github_api import GitHubAPI
from tests.support import paths
from tests.support.github_fixtures import GITHUB_HOST, GITHUB_PORT, SPENT_TOKEN, TOKEN

CASSETTES = os.path.join(str(paths.ROOT), "cassettes")


def source(url: str, token: str | None = None, cache: FileCache | None = None) -> GitHubSource:
    return GitHubSource(GitHubAPI(api_url=url, token=token or "", cache=cache))


@pytest.mark.vcr
def test_card_is_pinned_to_a_commit_with_readme_of_any_case_and_license_files(github_url):
    card = source(github_url).fetch_card(github_ref("acme", "badges"))
    assert card.source == "github" and card.dataset == "github.com/acme/badges"
    assert len(card.revision) == 40 and card.location.endswith(f"/blob/{card.revision}/README.MD")
    assert card.readme.startswith("# GPT data") and list(card.files) == ["LICENSE"]
    assert card.detected_license == "Apache-2.0" and card.listing == ["LICENSE", "README.MD"]


@pytest.mark.vcr
def test_data_folder_and_reuse_licenses_are_found(github_url):
    gh = source(github_url)
    assert sorted(gh.fetch_card(github_ref("acme", "datafolder")).files) == [
        "LICENSE",
        "data/LICENSE",
    ]
    assert sorted(gh.fetch_card(github_ref("acme", "reuse")).files) == [
        "LICENSES/CC-BY-4.0.txt",
        "LICENSES/MIT.txt",
    ]


@pytest.mark.vcr
def test_unknown_ref_is_revision_not_found_and_a_sha_pins(github_url):
    gh = source(github_url)
    sha = gh.pin(github_ref("acme", "gpl"))
    assert gh.pin(github_ref("acme", "gpl", sha)) == sha
    with pytest.raises(DatasetError) as caught:
        gh.pin(github_ref("acme", "gpl", "no-such-branch"))
    assert caught.value.code == "RevisionNotFound"


@pytest.mark.vcr
@pytest.mark.parametrize(
    "repo, code",
    [
        ("missing", "RepoNotFound"),
        ("dmca", "Blocked"),
        ("empty", "EmptyRepository"),
        ("secret", "RepoNotFound"),
    ],
)
def test_error_answers_are_clear_codes(github_url, repo, code):
    with pytest.raises(DatasetError) as caught:
        source(github_url).fetch_card(github_ref("acme", repo))
    assert caught.value.code == code and "\n" not in caught.value.message


@pytest.mark.vcr
def test_private_repository_needs_the_token_which_is_never_shown(github_url):
    gh = source(github_url, token=TOKEN)
    card = gh.fetch_card(github_ref("acme", "secret"))
    assert (
        card.readme.startswith("# Private") and TOKEN not in repr(gh) and TOKEN not in repr(gh.api)
    )


@pytest.mark.vcr
def test_renamed_repository_follows_the_301_and_says_so(github_url):
    card = source(github_url).fetch_card(github_ref("acme", "old-badges"))
    assert card.readme.startswith("# GPT data")
    assert any("now names this repository acme/badges" in w for w in card.warnings)


@pytest.mark.vcr
def test_large_file_comes_from_download_url_without_the_token(github_url):
    """Past 1 MB GitHub sends no content (the stand-in does so past 50 kB, to keep cassettes small)."""
    gh = source(github_url, token=TOKEN)
    card = gh.fetch_card(github_ref("acme", "large"))
    assert card.readme.startswith("# Big") and len(card.readme) > 50_000
    raw = gh.api.get(
        f"http://localhost:{GITHUB_PORT}/raw/acme/large/{card.revision}/README.md",
        "raw",
        500_000,
        api=False,
    )
    assert raw.token_sent_to == []  # another host: the token stays with the API
    api = gh.api.get(gh.api.repo_url("acme/large"), "repo", 100_000)
    assert api.token_sent_to == [f"http://{GITHUB_HOST}:{GITHUB_PORT}"]


@pytest.mark.vcr
def test_spent_rate_limit_stops_asking_and_says_when_it_resets(github_url):
    gh = source(github_url, token=SPENT_TOKEN)
    with pytest.raises(DatasetError) as caught:
        gh.fetch_card(github_ref("acme", "gpl"))
    assert caught.value.code == "RateLimited" and "resets at" in caught.value.message
    asked = gh.api.http.stats["requests"]
    with pytest.raises(DatasetError):
        gh.fetch_card(github_ref("acme", "headings"))
    assert gh.api.http.stats["requests"] == asked  # not asked again in this run


@pytest.mark.vcr
def test_secondary_limit_retry_after_is_honoured(github_url):
    gh = source(github_url)
    card = gh.fetch_card(github_ref("acme", "busy"))
    assert card.readme.startswith("# Busy") and gh.api.http.stats["requests"] >= 2


@pytest.mark.vcr
def test_unchanged_files_are_asked_with_etags_and_304s_come_from_the_cache(github_url, tmp_path):
    cache = FileCache(str(tmp_path))
    first = source(github_url, cache=cache).fetch_card(github_ref("acme", "pointer"))
    again = source(github_url, cache=cache)
    second = again.fetch_card(github_ref("acme", "pointer"))
    assert second == first and again.api.http.stats["not_modified"] >= 3


@pytest.mark.vcr
def test_enterprise_api_url_with_its_prefix(github_url, monkeypatch):
    monkeypatch.setenv("GITHUB_API_URL", github_url + "/api/v3/")
    gh = GitHubSource()
    assert gh.api.api_url == github_url + "/api/v3"
    assert gh.fetch_card(github_ref("acme", "headings")).readme.startswith("# Corpus")


def test_token_from_environment_goes_to_the_api_host_only(monkeypatch):
    monkeypatch.setenv("GITHUB_TOKEN", "env-token")
    monkeypatch.setenv("GITHUB_API_URL", "https://ghe.example/api/v3")
    api = GitHubAPI()
    assert api.http.has_token and api.api_url == "https://ghe.example/api/v3"
    assert "env-token" not in repr(api)


def test_cassettes_hold_no_token():
    names = [
        n
        for n in os.listdir(CASSETTES)
        if n.startswith(("test_github_source.", "test_github_reading.", "test_github_cards."))
    ]
    assert len(names) >= 10
    for name in names:
        with open(os.path.join(CASSETTES, name), encoding="utf-8") as handle:
            text = handle.read()
        assert TOKEN not in text and SPENT_TOKEN not in text
