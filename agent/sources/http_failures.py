"""What went wrong on the wire, in words: network errors retried, refused hosts, cut-off answers."""

from __future__ import annotations

import requests
from urllib3.exceptions import NewConnectionError

from agent.errors import DatasetError
from agent.sources.deadline import Watched
from agent.sources.http_body import Truncated, safe_url

NETWORK_ERRORS = (
    requests.exceptions.ConnectionError,  # refused, reset, DNS, connect timeout
    requests.exceptions.Timeout,  # read timeout
    requests.exceptions.ChunkedEncodingError,  # body cut short (IncompleteRead)
    requests.exceptions.ContentDecodingError,  # gzip stream cut short
)


def raise_if_cut(watched: Watched, url: str) -> None:
    if watched.cut == "stopped":
        raise DatasetError("Interrupted", "the run was stopped (Ctrl-C)")
    if watched.cut == "deadline":
        raise DatasetError(
            "Timeout",
            f"{safe_url(url)} did not answer in full within its deadline "
            "(total time per request, or the dataset's)",
        )


def refused(exc: Exception) -> bool:
    """A refused connection or an unknown host: nobody is there, and seconds will not change it."""
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    return isinstance(exc, requests.exceptions.ConnectionError) and isinstance(
        reason, NewConnectionError
    )


def describe(exc: Exception) -> str:
    name = type(exc).__name__
    if isinstance(exc, requests.exceptions.Timeout):
        return "timed out"
    if isinstance(exc, (Truncated, requests.exceptions.ChunkedEncodingError)):
        return "response cut short"
    if isinstance(exc, requests.exceptions.ConnectionError):
        return "connection failed"
    return name
