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
    # 2 done in 10 s: 98 left at that pace
    assert stream.getvalue() == (
        "licensetrace: progress 2/100 datasets, 0 errors, ETA 8 min 10 s (last: b)\n"
    )


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


def test_calls_left_in_the_quota_windows_and_an_open_total():
    stream, clock = io.StringIO(), Clock()
    progress = Progress(total=None, stream=stream, clock=clock, every=2, seconds=60)
    progress.watch(lambda: {"api": 420, "resolve": None})  # resolver quota not known: not shown
    for name in ("a", "b"):
        clock.now += 1
        progress.update({"dataset": name})
    # a listing without --limit: no total, so no ETA
    assert stream.getvalue() == (
        "licensetrace: progress 2 datasets, 0 errors, API calls left 420 (last: b)\n"
    )


def test_the_eta_follows_the_pace_quota_waits_included():
    clock = Clock()
    progress = Progress(total=10, enabled=False, clock=clock)
    assert progress.eta() is None  # nothing done yet
    for _ in range(4):
        clock.now += 30  # a quota wait slows every dataset down
        progress.update({"dataset": "x"})
    assert progress.eta() == 6 * 30
