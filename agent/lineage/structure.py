"""Dataset names given by the card's structure: source-data lists and tables with a Dataset column."""

from __future__ import annotations

import re

from agent.lineage.blocks import Block
from agent.lineage.phrases import LINK, NAME, Found, accept_name

# Sections that describe where the data came from.
# Example: "### Source Data", "#### Initial Data Collection and Normalization".
SOURCE_SECTION = re.compile(
    r"source|data collection|origin|composition|constituent|curation"
    r"|annotation",
    re.I,
)
# A list item that opens with a name then a citation, colon or dash.
# Examples: "1. MPQA (Deng and Wiebe, 2015): This dataset...", "6. ConvAI2- [ConvAI2](...)",
# "- **SQuAD**: questions on Wikipedia".
_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+[*_`]*(?P<rest>.*)$")
# After the name's emphasis marks (stripped in Python: as "[*_`]*\s*" here they are quadratic on runs of "*"):
# ": ...", "- ...", " (Deng and Wiebe, 2015): ...". The citation holds no "(" so each "(" is read once.
_AFTER_NAME = re.compile(r"(?:\((?=[^()]*\d{4})[^()]*\)\s*)?(?::|-|–|—)(?:\s|$)")
# Header cells that name the source dataset of each row.
# Examples: "| Dataset | Number of Examples |", "| Source | Size |", "| Subset | ... |".
# The item goes on to cite the name: "Funpedia- Funpedia ([Miller et al., 2017](...))".
_CITED = re.compile(r"\(\[?[A-Z][^()]*\d{4}|\]\(https?://")
_DATA_WORDS = re.compile(
    r"\b(?:dataset|corpus|corpora|collection|resource|archive|database)\b", re.I
)
_DATASET_HEADER = re.compile(
    r"^(?:source\s+)?(?:datasets?|sources?|corpus|corpora|subsets?"
    r"|constituent\s+datasets?|original\s+datasets?)$",
    re.I,
)


def names_in_list_item(block: Block) -> list[Found]:
    """The name opening a list item of a source-data section."""
    if block.kind != "item" or not SOURCE_SECTION.search(block.section):
        return []
    item = _ITEM.match(block.text)
    if not item:
        return []
    rest = item.group("rest")
    link = LINK.match(rest)
    if link:
        name, url, end = link.group("text").strip(" *`"), link.group("url"), link.end()
    else:
        match = NAME.match(rest)
        if not match:
            return []
        name, url, end = match.group(0).strip(" *`"), None, match.end()
    if not _AFTER_NAME.match(rest[end:].lstrip("*_`").lstrip()):
        return []
    # Entity-type or label lists ("1. PERSON - proper nouns") also open with a name: ask for
    # a citation, a link or words saying the item is a data source.
    cited = bool(url) or bool(_CITED.search(rest[end : end + 200]))
    if not (cited or _DATA_WORDS.search(rest[end : end + 200])):
        return []
    if not (accept_name(name, False, loose=True) or (cited and accept_name(name, True))):
        return []
    return [Found(name, "component", url, block, block.text[:300])]


def names_in_tables(blocks: list[Block]) -> list[Found]:
    """First-column names of tables whose first header cell says Dataset/Source/Subset."""
    found: list[Found] = []
    for table in _tables(blocks):
        header = _cells(table[0].text)
        if not header or not _DATASET_HEADER.match(header[0]):
            continue
        for row in table[1:]:
            cells = _cells(row.text)
            if not cells or re.fullmatch(r":?-{2,}:?", cells[0]):
                continue
            link = LINK.fullmatch(cells[0])
            name = (link.group("text") if link else cells[0]).strip(" *`")
            if accept_name(name, False, loose=True) and not re.match(r"(?i)total|all\b", name):
                found.append(
                    Found(
                        name, "component", link.group("url") if link else None, row, row.text[:300]
                    )
                )
    return found


def _tables(blocks: list[Block]) -> list[list[Block]]:
    """Group consecutive table rows into tables."""
    tables: list[list[Block]] = []
    for block in blocks:
        if block.kind != "row":
            continue
        if tables and tables[-1][-1].line_end + 1 == block.line_start:
            tables[-1].append(block)
        else:
            tables.append([block])
    return tables


def _cells(row: str) -> list[str]:
    return [c.strip() for c in row.strip().strip("|").split("|")]
