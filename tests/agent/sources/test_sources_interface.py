"""Every card source implements the declared interface (agent/sources/base.py)."""

from agent.sources.base import CardSource, PinnedSource
from agent.sources.github import GitHubSource
from agent.sources.github_api import GitHubAPI
from agent.sources.http import HttpClient
from agent.sources.hub import HubSource
from agent.sources.local import LocalSource


def test_sources_implement_the_card_source_protocol():
    assert isinstance(LocalSource(), CardSource)
    assert isinstance(HubSource("http://127.0.0.1:9", HttpClient(quotas=None)), CardSource)
    github = GitHubSource(GitHubAPI(api_url="http://127.0.0.1:9", token=""))
    assert isinstance(github, PinnedSource) and isinstance(github, CardSource)
