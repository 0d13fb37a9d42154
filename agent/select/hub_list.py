"""The Hub's list endpoint and the resolver re-check: pages of datasets, and whether one changed."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlencode

from requests.utils import parse_header_links

from agent.errors import LicensetraceError
from agent.refs import is_repo_id
from agent.select.listed import LIST_EXPAND, ListedDataset
from agent.sources.http import host_of
from agent.sources.hub import HubSource

PAGE_SIZE = 1000  # the Hub's largest page (huggingface_hub pages through the same endpoint)
MAX_PAGE_BYTES = 100_000_000  # 1,000 items with their cardData stay far below this


class ListingError(LicensetraceError):
    """A listing page could not be read after its retries: the run ends there (exit 3)."""


@dataclass(frozen=True)
class ListQuery:
    """One listing: by author (one listing each), by search text, or everything (`--all`)."""

    authors: tuple[str, ...] = ()
    search: str | None = None
    limit: int | None = None  # datasets in all, over every author


@dataclass(frozen=True)
class ReadmeCheck:
    """The resolver's answer for README.md at main: its status, commit and etag."""

    status: int
    commit: str | None
    etag: str | None
    error_code: str | None = None


class HubListing:
    """Pages through `GET /api/datasets` lazily: one page (<= 1,000 items) in memory at a time."""

    def __init__(self, hub: HubSource):
        self.hub = hub
        self.pages = 0  # list calls made (each page once, whatever its retries)
        self.skipped_items = 0  # items without a usable id (a broken or hostile answer)

    def by_page(self, query: ListQuery) -> Iterator[list[ListedDataset]]:
        """The listing page by page (the last ones cut to `query.limit`), in the Hub's order."""
        left = query.limit
        for author in query.authors or (None,):
            url: str | None = self.first_url(author, query.search, left)
            seen_urls: set[str] = set()
            while url is not None and (left is None or left > 0):
                items, url = self._page(url, author, seen_urls)
                if left is not None:
                    items, left = items[:left], left - min(left, len(items))
                yield items
            if left is not None and left <= 0:
                return

    def first_url(self, author: str | None, search: str | None, left: int | None) -> str:
        """`/api/datasets?author=ORG&search=TEXT&limit=N&expand[]=sha&expand[]=cardData...`"""
        params: list[tuple[str, str]] = []
        if author:
            params.append(("author", author))
        if search:
            params.append(("search", search))
        params.append(("limit", str(min(PAGE_SIZE, left) if left is not None else PAGE_SIZE)))
        params += [("expand[]", name) for name in LIST_EXPAND]
        return f"{self.hub.endpoint}/api/datasets?{urlencode(params)}"

    def _page(
        self, url: str, author: str | None, seen: set[str]
    ) -> tuple[list[ListedDataset], str | None]:
        """One page's datasets and the next page's URL (None at the end)."""
        seen.add(url)
        self.pages += 1
        where = f"listing the Hub's datasets{f' of {author}' if author else ''} (page {len(seen)})"
        result = self.hub.http.get(url, max_bytes=MAX_PAGE_BYTES, quota="api")
        if result.status != 200:
            detail = result.error_message()
            raise ListingError(
                f"{where} failed: HTTP {result.status}" + (f": {detail}" if detail else "")
            )
        try:
            body = result.json()
        except (ValueError, UnicodeDecodeError):
            raise ListingError(f"{where}: the answer is not JSON") from None
        if not isinstance(body, list):
            raise ListingError(f"{where}: the answer is not a JSON list of datasets")
        items = [ListedDataset.from_item(item) for item in body]
        kept = [i for i in items if i is not None and is_repo_id(i.id)]
        self.skipped_items += len(items) - len(kept)
        return kept, self._next(result.headers.get("Link"), where, seen, bool(items))

    def _next(self, link: str | None, where: str, seen: set[str], had_items: bool) -> str | None:
        """The `rel="next"` URL; refused when it leaves the endpoint or goes round in a loop."""
        following = next(
            (x.get("url") for x in parse_header_links(link or "") if x.get("rel") == "next"),
            None,
        )
        if not following:
            return None
        if host_of(following) != host_of(self.hub.endpoint):
            raise ListingError(f"{where}: the next page is on another host ({host_of(following)})")
        if following in seen or not had_items:
            raise ListingError(f"{where}: the next page link goes round in a loop")
        return following


def check_readme(hub: HubSource, repo_id: str, etag: str | None) -> ReadmeCheck:
    """README.md at main on the resolver quota, with If-None-Match: 304 when it is unchanged.

    X-Repo-Commit (sent with 200, 304 and 404 EntryNotFound) names the repository's commit."""
    url = hub.file_url(repo_id, "main", "README.md")
    result = hub.http.get(url, etag=etag, max_bytes=hub.max_card_bytes)
    return ReadmeCheck(
        status=result.status,
        commit=result.headers.get("X-Repo-Commit"),
        etag=result.etag,
        error_code=result.error_code,
    )
