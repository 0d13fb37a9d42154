"""read_ahead: an iterator drawn in its own thread, a bounded number of items ahead, its errors
raised where the consumer meets them, its thread gone once the consumer leaves."""

from __future__ import annotations

import threading

import pytest

from agent.select.read_ahead import read_ahead

WAIT = 10  # seconds: a bound for a thread to get somewhere, never a measured time


class Source:
    """Counts what was drawn from it; ends (or fails) after `n` items."""

    def __init__(self, n: int, fail: Exception | None = None):
        self.n, self.fail = n, fail
        self.drawn = 0
        self.closed = threading.Event()
        self.progress = threading.Condition()

    def __iter__(self):
        try:
            for i in range(self.n):
                with self.progress:
                    self.drawn += 1
                    self.progress.notify_all()
                yield i
            if self.fail is not None:
                raise self.fail
        finally:
            self.closed.set()

    def wait_drawn(self, count: int, timeout: float = WAIT) -> bool:
        with self.progress:
            return self.progress.wait_for(lambda: self.drawn >= count, timeout=timeout)


def test_every_item_in_order():
    assert list(read_ahead(Source(100), ahead=3)) == list(range(100))
    assert list(read_ahead(Source(0), ahead=1)) == []


def test_it_draws_ahead_of_the_consumer_but_not_further_than_told():
    source = Source(1000)
    items = read_ahead(source, ahead=2)
    assert next(items) == 0
    # while the consumer holds item 0: items 1 and 2 wait in the queue, item 3 in the thread
    assert source.wait_drawn(4)
    assert not source.wait_drawn(5, timeout=0.3)  # and no further, however long it waits
    assert next(items) == 1
    assert source.wait_drawn(5)  # one taken, one more drawn
    items.close()


def test_an_error_reaches_the_consumer_after_the_items_before_it():
    got = []
    with pytest.raises(RuntimeError, match="page 3 failed"):
        for item in read_ahead(Source(5, RuntimeError("page 3 failed")), ahead=2):
            got.append(item)
    assert got == [0, 1, 2, 3, 4]


def test_leaving_early_ends_the_thread_and_closes_the_source():
    source = Source(10_000)
    items = read_ahead(source, ahead=1)
    assert [next(items) for _ in range(3)] == [0, 1, 2]
    items.close()
    assert source.closed.wait(WAIT)  # the thread left the source's loop: its `finally` ran
    assert not any(t.name == "read-ahead" and t.is_alive() for t in _threads_after(WAIT))


def _threads_after(timeout: float) -> list[threading.Thread]:
    """The live threads, once every read-ahead thread has ended (or `timeout` has passed)."""
    for thread in threading.enumerate():
        if thread.name == "read-ahead":
            thread.join(timeout)
    return threading.enumerate()


def test_even_an_exit_inside_the_source_reaches_the_consumer_instead_of_a_hang():
    with pytest.raises(SystemExit):
        list(read_ahead(Source(2, SystemExit(3)), ahead=1))
