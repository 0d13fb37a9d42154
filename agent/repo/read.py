"""A repository's license evidence with roles: README statements split by scope, badges, files, pointers."""

from __future__ import annotations

import re
from dataclasses import replace

from agent.models import Card, Evidence
from agent.repo.statements import (
    WIDE,
    badge_statements,
    file_pointers,
    has_badge,
    names_a_license,
    pointed_names,
    role_of_text,
    split_by_role,
)
from agent.sources.license_files import role_of_file

_TEXT_SOURCES = ("section:", "subsection:", "body")
# Markdown images and links: "[![Data License](https://img.shields.io/...)](DATA_LICENSE)"
_BADGE_LINK = re.compile(r"!?\[[^\]\n]{0,200}\]\([^)\n]{0,500}\)")


def is_repository(card: Card) -> bool:
    """A GitHub repository, or a local folder whose README is not a Hub card (no YAML header)."""
    # imported here: agent.extract imports this module to give its evidence roles
    from agent.extract.frontmatter import split

    if card.source == "github":
        return True
    return card.source == "local" and isinstance(card.readme, str) and split(card.readme)[0] is None


def with_roles(card: Card, evidence: list[Evidence]) -> list[Evidence]:
    """The card's evidence with a role on each repository statement (unmapped; Hub cards unchanged)."""
    if not is_repository(card):
        return evidence
    names = list(card.files)
    out: list[Evidence] = []
    pointed: dict[str, str] = {}  # file -> role of the statement that points to it
    for ev in evidence:
        if ev.kind == "text" and ev.source.startswith(_TEXT_SOURCES):
            out += _statements(ev, names, pointed)
        else:
            out.append(ev)
    out += _badges(card.readme or "")
    for ev in out:
        if ev.kind == "file":
            name = ev.source.split(":", 1)[1]
            ev.role = role_of_file(name) or pointed.get(name) or WIDE
    root_read = any("/" not in name and role_of_file(name) is None for name in names)
    if card.detected_license and card.detected_license != "NOASSERTION" and not root_read:
        # GitHub's detection describes the root license file: only news when that file was not read
        out.append(
            Evidence(
                "github:license",
                "text",
                f"GitHub detects the license {card.detected_license}",
                role=WIDE,
                note="GitHub's detection of the root license file",
            )
        )
    return out


def _statements(ev: Evidence, names: list[str], pointed: dict[str, str]) -> list[Evidence]:
    """One README piece cut where its scope changes; pointers to files become "pointer:" links."""
    heading = ev.source.split(":", 1)[1] if ":" in ev.source else ""
    default = role_of_text(heading) or WIDE
    pieces = [(role or default, text, line) for role, text, line in split_by_role(ev.snippet)]
    if (
        len(
            {
                role
                for role, text, _ in pieces
                if names_a_license(text) or file_pointers(text, names)
            }
        )
        <= 1
    ):
        role = next((r for r, t, _ in pieces if r != default and names_a_license(t)), default)
        pieces = [(role, ev.snippet, 0)]  # one scope: keep the statement whole
    out = []
    for role, text, line in pieces:
        if has_badge(text) and not names_a_license(_BADGE_LINK.sub("", text)):
            continue  # a badge line: stated once, cleanly, by _badges
        start = (ev.line_start or 1) + line
        targets = file_pointers(text, names)
        missing = [] if targets else pointed_names(text)
        if (targets or missing) and not names_a_license(
            text
        ):  # "see LICENSE.md" names no license itself
            for target in targets:
                pointed.setdefault(target, role)
            said = (
                f"points to {', '.join(targets)} (read as that file)"
                if targets
                else f"points to {', '.join(missing)}, which was not found"
            )
            out.append(
                Evidence(
                    f"pointer:{ev.source}", "link", text[:300], start, start, role=role, note=said
                )
            )
            continue
        out.append(replace(ev, snippet=text, line_start=start, role=role))
    return out


def _badges(readme: str) -> list[Evidence]:
    """License badges ("Data License: CC By NC 4.0") as statements of their label's scope."""
    out = []
    for line, text in badge_statements(readme):
        role = role_of_text(text.split(":", 1)[0]) or WIDE
        out.append(
            Evidence("badge", "text", text, line + 1, line + 1, role=role, note="license badge")
        )
    return out
