"""GitHub as a card source: a repository's README and license files at one pinned commit."""

from __future__ import annotations

import base64
import binascii
import threading
from typing import Any
from urllib.parse import quote

from agent.errors import DatasetError
from agent.models import Card
from agent.refs import Ref, github_ref
from agent.sources.github_api import GitHubAPI
from agent.sources.text import decode_text
from agent.spdx.license_files import (
    DATA_FOLDERS,
    REUSE_FOLDER,
    is_readme,
    license_order,
    readme_rank,
)

MAX_FOLDERS = 3  # data/ and LICENSES/ listings read beside the top level


class GitHubSource:
    """Repositories through the REST API (GITHUB_API.md); the CardSource interface (sources/base)."""

    def __init__(self, api: GitHubAPI | None = None, max_file_bytes: int = 10_000_000):
        self.api = api or GitHubAPI()
        self.max_file_bytes = max_file_bytes
        self._pins: dict[str, str] = {}  # "name@ref" -> commit sha
        self._repos: dict[str, dict] = {}  # "owner/repo" (lower case) -> repository JSON
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"GitHubSource({self.api!r})"

    def pin(self, ref: Ref) -> str:
        """The commit sha the ref's branch/tag/sha points to now (the registry revision)."""
        with self._lock:
            if _key(ref) in self._pins:
                return self._pins[_key(ref)]
        repo = self._repository(ref)
        repo_id = _full_name(repo, ref)
        wanted = ref.revision or repo.get("default_branch") or "HEAD"
        url = self.api.repo_url(repo_id, f"/commits/{quote(str(wanted), safe='')}")
        try:
            commit, _ = self.api.get_json(url, f"commit {wanted} of {repo_id}")
        except DatasetError as exc:
            if (
                exc.code in ("RepoNotFound", "HTTPError") and ref.revision
            ):  # 404 / 422 "No commit found"
                raise DatasetError(
                    "RevisionNotFound",
                    f"{ref.revision!r} is not a branch, tag or commit of {repo_id}",
                ) from None
            raise
        sha = commit.get("sha") if isinstance(commit, dict) else None
        if not isinstance(sha, str) or not sha:
            raise DatasetError("BadResponse", f"GitHub named no commit for {wanted} of {repo_id}")
        with self._lock:
            self._pins[_key(ref)] = sha
        return sha

    def fetch_card(self, ref: Ref, pinned: bool = True) -> Card:
        """README, license files, top-level names and GitHub's detected license at the pinned sha.

        pinned=False reads the branch as it is (one request less: a Hub card's source repository
        needs no registry revision of its own)."""
        if ref.kind != "github" or not ref.repo_id:
            raise DatasetError("InvalidReference", f"not a GitHub reference: {ref.name}")
        repo = self._repository(ref)
        sha = self.pin(ref) if pinned else str(ref.revision or repo.get("default_branch") or "HEAD")
        repo_id = _full_name(repo, ref)
        folder = ref.path or ""
        html = str(repo.get("html_url") or f"https://github.com/{repo_id}")
        card = Card(
            dataset=ref.name,
            source="github",
            location=f"{html}/blob/{sha}/{folder}".rstrip("/"),
            revision=sha,
            detected_license=_detected(repo) if not folder else None,
        )
        _repo_warnings(repo, ref, repo_id, card)
        paths = self._paths(repo_id, sha, folder, card)
        readmes = [
            p
            for p in paths
            if p.count("/") == folder.count("/") + bool(folder) and is_readme(p.rsplit("/", 1)[-1])
        ]
        if readmes:
            path = min(readmes, key=lambda p: (readme_rank(p.rsplit("/", 1)[-1]), p))
            card.readme = self._file(repo_id, sha, path, card.warnings)
            card.location = f"{html}/blob/{sha}/{path}"
        else:
            card.warnings.append(f"no README in {repo_id}/{folder} at {sha[:12]}")
        prefix = folder + "/" if folder else ""
        for path in license_order([p[len(prefix) :] for p in paths if p.startswith(prefix)]):
            text = self._file(repo_id, sha, prefix + path, card.warnings, required=False)
            if text is not None:
                card.files[path] = text
        return card

    def _repository(self, ref: Ref) -> dict:
        """GET /repos/{owner}/{repo} (followed through a 301 rename), once per repository."""
        key = (ref.repo_id or "").lower()
        with self._lock:
            if key in self._repos:
                return self._repos[key]
        repo, _ = self.api.get_json(
            self.api.repo_url(ref.repo_id or ""), f"repository {ref.repo_id}"
        )
        if not isinstance(repo, dict):
            raise DatasetError(
                "BadResponse", f"GitHub's answer for {ref.repo_id} is not a repository"
            )
        with self._lock:
            self._repos[key] = repo
        return repo

    def _paths(self, repo_id: str, sha: str, folder: str, card: Card) -> list[str]:
        """Files at the top of the folder and in its data / LICENSES sub-folders; card.listing set."""
        entries = self._listing(repo_id, sha, folder)
        card.listing = sorted(e["name"] for e in entries)
        paths = [e["path"] for e in entries if e.get("type") == "file"]
        for sub in [
            e
            for e in entries
            if e.get("type") == "dir"
            and (DATA_FOLDERS.match(e["name"]) or e["name"] == REUSE_FOLDER)
        ][:MAX_FOLDERS]:
            paths += [
                e["path"]
                for e in self._listing(repo_id, sha, sub["path"])
                if e.get("type") == "file"
            ]
        return paths

    def _listing(self, repo_id: str, sha: str, folder: str) -> list[dict]:
        path = (
            f"/contents/{quote(folder)}" if folder else "/contents"
        )  # the root: no trailing slash
        url = self.api.repo_url(repo_id, f"{path}?ref={sha}")
        data, _ = self.api.get_json(url, f"folder /{folder} of {repo_id}")
        if isinstance(data, dict) and data.get("type") == "file":
            raise DatasetError("InvalidReference", f"{folder} in {repo_id} is a file, not a folder")
        if not isinstance(data, list):
            raise DatasetError(
                "BadResponse", f"GitHub's listing of /{folder} in {repo_id} is not a list"
            )
        return [
            e
            for e in data
            if isinstance(e, dict)
            and isinstance(e.get("name"), str)
            and isinstance(e.get("path"), str)
        ]

    def _file(
        self, repo_id: str, sha: str, path: str, warnings: list[str], required: bool = True
    ) -> str | None:
        """A file's text (base64 content, or its download_url past 1 MB); optional ones warn."""
        try:
            url = self.api.repo_url(repo_id, f"/contents/{quote(path)}?ref={sha}")
            data, _ = self.api.get_json(url, f"{path} of {repo_id}")
            raw = _content(data)
            if raw is None:  # over 1 MB: GitHub sends no content, only the raw file's address
                link = data.get("download_url") if isinstance(data, dict) else None
                if not isinstance(link, str) or not link.startswith(("https://", "http://")):
                    raise DatasetError("BadResponse", f"{path}: no content and no download_url")
                raw = self.api.get(
                    link, f"{path} of {repo_id}", self.max_file_bytes, api=False
                ).body
        except DatasetError as exc:
            if required or exc.code == "RateLimited":
                raise
            warnings.append(f"{path} not read: {exc.message}")
            return None
        return decode_text(raw, path, warnings)


def _key(ref: Ref) -> str:
    return f"{ref.name}@{ref.revision or ''}"


def _content(data: Any) -> bytes | None:
    if not isinstance(data, dict) or data.get("type", "file") != "file":
        raise DatasetError("BadResponse", "GitHub's answer for a file is not a file")
    if data.get("encoding") != "base64" or not data.get("content"):
        return None if data.get("encoding") == "none" or not data.get("content") else b""
    try:
        return base64.b64decode(str(data["content"]))
    except (binascii.Error, ValueError):
        raise DatasetError("BadResponse", "GitHub sent file content that is not base64") from None


def _full_name(repo: dict, ref: Ref) -> str:
    name = repo.get("full_name")
    return name if isinstance(name, str) and name.count("/") == 1 else ref.repo_id or ""


def _detected(repo: dict) -> str | None:
    """license.spdx_id as GitHub reports it ("MIT", "NOASSERTION" when it cannot tell), or None."""
    info = repo.get("license")
    spdx = info.get("spdx_id") if isinstance(info, dict) else None
    return spdx if isinstance(spdx, str) and spdx else None


def _repo_warnings(repo: dict, ref: Ref, repo_id: str, card: Card) -> None:
    if repo_id.lower() != (ref.repo_id or "").lower():
        card.warnings.append(
            f"GitHub now names this repository {repo_id} (renamed or transferred): "
            f"audit it as github:{repo_id}"
        )
    if repo.get("archived"):
        card.warnings.append("the repository is archived (read-only)")
    if repo.get("disabled"):
        card.warnings.append("the repository is disabled on GitHub")


def source_card(source: GitHubSource, owner: str, repo: str) -> tuple[Card | None, str | None]:
    """A Hub card's source repository read like a GitHub dataset: (card, None) or (None, reason)."""
    try:
        return source.fetch_card(github_ref(owner, repo), pinned=False), None
    except DatasetError as exc:
        return None, f"{exc.code}: {exc.message}"
