"""One upstream of a dataset (a dataset, a generating model or a source repository) with its evidence.

Its own module so that every reader of upstreams (card phrases, source repositories, the registry
edges) can use it without importing the tracing step itself.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from agent.lineage.names import norm_name
from agent.models import Evidence


@dataclass
class Upstream:
    """Something this dataset was built from, with the evidence that says so."""

    name: str  # Hub id or the name as written ("Common-Crawl", "GENIA corpus", "ChatGPT")
    kind: str  # "dataset" | "model" | "repository"
    relation: str  # extended, derived, subset, translated, sourced, component, generated-by, ...
    hub_id: str | None  # normalised Hub id when the name is one, else None
    evidence: Evidence
    license: str | None = None  # known license of a model or repository upstream

    def __post_init__(self) -> None:
        # The evidence says which upstream it is about, for a reader of `registry show`; the
        # identity itself travels only in the edge rows (to_edge / from_dict).
        if not self.evidence.note.startswith("upstream "):
            detail = self.evidence.note
            self.evidence.note = self.header() + (f": {detail}" if detail else "")

    def header(self) -> str:
        """'upstream dataset "squad" (extended; hub squad)': the evidence note's first words."""
        extra = (f"; hub {self.hub_id}" if self.hub_id else "") + (
            f"; license {self.license}" if self.license else ""
        )
        return f'upstream {self.kind} "{self.name}" ({self.relation}{extra})'

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Upstream:
        """From to_dict()/to_edge() output or the graph's plain dicts (license from the evidence)."""
        raw = data.get("evidence") or {}
        evidence = (
            raw
            if isinstance(raw, Evidence)
            else Evidence.from_dict({"source": "unknown", "kind": "upstream", "snippet": "", **raw})
        )
        return cls(
            data.get("name") or data.get("upstream") or "",
            data.get("kind") or "dataset",
            data.get("relation") or "",
            data.get("hub_id"),
            evidence,
            data.get("license") or evidence.license,
        )

    @property
    def key(self) -> str:
        """Identity for de-duplication: one model upstream per set of provider terms."""
        if self.kind == "model" and self.license:
            return "model:" + self.license
        return norm_name(self.hub_id or self.name)

    @property
    def ref(self) -> str:
        """What the registry's `upstream` column shows: the Hub id, else the name."""
        return self.hub_id or self.name

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_edge(self) -> dict[str, Any]:
        """The registry edge (Store.save_edges): upstream, relation, kind, and the evidence."""
        return {
            "upstream": self.ref,
            "relation": self.relation,
            "kind": self.kind,
            "name": self.name,
            "hub_id": self.hub_id,
            "license": self.license,
            "evidence": self.evidence.to_dict(),
        }
