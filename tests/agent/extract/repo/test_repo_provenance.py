"""Third-party content under a repository-wide license, and explicit grants beside research remarks."""

from __future__ import annotations

import pytest

from agent.conclude import conclude
from agent.extract import extract_evidence
from agent.extract.repo.provenance import third_party_content
from agent.mapping import map_evidence
from agent.models import Card
from agent.spdx.licenses import text


@pytest.mark.parametrize(
    "readme, found",
    [
        ("The corpus was assembled by scraping open source GitHub repositories.", "scraping"),
        ("We crawled 10k threads in 2020.", "crawled"),
        ("Problems sourced from instructional textbooks.", "sourced from instructional textbooks"),
        ("3 tasks recompiled from published datasets:", "recompiled from published datasets"),
        ("Comments collected from YouTube videos.", "collected from YouTube"),
        ("Tweets were collected via the Twitter API.", "collected via the Twitter"),
        # not third-party content: written by the authors, or scraping as a tool it ships
        ("All dialogues were written by paid crowd workers.", None),
        ("The scraping scripts are in tools/.", None),
        ("This library crawls websites politely, with retries.", None),
        ("Our annotators collected the answers from scratch.", None),
        # a command in a code block says nothing about how the data was made
        ("```\npython crawl.py --out data/\n```\nWritten by our team.", None),
    ],
)
def test_third_party_content(readme, found):
    assert third_party_content(readme) == found


def run(readme: str, files: dict[str, str]):
    card = Card("d", "github", "README.md", readme=readme, files=files)
    return conclude(card, map_evidence(extract_evidence(card)))


def test_a_card_is_not_read_for_provenance():
    """Hub cards keep their verdict: the rule is about a repository's own license, not a card's."""
    card = Card(
        "d",
        "hub",
        "README.md",
        readme="---\nlicense: mit\n---\n# D\n\nThe corpus was built by scraping forums.\n",
        card_data={"license": "mit"},
    )
    assert conclude(card, map_evidence(extract_evidence(card))).commercial_use == "yes"


def test_unscoped_readme_license_over_scraped_data_is_not_commercially_clean():
    result = run(
        "# Reviews\n\nReviews crawled from online shops.\n\n## License\n\nMIT\n",
        {},
    )
    assert (result.concluded_license, result.commercial_use) == ("MIT", "unclear")


def test_research_remark_stays_a_restriction_without_an_explicit_grant():
    result = run(
        "# S\n\nThe data is in data/.\n\n## Disclaimer\n\nThese labels are for research "
        "purposes only.\n",
        {"LICENSE": text("CC0-1.0")},
    )
    assert "LicenseRef-Research-Only" in result.concluded_license
    assert result.commercial_use == "no"


def test_a_grant_does_not_lift_a_non_commercial_condition():
    result = run(
        "# S\n\nThe data is in data/.\n\n## Terms\n\nYou may use it for any purpose. "
        "Non-commercial use only.\n",
        {"LICENSE": text("CC0-1.0")},
    )
    assert result.commercial_use == "no"
