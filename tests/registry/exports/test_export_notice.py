"""Attribution notices (Markdown and plain text): TASL credits, share-alike, NOTICE texts, decisions."""

from __future__ import annotations

import io
import re

import pytest

from agent.models import Entry
from registry.exports.formats import ExportSource, renderer
from tests.support.report_support import (
    INJECTION,
    hostile_entry,
    problem_entries,
    synthetic_registry,
)


def _notice(entries, fmt="notice") -> str:
    out = io.StringIO()
    renderer(fmt).write(ExportSource(entries), out)
    return out.getvalue()


def _section(text: str, title: str) -> str:
    start = text.index(title)
    following = re.search(r"\n## |\n[A-Z][A-Z -]+: \d+", text[start + len(title) :])
    return text[start : start + len(title) + (following.start() if following else len(text))]


def test_markdown_credits_each_attribution_dataset_with_tasl():
    entries, _ = synthetic_registry(40)
    text = _notice(entries)
    credited = [e for e in entries if e.attribution_required and e.status != "error"]
    assert f"## Attribution (TASL) — {len(credited)} datasets" in text
    one = next(
        e for e in credited if e.upstream and not e.effective_license.startswith("LicenseRef")
    )
    block = text[text.index(f"### {one.dataset}") :]
    block = block[: block.index("\n### ", 4)] if "\n### " in block[4:] else block
    assert f"- Title: {one.dataset}" in block and "- Author: " + one.dataset.split("/")[0] in block
    assert f"/blob/{one.revision}/README.md>)" in block  # the source at the audited revision
    license_ = (
        one.effective_license
    )  # the release inherits the effective license, linked to its text
    assert f"- License: [{license_}](<https://spdx.org/licenses/{license_}.html>)" in block
    assert "- Modified: not recorded" in block
    assert f"- Derived from: {', '.join(one.upstream)}" in block
    assert all(f"### {e.dataset}" not in text for e in entries if not e.attribution_required)


def test_share_alike_notice_texts_and_human_decisions():
    entries = problem_entries() + [
        Entry(
            "org/sa",
            revision="e" * 40,
            concluded_license="CC-BY-SA-4.0",
            status="verified",
            attribution_required=True,
            share_alike=True,
        )
    ]
    text = _notice(entries)
    assert "- org/sa: CC-BY-SA-4.0" in _section(text, "## Share-alike obligations — 1 datasets")
    notice = _section(text, "## NOTICE texts found — 1")
    assert (
        "### org/lab-only: NOTICE" in notice
        and "````text\nCopyright 2024 The Lab.\n```Use" in notice
    )
    decide = _section(text, "## Needs a human decision — 4 datasets")
    assert "org/broken (NOASSERTION): could not be audited (RepoNotFound" in decide
    assert "org/mystery (NOASSERTION): no license could be concluded" in decide
    assert "org/lab-only (LicenseRef-research-only): research-only terms; custom terms" in decide
    assert "org/disputed (CC-BY-NC-4.0): the card's sources disagree" in decide


def test_plain_text_has_the_same_sections():
    text = _notice(problem_entries(), "notice-text")
    assert text.startswith("TRAINING DATA NOTICES")
    for title in (
        "ATTRIBUTION (TASL): 1 datasets",
        "SHARE-ALIKE OBLIGATIONS: 0 datasets",
        "NOTICE TEXTS FOUND: 1",
        "NEEDS A HUMAN DECISION: 4 datasets",
    ):
        assert title in text
    assert "    | Copyright 2024 The Lab." in text


@pytest.mark.parametrize("fmt", ["notice", "notice-text"])
def test_injected_card_text_stays_inert(fmt):
    hostile = hostile_entry()
    hostile.status, hostile.error = "verified", None
    hostile.dataset = hostile.dataset + "\x1b[2J\x1b]8;;http://evil\x07"  # terminal escapes too
    text = _notice([hostile], fmt)
    assert "\x1b" not in text and "\x07" not in text
    if fmt == "notice":
        assert "<script" not in text and "<img" not in text and "<svg" not in text
        # a link needs an unescaped "](": every bracket and star of the card is escaped
        assert not re.search(r"(?<!\\)\]\(", text.replace("](<https://", ""))
        assert "\\[click\\](javascript:" in text and "\\*\\*bold\\*\\*" in text
    else:
        assert INJECTION.replace("  ", " ") in text  # plain text shows it as it is, minus controls


def test_empty_registry_gives_empty_sections():
    text = _notice([])
    assert "from 0 registry entries" in text and "## Attribution (TASL) — 0 datasets" in text
