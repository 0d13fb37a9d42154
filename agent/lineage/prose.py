"""A card's prose blocks with their folded text, computed once for every finder that reads them.

The finders' patterns are large alternations that `re` tries at every position of a block; their
literal prefilters (agent.prefilter) skip a block holding none of a pattern's words. Each block is
folded once here, and the card once as a whole: a pattern whose words the card never writes is
skipped for all its blocks at once (most cards name no model at all).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from agent.lineage.blocks import Block
from agent.prefilter import Prefiltered, fold

# The blocks' folded texts are joined by a newline for the card-wide test: a literal never holds
# one (tests/agent/lineage/test_prose.py), so it is in the joined text only when it is in a block.
_JOIN = "\n"


@dataclass(frozen=True)
class Prose:
    """The prose blocks of one card, each with `fold(block.text)`."""

    blocks: list[Block]
    folded: list[str]
    card: str  # every block's folded text, joined

    @classmethod
    def of(cls, blocks: list[Block]) -> Prose:
        folded = [fold(block.text) for block in blocks]
        return cls(blocks, folded, _JOIN.join(folded))

    def __iter__(self) -> Iterator[tuple[Block, str]]:
        """(block, its folded text) in card order."""
        return zip(self.blocks, self.folded, strict=True)

    def may_match(self, pattern: Prefiltered) -> bool:
        """False only when no block of the card can hold a match of `pattern`."""
        return pattern.may_match(self.card)
