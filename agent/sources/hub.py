"""The Hugging Face Hub as a card source: dataset info, then README and LICENSE files at its sha."""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from urllib.parse import quote

from agent.errors import DatasetError
from agent.models import Card
from agent.refs import Ref
from agent.sources.credentials import resolve_endpoint, resolve_token  # noqa: F401 (re-export)
from agent.sources.filecache import FileCache
from agent.sources.http import HttpClient, HttpResult
from agent.sources.text import decode_text
from agent.spdx.license_files import MAX_LICENSE_FILES, is_top_license_file

_STATUS_SAYS = {
    500: "server error",
    502: "bad gateway",
    503: "service unavailable",
    504: "gateway timeout",
    403: "forbidden",
    410: "gone",
    451: "unavailable for legal reasons",
}


class HubSource:
    """Fetches one dataset's card from a Hub endpoint (https://huggingface.co or a stand-in)."""

    def __init__(
        self,
        endpoint: str,
        http: HttpClient,
        max_card_bytes: int = 10_000_000,
        cache: FileCache | None = None,
    ):
        self.endpoint = endpoint.rstrip("/")
        self.http = http
        self.max_card_bytes = max_card_bytes
        self.cache = cache
        http.trust_host(self.endpoint)  # the token may go here, and nowhere else

    def info_url(self, ref: Ref) -> str:
        url = f"{self.endpoint}/api/datasets/{_repo_path(ref.repo_id)}"
        return f"{url}/revision/{quote(ref.revision, safe='')}" if ref.revision else url

    def file_url(self, repo_id: str, revision: str, path: str) -> str:
        return (
            f"{self.endpoint}/datasets/{_repo_path(repo_id)}/resolve/"
            f"{quote(revision, safe='')}/{quote(path)}"
        )

    def fetch_info(self, ref: Ref) -> dict[str, Any]:
        """The dataset's info JSON (sha, cardData, tags, siblings, gated, disabled...)."""
        result = self.http.get(self.info_url(ref), max_bytes=50_000_000)
        if result.status != 200:
            raise self._error(result, ref, "dataset info")
        try:
            info = result.json()
        except ValueError:
            raise DatasetError(
                "HTTPError", f"{ref.repo_id}: the dataset info is not JSON"
            ) from None
        if not isinstance(info, dict):
            raise DatasetError("HTTPError", f"{ref.repo_id}: the dataset info is not a JSON object")
        return info

    def fetch_card(self, ref: Ref, info: dict[str, Any] | None = None) -> Card:
        """The Card at the revision the info names; pass `info` when already fetched."""
        if ref.kind != "hub" or not ref.repo_id:
            raise DatasetError("InvalidReference", f"not a Hub reference: {ref.name}")
        info = info if info is not None else self.fetch_info(ref)
        sha = info.get("sha") or ref.revision or "main"
        repo_id = (
            info["id"] if isinstance(info.get("id"), str) else ref.repo_id
        )  # renamed: its new id
        card_data = info.get("cardData")
        card = Card(
            dataset=ref.name,
            source="hub",
            location=self.file_url(repo_id, sha, "README.md"),
            revision=sha,
            card_data=card_data if isinstance(card_data, dict) else None,
            tags=[t for t in _as_list(info.get("tags")) if isinstance(t, str)],
        )
        if repo_id.lower() != ref.repo_id.lower():
            card.warnings.append(f"the Hub now names this dataset {repo_id} (renamed or moved)")
        if info.get("disabled"):
            card.warnings.append("the dataset is disabled on the Hub (taken down)")
        if info.get("gated"):
            card.warnings.append(
                f"gated dataset ({info['gated']}): files other than the card need accepted terms"
            )
        siblings = _sibling_names(info)
        self._read_readme(ref, sha, info, siblings, card)
        for path in _license_files(siblings, card.card_data):
            self._read_license(repo_id, sha, path, card)
        return card

    def _read_readme(
        self, ref: Ref, sha: str, info: dict, siblings: list[str] | None, card: Card
    ) -> None:
        name = "README.md"
        if siblings is not None and name not in siblings:
            card.warnings.append(
                f"no README.md at revision {sha[:12]}: concluding from metadata only"
            )
            return
        assert ref.repo_id is not None  # fetch() refused a reference without one
        result = self._get_file(ref.repo_id, name, card.location)
        if result.status == 200:
            card.readme = decode_text(result.body, name, card.warnings)
            card.readme_etag = result.etag
        elif result.status == 404 and result.error_code == "EntryNotFound":
            card.warnings.append(
                f"no README.md at revision {sha[:12]}: concluding from metadata only"
            )
        elif result.status in (401, 403) and (
            info.get("gated") or result.error_code == "GatedRepo"
        ):
            raise DatasetError(
                "GatedRepo",
                f"{ref.repo_id} is gated: its card and terms are not "
                "readable without accepting them on the Hub",
            )
        elif result.status in (401, 403, 451) and info.get("disabled"):
            raise DatasetError(
                "Disabled",
                f"{ref.repo_id} is disabled on the Hub (taken down): its card cannot be read",
            )
        else:
            raise self._error(result, ref, "README.md")

    def _read_license(self, repo_id: str, sha: str, path: str, card: Card) -> None:
        """A LICENSE-like file; any problem with it is a warning, never the dataset's error."""
        try:
            result = self._get_file(repo_id, path, self.file_url(repo_id, sha, path))
        except DatasetError as exc:
            card.warnings.append(f"{path} not read: {exc.message}")
            return
        if result.status == 200:
            card.files[path] = decode_text(result.body, path, card.warnings)
        elif result.status in (401, 403):
            card.warnings.append(f"{path} not readable (gated or restricted: HTTP {result.status})")
        else:
            card.warnings.append(f"{path} not read: HTTP {result.status} {result.error_message()}")

    def _get_file(self, repo_id: str, path: str, url: str) -> HttpResult:
        """GET a file; with a cache, ask If-None-Match and answer a 304 from the cached body."""
        key = f"{self.endpoint}/{repo_id}/{path}"
        cached = self.cache.get(key) if self.cache else None
        result = self.http.get(
            url, etag=cached[0] if cached else None, max_bytes=self.max_card_bytes
        )
        if cached and result.not_modified:
            return replace(result, status=200, body=cached[1])
        if self.cache and result.status == 200:
            self.cache.put(key, result.etag, result.body)
        return result

    def _error(self, result: HttpResult, ref: Ref, what: str) -> DatasetError:
        """Translate a Hub error answer into a DatasetError people can act on."""
        code, status, repo = result.error_code, result.status, ref.repo_id
        if code == "RepoNotFound" or (status == 404 and code is None and what == "dataset info"):
            hint = (
                ""
                if self.http.has_token
                else " (no token was sent: if it is private, set HF_TOKEN or log in)"
            )
            return DatasetError(
                "RepoNotFound",
                f"dataset {repo!r} not found on {self.endpoint}, "
                f"or private and not accessible{hint}",
            )
        if code == "RevisionNotFound":
            return DatasetError(
                "RevisionNotFound", f"revision {ref.revision!r} of {repo!r} does not exist"
            )
        if code == "GatedRepo":
            return DatasetError(
                "GatedRepo", f"{repo} is gated: accept its terms on the Hub to read its {what}"
            )
        if code == "EntryNotFound":
            return DatasetError("EntryNotFound", f"{what} of {repo} not found")
        if status == 401:
            if self.http.has_token:
                return DatasetError(
                    "Unauthorized",
                    "invalid token: the Hub rejected the "
                    "credentials from HF_TOKEN or the token file",
                )
            return DatasetError(
                "Unauthorized", f"{self.endpoint} asks for credentials to read {repo}"
            )
        if code == "DisabledRepo" or status == 451:
            return DatasetError("Disabled", f"{repo} is disabled on the Hub (taken down)")
        says = _STATUS_SAYS.get(status, "unexpected answer")
        detail = result.error_message()
        return DatasetError(
            "HTTPError",
            f"{what} of {repo}: HTTP {status} {says}" + (f": {detail}" if detail else ""),
        )


def _repo_path(repo_id: str | None) -> str:
    """'org/name' keeps its slash; anything else in it is percent-encoded."""
    return "/".join(quote(part, safe="") for part in (repo_id or "").split("/"))


def _as_list(value) -> list:
    return value if isinstance(value, list) else []


def _sibling_names(info: dict) -> list[str] | None:
    siblings = info.get("siblings")
    if not isinstance(siblings, list):
        return None  # not listed: try README.md anyway
    return [
        s["rfilename"]
        for s in siblings
        if isinstance(s, dict) and isinstance(s.get("rfilename"), str)
    ]


def _license_files(siblings: list[str] | None, card_data: dict | None) -> list[str]:
    """LICENSE-like siblings (top level first) plus a relative `license_link` that is a sibling."""
    if not siblings:
        return []
    # top level or one folder deep, any folder: data/LICENSE, subset_a/LICENSE.txt
    found = sorted(
        (p for p in siblings if p.count("/") <= 1 and is_top_license_file(p.rsplit("/", 1)[-1])),
        key=lambda p: (p.count("/"), p.lower()),
    )
    link = (card_data or {}).get("license_link")
    if isinstance(link, str):
        link = link.strip().lstrip("./")
        if link in siblings and link not in found and not link.lower().endswith(".pdf"):
            found.insert(0, link)
    return found[:MAX_LICENSE_FILES]
