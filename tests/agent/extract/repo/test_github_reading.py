"""Code license vs data license: each way a repository states its data's terms, read through GitHub.

Record: `flock /tmp/lt-record.lock pytest --record-mode=once tests/agent/extract/repo/test_github_reading.py`
"""

from __future__ import annotations

import pytest

from agent.conclude import conclude
from agent.extract import extract_evidence
from agent.mapping import map_evidence
from agent.refs import github_ref
from agent.sources.github import GitHubSource
from agent.sources.github_api import GitHubAPI

CASES = [  # repository, concluded, status, words in the reasons
    (
        "badges",
        "CC-BY-NC-4.0",
        "unverified",
        "code license kept as evidence, not concluded for the data: Apache-2.0",
    ),
    ("headings", "CC-BY-4.0", "unverified", "not concluded for the data: MIT"),
    ("split", "CC-BY-SA-4.0", "unverified", "apart from its code"),
    ("datalicense", "CC-BY-NC-4.0", "verified", "file:DATA_LICENSE"),
    ("pointer", "MIT", "unverified", "file:LICENSE.md"),
    ("datafolder", "CC-BY-4.0", "verified", "file:data/LICENSE"),
    ("gpl", "GPL-3.0-only", "unverified", "the README places the data in the repository"),
    ("lgpl", "LGPL-3.0-only", "unverified", "file:COPYING.LESSER"),
    ("reuse", "CC-BY-4.0", "verified", "LICENSES/CC-BY-4.0.txt"),
    ("modified", "LicenseRef-modified-Apache-2.0", "unverified", "closest license Apache-2.0"),
    ("nolicense", "NOASSERTION", "unknown", "no license evidence"),
    ("elsewhere", "NOASSERTION", "unknown", "MIT (file:LICENSE) does not reach the data"),
    ("codeonly", "NOASSERTION", "unknown", "MIT (README)"),
]


@pytest.mark.vcr
@pytest.mark.parametrize("repo, concluded, status, reason", CASES, ids=[c[0] for c in CASES])
def test_repository_reading(github_url, repo, concluded, status, reason):
    card = GitHubSource(GitHubAPI(api_url=github_url, token="")).fetch_card(
        github_ref("acme", repo)
    )
    evidence = map_evidence(extract_evidence(card))
    result = conclude(card, evidence)
    assert (result.concluded_license, result.status) == (concluded, status)
    assert any(reason in r for r in result.reasons), result.reasons
    assert not any(
        e.license and "Please" in e.license for e in evidence
    )  # no name from filler words


@pytest.mark.vcr
def test_modified_license_keeps_its_added_restriction(github_url):
    card = GitHubSource(GitHubAPI(api_url=github_url, token="")).fetch_card(
        github_ref("acme", "modified")
    )
    result = conclude(card, map_evidence(extract_evidence(card)))
    assert result.commercial_use == "no" and result.status != "verified"
