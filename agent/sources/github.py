"""GitHub: the code license of a dataset's source repository (evidence about code, not data)."""

from __future__ import annotations

import base64
import os
import re
import threading
from typing import Any

from agent.budget import MAX_ANALYSED_CHARS
from agent.errors import DatasetError
from agent.lineage.blocks import iter_blocks
from agent.models import Card, Evidence

DEFAULT_API_URL = "https://api.github.com"
CODE_NOTE = "code license of the source repository, not a data license"
# Repository links: "https://github.com/allenai/Break", "github.com/org/repo.git", "/tree/main/data".
_REPO_LINK = re.compile(r"(?:https?://)?(?:www\.)?github\.com/(?P<owner>[A-Za-z0-9](?:[\w-]{0,38}))"
                        r"/(?P<repo>[\w.-]{1,100})", re.I)
# Paths that are GitHub pages, not repositories: "github.com/orgs/x", "github.com/sponsors/x".
_NOT_OWNERS = {"orgs", "sponsors", "settings", "features", "topics", "marketplace", "about",
               "login", "join", "site", "collections", "explore", "apps", "users"}
# Boilerplate links of card templates: "[More Information Needed](https://github.com/...)".
_TEMPLATE = re.compile(r"\[\s*More Information Needed\s*\]\([^)]*\)", re.I)
_LOCATION_LINE = re.compile(r"^\s*(?:[-*]\s*)?\**(?:homepage|repository|code|source)\b", re.I)
_MAX_LICENSE_BYTES = 2_000_000


class GitHubSource:
    """Reads GET /repos/{owner}/{repo}/license; every failure becomes a reason, not an exception."""

    def __init__(self, api_url: str | None = None, token: str | None = None, http: Any = None):
        self.api_url = (api_url or os.environ.get("GITHUB_API_URL") or DEFAULT_API_URL).rstrip("/")
        self._token = token if token is not None else os.environ.get("GITHUB_TOKEN") or None
        self.http = http if http is not None else _default_http()
        self.errors: dict[tuple[str, str], str] = {}  # (owner, repo) -> why there is no evidence
        self._cache: dict[tuple[str, str], tuple[Evidence | None, str | None]] = {}
        self._blocked: str | None = None  # set once GitHub says the quota is spent
        self._lock = threading.Lock()

    def __repr__(self) -> str:  # never show the token
        return f"GitHubSource(api_url={self.api_url!r}, token={'set' if self._token else None})"

    def repository_license(self, owner: str, repo: str) -> Evidence | None:
        """Evidence of the repository's detected code license, or None (reason in .errors)."""
        evidence, reason = self.repository_license_with_reason(owner, repo)
        if reason:
            self.errors[(owner, repo)] = reason
        return evidence

    def repository_license_with_reason(self, owner: str, repo: str) -> tuple[Evidence | None, str | None]:
        """(evidence, None) or (None, reason); each repository is asked once per source."""
        key = (owner.lower(), repo.lower())
        with self._lock:
            if key in self._cache:
                return self._cache[key]
            if self._blocked:  # 60 calls an hour without a token: do not hammer a spent quota
                return None, self._blocked
        found = self._fetch(owner, repo)
        with self._lock:
            self._cache[key] = found
        return found

    def _fetch(self, owner: str, repo: str) -> tuple[Evidence | None, str | None]:
        url = f"{self.api_url}/repos/{owner}/{repo}/license"
        try:
            result = self.http.get(url, headers=self._headers(), quota=None,
                                   max_bytes=_MAX_LICENSE_BYTES)
        except DatasetError as exc:
            reason = f"{exc.code}: {exc.message}"
            if exc.code == "NetworkError":  # unreachable (offline, firewalled): don't pay the retries again
                self._blocked = f"{reason}; GitHub calls stopped for this run"
            return None, reason
        if result.status == 404:
            return None, f"NotFound: {owner}/{repo} has no license file GitHub detects, or does not exist"
        if result.status in (401, 403, 429):
            reason = f"HTTP {result.status}: {result.error_message() or 'refused'} (rate limit or token)"
            if result.status == 429 or result.headers.get("X-RateLimit-Remaining") == "0":
                self._blocked = f"{reason}; GitHub calls stopped for this run"
            return None, reason
        if not result.ok:
            return None, f"HTTP {result.status} from GitHub for {owner}/{repo}"
        try:
            return _evidence(owner, repo, result.json()), None
        except (ValueError, AttributeError, TypeError, UnicodeDecodeError) as exc:
            return None, f"BadResponse: {type(exc).__name__} reading the license of {owner}/{repo}"

    def _headers(self) -> dict[str, str]:
        headers = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"}
        if self._token:
            # requests drops this header itself when a redirect leaves the API host
            headers["Authorization"] = f"Bearer {self._token}"
        return headers


def _evidence(owner: str, repo: str, data: dict) -> Evidence:
    """Evidence from the API's JSON: license.spdx_id (NOASSERTION kept) and the decoded text."""
    info = data.get("license") or {}
    spdx_id = info.get("spdx_id") or "NOASSERTION"
    text = ""
    if data.get("encoding") == "base64" and data.get("content"):
        text = base64.b64decode(data["content"]).decode("utf-8", "replace")
    path = data.get("path") or "LICENSE"
    snippet = " ".join(text.split())[:300] or f"{info.get('name') or spdx_id}"
    lines = text.count("\n") + 1 if text else None
    note = CODE_NOTE if spdx_id != "NOASSERTION" else CODE_NOTE + "; GitHub could not identify it"
    return Evidence(f"github:{owner}/{repo}/{path}", "upstream", snippet, 1 if text else None,
                    lines, license=spdx_id, match="github-api",
                    score=1.0 if spdx_id != "NOASSERTION" else 0.0, note=note)


def github_repos_in(card: Card) -> list[tuple[str, str, Evidence]]:
    """(owner, repo, evidence of the link) for each GitHub repository the card links to.

    Homepage/Repository lines come first; template boilerplate links and links in citation or
    contribution sections (user profiles) are left out.
    """
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
            evidence = Evidence("text:" + (block.section or "card"), "link", block.text[:300],
                                block.line_start, block.line_end,
                                note=f"GitHub repository {owner}/{repo} ({where})")
            found[key] = (owner, repo, evidence)
    return list(found.values())


def repository_upstreams(card: Card, source: GitHubSource, limit: int = 3) -> list:
    """Upstreams of kind "repository" with their code license (None when it could not be read).

    At most `limit` repositories per card, homepage/repository lines first: anonymous GitHub
    allows 60 calls an hour.
    """
    from agent.lineage.upstream import Upstream

    upstreams = []
    for owner, repo, link in github_repos_in(card)[:limit]:
        evidence = source.repository_license(owner, repo)
        if evidence is None:
            link.note += f"; license not read: {source.errors.get((owner, repo), 'unknown reason')}"
        upstreams.append(Upstream(f"github.com/{owner}/{repo}", "repository", "source-code", None,
                                  evidence or link, evidence.license if evidence else None))
    return upstreams


def _default_http():
    """A client of our own: no Hub token in it, no Hub quotas on GitHub calls; an unreachable
    GitHub (offline, firewalled: refused or unknown host) is given up at once, not retried."""
    from agent.sources.http import HttpClient

    return HttpClient(quotas=None, retry_unreachable=False)
