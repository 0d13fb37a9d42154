"""Where a repository's data lives and whose works it is, read through the GitHub stand-in.

Each case is one general rule (agent/extract/repo/holds.py, agent/extract/repo/provenance.py, conclude/roles.py,
conclude/restrict.py) on a synthetic repository of tests/support/github_data_fixtures.py.
Record: `flock /tmp/lt-record.lock pytest --record-mode=once tests/agent/extract/repo/test_github_data_reading.py`
"""

from __future__ import annotations

import pytest

from agent.conclude import conclude
from agent.extract import extract_evidence
from agent.mapping import map_evidence
from agent.refs import github_ref
from agent.sources.github import GitHubSource
from agent.sources.github_api import GitHubAPI

CASES = [  # repository, concluded, status, commercial use, words in the reasons
    # "This repository contains the annotations ...": held, though a mirror is on the Hub
    ("contains", "GPL-3.0-only", "unverified", "yes", "places the data in the repository"),
    # a download link to a bucket; "data/dev.jsonl" only in a command: the license stays the code's
    ("bucket", "NOASSERTION", "unknown", "unclear", "Apache-2.0 (file:LICENSE) does not reach"),
    ("folder", "MIT", "unverified", "yes", "under the `data` folder"),
    ("deprecated", "NOASSERTION", "unknown", "unclear", "has been deprecated"),
    ("deprecated-data", "MIT", "unverified", "yes", "holds data files (data)"),
    # scraped from forums under a repository-wide MIT: the license is concluded, commerce is not
    ("scraped", "MIT", "unverified", "unclear", 'gathered from others\' works ("scraping")'),
    # the authors licensed the scraped data themselves: their data license decides
    ("scraped-licensed", "CC-BY-4.0", "unverified", "yes", "CC-BY-4.0"),
    # a custom license file about "the dataset" covers the data wherever it is downloaded from
    ("freeuse", "LicenseRef-Free-Use-Terms", "unverified", "yes", "file:LICENSE"),
    # a license note cut into its code piece (MIT) and its data piece (the sources' licenses)
    (
        "split-note",
        "NOASSERTION",
        "unknown",
        "unclear",
        "not concluded for the data: MIT (file:LICENSE)",
    ),
    # "for research purposes only and do not represent ..." beside "free to use for any purpose"
    ("grant", "CC0-1.0", "verified", "yes", "set aside: the text also grants any use"),
]


@pytest.mark.vcr
@pytest.mark.parametrize(
    "repo, concluded, status, commercial, reason", CASES, ids=[c[0] for c in CASES]
)
def test_where_the_data_lives_and_whose_it_is(
    github_url, repo, concluded, status, commercial, reason
):
    card = GitHubSource(GitHubAPI(api_url=github_url, token="")).fetch_card(
        github_ref("acme", repo)
    )
    result = conclude(card, map_evidence(extract_evidence(card)))
    assert (result.concluded_license, result.status, result.commercial_use) == (
        concluded,
        status,
        commercial,
    ), result.reasons
    assert any(reason in r for r in result.reasons), result.reasons
