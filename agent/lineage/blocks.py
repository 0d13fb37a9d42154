"""Split a card into prose blocks with line numbers, leaving out code, citations and front matter."""

from __future__ import annotations

import re

from agent.extract.frontmatter import front_matter, split
from agent.extract.markdown import Block, blocks
from agent.memo import CARD_CHARS, CARD_ENTRIES, CardMemo

__all__ = ["Block", "SKIP_SECTION", "header_text", "iter_blocks", "split_front_matter"]

# Sections whose words are not about where the data came from.
# Example: "### Citation Information" (BibTeX), "## Related Datasets" (see-also lists).
SKIP_SECTION = re.compile(
    r"citation|bibtex|contribution|acknowledg|reference|related|see also|similar|leaderboard"
    r"|table of contents|point of contact|personal and sensitive|social impact|biases",
    re.I,
)


def split_front_matter(readme: str) -> tuple[dict | None, int, list[str]]:
    """(YAML header as a dict or None, number of header lines incl. fences, raw header lines):
    agent.extract.frontmatter's reader, so tracing and licensing see the same header."""
    data, body_line, raw = front_matter(readme)
    return data, body_line - 1, raw


def header_text(readme: str) -> str | None:
    """The YAML header's text as written, not parsed (None when the card has no header)."""
    return split(readme)[0]


def iter_blocks(readme: str) -> list[Block]:
    """Prose blocks of the card body, in order (agent.extract.markdown's scanner)."""
    return list(_blocks_of(readme))


# Tracing and the source-repository reader walk the same card one after the other (all_upstreams):
# the walks of the cards in flight are remembered (the blocks are only read, never changed).
def _walked_blocks(readme: str) -> tuple[Block, ...]:
    skip = split(readme)[2] - 1  # the header's lines: found without parsing the header again
    return tuple(blocks(readme.splitlines()[skip:], skip + 1, SKIP_SECTION))


_blocks_of = CardMemo(_walked_blocks, len, CARD_CHARS, CARD_ENTRIES)
