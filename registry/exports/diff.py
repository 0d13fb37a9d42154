"""`registry diff`: which datasets changed license, commercial-use verdict or status between two audits."""

from __future__ import annotations

from dataclasses import dataclass, field

from agent import SCHEMA_VERSION
from agent.models import Entry
from agent.terminal import json_text
from registry.exports.plain import clean

# What a reviewer asks about after a re-run, in the order shown: field -> label.
WATCHED = {
    "concluded_license": "license",
    "effective_license": "effective license",
    "commercial_use": "commercial use",
    "effective_commercial_use": "effective commercial use",
    "status": "status",
    "error": "error",
}
CONFIDENCE_STEP = 0.1  # a confidence move smaller than this is noise, not a change


@dataclass
class Change:
    dataset: str
    kind: str  # changed | added | removed | unchanged
    fields: dict[str, tuple] = field(default_factory=dict)  # field -> (old, new)
    old_revision: str | None = None
    new_revision: str | None = None
    license: str | None = None  # the new license (old one for removed)
    status: str | None = None


@dataclass
class Diff:
    old: str  # labels: "registry old.db", "export audit.json"
    new: str
    changes: list[Change]

    def of_kind(self, kind: str) -> list[Change]:
        return [c for c in self.changes if c.kind == kind]

    def counts(self) -> dict[str, int]:
        return {k: len(self.of_kind(k)) for k in ("changed", "added", "removed", "unchanged")}


def _compare(old: Entry, new: Entry) -> dict[str, tuple]:
    fields = {
        name: (getattr(old, name), getattr(new, name))
        for name in WATCHED
        if (getattr(old, name) or None) != (getattr(new, name) or None)
    }
    if abs((old.confidence or 0) - (new.confidence or 0)) >= CONFIDENCE_STEP:
        fields["confidence"] = (round(old.confidence or 0, 2), round(new.confidence or 0, 2))
    return fields


def diff_entries(old: tuple[str, list[Entry]], new: tuple[str, list[Entry]]) -> Diff:
    """Compare two (label, entries) snapshots dataset by dataset; sorted by dataset name."""
    before = {e.dataset: e for e in old[1]}
    after = {e.dataset: e for e in new[1]}
    changes = []
    for name in sorted(before.keys() | after.keys(), key=str.lower):
        a, b = before.get(name), after.get(name)
        if a is None:
            assert b is not None  # the name came from one of the two sides
            changes.append(
                Change(
                    name,
                    "added",
                    new_revision=b.revision,
                    license=b.concluded_license,
                    status=b.status,
                )
            )
        elif b is None:
            changes.append(
                Change(
                    name,
                    "removed",
                    old_revision=a.revision,
                    license=a.concluded_license,
                    status=a.status,
                )
            )
        else:
            fields = _compare(a, b)
            changes.append(
                Change(
                    name,
                    "changed" if fields else "unchanged",
                    fields,
                    a.revision,
                    b.revision,
                    b.concluded_license,
                    b.status,
                )
            )
    return Diff(old[0], new[0], changes)


def describe(change: Change) -> str:
    """'license CC-BY-4.0 -> CC-BY-NC-4.0; status verified -> conflict'."""
    label = {**WATCHED, "confidence": "confidence"}
    return "; ".join(
        f"{label[k]} {clean(str(a)) if a not in (None, '') else '-'} -> "
        f"{clean(str(b)) if b not in (None, '') else '-'}"
        for k, (a, b) in change.fields.items()
    )


def render_diff_text(diff: Diff, every: bool = False) -> str:
    """One line per change; card-borne text is cleaned of terminal control sequences."""
    lines = [f"licensetrace registry diff: {clean(diff.old)} -> {clean(diff.new)}", ""]
    for change in diff.changes:
        name, license_ = clean(change.dataset), clean(change.license)
        if change.kind == "changed":
            revision = (
                f" (revision {clean(change.old_revision) or '-'} -> {clean(change.new_revision) or '-'})"
                if change.old_revision != change.new_revision
                else ""
            )
            lines.append(f"CHANGED   {name}: {describe(change)}{revision}")
        elif change.kind in ("added", "removed"):
            lines.append(f"{change.kind.upper():<9} {name}: {license_} ({change.status})")
        elif every:
            lines.append(f"unchanged {name}: {license_} ({change.status})")
    counts = diff.counts()
    if len(lines) == 2:
        lines.append("no dataset changed license, commercial use or status")
    lines += ["", "Result: " + ", ".join(f"{n} {k}" for k, n in counts.items())]
    return "\n".join(lines) + "\n"


def render_diff_json(diff: Diff) -> str:
    document = {
        "schema_version": SCHEMA_VERSION,
        "old": diff.old,
        "new": diff.new,
        "counts": diff.counts(),
        "changes": [
            {
                "dataset": c.dataset,
                "kind": c.kind,
                "old_revision": c.old_revision,
                "new_revision": c.new_revision,
                "license": c.license,
                "status": c.status,
                "fields": {k: {"old": a, "new": b} for k, (a, b) in c.fields.items()},
            }
            for c in diff.changes
            if c.kind != "unchanged"
        ],
    }
    return json_text(document, indent=2) + "\n"
