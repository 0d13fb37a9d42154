"""A repository's license evidence with roles: README statements split by scope, badges, files, pointers."""

from __future__ import annotations

import re
from dataclasses import replace

from agent.extract.repo.statements import (
    CODE,
    DATA,
    WIDE,
    badge_statements,
    file_pointers,
    has_badge,
    names_a_license,
    pointed_names,
    role_of_text,
    split_by_role,
)
from agent.models import Card, Evidence
from agent.spdx.license_files import role_of_file

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
    out = [piece for ev in out for piece in _file_by_role(ev)]
    for ev in out:
        if ev.kind == "file" and ev.role is None:
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


MAX_NOTE_CHARS = 3000  # a license file written as a short note, not a license text (MIT is ~1,100)
# What makes a piece of such a note a statement of terms: "subject to the MIT licence",
# "under the respective licences of the repositories", "for purposes other than research"
_TERMS = re.compile(r"licen[cs]|\bterms\b|\bresearch\b|commercial|copyright", re.I)


def _file_by_role(ev: Evidence) -> list[Evidence]:
    """A short license note that gives the code and the data different terms, cut into a code piece
    and a data piece, each with its role: "The preprocessing scripts ... are subject to the MIT
    licence" / "The data ... is under the respective licences of the repositories it was scraped
    from". License texts (long, one scope) stay whole."""
    if ev.kind != "file" or len(ev.snippet) > MAX_NOTE_CHARS:
        return [ev]
    pieces: list[tuple[str | None, str, int]] = []
    for role, text, line in split_by_role(ev.snippet):
        if pieces and not _TERMS.search(
            text
        ):  # a wrapped line's tail: "automated code processing."
            pieces[-1] = (pieces[-1][0], pieces[-1][1] + "\n" + text, pieces[-1][2])
        else:
            pieces.append((role, text, line))
    if {r for r, _, _ in pieces} != {CODE, DATA}:
        return [ev]
    start = ev.line_start or 1
    return [
        replace(ev, snippet=text, line_start=start + line, line_end=None, role=role)
        for role, text, line in pieces
    ]


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
