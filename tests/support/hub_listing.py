"""The Hub stand-in's list endpoint: `GET /api/datasets` with author, search, limit, expand[],
full and cursor pagination by the `Link: <...>; rel="next"` header, as huggingface_hub's
`list_datasets` and huggingface.js's `listDatasets` read it."""

from __future__ import annotations

import base64
import json
import os
from urllib.parse import urlencode

from tests.support.hub_repo import is_dataset_dir

PAGE_SIZE = 1000  # the Hub's largest page: one call brings up to 1,000 datasets
# What a list item carries without expand[] or full (no cardData, no siblings: those need one)
DEFAULT_FIELDS = (
    "_id",
    "id",
    "author",
    "sha",
    "lastModified",
    "private",
    "gated",
    "disabled",
    "tags",
    "downloads",
    "likes",
    "createdAt",
)


def all_ids(root: str, copies: int, copy_size: int | None) -> list[str]:
    """Every dataset id the stand-in serves, sorted: <name>, <org>/<name>, copy<i>/<name>."""
    ids, canonical = [], []
    for top in sorted(os.listdir(root)):
        path = os.path.join(root, top)
        if top.startswith(".") or not os.path.isdir(path):
            continue
        if is_dataset_dir(path):
            canonical.append(top)
            continue
        ids += [
            f"{top}/{sub}"
            for sub in sorted(os.listdir(path))
            if not sub.startswith(".") and is_dataset_dir(os.path.join(path, sub))
        ]
    served = canonical[:copy_size] if copy_size is not None else canonical
    ids += canonical + [f"copy{i}/{name}" for i in range(copies) for name in served]
    return sorted(ids)


def encode_cursor(page: int, last_id: str) -> str:
    """An opaque cursor, like the Hub's: base64 of the next page's number and the id it follows."""
    return base64.urlsafe_b64encode(json.dumps([page, last_id]).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[int, str] | None:
    """(page number, last id before it); (1, "") for no cursor; None when unreadable."""
    if not cursor:
        return 1, ""
    try:
        page, after = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, TypeError, UnicodeDecodeError):
        return None
    return (page, after) if isinstance(page, int) and isinstance(after, str) else None


def matches(repo_id: str, authors: list[str], search: str | None) -> bool:
    """author=ORG: ids under ORG/ (case-insensitive); search=TEXT: TEXT anywhere in the id."""
    lowered = repo_id.lower()
    if authors and not any(lowered.startswith(a.lower() + "/") for a in authors):
        return False
    return not search or search.lower() in lowered


def list_page(
    hub, query: dict[str, list[str]], token: str | None
) -> tuple[int, object, str | None]:
    """(status, JSON body, query string of the next page or None) for one list request."""
    expand = query.get("expand[]", []) + query.get("expand", [])
    full = query.get("full", [""])[0].lower() in ("true", "1")
    if expand and full:
        return 400, {"error": "expand and full cannot be used together"}, None
    limit_text = query.get("limit", [str(PAGE_SIZE)])[0]
    if not limit_text.isdigit():
        return 400, {"error": f"Invalid limit: {limit_text}"}, None
    size = max(1, min(int(limit_text), hub.page_size))
    cursor = decode_cursor(query.get("cursor", [""])[0])
    if cursor is None:
        return 400, {"error": "Invalid cursor"}, None
    page, after = cursor
    authors, search = query.get("author", []), query.get("search", [None])[0]
    items, last = [], None
    for repo_id in hub.listing():
        if repo_id <= after or not matches(repo_id, authors, search):
            continue
        if len(items) == size:
            following = {k: v for k, v in query.items() if k != "cursor"}
            following["cursor"] = [encode_cursor(page + 1, last or "")]
            return 200, items, urlencode(following, doseq=True)
        repo = hub.repo(repo_id)
        if repo is None or not repo.can_see(token) or repo.meta.get("moved_to"):
            continue
        items.append(_item(repo, expand, full))
        last = repo_id
    return 200, items, None


def _item(repo, expand: list[str], full: bool) -> dict:
    info = repo.info_json([], blobs=False)
    if full:
        return info
    keep = set(expand) if expand else set(DEFAULT_FIELDS)
    return {k: v for k, v in info.items() if k in keep or k in ("_id", "id")}
