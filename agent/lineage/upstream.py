"""Find a card's upstreams (datasets, generating models, source code), each with its evidence."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from agent.lineage.blocks import Block, header_text, iter_blocks, split_front_matter
from agent.lineage.generated import GATES as GENERATED_GATES
from agent.lineage.generated import model_mentions, unnamed_model_mentions
from agent.lineage.generator_phrases import GATES as PHRASE_GATES
from agent.lineage.generator_phrases import output_dataset_mentions, terms_mentions
from agent.lineage.model_terms import (
    UNNAMED,
    ModelTerms,
    generator_terms,
    output_dataset,
    terms_for,
)
from agent.lineage.names import aliases, is_hub_id, norm_name
from agent.lineage.phrases import Found, names_in_block
from agent.lineage.prose import CardProse
from agent.lineage.structure import names_in_list_item, names_in_tables
from agent.lineage.upstream_item import Upstream
from agent.models import Card, Evidence
from agent.prefilter import Prefiltered
from agent.refs import HUB_LINK, repo_from_link

# Hub dataset links are read by agent.refs (HUB_LINK); placeholders there are not datasets.
_HUB_LINKED = Prefiltered(HUB_LINK)  # most cards link no Hub dataset: skipped at once
_NOT_HUB = {"viewer", "dataset_name", "org", "user", "username", "your_dataset"}
# A sentence that points elsewhere without saying the data came from there.
# Example: "See also https://huggingface.co/datasets/x for a similar dataset."
_SEE_ALSO = re.compile(
    r"\bsee also\b|\bsimilar\b|\brelated\b|\bcompare\b|\balternative|check out"
    r"|\bother datasets?\b|also available|companion|sister|\bour other\b",
    re.I,
)

# The card's own location lines: "- **Homepage:** https://huggingface.co/datasets/allenai/c4".
_OWN_LINK = re.compile(r"^\s*(?:[-*]\s*)?\**(?:homepage|repository|point of contact)\b", re.I)
UNNAMED_MODEL = "unnamed generative model"
_MAX_SCAN = 500_000
UNNAMED_UPSTREAM = "unnamed upstream"


def find_upstreams(card: Card) -> list[Upstream]:
    """All upstreams of a card, de-duplicated (the first, most certain, source kept)."""
    readme = card.readme or ""
    found = _from_metadata(card, readme)
    # Prose beyond the first 500 kB is config lists and tables: scanning it costs seconds.
    blocks = iter_blocks(readme[:_MAX_SCAN]) if readme else []
    prose = CardProse(blocks)
    found += _from_text(prose)  # before bare links: a phrase also says how the data was used
    found += _from_models(prose)
    found += _from_links(card, prose)
    own = norm_name(card.dataset.split("/")[-1])
    result: dict[str, Upstream] = {}
    seen: set[str] = set()  # aliases of the datasets kept: one dataset named twice is one upstream
    for upstream in found:
        names = aliases(upstream.name) | (
            {norm_name(upstream.hub_id)} if upstream.hub_id else set()
        )
        if upstream.kind == "dataset" and names & seen:
            continue
        if upstream.key and not _is_self(card, upstream, own) and upstream.key not in result:
            result[upstream.key] = upstream
            seen |= names if upstream.kind == "dataset" else set()
    return list(result.values())


def all_upstreams(
    card: Card, github: Any = None, conclusion: Any = None, repo_limit: int = 3
) -> tuple[Any, list[Upstream]]:
    """find_upstreams plus, with a GitHubSource, the card's source repositories read like GitHub
    datasets (kind "repository"); returns the conclusion weighed with them, and the upstreams.
    A repository's own links are not followed (a GitHub dataset is the repository itself)."""
    from agent.extract.repo.read import is_repository

    upstreams = find_upstreams(card)
    if github is None or conclusion is None or is_repository(card):
        return conclusion, upstreams
    from agent.lineage.repositories import source_repositories

    conclusion, repos = source_repositories(card, conclusion, github, limit=repo_limit)
    return conclusion, upstreams + repos


def _is_self(card: Card, upstream: Upstream, own: str) -> bool:
    """The card naming itself: its own id; in the prose also its configs ("enwik8-raw") and
    its new home ("c4" -> link to "allenai/c4"). The YAML of "org/squad" may well say "squad"."""
    if upstream.hub_id and upstream.hub_id.lower() == card.dataset.lower():
        return True
    if not upstream.evidence.source.startswith("text:"):
        return False
    hub_id = upstream.hub_id or ""
    moved = bool(hub_id) and norm_name(hub_id.split("/")[-1]) == own
    return moved or upstream.key.startswith(own)


def _from_metadata(card: Card, readme: str) -> list[Upstream]:
    """YAML `source_datasets` (front matter, else cardData) and `source_datasets:` tags."""
    found = _from_header(card, readme) if _may_list_sources(card, readme) else []
    for tag in card.tags or []:
        if isinstance(tag, str) and tag.startswith("source_datasets:"):
            value = tag.split(":", 1)[1]
            if upstream := _metadata_entry(value, "tags", None):
                found.append(upstream)
    return found


def _may_list_sources(card: Card, readme: str) -> bool:
    """False when neither the YAML header nor cardData can hold `source_datasets`. A YAML key is
    spelled out in the header's text unless escaped ("source\\x5fdatasets"), so the header of most
    cards need not be read (again: agent.extract reads it for the license)."""
    header = header_text(readme)
    in_header = header is not None and ("source_datasets" in header or "\\" in header)
    return in_header or bool(_as_list((card.card_data or {}).get("source_datasets")))


def _from_header(card: Card, readme: str) -> list[Upstream]:
    """The `source_datasets` of the front matter (cardData without one; list lines when broken)."""
    header, _, raw = split_front_matter(readme)
    data = header if header is not None else (card.card_data or {})
    values = _as_list(data.get("source_datasets"))
    if header is None and raw:  # malformed YAML: read the list lines by hand
        values = values or _raw_list(raw, "source_datasets")
    lines: list[str] = []

    def line_of(value: str) -> int | None:  # the card split into lines only for a named source
        if not lines:
            lines.extend(readme.splitlines())
        return _line_of(lines, value)

    return [u for v in values if (u := _metadata_entry(v, "yaml:source_datasets", line_of))]


def _metadata_entry(
    value: str, source: str, line_of: Callable[[str], int | None] | None
) -> Upstream | None:
    """'extended|squad' -> squad; 'extended|other-Common-Crawl' -> Common-Crawl; 'original' -> None."""
    value = str(value).strip()
    if value.lower() in ("original", ""):
        return None
    if "|" in value:  # "extended|squad"
        relation, _, name = value.partition("|")
    else:  # "extended" alone names nothing; a bare repo id ("org/name") is the upstream itself
        relation, name = "extended", ("" if value.lower() == "extended" else value)
    name = name.strip()
    if name.lower() in ("", "other"):  # "extended", "extended|other": built from something unnamed
        name = UNNAMED_UPSTREAM
    free = name.lower().startswith("other-")
    display = name[len("other-") :] if free else name
    hub_id = None if free or name == UNNAMED_UPSTREAM or not is_hub_id(name) else name
    line = line_of(value) if line_of else None
    evidence = Evidence(
        source,
        "upstream",
        value,
        line,
        line,
        note=f"{relation} from {display}" + ("" if hub_id else " (not a Hub id)"),
    )
    return Upstream(display, "dataset", relation.strip() or "extended", hub_id, evidence)


def _from_links(card: Card, prose: CardProse) -> list[Upstream]:
    """Hub dataset links and hf:// paths in the prose (not in see-also sentences)."""
    found: list[Upstream] = []
    for block in prose.blocks if prose.may_match(_HUB_LINKED) else []:
        for match in HUB_LINK.finditer(block.text):
            linked = repo_from_link(match.group("scheme"), match.group("path"))
            if (
                not linked
                or linked[0].split("/")[0].lower() in _NOT_HUB
                or _SEE_ALSO.search(block.text)
                or _OWN_LINK.match(block.text)
            ):
                continue
            hub_id = linked[0]
            evidence = Evidence(
                "text:" + (block.section or "card"),
                "upstream",
                block.text[:300],
                block.line_start,
                block.line_end,
                note="Hub dataset link",
            )
            found.append(Upstream(hub_id, "dataset", "linked", hub_id, evidence))
    return found


def _from_text(prose: CardProse) -> list[Upstream]:
    """Names after derivation phrases, in source-data lists and in dataset tables."""
    found: list[Found] = []
    for text in prose:
        if text.block.kind != "row":
            found += names_in_block(text) + names_in_list_item(text.block)
    found += names_in_tables(prose.blocks)
    upstreams = []
    for item in found:
        hub = HUB_LINK.match(item.url or "")
        linked = repo_from_link(hub.group("scheme"), hub.group("path")) if hub else None
        hub_id = (
            linked[0]
            if linked
            else (item.name if "/" in item.name and is_hub_id(item.name) else None)
        )
        evidence = Evidence(
            "text:" + (item.block.section or "card"),
            "upstream",
            item.snippet,
            item.block.line_start,
            item.block.line_end,
            note=f"{item.relation}: {item.name}",
        )
        upstreams.append(Upstream(item.name, "dataset", item.relation, hub_id, evidence))
    return upstreams


_MODEL_GATES = (*GENERATED_GATES.values(), *PHRASE_GATES.values())


def _from_models(prose: CardProse) -> list[Upstream]:
    """Models said to have generated the data, with their provider's terms as the license."""
    found = []
    for text in prose.holding(_MODEL_GATES):  # a block holding no reader's words: none finds any
        block = text.block
        named = model_mentions(text) + terms_mentions(text) + output_dataset_mentions(text)
        for name, sentence in named:
            terms = generator_terms(name) or UNNAMED  # the finders return names the table knows
            dataset = output_dataset(name) if terms_for(name) is None else None
            how = (
                f"data derived from {name}, {dataset.text}"
                if dataset
                else f"data generated with {name}"
            )
            evidence = _model_evidence(
                block, sentence, terms, f"{how} ({terms.family}): {terms.text}"
            )
            found.append(Upstream(name, "model", "generated-by", None, evidence, terms.license))
        for sentence in unnamed_model_mentions(text):
            terms = UNNAMED  # the terms of a model nobody names: they exist, we cannot know them
            evidence = _model_evidence(
                block, sentence, terms, "data generated with a model the card does not name"
            )
            found.append(
                Upstream(UNNAMED_MODEL, "model", "generated-by", None, evidence, terms.license)
            )
    return found


def _as_list(value: Any) -> list[str]:
    """Strings of a YAML value: a list, one string, or per-config lists {config: [...]}."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _as_list(v)]
    if isinstance(value, (list, tuple)):
        return [v for v in value if isinstance(v, str)]
    return []  # numbers, booleans, None: not names


def _raw_list(lines: list[str], key: str) -> list[str]:
    """Items of `key:` in YAML lines that did not parse: '- extended|squad' -> 'extended|squad'."""
    items, inside = [], False
    for line in lines:
        if re.match(rf"^{key}\s*:", line):
            inside = True
        elif inside and re.match(r"^\s*-\s+", line):
            items.append(re.sub(r"^\s*-\s+", "", line).strip().strip("'\""))
        elif inside and line.strip():
            break
    return items


_QUOTES = ("", "'", '"')  # a list item's value may be quoted


def _line_of(lines: list[str], value: str) -> int | None:
    """1-based line of the YAML list item holding `value` (stripped, not empty): "- extended|squad",
    "  - 'extended|squad'" (string tests: a pattern compiled for each value cost more than the scan)."""
    quoted = {q1 + value + q2 for q1 in _QUOTES for q2 in _QUOTES}
    for number, line in enumerate(lines, start=1):
        if value in line:
            item = line.lstrip()
            if item.startswith("-") and item[1:].strip() in quoted:
                return number
    return None


def _model_evidence(block: Block, sentence: str, terms: ModelTerms, note: str) -> Evidence:
    """The sentence that says a model made the data, carrying that model's terms."""
    return Evidence(
        "text:" + (block.section or "card"),
        "upstream",
        sentence[:300],
        block.line_start,
        block.line_end,
        license=terms.license,
        match="model-terms",
        terms=list(terms.restrictions),
        note=note,
    )
