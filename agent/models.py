"""Plain data passed between the sources, the license engine, the graph and the registry."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, fields, is_dataclass
from enum import StrEnum
from typing import Any

STATUSES = ("verified", "unverified", "conflict", "unknown", "error")
COMMERCIAL_USE = ("yes", "no", "unclear")


def _as_dict(obj: Any) -> dict[str, Any]:
    """dataclasses.asdict for our data: a fresh dict, nested lists and dicts rebuilt (no state
    shares a mutable part with another), nested dataclasses turned into dicts. asdict itself
    deep-copies every leaf on top: a Card's YAML header made it 0.14 ms a card, twice a dataset."""
    return {name: _plain(getattr(obj, name)) for name in _field_names(type(obj))}


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
_KNOWN_NAMES: dict[type, frozenset[str]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    """The fields of a dataclass, looked up once: dataclasses.fields() builds a new tuple on every
    call, and the steps turn each dataset's card and evidence into dicts and back several times."""
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in fields(cls))
    return names


def _plain(value: Any) -> Any:
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items()}
    if is_dataclass(value) and not isinstance(value, type):
        return _as_dict(value)
    return copy.deepcopy(value)  # anything else (a date, a tuple): a copy, as asdict makes


def _from_dict(cls, data: dict[str, Any]):
    """Build a dataclass from a dict, ignoring keys the class does not know (forward compatible)."""
    known = _KNOWN_NAMES.get(cls)
    if known is None:
        known = _KNOWN_NAMES[cls] = frozenset(_field_names(cls))
    if known.issuperset(data):  # a dict we made (the steps' states): no key to leave out
        return cls(**data)
    return cls(**{k: v for k, v in data.items() if k in known})


@dataclass
class Card:
    """A dataset card as fetched from one source, before any interpretation."""

    dataset: str  # canonical reference: "squad", "org/name", or a local folder's name
    source: str  # "hub" | "github" | "local"
    location: str  # where the README came from (URL or path), for evidence
    revision: str | None = None  # commit sha the files were read at (None for local folders)
    readme: str | None = None  # decoded README.md text; None when the dataset has none
    card_data: dict[str, Any] | None = None  # YAML header as the source reports it (Hub cardData)
    files: dict[str, str] = field(default_factory=dict)  # LICENSE-like file name -> text
    tags: list[str] = field(default_factory=list)  # Hub tags ("license:mit", ...)
    warnings: list[str] = field(default_factory=list)  # non-fatal problems (bad YAML, bad bytes)
    detected_license: str | None = None  # GitHub's license of the root license file (spdx_id)
    listing: list[str] | None = (
        None  # names at the top of a repository or folder (None: not listed)
    )
    readme_etag: str | None = None  # the README's ETag (Hub): a re-audit asks If-None-Match

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Card:
        return _from_dict(cls, data)


class SourceKind(StrEnum):
    """Where in a card or repository a piece of evidence was found: the part of `Evidence.source`
    before the first ":" ("section:Licensing Information" -> SECTION, place "Licensing Information")."""

    YAML = "yaml"  # the README's YAML header: "yaml:license", "yaml:configs:license"
    CARD_DATA = "card_data"  # the Hub's parsed header when the README has none: "card_data:license"
    TAGS = "tags"  # the Hub's "license:mit" tag
    SECTION = "section"  # a licensing section: "section:License"
    SUBSECTION = "subsection"  # a part below a licensing section: "subsection:Subset A"
    TABLE = "table"  # a table of parts and licenses: "table:Sources"
    BODY = "body"  # a license sentence elsewhere in the card
    LINK = "link"  # a license URL in the text: "link:body"
    FILE = "file"  # a license file: "file:LICENSE", "file:data/LICENSE"
    RESTRICTION = "restriction"  # a sentence limiting use: "restriction:Terms of Use"
    ADVISORY = "advisory"  # advice against a use: "advisory:Out-of-Scope Use"
    TEXT = "text"  # a sentence naming an upstream or a generating model: "text:Dataset Creation"
    BADGE = "badge"  # a README license badge
    GITHUB = "github"  # what GitHub's API reports: "github:license"
    OTHER = "other"  # a prefix this table does not know (e.g. from an older registry)


_SOURCE_KINDS = frozenset(k.value for k in SourceKind)


@dataclass
class Evidence:
    """One piece of license evidence, kept with where it was found."""

    # e.g. "yaml:license", "section:Licensing Information", "table:Sources", "restriction:Terms of Use",
    # "file:LICENSE", "tags"
    source: str
    # "metadata" | "text" | "file" | "link" | "upstream" | "restriction" (a sentence that may limit use)
    # | "advisory" (advice against a use, e.g. in "Out-of-Scope Use")
    kind: str
    snippet: str  # the words as written (trimmed to a few hundred characters)
    line_start: int | None = None  # 1-based lines in the file the snippet came from
    line_end: int | None = None
    license: str | None = None  # SPDX expression this evidence points to, once mapped
    match: str | None = None  # how it was mapped: id, alias, name, url, fulltext, custom, none
    score: float = 0.0  # strength of the match, 0..1
    terms: list[str] = field(default_factory=list)  # key terms of custom licenses
    note: str = ""  # why the evidence was discounted or scoped (negated, code-only, ...)
    role: str | None = None  # what a repository's statement covers: data | code | repository-wide
    origin: str | None = None  # where it came from when not the card itself: "github.com/o/r"

    @property
    def source_kind(self) -> SourceKind:
        """The kind of place: "section:License" -> SourceKind.SECTION; "tags" -> SourceKind.TAGS."""
        head = self.source.split(":", 1)[0]
        return SourceKind(head) if head in _SOURCE_KINDS else SourceKind.OTHER

    @property
    def source_place(self) -> str:
        """The place within its kind: "section:License" -> "License"; "tags" -> ""."""
        return self.source.split(":", 1)[1] if ":" in self.source else ""

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Evidence:
        return _from_dict(cls, data)


@dataclass
class Conclusion:
    """What the license engine concludes from all the evidence of one card."""

    declared_license: str | None  # SPDX form of the metadata's license, None when absent
    concluded_license: str  # SPDX expression, LicenseRef-*, NOASSERTION or NONE
    confidence: float  # probability that concluded_license is right
    status: str  # verified | unverified | conflict | unknown
    commercial_use: str = "unclear"  # yes | no | unclear
    attribution_required: bool | None = None
    share_alike: bool | None = None
    reasons: list[str] = field(default_factory=list)  # short human explanations

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Conclusion:
        return _from_dict(cls, data)


@dataclass
class Entry:
    """One registry entry: the audit of one dataset at one revision."""

    dataset: str
    revision: str | None = None
    declared_license: str | None = None
    concluded_license: str = "NOASSERTION"
    confidence: float = 0.0
    status: str = "unknown"
    commercial_use: str = "unclear"
    attribution_required: bool | None = None
    share_alike: bool | None = None
    upstream: list[str] = field(default_factory=list)
    effective_license: str | None = None
    effective_commercial_use: str | None = None
    sources: list[str] = field(default_factory=list)  # where the card came from (URLs / paths)
    evidence: list[Evidence] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    error: str | None = None  # why the dataset could not be audited (status "error")
    audited_at: str = ""  # ISO 8601 UTC

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entry:
        entry = _from_dict(cls, data)
        entry.evidence = [
            e if isinstance(e, Evidence) else Evidence.from_dict(e) for e in entry.evidence
        ]
        return entry
