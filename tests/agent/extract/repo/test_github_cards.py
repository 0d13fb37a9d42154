"""Source repositories of Hub cards: read like GitHub datasets and weighed against the card.

Record: `flock /tmp/lt-record.lock pytest --record-mode=once tests/agent/extract/repo/test_github_cards.py`
"""

from __future__ import annotations

import pytest

from agent.conclude import conclude
from agent.extract import extract_evidence
from agent.lineage.effective import effective_license
from agent.lineage.upstream import all_upstreams
from agent.mapping import map_evidence
from agent.models import Card
from agent.sources.github import GitHubSource
from agent.sources.github_api import GitHubAPI


def card(yaml_license: str | None, repo: str) -> Card:
    header = (
        f"---\nlicense: {yaml_license}\n---\n" if yaml_license else "---\npretty_name: X\n---\n"
    )
    readme = header + f"# X\n\n- **Homepage:** https://github.com/acme/{repo}\n\nSome dialogues.\n"
    return Card("org/x", "hub", "README.md", readme=readme)


def audit(c: Card, github_url: str):
    own = conclude(c, map_evidence(extract_evidence(c)))
    gh = GitHubSource(GitHubAPI(api_url=github_url, token=""))
    result, upstreams = all_upstreams(c, gh, own)
    return result, upstreams, effective_license(result, [(u, None) for u in upstreams])


@pytest.mark.vcr
def test_card_without_license_takes_the_repository_data_license(github_url):
    result, ups, eff = audit(card(None, "src-data"), github_url)
    repo = [u for u in ups if u.kind == "repository"]
    assert [(u.name, u.relation, u.license) for u in repo] == [
        ("github.com/acme/src-data", "data-license", "CC-BY-NC-4.0")
    ]
    assert repo[0].evidence.role == "data" and repo[0].evidence.origin == "github.com/acme/src-data"
    assert result.concluded_license == "NOASSERTION" and any(
        "states CC-BY-NC-4.0" in r for r in result.reasons
    )
    assert eff.license == "CC-BY-NC-4.0" and eff.commercial_use == "no"


@pytest.mark.vcr
def test_repository_data_license_differing_from_the_card_is_a_conflict_with_stricter_terms(
    github_url,
):
    result, ups, eff = audit(card("cc-by-4.0", "src-data"), github_url)
    assert result.status == "conflict" and result.concluded_license == "CC-BY-4.0"
    assert any("github.com/acme/src-data states CC-BY-NC-4.0" in r for r in result.reasons)
    assert eff.commercial_use == "no" and "CC-BY-NC-4.0" in eff.license


@pytest.mark.vcr
def test_code_only_repository_never_overrules_the_card(github_url):
    result, ups, eff = audit(card("mit", "src-code"), github_url)
    assert (result.concluded_license, result.status) == ("MIT", "unverified")
    assert [u.relation for u in ups if u.kind == "repository"] == ["source-code"]
    assert (eff.license, eff.commercial_use) == ("MIT", "yes")


@pytest.mark.vcr
def test_unreadable_repository_is_a_reason_not_an_error(github_url):
    result, ups, _ = audit(card("mit", "missing"), github_url)
    assert result.concluded_license == "MIT"
    assert "license not read: RepoNotFound" in ups[-1].evidence.note
