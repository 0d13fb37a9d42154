"""Staying within a server's quotas: a shared sliding-window limiter and rate-limit headers."""

from __future__ import annotations

import email.utils
import re
import threading
import time
from collections import deque

# Hub quotas per 5-minute fixed window: (requests, window seconds). The one table of documented
# defaults, used until a server announces its own with RateLimit-Policy.
HUB_QUOTAS_SOURCE = "the Hub's documented rate limits (Sept 2025, HUB_API.md)"
HUB_QUOTAS = {
    "anonymous": {"api": (500, 300), "resolve": (3000, 300)},
    "token": {"api": (1000, 300), "resolve": (5000, 300)},
}
QUOTA_CLASSES = tuple(HUB_QUOTAS["anonymous"])  # "api", "resolve"
# RateLimit: "api";r=0;t=42   (IETF draft; r = remaining, t = seconds until the window resets)
_RATELIMIT = re.compile(r"\br\s*=\s*(\d+)\s*;\s*t\s*=\s*(\d+)")
# RateLimit-Policy: "fixed window";"api";q=500;w=300
_POLICY = re.compile(r"\bq\s*=\s*(\d+)\s*;\s*w\s*=\s*(\d+)")


def parse_retry_after(value: str | None) -> float | None:
    """Retry-After as seconds ("3") or an HTTP date; None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class QuotaLimiter:
    """At most `limit` requests in any `window` seconds (a sliding log), plus a shared pause.

    A sliding log keeps under a fixed-window quota whatever the server's window alignment.
    `pause_for` (after a 429 or `r=0`) holds back every thread using this quota.
    `share`: the part of the quota this process may use, when several processes share it
    (`audit run --workers N`, agent.workers.quota_shares); the server's own counts (`r=`) stay
    whole.
    """

    def __init__(self, limit: int | None = None, window: float = 300.0, share: float = 1.0):
        self.share = share
        self.limit, self.window = _part(limit, share), float(window)
        self.announced = False  # the limit came from the server's RateLimit-Policy
        # one [time] per request: when it was sent, then when its answer came (settle): the server
        # counts it in between, so the later time never lets a fixed window of the server overflow
        # when a busy client sends a request well after taking its slot
        self._sent: deque[list[float]] = deque()
        self._mine = threading.local()  # the slot this thread took last
        self._paused_until = 0.0
        self._server_left: tuple[int, float] | None = None  # (r=, until when it holds)
        self._lock = threading.Lock()

    def acquire(self, on_long_wait=None, sleep=time.sleep) -> float:
        """Block until a request may go; return the seconds waited.

        `on_long_wait(seconds)` is called once, before sleeping, when the wait is over 5 s;
        `sleep(seconds)` waits (the HTTP client's raises when the run stops or time runs out).
        """
        waited = 0.0
        while True:
            with self._lock:
                now = time.monotonic()
                while self._sent and self._sent[0][0] <= now - self.window:
                    self._sent.popleft()
                wait = self._paused_until - now
                if self.limit is not None and len(self._sent) >= self.limit:
                    wait = max(wait, self._sent[0][0] + self.window - now)
                if wait <= 0:
                    self._mine.slot = [now]
                    self._sent.append(self._mine.slot)
                    return waited
            if on_long_wait is not None and wait > 5 and waited == 0:
                on_long_wait(wait)
            sleep(min(wait, 5.0))
            waited += min(wait, 5.0)

    def settle(self) -> None:
        """The answer to this thread's last request came: its slot counts from now on."""
        slot = getattr(self._mine, "slot", None)
        if slot is not None:
            with self._lock:
                slot[0] = max(slot[0], time.monotonic())
            self._mine.slot = None

    def pause_for(self, seconds: float) -> None:
        with self._lock:
            self._paused_until = max(self._paused_until, time.monotonic() + seconds)

    def set_policy(self, limit: int, window: float) -> None:
        with self._lock:
            self.limit, self.window = _part(limit, self.share), float(window)
            self.announced = True

    def note_remaining(self, remaining: int, reset: float) -> None:
        """The server's own count (`RateLimit: r=..;t=..`), believed until its window resets."""
        with self._lock:
            self._server_left = (remaining, time.monotonic() + reset)

    def left(self) -> int | None:
        """Calls left in the current window: the server's last word, else our own count against
        the limit; None when no limit is known."""
        with self._lock:
            now = time.monotonic()
            if self._server_left is not None and now < self._server_left[1]:
                return self._server_left[0]
            if self.limit is None:
                return None
            recent = sum(1 for (t,) in self._sent if t > now - self.window)
            return max(0, self.limit - recent)


def _part(limit: int | None, share: float) -> int | None:
    """A process's part of a quota: at least one call, so that every process makes progress."""
    return None if limit is None else max(1, int(limit * share))


def parse_ratelimit(value: str | None) -> tuple[int, int] | None:
    """'"api";r=0;t=42' -> (remaining 0, reset in 42 s); None when absent."""
    match = _RATELIMIT.search(value or "")
    return (int(match.group(1)), int(match.group(2))) if match else None


def parse_policy(value: str | None) -> tuple[int, int] | None:
    """'"fixed window";"api";q=500;w=300' -> (quota 500, window 300 s); None when absent."""
    match = _POLICY.search(value or "")
    return (int(match.group(1)), int(match.group(2))) if match else None
