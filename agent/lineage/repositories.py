"""Source repositories of a Hub card: found in its links, read like GitHub datasets, weighed against the card."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from agent.budget import MAX_ANALYSED_CHARS
from agent.conclude import conclude, roles
from agent.conclude import reconcile as rc
from agent.extract import extract_evidence
from agent.extract.repo.statements import DATA, WIDE
from agent.lineage.blocks import iter_blocks
from agent.mapping import map_evidence
from agent.models import Card, Conclusion, Evidence
from agent.sources.github import source_card

# Repository links: "https://github.com/allenai/Break", "github.com/org/repo.git", "/tree/main/data".
_REPO_LINK = re.compile(
    r"(?:https?://)?(?:www\.)?github\.com/(?P<owner>[A-Za-z0-9](?:[\w-]{0,38}))"
    r"/(?P<repo>[\w.-]{1,100})",
    re.I,
)
# Paths that are GitHub pages, not repositories: "github.com/orgs/x", "github.com/sponsors/x".
_NOT_OWNERS = {
    "orgs",
    "sponsors",
    "settings",
    "features",
    "topics",
    "marketplace",
    "about",
    "login",
    "join",
    "site",
    "collections",
    "explore",
    "apps",
    "users",
}
# Boilerplate links of card templates: "[More Information Needed](https://github.com/...)".
_TEMPLATE = re.compile(r"\[\s*More Information Needed\s*\]\([^)]*\)", re.I)
# "- **Homepage:** https://github.com/x/y", "Repository: ...", "Source code: ..."
_LOCATION_LINE = re.compile(r"^\s*(?:[-*]\s*)?\**(?:homepage|repository|code|source)\b", re.I)


@dataclass
class RepoReading:
    """What a source repository says about its data: the license, its role, the evidence."""

    name: str  # "github.com/owner/repo"
    license: str | None = None  # the repository's concluded license for its data (or all of it)
    role: str | None = None  # data | repository-wide | code (code: never used for the card)
    evidence: list[Evidence] | None = None
    reason: str | None = None  # why it could not be read


def github_repos_in(card: Card) -> list[tuple[str, str, Evidence]]:
    """(owner, repo, evidence of the link) for each GitHub repository the card links to.

    Homepage/Repository lines come first; template boilerplate links are left out."""
    if not card.readme:
        return []
    found: dict[tuple[str, str], tuple[str, str, Evidence]] = {}
    text = card.readme[:MAX_ANALYSED_CHARS]  # bounded CPU per card (agent.budget)
    blocks = sorted(iter_blocks(text), key=lambda b: not _LOCATION_LINE.match(b.text))
    for block in blocks:
        text = _TEMPLATE.sub("", block.text)
        for match in _REPO_LINK.finditer(text):
            owner, repo = match.group("owner"), re.sub(r"\.git$", "", match.group("repo"))
            key = (owner.lower(), repo.lower())
            if owner.lower() in _NOT_OWNERS or key in found or repo in (".", ".."):
                continue
            where = "homepage/repository line" if _LOCATION_LINE.match(block.text) else "link"
            evidence = Evidence(
                "text:" + (block.section or "card"),
                "link",
                block.text[:300],
                block.line_start,
                block.line_end,
                note=f"GitHub repository {owner}/{repo} ({where})",
            )
            found[key] = (owner, repo, evidence)
    return list(found.values())


def read_repository(source: Any, owner: str, repo: str) -> RepoReading:
    """The repository's data license, read and concluded exactly like a GitHub dataset."""
    name = f"github.com/{owner}/{repo}"
    card, reason = source_card(source, owner, repo)
    if card is None:
        return RepoReading(name, reason=reason)
    evidence = map_evidence(extract_evidence(card))
    for ev in evidence:
        ev.origin = name
    view = roles.data_view(card, evidence)  # what the repository's statements cover (scope)
    conclusion = conclude(card, evidence)
    found = conclusion.concluded_license if rc.ids(conclusion.concluded_license) else None
    if (
        view.mode == "elsewhere"
    ):  # the card's data is the data hosted elsewhere: the repository-wide terms
        found = next((e.license for e in evidence if e.role == WIDE and e.license), None)
    kept = [e for e in evidence if e.license and e.role]
    role = view.scope if found else None
    shown = [e for e in kept if e.license == found] + [e for e in kept if e.license != found]
    return RepoReading(name, found, role, shown[:6])


def weigh(
    conclusion: Conclusion, readings: list[RepoReading]
) -> tuple[Conclusion, list[RepoReading]]:
    """The card's conclusion with its source repositories, and the readings that enter its
    effective license. A card stating no license keeps its own (card) conclusion and takes the
    repository's data license as its effective license; a repository data license that differs
    from the card's makes a conflict (the effective license takes the stricter terms). Code-only
    licenses never change the card."""
    usable = [r for r in readings if r.license and r.role in (DATA, WIDE)]
    if not usable:
        return conclusion, []
    if not rc.ids(conclusion.concluded_license):
        best = min(usable, key=lambda r: r.role != DATA)
        return replace(
            conclusion,
            reasons=conclusion.reasons
            + [
                f"the card states no license; its source repository {best.name} states {best.license} "
                f"({best.role}): the effective license takes it (unverified)"
            ],
        ), [best]
    differ = [
        r
        for r in usable
        if r.role == DATA and not rc.agree(rc.ids(r.license), rc.ids(conclusion.concluded_license))
    ]
    if not differ:
        return conclusion, []
    names = "; ".join(f"{r.name} states {r.license} for its data" for r in differ)
    return replace(
        conclusion,
        status="conflict",
        confidence=min(conclusion.confidence, 0.5),
        reasons=conclusion.reasons
        + [
            f"the card says {conclusion.concluded_license} but {names}: "
            "the effective license takes the stricter terms"
        ],
    ), differ


def source_repositories(
    card: Card, conclusion: Conclusion, source: Any, limit: int = 3
) -> tuple[Conclusion, list]:
    """Read up to `limit` linked repositories (homepage/repository lines first; anonymous GitHub
    allows 60 calls an hour); the conclusion weighed with them and one upstream per repository."""
    from agent.lineage.upstream_item import Upstream

    links = github_repos_in(card)[:limit]
    readings = [read_repository(source, owner, repo) for owner, repo, _ in links]
    conclusion, used = weigh(conclusion, readings)
    upstreams = []
    for (_, _, link), reading in zip(links, readings, strict=True):
        if reading.reason:
            link.note += f"; license not read: {reading.reason}"
        shown = next(iter(reading.evidence or []), None)  # the statement that gave its license
        relation = "data-license" if reading in used else "source-code"
        upstreams.append(
            Upstream(reading.name, "repository", relation, None, shown or link, reading.license)
        )
    return conclusion, upstreams
