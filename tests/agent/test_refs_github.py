"""GitHub references: github:owner/repo[@ref] and GitHub URLs, keyed github.com/owner/repo."""

from __future__ import annotations

import pytest

from agent.errors import DatasetError
from agent.refs import parse_ref


@pytest.mark.parametrize(
    "text, name, repo, revision, path",
    [
        (
            "github:tatsu-lab/stanford_alpaca",
            "github.com/tatsu-lab/stanford_alpaca",
            "tatsu-lab/stanford_alpaca",
            None,
            None,
        ),
        ("github:o/r@v1.0", "github.com/o/r", "o/r", "v1.0", None),
        ("https://github.com/o/r", "github.com/o/r", "o/r", None, None),
        ("https://github.com/o/r.git", "github.com/o/r", "o/r", None, None),
        ("https://www.github.com/o/r/tree/main", "github.com/o/r", "o/r", "main", None),
        (
            "https://github.com/o/r/tree/abc123/data/en",
            "github.com/o/r/data/en",
            "o/r",
            "abc123",
            "data/en",
        ),
    ],
)
def test_github_references(text, name, repo, revision, path):
    ref = parse_ref(text)
    assert (ref.kind, ref.name, ref.repo_id, ref.revision, ref.path) == (
        "github",
        name,
        repo,
        revision,
        path,
    )


@pytest.mark.parametrize(
    "text",
    [
        "github:o",
        "github:o/r/x",
        "github:-o/r",
        "https://github.com/o",
        "https://github.com/o/r/blob/main/README.md",
        "https://github.com/o/../x",
        "https://github.com/o/r/tree/main/../../etc",
    ],
)
def test_bad_github_references(text):
    with pytest.raises(DatasetError) as caught:
        parse_ref(text)
    assert caught.value.code == "InvalidReference"


def test_github_keys_never_collide_with_hub_ids():
    assert parse_ref("github:squad/squad").name != parse_ref("squad/squad").name
