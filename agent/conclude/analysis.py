"""The reading of one card that the conclusion and the confidence model share (what `analyse` returns)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Analysis:
    """How the license was read: which path decided it, how strongly, and what else the card said.

    `path` is where the concluded ids came from: "text" (a licensing section or a decisive table),
    "file" (a license file), "meta" (only the metadata), "restriction" (only a stated restriction),
    "nothing". The confidence model's features (agent/conclude/confidence.py) are read from here.
    """

    declared: str | None  # the metadata's expression: "MIT", "NOASSERTION", "LicenseRef-other"
    declared_ids: list[str]
    sections: int  # licensing sections found
    section_none: bool  # a licensing section says the card states no license
    section_unread: bool  # a licensing section we could not map to a license
    section_lines: int  # lines in the licensing sections
    reasons: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)  # "non-commercial", "research-only", ...
    restricts_meta: bool = False  # the text only restricts the metadata's license
    concluded_ids: list[str] = field(default_factory=list)
    path: str = "nothing"
    strength: float = 0.0  # the weakest mapping score among the pieces that decided
    match: str | None = "none"  # how they were mapped: "id", "name", "fulltext", "custom", ...
    notes: str = ""  # what was set aside while reading them
    op: str = "AND"  # how the concluded ids combine
    agree_meta: bool = False
    conflict: bool = False
    body_agree: bool = False
    body_disagree: bool = False
    fulltext: bool = False
    restrictions: list[str] = field(default_factory=list)  # LicenseRef- ids added by restrictions
    table_parts: bool = False  # a table of parts and their licenses decided
    declared_other: bool = False  # the metadata says only "other"
    unread_terms: int = 0  # terms sentences that name no license we know
    advisory: bool = False  # the card advises against commercial use
    unread_body: int = 0  # license sentences outside the licensing sections we could not map
