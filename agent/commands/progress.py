"""A progress bar on stderr, shown only on a terminal and never with --quiet."""

from __future__ import annotations

import sys
import threading

from agent.terminal import printable


class Progress:
    """Counts finished datasets; the total grows when upstream datasets join the run."""

    def __init__(self, total: int, enabled: bool = True, stream=None):
        self.stream = stream or sys.stderr
        self.enabled = enabled and self.stream.isatty()
        self.total, self.done, self.errors = total, 0, 0
        self._lock = threading.Lock()

    def update(self, result) -> None:
        with self._lock:
            self.done += 1
            self.errors += result.get("status") == "error"
            self.total = max(self.total, self.done)
            if self.enabled:
                self._draw(result.get("dataset", ""))

    def _draw(self, last: str) -> None:
        width = 30
        filled = int(width * self.done / max(self.total, 1))
        bar = "#" * filled + "-" * (width - filled)
        self.stream.write(f"\r[{bar}] {self.done}/{self.total} errors {self.errors}  {printable(last)[:40]:<40}")
        self.stream.flush()

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc) -> None:
        if self.enabled and self.done:
            self.stream.write("\n")
            self.stream.flush()
