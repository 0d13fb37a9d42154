"""Discovery before an audit: say what was skipped, and ask the Hub about ambiguous hf:// paths."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import cache

from agent.config import Settings
from agent.discover import DiscoveryResult, discover
from agent.errors import DatasetError


def discover_for_audit(path: str, settings: Settings, stream=None) -> DiscoveryResult:
    """discover(path), its skipped files named on stderr; unless offline, an hf:// path that may
    name two repositories is read as the one the Hub has (huggingface_hub's HfFileSystem rule)."""
    stream = stream or sys.stderr
    result = discover(path)
    result.report_skipped(stream)
    if not settings.offline and any(f.alternative for f in result.findings):
        for line in result.resolve_ambiguous(hub_repo_exists(settings)):
            print(f"licensetrace: note: discovery: {line}", file=stream)
    return result


def hub_repo_exists(settings: Settings) -> Callable[[str], bool]:
    """repo_id -> does the Hub have this dataset? Unsure (network, 5xx, gated) counts as yes:
    the path then keeps HfFileSystem's first reading."""
    from agent.refs import parse_ref
    from agent.sources.credentials import resolve_endpoint
    from agent.sources.http import HttpClient
    from agent.sources.hub import HubSource

    source = HubSource(resolve_endpoint(settings.endpoint), HttpClient(token=settings.token))

    @cache
    def exists(repo_id: str) -> bool:
        try:
            source.fetch_info(parse_ref("hf:" + repo_id))
        except DatasetError as exc:
            return exc.code != "RepoNotFound"
        return True

    return exists
