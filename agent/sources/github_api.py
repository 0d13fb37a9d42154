"""GitHub REST API calls: headers, token, ETag conditional requests, rate limits and error answers."""

from __future__ import annotations

import logging
import os
import threading
import time
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

from agent.errors import DatasetError
from agent.sources.filecache import FileCache
from agent.sources.http import REQUEST_DEADLINE_S, HttpClient, HttpResult, host_of
from agent.sources.ratelimit import parse_retry_after

log = logging.getLogger("licensetrace.github")
DEFAULT_API_URL = "https://api.github.com"
API_VERSION = "2022-11-28"
MAX_JSON_BYTES = 5_000_000  # a folder listing of 1,000 entries is ~400 kB
MAX_RETRY_AFTER = 60.0  # secondary limits ask for seconds; longer than this, stop and say so


def api_url_from_env() -> str:
    """GITHUB_API_URL (Actions and Enterprise: https://HOST/api/v3), else https://api.github.com."""
    return (os.environ.get("GITHUB_API_URL") or DEFAULT_API_URL).rstrip("/")


def _spent(result: HttpResult) -> bool:
    """The primary rate limit is spent (403/429 with X-RateLimit-Remaining: 0): wait for its reset."""
    return result.headers.get("X-RateLimit-Remaining") == "0" and not result.headers.get(
        "Retry-After"
    )


class GitHubAPI:
    """GETs against one API host. Errors come back as DatasetError with a code people can act on:
    RepoNotFound (404), Blocked (451), EmptyRepository (409), RateLimited (quota spent: no more
    calls this run), Unauthorized (401), HTTPError (anything else)."""

    def __init__(
        self,
        api_url: str | None = None,
        token: str | None = None,
        http: HttpClient | None = None,
        cache: FileCache | None = None,
        clock=time.time,
        request_deadline: float | None = None,
        stop: threading.Event | None = None,
    ):
        self.api_url = (api_url or api_url_from_env()).rstrip("/")
        token = token if token is not None else os.environ.get("GITHUB_TOKEN") or None
        # No Hub token or quotas here; GitHub's 429s are read here (reset time, Retry-After), not
        # waited out blindly; an unreachable GitHub (offline, firewalled) is given up at once.
        self.http = http or HttpClient(
            token=token,
            quotas=None,
            max_retries=2,
            wait_429=False,
            retry_unreachable=False,
            stop=stop,
            request_deadline=request_deadline or REQUEST_DEADLINE_S,
        )
        self.http.trust_host(
            self.api_url
        )  # the token goes to the API host only, never to raw hosts
        self.cache, self.clock = cache, clock
        self.spent: str | None = None  # why GitHub calls stopped for this run (quota spent)
        self._lock = threading.Lock()

    def __repr__(self) -> str:  # never show the token
        return (
            f"GitHubAPI(api_url={self.api_url!r}, token={'set' if self.http.has_token else None})"
        )

    def repo_url(self, repo_id: str, tail: str = "") -> str:
        owner, _, name = repo_id.partition("/")
        return f"{self.api_url}/repos/{quote(owner, safe='')}/{quote(name, safe='')}{tail}"

    def get_json(self, url: str, what: str) -> tuple[Any, HttpResult]:
        """The JSON of a 200 answer (from the cache on a 304) and the answer; errors raised."""
        result = self.get(url, what, MAX_JSON_BYTES)
        try:
            return result.json(), result
        except ValueError:
            raise DatasetError(
                "BadResponse", f"GitHub answered {what} with something that is not JSON"
            ) from None

    def get(self, url: str, what: str, max_bytes: int, api: bool = True) -> HttpResult:
        """GET with If-None-Match from the cache; one wait for a short Retry-After; errors raised."""
        if self.spent:
            raise DatasetError("RateLimited", self.spent)
        cached = self.cache.get(url) if self.cache else None
        headers = (
            {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": API_VERSION}
            if api
            else {}
        )
        for attempt in range(2):
            result = self.http.get(
                url,
                etag=cached[0] if cached else None,
                max_bytes=max_bytes,
                quota=None,
                headers=headers,
            )
            wait = self._limited(result)
            if wait is None:
                break
            if (
                attempt or wait > MAX_RETRY_AFTER or _spent(result)
            ):  # a spent quota: never before its reset
                raise self._stop(result, wait)
            log.info("GitHub asks to wait %.0f s (secondary rate limit)", wait)
            time.sleep(wait)
        if cached and result.not_modified:
            return replace(result, status=200, body=cached[1])
        if result.status != 200:
            raise self._error(result, what)
        if self.cache and result.etag:
            self.cache.put(url, result.etag, result.body)
        return result

    def _limited(self, result: HttpResult) -> float | None:
        """Seconds to wait when the answer is a rate limit (403/429), else None."""
        if result.status not in (403, 429):
            return None
        retry = parse_retry_after(result.headers.get("Retry-After"))
        if retry is not None:
            return retry
        if result.headers.get("X-RateLimit-Remaining") == "0" or result.status == 429:
            reset = result.headers.get("X-RateLimit-Reset", "")
            return max(0.0, float(reset) - self.clock()) if reset.isdigit() else float("inf")
        return None  # a 403 that is not a limit: a permission problem

    def _stop(self, result: HttpResult, wait: float) -> DatasetError:
        """The quota is spent: no more GitHub calls in this run, with the time it comes back."""
        reset = result.headers.get("X-RateLimit-Reset", "")
        when = (
            datetime.fromtimestamp(int(reset), UTC).strftime("%H:%M:%S UTC")
            if reset.isdigit()
            else f"in {wait:.0f} s"
            if wait != float("inf")
            else "later"
        )
        hint = (
            ""
            if self.http.has_token
            else " (set GITHUB_TOKEN: 5,000 requests an hour instead of 60)"
        )
        message = (
            f"GitHub rate limit of {host_of(self.api_url)} spent (HTTP {result.status}); "
            f"it resets at {when}; no more GitHub calls in this run{hint}"
        )
        with self._lock:
            self.spent = message
        return DatasetError("RateLimited", message)

    def _error(self, result: HttpResult, what: str) -> DatasetError:
        status, detail = result.status, result.error_message()
        if status == 404:
            hint = "" if self.http.has_token else " (private? set GITHUB_TOKEN)"
            return DatasetError("RepoNotFound", f"{what}: not found on GitHub, or private{hint}")
        if status == 451:
            return DatasetError(
                "Blocked", f"{what}: blocked by GitHub for legal reasons (HTTP 451)"
            )
        if status == 409:
            return DatasetError("EmptyRepository", f"{what}: the repository is empty (HTTP 409)")
        if status == 401:
            return DatasetError(
                "Unauthorized", "GitHub rejected the token in GITHUB_TOKEN (HTTP 401)"
            )
        if status == 403:
            return DatasetError("Forbidden", f"{what}: HTTP 403 {detail or 'forbidden'}")
        return DatasetError(
            "HTTPError", f"{what}: HTTP {status} from GitHub" + (f": {detail}" if detail else "")
        )
