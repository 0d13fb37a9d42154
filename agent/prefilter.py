"""Literal prefilters for regular expressions: skip text that cannot match before running them.

Python's `re` tries every branch of a large alternation at every position, so a pattern such as
"any model name we know" costs milliseconds per card even where no model is named. Every match
of most patterns must contain one of a few literal words, and whether text holds any of them is
a cheap substring test. `Prefiltered` reads those words from the pattern's own parse tree (no
second list to keep in step with it) and runs the pattern only on text that holds one. The
answer is always the pattern's own: the prefilter only ever skips text the pattern cannot match.
"""

from __future__ import annotations

# Read-only use of the stdlib's own regular expression parser and case tables (Python 3.11+); a
# tree shape it does not expect turns the prefilter off for that pattern, never the pattern itself.
import _sre
import re
from collections.abc import Iterator
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]

# Characters outside ASCII that `re.IGNORECASE` matches to an ASCII letter while str.lower()
# does not map them to it: folded to that letter before the substring test. Found once at import
# by the regular expression engine itself (tests/agent/test_prefilter.py keeps it honest).
_FOLD = {
    ch: m.lower()
    for ch in map(chr, (0x130, 0x131, 0x17F, 0x212A))
    if (m := next((c for c in "iks" if re.fullmatch(c, ch, re.I)), None))
}
_FOLD_TABLE = str.maketrans(_FOLD)
_MAX_LITERALS = 400  # beyond this the substring tests cost more than they save
_MAX_EXACT = 64  # strings a fixed run multiplies out to before it is cut


def fold(text: str) -> str:
    """The text as the prefilter compares it: lower case, the few re.I-only equivalences folded."""
    # translate() looks up every character: only when one of the four is there (rare)
    if not text.isascii() and any(ch in text for ch in _FOLD):
        text = text.translate(_FOLD_TABLE)
    return text.lower()


class Prefiltered:
    """A compiled pattern and the literals at least one of which every match contains.

    `literals` is None when the pattern gives no such set (a branch that needs no literal, an
    unreadable parse tree): the pattern then always runs."""

    __slots__ = ("literals", "pattern")

    def __init__(self, pattern: re.Pattern[str]):
        self.pattern = pattern
        self.literals = required_literals(pattern)

    def may_match(self, folded: str) -> bool:
        """False only when no match can exist in the text whose `fold()` is `folded`."""
        return self.literals is None or any(lit in folded for lit in self.literals)

    def search(self, text: str, folded: str | None = None) -> re.Match[str] | None:
        if not self.may_match(fold(text) if folded is None else folded):
            return None
        return self.pattern.search(text)

    def finditer(self, text: str, folded: str | None = None) -> Iterator[re.Match[str]]:
        if not self.may_match(fold(text) if folded is None else folded):
            return iter(())
        return self.pattern.finditer(text)


def required_literals(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Lower-case ASCII strings one of which is in every match, or None when there is no such set.

    >>> sorted(required_literals(re.compile(r"\\bGPT-?[34]|claude", re.I)))
    ['claude', 'gpt']
    """
    if not isinstance(pattern.pattern, str) or pattern.flags & re.VERBOSE:
        return None  # verbose patterns parse the same, but keep the reading simple and exact
    try:
        tree = sre_parse.parse(pattern.pattern, pattern.flags)
    except (re.error, RecursionError, AttributeError, TypeError):  # a future parser's shape
        return None
    found = _sequence(list(tree))
    if found is None or not found or len(found) > _MAX_LITERALS or not all(found):
        return None
    return frozenset(found)


def _sequence(nodes: list) -> frozenset[str] | None:
    """The best requirement of a sequence: one of its fixed runs (consecutive pieces with few
    exact strings, multiplied out: `gpt-?4` -> {"gpt4", "gpt-4"}) or one of its parts'."""
    options: list[frozenset[str]] = []
    run: frozenset[str] = frozenset([""])
    for op, arg in nodes:
        exact = _exact(op, arg)
        if exact is not None and len(run) * len(exact) <= _MAX_EXACT:
            run = frozenset(a + b for a in run for b in exact)
            continue
        options.append(run)
        run = exact if exact is not None else frozenset([""])
        if exact is None and (need := _node(op, arg)) is not None:
            options.append(need)
    options.append(run)
    usable = [_minimal(o) for o in options if "" not in o]  # "" in a set requires nothing
    return max(usable, key=_strength, default=None)


def _minimal(need: frozenset[str]) -> frozenset[str]:
    """Without the strings that hold another one: {"xai", "xai's"} asks no more than {"xai"}."""
    return frozenset(s for s in need if not any(o != s and o in s for o in need))


def _node(op, arg) -> frozenset[str] | None:
    """What a piece that is not a few exact strings requires of the text, if anything."""
    if op is sre.SUBPATTERN:
        return _sequence(list(arg[-1]))
    if op is sre.BRANCH:
        needs = _union([_sequence(list(alt)) for alt in arg[1]])
        return None if needs is None else _minimal(needs)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, _high, body = arg
        return _sequence(list(body)) if low >= 1 else None
    return None  # classes, lookarounds, groups referred back to: no literal required


def _union(branches: list[frozenset[str] | None]) -> frozenset[str] | None:
    """What one of the branches of an alternation gives: all their strings, or None when one
    branch gives nothing (that branch matches without them)."""
    if any(b is None for b in branches):
        return None
    return frozenset().union(*branches)  # type: ignore[arg-type]


def _exact(op, arg) -> frozenset[str] | None:
    """The few strings a piece matches exactly, lower-cased, or None.

    `a` -> {"a"}; `[134]` -> {"1", "3", "4"}; `(?:x|yz)?` -> {"", "x", "yz"}; `\\b` -> {""}
    (zero-width: the text matched around it is contiguous). Non-ASCII letters: None."""
    if op is sre.LITERAL:
        return frozenset([chr(arg).lower()]) if _plain_letter(arg) else None
    if op is sre.AT or op in (sre.ASSERT, sre.ASSERT_NOT):
        return frozenset([""])
    if op is sre.IN:  # re.I writes `s` as [sſ]: the fold table stands for the non-ASCII one
        chars = [chr(code) for kind, code in arg if kind is sre.LITERAL]
        if len(chars) < len(arg) or not all(_plain_letter(ord(c)) or c in _FOLD for c in chars):
            return None
        return frozenset(_FOLD.get(c, c).lower() for c in chars)
    if op is sre.SUBPATTERN:
        return _exact_sequence(list(arg[-1]))
    if op is sre.BRANCH:
        found = _union([_exact_sequence(list(alt)) for alt in arg[1]])
        return found if found is not None and len(found) <= _MAX_EXACT else None
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, high, body = arg
        inner = _exact_sequence(list(body)) if (low, high) in ((0, 1), (1, 1)) else None
        return None if inner is None else inner | ({""} if low == 0 else set())
    return None


def _plain_letter(code: int) -> bool:
    """A character the substring test can look for as it is lower-cased: ASCII (lower() maps it
    alone, and fold() the four others re.I equates with it), or one without case ("仅", "禁"):
    re.I matches it to itself only, and lower() leaves it. Cased letters outside ASCII are not
    (lower() depends on context for a few, as final sigma)."""
    return code < 128 or not _sre.unicode_iscased(code)


def _exact_sequence(nodes: list) -> frozenset[str] | None:
    found = frozenset([""])
    for op, arg in nodes:
        exact = _exact(op, arg)
        if exact is None or len(found) * len(exact) > _MAX_EXACT:
            return None
        found = frozenset(a + b for a in found for b in exact)
    return found


def _strength(need: frozenset[str]) -> tuple[int, int]:
    """Longer shortest literal first (fewer false hits), then fewer literals."""
    return (min(map(len, need)), -len(need))
