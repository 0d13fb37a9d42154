"""Evidence extraction: every place a card states a license, kept with source, lines and snippet."""

from __future__ import annotations

from agent.budget import MAX_ANALYSED_CHARS
from agent.extract.frontmatter import header_evidence, license_evidence
from agent.extract.repo.read import with_roles
from agent.extract.sections import body_evidence, section_evidence
from agent.extract.tables import table_evidence
from agent.extract.terms import body_terms, gated_evidence
from agent.models import Card, Evidence

__all__ = ["extract_evidence"]


def _metadata_fallback(card: Card) -> list[Evidence]:
    """License keys of the Hub's cardData, else its `license:` tags, when the README header gave none."""
    if isinstance(card.card_data, dict):
        found = license_evidence(card.card_data, "card_data")
        if found:
            return found
    return [
        Evidence(source="tags", kind="metadata", snippet=tag.split(":", 1)[1])
        for tag in card.tags or []
        if isinstance(tag, str) and tag.startswith("license:")
    ]


def _file_evidence(card: Card) -> list[Evidence]:
    """One piece per LICENSE-like file fetched with the card."""
    out = []
    for name, text in sorted((card.files or {}).items()):
        if text and text.strip():
            out.append(
                Evidence(
                    source=f"file:{name}",
                    kind="file",
                    snippet=text[:100000],
                    line_start=1,
                    line_end=text.count("\n") + 1,
                )
            )
    return out


def extract_evidence(card: Card) -> list[Evidence]:
    """All unmapped license evidence of a card; problems become card.warnings, never exceptions."""
    readme = card.readme
    if readme and len(readme) > MAX_ANALYSED_CHARS:  # bounded CPU per card (agent.budget)
        card.warnings.append(
            f"README is {len(readme):,} characters: only the first {MAX_ANALYSED_CHARS:,} "
            "were analysed"
        )
        readme = readme[:MAX_ANALYSED_CHARS]
    meta, body_line, usable = header_evidence(readme, card.warnings)  # YAML errors -> warnings
    gated = [e for e in meta if e.kind == "restriction"]
    meta = [e for e in meta if e.kind != "restriction"]
    if not usable or not meta:
        meta = meta or _metadata_fallback(card)
    if not usable and isinstance(card.card_data, dict):
        gated = gated_evidence(card.card_data, {})
    out = list(meta)
    if readme:
        lines = readme.splitlines()[body_line - 1 :]
        sections, covered = section_evidence(lines, body_line)
        out += sections + table_evidence(lines, body_line)
        out += body_evidence(lines, body_line, covered)
        gated += body_terms(lines, body_line)
    out += gated
    out += _file_evidence(card)
    return with_roles(card, out)  # repositories: what each statement covers (data, code, all)
