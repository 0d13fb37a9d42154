"""Bounded memos for pure functions of card text: section titles, license names, snippets, and
whole cards read by several steps (CardMemo).

Cards repeat their template's titles and phrases ("Licensing Information", "cc-by-4.0"), and the
patterns that read them are costly. A memo keeps the answers for the most recent distinct texts;
only texts up to `max_chars` are kept, so a crafted card of long lines cannot fill memory.
The function must be pure and its results must not be changed by callers (tuples, bools, str).
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)

# Cards in flight between a card's extraction and its tracing: up to a batch of the graph (512)
# of ~8,000 characters each on the corpora; the memos of whole cards hold this many characters.
CARD_CHARS = 6_000_000
CARD_ENTRIES = 1024


def remembered(
    maxsize: int, max_chars: int = 300
) -> Callable[[Callable[[str], T]], Callable[[str], T]]:
    """Remember `fn(text)` for the last `maxsize` distinct texts of at most `max_chars` characters.

    >>> @remembered(maxsize=2, max_chars=5)
    ... def shout(text): return text.upper()
    >>> shout("abc"), shout("longer text")
    ('ABC', 'LONGER TEXT')
    """

    def wrap(fn: Callable[[str], T]) -> Callable[[str], T]:
        kept = functools.lru_cache(maxsize=maxsize)(fn)

        @functools.wraps(fn)
        def call(text: str) -> T:
            return kept(text) if len(text) <= max_chars else fn(text)

        call.cache_info = kept.cache_info  # type: ignore[attr-defined]  # for tests of the bound
        return call

    return wrap


class CardMemo(Generic[K, T]):
    """Remember `fn(key)` for whole cards (a body's text or lines), bounded by their characters.

    The engine's readers and tracing read the same card steps apart: a batch of the graph passes
    64 cards through each step before the next, and several batches run at once, so hundreds of
    cards come between a card's extraction and its tracing. Entries are kept while they hold at
    most `max_chars` characters in all (the oldest used go first), so long cards cannot fill
    memory; a card over a quarter of that is not kept. Thread-safe; `fn` must be pure and its
    results must not be changed by callers.
    """

    def __init__(
        self, fn: Callable[[K], T], size: Callable[[K], int], max_chars: int, max_entries: int
    ):
        self.fn, self.size = fn, size
        self.max_chars, self.max_entries = max_chars, max_entries
        self._kept: OrderedDict[K, tuple[T, int]] = OrderedDict()
        self._chars = 0
        self._lock = threading.Lock()

    def __call__(self, key: K) -> T:
        with self._lock:
            found = self._kept.get(key)
            if found is not None:
                self._kept.move_to_end(key)
                return found[0]
        value = self.fn(key)  # outside the lock: two threads may both compute it, same answer
        chars = self.size(key)
        if chars <= self.max_chars // 4:
            self._keep(key, value, chars)
        return value

    def _keep(self, key: K, value: T, chars: int) -> None:
        with self._lock:
            if key in self._kept:
                return
            self._kept[key] = (value, chars)
            self._chars += chars
            while self._chars > self.max_chars or len(self._kept) > self.max_entries:
                _, (_, dropped) = self._kept.popitem(last=False)
                self._chars -= dropped

    @property
    def chars(self) -> int:
        return self._chars

    def __len__(self) -> int:
        return len(self._kept)
