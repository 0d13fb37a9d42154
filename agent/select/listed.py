"""What the Hub's list endpoint already tells about one dataset: the ref the runner audits without an info call."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# The properties a listing asks for (`expand[]=`), each read back below. `tags` repeats card
# fields ("license:mit") that the card reader uses, so a listed card reads like an info one.
LIST_EXPAND = (
    "sha",
    "cardData",
    "gated",
    "disabled",
    "private",
    "lastModified",
    "siblings",
    "tags",
)


@dataclass(frozen=True)
class ListedDataset:
    """One item of `GET /api/datasets?expand[]=...`, e.g.
    {"id": "org/name", "sha": "71b7...", "cardData": {"license": "mit"}, "gated": false,
     "siblings": [{"rfilename": "README.md"}], "lastModified": "2023-06-08T06:40:09.000Z"}.

    The runner takes it wherever it takes a reference string: `ref_text` is the Hub id, and
    `info()` stands in for the dataset-info answer, so the graph makes no info call for it.
    """

    id: str
    sha: str | None = None
    card_data: dict[str, Any] | None = None
    gated: bool | str = False  # false, "auto" or "manual"
    disabled: bool = False
    private: bool = False
    last_modified: str | None = None
    siblings: tuple[str, ...] | None = None  # rfilenames; None when the listing did not say
    tags: tuple[str, ...] = ()

    @property
    def ref_text(self) -> str:
        return self.id

    @classmethod
    def from_item(cls, item: Any) -> ListedDataset | None:
        """The record of one listed item; None when it names no usable id (hostile or broken)."""
        if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not item["id"]:
            return None
        sha, card = item.get("sha"), item.get("cardData")
        gated = item.get("gated", False)
        siblings = item.get("siblings")
        return cls(
            id=item["id"],
            sha=sha if isinstance(sha, str) and sha else None,
            card_data=card if isinstance(card, dict) else None,
            gated=gated if isinstance(gated, (bool, str)) else bool(gated),
            disabled=item.get("disabled") is True,
            private=item.get("private") is True,
            last_modified=_text(item.get("lastModified")),
            siblings=_names(siblings) if isinstance(siblings, list) else None,
            tags=tuple(t for t in item.get("tags") or () if isinstance(t, str))
            if isinstance(item.get("tags"), list)
            else (),
        )

    def info(self) -> dict[str, Any]:
        """The dataset-info shape HubSource.fetch_card reads (HUB_API.md "Dataset info")."""
        info: dict[str, Any] = {
            "id": self.id,
            "sha": self.sha,
            "gated": self.gated,
            "disabled": self.disabled,
            "private": self.private,
            "lastModified": self.last_modified,
            "tags": list(self.tags),
        }
        if self.card_data is not None:
            info["cardData"] = self.card_data
        if self.siblings is not None:
            info["siblings"] = [{"rfilename": name} for name in self.siblings]
        return info


@dataclass(frozen=True)
class Unchanged:
    """A dataset the selection knows is unchanged since its registry entry (listed sha or
    resolver re-check): no call is needed. The runner reports the kept entry, or, when upstreams
    are traced, sends it through the graph's reuse path (its upstreams are checked as before)."""

    ref: str  # as given ("org/name", "https://huggingface.co/datasets/org/name")
    dataset: str  # its registry key


# What the runner accepts for one dataset: a reference as typed, or a listed dataset.
RefInput = str | ListedDataset


def ref_text(ref: RefInput) -> str:
    """The reference string of either kind ("org/name" for a listed dataset)."""
    return ref.ref_text if isinstance(ref, ListedDataset) else ref


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _names(siblings: list) -> tuple[str, ...]:
    return tuple(
        s["rfilename"]
        for s in siblings
        if isinstance(s, dict) and isinstance(s.get("rfilename"), str)
    )
