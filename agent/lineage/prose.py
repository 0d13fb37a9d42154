"""A card's prose blocks with their folded text, computed once for every finder that reads them.

The finders' patterns are large alternations that `re` tries at every position of a block; their
literal prefilters (agent.prefilter) skip a block holding none of a pattern's words. Each block is
folded once here, and the card's literals are found in one pass over it (agent.lineage.literal_scan):
which literals of a pattern the card holds, and which of them each block holds, are then set
look-ups (most cards hold none of a model name's literals, say).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from agent.lineage.blocks import Block
from agent.lineage.literal_scan import CardLiterals, LiteralScanner
from agent.prefilter import Prefiltered, fold

_UNSEEN = ("not looked for yet",)


class CardProse:
    """The prose blocks of one card, each with its folded text (`fold(block.text)`)."""

    def __init__(self, blocks: list[Block]):
        self.blocks = blocks
        self.folded = [fold(block.text) for block in blocks]
        self._held: dict[Prefiltered, tuple[str, ...] | None] = {}
        self._literals: CardLiterals | None = None  # scanned when first asked

    def __iter__(self) -> Iterator[Prose]:
        """Each block with its folded text, in card order. Made afresh for each reading, not kept:
        kept, they and the card would refer to each other, and a card's prose would wait for the
        garbage collector's cycle search instead of going when its tracing ends."""
        holds = self.literals().blocks
        return (
            Prose(b, f, self, h) for b, f, h in zip(self.blocks, self.folded, holds, strict=True)
        )

    def literals(self) -> CardLiterals:
        """The literals of the patterns asked about, found in the card and in each block."""
        if self._literals is None:
            self._literals = SCANNER.scan(self.folded)
        return self._literals

    def held(self, pattern: Prefiltered) -> tuple[str, ...] | None:
        """The literals of `pattern` this card holds (None: the pattern has no literal prefilter)."""
        held = self._held.get(pattern, _UNSEEN)  # asked for each block: one dictionary look-up
        if held is _UNSEEN:
            held = self._held[pattern] = self.literals().held(pattern)
        return held

    def holding(self, patterns: tuple[Prefiltered, ...]) -> list[Prose]:
        """The blocks, in card order, that hold a literal of one of `patterns` (every block when
        one of them has no literal prefilter): the only blocks where a reader whose every answer
        needs a match of one of them can find anything. One pass over the card's blocks instead
        of each reader asking of each block (most blocks hold none)."""
        held = [self.held(pattern) for pattern in patterns]
        if any(literals is None for literals in held):
            return list(self)
        wanted = {literal for literals in held for literal in literals or ()}
        return [prose for prose in self if not wanted.isdisjoint(prose.holds)] if wanted else []

    def may_match(self, pattern: Prefiltered) -> bool:
        """False only when no block of the card can hold a match of `pattern`."""
        return self.held(pattern) != ()


@dataclass(slots=True)
class Prose:
    """One block of a card's prose with its folded text and the literals it holds (of the
    patterns the card was asked about)."""

    block: Block
    folded: str
    card: CardProse
    holds: set[str]

    def may_match(self, pattern: Prefiltered, folded: str | None = None) -> bool:
        """pattern.may_match for the block, or a piece of it (a sentence) given folded, testing
        only the literals the card holds."""
        held = self.card.held(pattern)
        if not held:  # most patterns, in most cards: none of their literals is in the card
            return held is None
        if folded is None:  # the block as a whole: its literals were found with the card's
            return not self.holds.isdisjoint(held)
        for literal in held:  # noqa: SIM110 (a loop, not any(): asked hundreds of times a card)
            if literal in folded:
                return True
        return False

    def search(self, pattern: Prefiltered) -> re.Match[str] | None:
        return pattern.pattern.search(self.block.text) if self.may_match(pattern) else None


# Tracing's patterns, learnt as it asks about them (one automaton for every card, every thread).
SCANNER = LiteralScanner()
