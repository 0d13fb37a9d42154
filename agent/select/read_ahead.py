"""Draw an iterator in a thread of its own, a bounded number of items ahead of its consumer."""

from __future__ import annotations

import queue
import threading
from collections.abc import Generator, Iterable
from typing import TypeVar

T = TypeVar("T")

_END = object()  # the producer's last word: the iterator ended (with its exception, if any)
_POLL = 0.1  # seconds between a blocked producer's looks at whether the consumer left


def read_ahead(items: Iterable[T], ahead: int) -> Generator[T, None, None]:
    """`items`, drawn in a thread of its own at most `ahead` items before they are taken.

    What drawing an item waits on (a listing page's request: the Hub composing up to 1,000
    datasets) then overlaps the consumer's work on the items before it, instead of idling the
    run between its batches. An exception of `items` is raised to the consumer where it would
    have met it, after the items drawn before it. Closing the iterator (or dropping it) lets the
    thread end at its next item; the thread never keeps the process alive."""
    handed: queue.Queue = queue.Queue(maxsize=max(1, ahead))
    left = threading.Event()

    def offer(entry: tuple[object, BaseException | None]) -> bool:
        while not left.is_set():
            try:
                handed.put(entry, timeout=_POLL)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for item in items:
                if not offer((item, None)):
                    return
        except BaseException as exc:  # the consumer's to handle (it must never wait for nothing)
            offer((_END, exc))
            return
        offer((_END, None))

    threading.Thread(target=produce, name="read-ahead", daemon=True).start()
    try:
        while True:
            item, error = handed.get()
            if item is _END:
                if error is not None:
                    raise error
                return
            yield item
    finally:
        left.set()
