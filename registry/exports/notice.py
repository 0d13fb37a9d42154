"""Attribution notices a model release carries for its training data, in Markdown or plain text.

For each dataset whose license asks for attribution: the TASL credit (title, author, source,
license) and whether it was modified; the share-alike obligations; the NOTICE texts found; and the
datasets a person must decide about (unknown or custom terms, research-only, conflicts, errors).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from agent.models import Entry
from agent.spdx.facts import categories
from agent.terminal import without_controls
from registry.exports.links import entry_links, license_url
from registry.exports.plain import clean

_NOTICE_FILE = re.compile(
    r"^file:(?:.*/)?NOTICE(?:\.[A-Za-z0-9]+)?$", re.I
)  # file:NOTICE, file:data/notice.txt
DECIDE = {
    "unknown": "no license could be concluded",
    "custom": "custom terms: read them",
    "research-only": "research-only terms",
    "conflict": "the card's sources disagree",
    "error": "could not be audited",
}


@dataclass
class Credit:
    entry: Entry
    author: str  # the publishing account ("org" of "org/name"), "" for a bare name
    links: list[tuple[str, str]]
    license: str
    license_link: str | None  # for a single SPDX id
    upstream: list[str]


@dataclass
class Notices:
    credits: list[Credit] = field(default_factory=list)
    share_alike: list[Entry] = field(default_factory=list)
    notice_texts: list[tuple[Entry, str, str]] = field(default_factory=list)  # (entry, file, text)
    decide: list[tuple[Entry, list[str]]] = field(default_factory=list)
    total: int = 0


def notice_license(entry: Entry) -> str:
    """The license a release inherits: the effective one where upstreams were traced."""
    return entry.effective_license or entry.concluded_license or "NOASSERTION"


def _why_decide(entry: Entry) -> list[str]:
    if entry.status == "error":
        return [DECIDE["error"] + (f" ({entry.error})" if entry.error else "")]
    found = categories(notice_license(entry)) & {"unknown", "custom", "research-only"}
    reasons = [DECIDE[c] for c in ("unknown", "research-only", "custom") if c in found]
    if entry.status in ("conflict", "unknown") and DECIDE.get(entry.status) not in reasons:
        reasons.append(DECIDE[entry.status])
    return reasons


def collect(entries) -> Notices:
    notices = Notices()
    for entry in entries:
        notices.total += 1
        if entry.attribution_required and entry.status != "error":
            owner = entry.dataset.split("/")[0] if "/" in entry.dataset else ""
            license_ = notice_license(entry)
            notices.credits.append(
                Credit(
                    entry,
                    owner,
                    entry_links(entry),
                    license_,
                    license_url(license_),
                    list(entry.upstream or []),
                )
            )
        if entry.share_alike and entry.status != "error":
            notices.share_alike.append(entry)
        for e in entry.evidence or []:
            if _NOTICE_FILE.match(e.source or "") and (e.snippet or "").strip():
                notices.notice_texts.append((entry, e.source_place, e.snippet.strip()))
        reasons = _why_decide(entry)
        if reasons:
            notices.decide.append((entry, reasons))
    return notices


# Inline Markdown syntax that can start emphasis, code, links or tables: "*x*", "`x`", "[x](y)", "a|b".
# (Line-start syntax such as "# " or "- " cannot occur: every field follows a label.)
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def md(text: str | None) -> str:
    """Inline Markdown text: HTML and Markdown syntax shown, not interpreted ("<b>" -> "&lt;b&gt;")."""
    escaped = clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", escaped)


def md_link(label: str, url: str) -> str:
    # links come from entry_links/license_url (http(s) only); <, >, spaces and parentheses are encoded
    safe = (
        url.replace("<", "%3C")
        .replace(">", "%3E")
        .replace(" ", "%20")
        .replace("(", "%28")
        .replace(")", "%29")
    )
    return f"[{md(label)}](<{safe}>)"


def md_block(text: str) -> str:
    """A fenced block longer than any backtick run in the text: its content stays literal."""
    body = without_controls(text, keep="\t\n")
    fence = "`" * max(3, 1 + max((len(run) for run in re.findall(r"`+", body)), default=0))
    return f"{fence}text\n{body}\n{fence}"
