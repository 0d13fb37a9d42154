"""Progress on stderr: a bar on a terminal, plain lines elsewhere (CI logs), nothing with --quiet."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable

from agent.select.plan import duration
from agent.terminal import printable

LINE_EVERY = 50  # datasets between two plain progress lines (off a terminal) ...
LINE_SECONDS = 10.0  # ... or seconds, whichever comes first: CI sees the run move


class Progress:
    """Counts finished datasets; the total grows when upstream datasets join the run.

    Shows the calls left in the quota windows once `watch` gives it a way to read them, and an
    ETA from the pace so far (quota waits included) when the total is known."""

    def __init__(
        self,
        total: int | None,
        enabled: bool = True,
        stream=None,
        clock=time.monotonic,
        every: int = LINE_EVERY,
        seconds: float = LINE_SECONDS,
    ):
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.bar = enabled and self.stream.isatty()
        self.known_total = total is not None  # a listing without --limit: known as it goes
        self.total, self.done, self.errors = total or 0, 0, 0
        self.clock, self.every, self.seconds = clock, every, seconds
        self.started = clock()
        self._last_line = (0, self.started)  # (done, time) of the last plain line
        self._lock = threading.Lock()
        self.quota_left: Callable[[], dict[str, int | None]] | None = None
        self.hooks: list[Callable[[], None]] = []  # run after each update (a re-planned quota)

    def watch(self, quota_left: Callable[[], dict[str, int | None]]) -> None:
        """`quota_left()` -> {"api": calls left in its window or None, "resolve": ...}."""
        self.quota_left = quota_left

    def eta(self) -> float | None:
        """Seconds left at the pace so far; None before any dataset or without a total."""
        elapsed = self.clock() - self.started
        if not self.known_total or not self.done or elapsed <= 0 or self.total <= self.done:
            return None
        return (self.total - self.done) * elapsed / self.done

    def _extras(self) -> str:
        """', API calls left 420, resolver calls left 2,950, ETA 3 min 10 s' (what is known)."""
        left = self.quota_left() if self.quota_left is not None else {}
        parts = [
            f"{label} calls left {left[name]:,}"
            for name, label in (("api", "API"), ("resolve", "resolver"))
            if left.get(name) is not None
        ]
        eta = self.eta()
        if eta is not None:
            parts.append(f"ETA {duration(eta)}")
        return "".join(", " + part for part in parts)

    def _count(self) -> str:
        return f"{self.done}/{self.total}" if self.known_total else f"{self.done}"

    def update(self, result) -> None:
        with self._lock:
            self.done += 1
            self.errors += result.get("status") == "error"
            self.total = max(self.total, self.done)
            if self.bar:
                self._draw(result.get("dataset", ""))
            elif self.enabled and self._line_due():
                self._line(result.get("dataset", ""))
        for hook in self.hooks:
            hook()

    def _draw(self, last: str) -> None:
        width = 30
        filled = int(width * self.done / max(self.total, 1))
        bar = "#" * filled + "-" * (width - filled)
        self.stream.write(
            f"\r[{bar}] {self._count()} errors {self.errors}{self._extras()}  "
            f"{printable(last)[:30]:<30}"
        )
        self.stream.flush()

    def _line_due(self) -> bool:
        done, at = self._last_line
        return self.done - done >= self.every or self.clock() - at >= self.seconds

    def _line(self, last: str) -> None:
        # "licensetrace: progress 50/120 datasets, 2 errors, API calls left 420, ETA 2 min (last: squad)"
        self.stream.write(
            f"licensetrace: progress {self._count()} datasets, "
            f"{self.errors} errors{self._extras()} (last: {printable(last)[:80]})\n"
        )
        self.stream.flush()
        self._last_line = (self.done, self.clock())

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc) -> None:
        if self.bar and self.done:
            self.stream.write("\n")
            self.stream.flush()
