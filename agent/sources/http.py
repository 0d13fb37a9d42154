"""Pooled, polite HTTP for outside services: retries, quotas, 429s, size caps, no token leaks."""

from __future__ import annotations

import logging
import random
import re
import threading
from urllib.parse import urlsplit

import requests

from agent.errors import DatasetError
from agent.sources.deadline import dataset_remaining, pause, watched_request
from agent.sources.http_body import Truncated, read_body, safe_url
from agent.sources.http_failures import NETWORK_ERRORS, describe, raise_if_cut, refused
from agent.sources.http_result import HttpResult, strip_etag  # noqa: F401 (strip_etag re-exported)
from agent.sources.ratelimit import (
    HUB_QUOTAS,
    QUOTA_CLASSES,
    QuotaLimiter,
    parse_policy,
    parse_ratelimit,
    parse_retry_after,
)
from agent.sources.transport import Transport, host_of

log = logging.getLogger("licensetrace.http")

RETRY_STATUSES = frozenset({500, 502, 503, 504})
UNREACHABLE_AFTER = 3  # requests in a row without any answer (each after all its retries)
REQUEST_DEADLINE_S = 60.0  # total per request (connect, headers, body), however slowly it trickles
MAX_REDIRECTS = 10  # a redirect loop ends here (requests' own default is 30)


# The start of a URL up to its path, when the path begins with /api/ (urlsplit's parts: scheme,
# then netloc after "//" up to the first "/", "?" or "#"). For a URL without spaces or control
# characters (which urlsplit strips first), a match is what urlsplit(url).path.startswith("/api/")
# says, at a fraction of urlsplit's cost, once a request.
_API_PATH = re.compile(r"\A(?:[A-Za-z][A-Za-z0-9+.-]*:)?(?://[^/?#]*)?/api/")


def quota_class(url: str) -> str:
    """Which Hub quota a URL spends: "api" (/api/...) or "resolve" (/resolve/, /raw/, others)."""
    if url.isprintable() and " " not in url:
        return "api" if _API_PATH.match(url) else "resolve"
    return "api" if urlsplit(url).path.startswith("/api/") else "resolve"


class HttpClient:
    """Thread-safe GETs over one pooled transport (agent.sources.transport).

    The token goes only to hosts registered with `trust_host` (the Hub endpoint), on every hop of
    a redirect: a hop to another host never carries it. `stats` counts requests.
    """

    def __init__(
        self,
        token: str | None = None,
        timeout: tuple[float, float] = (5, 30),
        max_retries: int = 4,
        *,
        pool_size: int = 32,
        backoff: float = 0.5,
        max_backoff: float = 30.0,
        quotas: dict | str | None = "hub",
        max_wait: float = 900.0,
        max_throttled: int = 8,
        user_agent: str | None = None,
        request_deadline: float | None = REQUEST_DEADLINE_S,
        stop: threading.Event | None = None,
        retry_unreachable: bool = True,
        wait_429: bool = True,
        quota_share: dict[str, float] | None = None,
    ):
        """`request_deadline`: seconds a request may take in all (None: unbounded); `stop`: set
        it (Ctrl-C) and every request in flight or waiting ends with `Interrupted`;
        `retry_unreachable=False`: a refused connection or unknown host is not retried;
        `wait_429=False`: 429s go back to the caller (GitHub's carry their reset time);
        `quota_share`: the part of each quota class this client may use ({"api": 0.5}; a class
        not named: all of it; QuotaLimiter.share)."""
        self._token = token
        self.wait_429 = wait_429
        self.timeout, self.max_retries = timeout, max_retries
        self.backoff, self.max_backoff = backoff, max_backoff
        self.max_wait, self.max_throttled = max_wait, max_throttled
        self.request_deadline, self.stop, self.retry_unreachable = (
            request_deadline,
            stop,
            retry_unreachable,
        )
        self._trusted: set[str] = set()
        self._warned_wait = False
        self.transport = Transport(
            user_agent or "licensetrace/0.1 (+requests)", pool_size, MAX_REDIRECTS
        )
        self._quotas, self.quota_share = quotas, dict(quota_share or {})
        self.limiters: dict[tuple[str, str], QuotaLimiter] = {}  # (scheme://host, class) -> limiter
        self._lock = threading.Lock()
        self._unreachable: dict[str, int] = {}  # host -> requests in a row that got no answer
        self.stats: dict[str, float] = {
            "requests": 0,
            "api": 0,
            "resolve": 0,
            "retries": 0,
            "throttled": 0,
            "waited_s": 0.0,
            "bytes": 0,
            "not_modified": 0,
        }

    def __repr__(self) -> str:  # never show the token
        return (
            f"HttpClient(token={'set' if self._token else None}, trusted={sorted(self._trusted)})"
        )

    @property
    def has_token(self) -> bool:
        return bool(self._token)

    def trust_host(self, url: str) -> None:
        """Allow the token to be sent to this URL's scheme://host:port (and only there)."""
        self._trusted.add(host_of(url))

    def limiter(self, url: str, name: str) -> QuotaLimiter:
        """The limiter of one quota class on one host, created on first use.

        quotas="hub": the documented Hub quotas for *.huggingface.co; other endpoints (mirrors,
        the test stand-in) start unlimited and adopt the quota their RateLimit-Policy announces.
        A dict {"api": (limit, window), ...} applies to every host; None sets no client limit.
        """
        host = host_of(url)
        with self._lock:
            limiter = self.limiters.get((host, name))
            if limiter is None:
                limit, window = (self._quota_table(url) or {}).get(name, (None, 300))
                limiter = QuotaLimiter(limit, window, self.quota_share.get(name, 1.0))
                self.limiters[(host, name)] = limiter
            return limiter

    def _quota_table(self, url: str) -> dict | None:
        """The client-side quotas for `url`: "hub" means the Hub's documented ones, on the Hub only."""
        if self._quotas != "hub":
            return self._quotas if isinstance(self._quotas, dict) else None
        on_hub = (urlsplit(url).hostname or "").endswith("huggingface.co")
        return HUB_QUOTAS["token" if self._token else "anonymous"] if on_hub else None

    def close(self) -> None:
        self.transport.close()

    def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        max_bytes: int | None = None,
        quota: str | None = "auto",
        headers: dict | None = None,
    ) -> HttpResult:
        """GET with retries. Returns every HTTP answer (4xx included) as an HttpResult.

        Raises DatasetError: NetworkError (no answer after retries), RateLimited (429s beyond
        patience), TooLarge (body over max_bytes; nothing more than the limit is read), Timeout
        (the request's or the dataset's deadline passed), Interrupted (the run was stopped),
        TooManyRedirects (a redirect loop), HTTPError (a redirect requests cannot follow).
        """
        name = quota_class(url) if quota == "auto" else quota
        limiter = self.limiter(url, name) if name else None
        self._check_reachable(url)
        failures = throttled = 0
        while True:
            self._check_time_left(url)
            if limiter is not None and name:
                waited = limiter.acquire(
                    lambda seconds, name=name: self._warn_wait(url, name, seconds),
                    sleep=lambda seconds: pause(seconds, self.stop, "the quota wait"),
                )
                self._count("waited_s", waited)
            self._count("requests", 1)
            if name in QUOTA_CLASSES:
                self._count(name, 1)
            try:
                result = self._watched_once(url, etag, max_bytes, headers)
            except (Truncated, *NETWORK_ERRORS) as exc:
                if limiter is not None:
                    limiter.settle()
                failures += 1
                if failures > self.max_retries or (not self.retry_unreachable and refused(exc)):
                    self._note_unreachable(url)
                    raise DatasetError(
                        "NetworkError",
                        f"no answer from {safe_url(url)} after "
                        f"{failures} attempt{'s' if failures > 1 else ''} ({describe(exc)})",
                    ) from None
                self._retry_pause(failures, None, url, describe(exc))
                continue
            self._unreachable.pop(
                host_of(url), None
            )  # it answers: whatever failed before was passing
            if limiter is not None:
                limiter.settle()
                self._learn(limiter, result)
            if result.status == 429 and self.wait_429:
                throttled += 1
                self._wait_out_429(url, result, throttled, limiter)
                continue
            if result.status in RETRY_STATUSES and failures < self.max_retries:
                failures += 1
                self._retry_pause(
                    failures,
                    parse_retry_after(result.headers.get("Retry-After")),
                    url,
                    f"HTTP {result.status}",
                )
                continue
            return result

    def _check_time_left(self, url: str) -> None:
        """Before each attempt: stopped runs and datasets out of time send nothing more."""
        if self.stop is not None and self.stop.is_set():
            raise DatasetError("Interrupted", "the run was stopped (Ctrl-C)")
        remaining = dataset_remaining()
        if remaining is not None and remaining <= 0:
            raise DatasetError(
                "Timeout", f"the dataset's deadline passed before asking {safe_url(url)}"
            )

    def _watched_once(
        self, url: str, etag: str | None, max_bytes: int | None, extra: dict | None
    ) -> HttpResult:
        """One attempt under the watchdog: cut at the deadline (total, not per read) or on stop."""
        with watched_request(self.request_deadline, self.stop) as watched:
            try:
                result = self._once(url, etag, max_bytes, extra)
            except requests.exceptions.TooManyRedirects:
                raise DatasetError(
                    "TooManyRedirects",
                    f"{safe_url(url)} redirects in a loop (more than {MAX_REDIRECTS} hops)",
                ) from None
            except (Truncated, *NETWORK_ERRORS):
                raise_if_cut(watched, url)
                raise
            except requests.exceptions.RequestException as exc:  # InvalidSchema, InvalidURL, ...
                raise DatasetError(
                    "HTTPError", f"{safe_url(url)}: cannot follow the answer ({type(exc).__name__})"
                ) from None
            raise_if_cut(watched, url)  # a body without length ends "cleanly" when cut
            return result

    def _check_reachable(self, url: str) -> None:
        """Fail fast once a host has let several requests in a row exhaust their retries: a Hub that
        is down (or a machine that is offline) then costs seconds, not minutes of backoff per dataset."""
        misses = self._unreachable.get(host_of(url), 0)
        if misses >= UNREACHABLE_AFTER:
            raise DatasetError(
                "NetworkError",
                f"{host_of(url)} is unreachable: {misses} requests in a row "
                "got no answer after retries; not asked again in this run",
            )

    def _note_unreachable(self, url: str) -> None:
        with self._lock:
            host = host_of(url)
            self._unreachable[host] = self._unreachable.get(host, 0) + 1

    def _once(
        self, url: str, etag: str | None, max_bytes: int | None, extra: dict | None
    ) -> HttpResult:
        headers = dict(extra or {})
        if etag:
            headers["If-None-Match"] = f'"{etag}"'
        resp = self.transport.get(url, headers, self._authorization, self.timeout)
        try:
            body = read_body(resp, max_bytes) if resp.status_code != 304 else b""
        finally:
            resp.close()
        chain = [*resp.history, resp]
        self._count("bytes", len(body))
        self._count("not_modified", int(resp.status_code == 304))
        return HttpResult(
            url=resp.url,
            status=resp.status_code,
            headers=resp.headers,
            body=body,
            hops=[(r.url, r.status_code) for r in resp.history],
            token_sent_to=sorted(
                {
                    host_of(r.request.url or "")
                    for r in chain
                    if "Authorization" in r.request.headers
                }
            ),
        )

    def _authorization(self, url: str) -> str | None:
        """The token, for the hosts trusted with it only (each hop of a redirect is asked)."""
        if self._token and host_of(url) in self._trusted:
            return f"Bearer {self._token}"
        return None

    def _learn(self, limiter: QuotaLimiter, result: HttpResult) -> None:
        """Adopt the server's announced quota; pause everyone when it says none is left."""
        policy = parse_policy(result.headers.get("RateLimit-Policy"))
        if policy and policy != (limiter.limit, limiter.window):
            limiter.set_policy(*policy)
        state = parse_ratelimit(result.headers.get("RateLimit"))
        if state:
            limiter.note_remaining(*state)
        if state and state[0] == 0 and result.status != 429:
            limiter.pause_for(state[1])

    def _warn_wait(self, url: str, name: str, seconds: float) -> None:
        """Say once per run why a long quota wait happens (it would look like a hang)."""
        if not self._warned_wait:
            self._warned_wait = True
            hint = "" if self._token else " (a token raises the quota: set HF_TOKEN)"
            log.warning(
                "waiting %.0f s to stay within the %r quota of %s%s",
                seconds,
                name,
                host_of(url),
                hint,
            )

    def _wait_out_429(
        self, url: str, result: HttpResult, throttled: int, limiter: QuotaLimiter | None
    ) -> None:
        """Pause every thread of this quota for Retry-After / t=; give up past our patience."""
        self._count("throttled", 1)
        wait = self._rate_wait(result, throttled)
        if throttled > self.max_throttled or wait > self.max_wait:
            raise DatasetError(
                "RateLimited",
                f"rate limited by {host_of(url)}: still 429 "
                f"after {throttled - 1} waits (asked to wait {wait:.0f} s)",
            )
        log.info("429 from %s: waiting %.1f s", safe_url(url), wait)
        if limiter is not None:
            limiter.pause_for(wait)  # the next acquire() of every thread waits it out
        else:
            self._count("waited_s", wait)
            pause(wait, self.stop, "the rate-limit wait")

    def _rate_wait(self, result: HttpResult, throttled: int) -> float:
        wait = parse_retry_after(result.headers.get("Retry-After"))
        state = parse_ratelimit(result.headers.get("RateLimit"))
        if state:
            wait = max(wait or 0.0, float(state[1]))
        if wait is None:
            wait = min(self.max_backoff, 2.0**throttled)
        return wait + random.uniform(0, 0.2)  # spread the herd that wakes up together

    def _retry_pause(self, failures: int, hint: float | None, url: str, why: str) -> None:
        delay = min(self.max_backoff, self.backoff * 2 ** (failures - 1))
        delay = (
            hint
            if hint is not None and hint <= self.max_backoff
            else delay * random.uniform(0.5, 1.5)
        )
        log.info("retry %d of %s in %.2f s (%s)", failures, safe_url(url), delay, why)
        self._count("retries", 1)
        self._count("waited_s", delay)
        pause(delay, self.stop, "the retry")

    def _count(self, key: str, amount: float) -> None:
        if amount:
            with self._lock:
                self.stats[key] += amount
