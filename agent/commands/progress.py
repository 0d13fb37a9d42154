"""Progress on stderr: a bar on a terminal, plain lines elsewhere (CI logs), nothing with --quiet."""

from __future__ import annotations

import sys
import threading
import time

from agent.terminal import printable

LINE_EVERY = 50  # datasets between two plain progress lines (off a terminal) ...
LINE_SECONDS = 10.0  # ... or seconds, whichever comes first: CI sees the run move


class Progress:
    """Counts finished datasets; the total grows when upstream datasets join the run."""

    def __init__(
        self,
        total: int,
        enabled: bool = True,
        stream=None,
        clock=time.monotonic,
        every: int = LINE_EVERY,
        seconds: float = LINE_SECONDS,
    ):
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.bar = enabled and self.stream.isatty()
        self.total, self.done, self.errors = total, 0, 0
        self.clock, self.every, self.seconds = clock, every, seconds
        self._last_line = (0, clock())  # (done, time) of the last plain line
        self._lock = threading.Lock()

    def update(self, result) -> None:
        with self._lock:
            self.done += 1
            self.errors += result.get("status") == "error"
            self.total = max(self.total, self.done)
            if self.bar:
                self._draw(result.get("dataset", ""))
            elif self.enabled and self._line_due():
                self._line(result.get("dataset", ""))

    def _draw(self, last: str) -> None:
        width = 30
        filled = int(width * self.done / max(self.total, 1))
        bar = "#" * filled + "-" * (width - filled)
        self.stream.write(
            f"\r[{bar}] {self.done}/{self.total} errors {self.errors}  {printable(last)[:40]:<40}"
        )
        self.stream.flush()

    def _line_due(self) -> bool:
        done, at = self._last_line
        return self.done - done >= self.every or self.clock() - at >= self.seconds

    def _line(self, last: str) -> None:
        # "licensetrace: progress 50/120 datasets, 2 errors (last: squad)"
        self.stream.write(
            f"licensetrace: progress {self.done}/{self.total} datasets, "
            f"{self.errors} errors (last: {last[:80]})\n"
        )
        self.stream.flush()
        self._last_line = (self.done, self.clock())

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc) -> None:
        if self.bar and self.done:
            self.stream.write("\n")
            self.stream.flush()
