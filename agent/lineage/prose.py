"""A card's prose blocks with their folded text, computed once for every finder that reads them.

The finders' patterns are large alternations that `re` tries at every position of a block; their
literal prefilters (agent.prefilter) skip a block holding none of a pattern's words. Each block is
folded once here, and the card as a whole: a pattern's literals are looked for in the card once,
and in each block only those the card holds (most cards hold none of a model name's, say).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from agent.lineage.blocks import Block
from agent.prefilter import Prefiltered, fold

# The blocks' folded texts are joined by a newline for the card-wide test: a literal never holds
# one (tests/agent/lineage/test_lineage_prose.py), so it is in the joined text only when in a block.
_JOIN = "\n"
_UNSEEN = ("not looked for yet",)


class CardProse:
    """The prose blocks of one card, each with its folded text (`fold(block.text)`)."""

    def __init__(self, blocks: list[Block]):
        self.blocks = blocks
        self.folded = [fold(block.text) for block in blocks]
        self.card = _JOIN.join(self.folded)
        self._held: dict[Prefiltered, tuple[str, ...] | None] = {}
        self._holds: dict[str, bool] = {}  # literal -> in the card (patterns share literals)

    def __iter__(self) -> Iterator[Prose]:
        """Each block with its folded text, in card order. Made afresh for each reading, not kept:
        kept, they and the card would refer to each other, and a card's prose would wait for the
        garbage collector's cycle search instead of going when its tracing ends."""
        return (Prose(b, f, self) for b, f in zip(self.blocks, self.folded, strict=True))

    def held(self, pattern: Prefiltered) -> tuple[str, ...] | None:
        """The literals of `pattern` this card holds (None: the pattern has no literal prefilter)."""
        held = self._held.get(pattern, _UNSEEN)  # asked for each block: one dictionary look-up
        if held is _UNSEEN:
            literals = pattern.literals
            held = self._held[pattern] = None if literals is None else self._holding(literals)
        return held

    def _holding(self, literals: frozenset[str]) -> tuple[str, ...]:
        """The literals in the card, each looked for once per card (patterns share literals)."""
        holds, card, found = self._holds, self.card, []
        for literal in literals:  # a loop, not filter(): hundreds per card, a call each costs
            held = holds.get(literal)
            if held is None:
                held = holds[literal] = literal in card
            if held:
                found.append(literal)
        return tuple(found)

    def holding(self, patterns: tuple[Prefiltered, ...]) -> list[Prose]:
        """The blocks, in card order, that hold a literal of one of `patterns` (every block when
        one of them has no literal prefilter): the only blocks where a reader whose every answer
        needs a match of one of them can find anything. One pass over the card's blocks instead
        of each reader asking of each block (most blocks hold none)."""
        held = [self.held(pattern) for pattern in patterns]
        if any(literals is None for literals in held):
            return list(self)
        wanted = tuple({literal for literals in held for literal in literals or ()})
        if not wanted:
            return []
        return [
            Prose(block, folded, self)
            for block, folded in zip(self.blocks, self.folded, strict=True)
            if any(literal in folded for literal in wanted)
        ]

    def may_match(self, pattern: Prefiltered) -> bool:
        """False only when no block of the card can hold a match of `pattern`."""
        return self.held(pattern) != ()


@dataclass(slots=True)
class Prose:
    """One block of a card's prose with its folded text."""

    block: Block
    folded: str
    card: CardProse

    def may_match(self, pattern: Prefiltered, folded: str | None = None) -> bool:
        """pattern.may_match for the block, or a piece of it (a sentence) given folded, testing
        only the literals the card holds."""
        held = self.card.held(pattern)
        if not held:  # most patterns, in most cards: none of their literals is in the card
            return held is None
        text = self.folded if folded is None else folded
        for literal in held:  # noqa: SIM110 (a loop, not any(): asked hundreds of times a card)
            if literal in text:
                return True
        return False

    def search(self, pattern: Prefiltered) -> re.Match[str] | None:
        return pattern.pattern.search(self.block.text) if self.may_match(pattern) else None
