"""Links a report may show for an entry: the card and repository at the audited revision, http(s) only."""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

from agent.models import Entry, Evidence, SourceKind

# https://huggingface.co/datasets/org/name/resolve/<sha>/README.md -> (dataset page, sha, file)
_HUB_FILE = re.compile(
    r"^(?P<page>https?://[^/]+/datasets/[^/]+(?:/[^/]+)?)/(?:resolve|blob|raw)/"
    r"(?P<rev>[^/]+)/(?P<file>.+)$"
)
# https://raw.githubusercontent.com/owner/repo/<ref>/README.md -> github.com view of the same file
_GH_RAW = re.compile(
    r"^https://raw\.githubusercontent\.com/(?P<repo>[^/]+/[^/]+)/(?P<rev>[^/]+)/(?P<file>.+)$"
)


def safe_url(url: str | None) -> str | None:
    """The URL when it is http(s) with a host, else None: a card's `javascript:` link never becomes an href."""
    if not url or any(c.isspace() or ord(c) < 32 for c in url):
        return None
    parts = urlsplit(url)
    return url if parts.scheme in ("http", "https") and parts.netloc else None


def license_url(license_id: str) -> str | None:
    """'CC-BY-4.0' -> https://spdx.org/licenses/CC-BY-4.0.html; LicenseRef-*/NOASSERTION -> None."""
    if (
        not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9.+-]*", license_id or "")
        or license_id.startswith("LicenseRef-")
        or license_id in ("NOASSERTION", "NONE")
    ):
        return None
    return f"https://spdx.org/licenses/{quote(license_id)}.html"


def entry_links(entry: Entry) -> list[tuple[str, str]]:
    """[(label, url)]: each source as read, as a page at the audited revision (the Hub's and
    GitHub's file views also lead to the repository at that revision)."""
    links: list[tuple[str, str]] = []
    for source in entry.sources or []:
        url = safe_url(source)
        if url is None:
            continue
        hub, raw = _HUB_FILE.match(url), _GH_RAW.match(url)
        if hub:
            links.append(
                (
                    f"{hub['file']} at {hub['rev'][:12]}",
                    f"{hub['page']}/blob/{hub['rev']}/{hub['file']}",
                )
            )
        elif raw:
            links.append(
                (
                    f"{raw['file']} at {raw['rev'][:12]}",
                    f"https://github.com/{raw['repo']}/blob/{raw['rev']}/{raw['file']}",
                )
            )
        else:
            links.append(("source", url))
    return list(dict.fromkeys(links))


def evidence_link(entry: Entry, evidence: Evidence) -> str | None:
    """The card line an evidence item quotes (Hub and GitHub file views take #L<n>)."""
    if evidence.line_start is None:
        return None
    for _label, url in entry_links(entry):
        if "/blob/" in url and url.endswith(("README.md", "README")):
            file = evidence.source_place if evidence.source_kind is SourceKind.FILE else None
            target = url.rsplit("/", 1)[0] + "/" + quote(file) if file else url
            end = (
                f"-L{evidence.line_end}"
                if evidence.line_end and evidence.line_end != evidence.line_start
                else ""
            )
            return f"{target}#L{evidence.line_start}{end}"
    return None


def home_page(entry: Entry) -> str | None:
    """The dataset's page: https://huggingface.co/datasets/org/name for a card read from the Hub."""
    for source in entry.sources or []:
        hub = _HUB_FILE.match(safe_url(source) or "")
        if hub:
            return hub["page"]
    return None
