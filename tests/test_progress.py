"""Progress: plain lines every N datasets or S seconds when stderr is not a terminal (CI logs)."""

from __future__ import annotations

import io

from agent.commands.progress import Progress


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_plain_lines_every_n_datasets_off_a_terminal():
    stream, clock = io.StringIO(), Clock()
    with Progress(total=7, stream=stream, clock=clock, every=3, seconds=60) as progress:
        for i in range(7):
            progress.update({"dataset": f"org/d{i}", "status": "error" if i == 1 else "verified"})
    assert stream.getvalue().splitlines() == [
        "licensetrace: progress 3/7 datasets, 1 errors (last: org/d2)",
        "licensetrace: progress 6/7 datasets, 1 errors (last: org/d5)",
    ]


def test_a_slow_run_gets_a_line_every_s_seconds():
    stream, clock = io.StringIO(), Clock()
    progress = Progress(total=100, stream=stream, clock=clock, every=50, seconds=10)
    progress.update({"dataset": "a"})
    assert stream.getvalue() == ""
    clock.now += 10
    progress.update({"dataset": "b"})
    assert stream.getvalue() == "licensetrace: progress 2/100 datasets, 0 errors (last: b)\n"


def test_quiet_prints_nothing():
    stream, clock = io.StringIO(), Clock()
    progress = Progress(total=5, enabled=False, stream=stream, clock=clock, every=1, seconds=0)
    for _ in range(5):
        progress.update({"dataset": "x"})
    assert stream.getvalue() == ""


def test_a_terminal_gets_the_bar_not_lines():
    class Tty(io.StringIO):
        def isatty(self):
            return True

    stream = Tty()
    with Progress(total=2, stream=stream, clock=Clock(), every=1) as progress:
        progress.update({"dataset": "squad"})
    assert stream.getvalue().startswith("\r[") and "licensetrace: progress" not in stream.getvalue()
