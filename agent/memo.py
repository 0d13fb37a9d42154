"""Bounded memos for pure functions of short card text: section titles, license names, snippets.

Cards repeat their template's titles and phrases ("Licensing Information", "cc-by-4.0"), and the
patterns that read them are costly. A memo keeps the answers for the most recent distinct texts;
only texts up to `max_chars` are kept, so a crafted card of long lines cannot fill memory.
The function must be pure and its results must not be changed by callers (tuples, bools, str).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


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
