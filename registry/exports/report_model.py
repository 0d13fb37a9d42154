"""The report object every human-facing format reads: one entry's view and the registry-wide answers."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from agent.models import Entry
from registry.exports.links import entry_links, evidence_link, license_url

LOW_CONFIDENCE = 0.5  # below this a conclusion is listed for a person to check
MIX_BARS = 12  # the license-mix chart shows this many licenses, the rest as "other"
LISTED = 300  # a summary list names at most this many datasets (the table has them all)
FIRST = 8  # ... of which the first few are shown open, the rest behind "N more"
SNIPPET_CHARS = 600  # a quote longer than this is cut in the HTML (the JSON export keeps it whole)
UNCLEAR_LICENSES = ("NOASSERTION", "NONE", "")


def commercial(entry: Entry) -> str:
    """The verdict a release asks about: with upstreams when traced (yes | no | unclear | error)."""
    if entry.status == "error":
        return "error"
    return entry.effective_commercial_use or entry.commercial_use or "unclear"


@dataclass
class EvidenceView:
    source: str
    lines: str  # "L3", "L40-42" or ""
    license: str
    snippet: str
    note: str
    match: str
    link: str | None


@dataclass
class EntryView:
    anchor: str  # "d-17": never built from the (untrusted) dataset name
    entry: Entry
    verdict: str  # commercial(): the colour of the dataset everywhere
    links: list[tuple[str, str]]
    license_link: str | None
    evidence: list[EvidenceView]
    chain: list[tuple[str, str | None]]  # (step, anchor): concluded, each upstream, effective
    gate: object | None = None  # registry.gate.evaluate.DatasetResult when rendered by `gate`


@dataclass
class Summary:
    total: int = 0
    commercial: dict[str, int] = field(default_factory=dict)  # yes/no/unclear/error -> count
    why: dict[str, list[tuple[str, int]]] = field(default_factory=dict)  # verdict -> top licenses
    statuses: dict[str, int] = field(default_factory=dict)
    mix: list[tuple[str, int]] = field(default_factory=list)
    histogram: list[int] = field(default_factory=lambda: [0] * 10)
    low: list[EntryView] = field(default_factory=list)
    conflicts: list[EntryView] = field(default_factory=list)
    errors: list[EntryView] = field(default_factory=list)
    unknowns: list[EntryView] = field(default_factory=list)


def _lines(start: int | None, end: int | None) -> str:
    if start is None:
        return ""
    return f"L{start}" if end in (None, start) else f"L{start}-{end}"


def anchor_of(index: int) -> str:
    """The id of the index-th entry's section: "d-17" (never built from the untrusted name)."""
    return f"d-{index}"


def _chain(
    entry: Entry, edges: list[dict], known: dict[str, tuple[str, str]]
) -> list[tuple[str, str | None]]:
    """[(step, anchor)]: the concluded license, each upstream with its license (an audited upstream's
    from its own entry, linked to its section), then the effective license."""
    chain: list[tuple[str, str | None]] = [(f"concluded: {entry.concluded_license}", None)]
    for edge in edges or [{"upstream": name} for name in entry.upstream or []]:
        name, kind = str(edge.get("upstream") or "?"), str(edge.get("kind") or "dataset")
        license_, anchor = known.get(name, (None, None)) if kind == "dataset" else (None, None)
        license_ = edge.get("license") or license_ or "not audited"
        chain.append((f"{kind} {name} ({edge.get('relation') or 'upstream'}): {license_}", anchor))
    if entry.effective_license:
        chain.append((f"effective: {entry.effective_license}", None))
    return chain


def entry_view(
    index: int, entry: Entry, edges: list[dict], known: dict[str, tuple[str, str]]
) -> EntryView:
    """`known`: {dataset: (its effective-or-concluded license, its anchor)} for every entry in the report."""
    evidence = [
        EvidenceView(
            e.source,
            _lines(e.line_start, e.line_end),
            e.license or "?",
            e.snippet or "",
            e.note or "",
            e.match or "",
            evidence_link(entry, e),
        )
        for e in entry.evidence or []
    ]
    return EntryView(
        anchor_of(index),
        entry,
        commercial(entry),
        entry_links(entry),
        license_url(entry.concluded_license),
        evidence,
        _chain(entry, edges, known),
    )


def _why(entry: Entry, verdict: str) -> str:
    """What decided the verdict: the license, or "MIT via upstreams" when upstream terms changed it."""
    own = entry.concluded_license or "NOASSERTION"
    if verdict != (entry.commercial_use or "unclear"):
        return f"{own} via upstreams"
    return entry.effective_license or own


def summarise(views: list[EntryView]) -> Summary:
    """Counts, the why of each commercial-use answer, the license mix, confidence, problem lists."""
    summary = Summary(total=len(views))
    why: dict[str, Counter] = {}
    mix: Counter = Counter()
    for view in views:
        entry = view.entry
        summary.commercial[view.verdict] = summary.commercial.get(view.verdict, 0) + 1
        summary.statuses[entry.status] = summary.statuses.get(entry.status, 0) + 1
        if entry.status != "error":
            why.setdefault(view.verdict, Counter())[_why(entry, view.verdict)] += 1
            mix[entry.concluded_license or "NOASSERTION"] += 1
            summary.histogram[min(9, max(0, int((entry.confidence or 0) * 10)))] += 1
            if (entry.confidence or 0) < LOW_CONFIDENCE:
                summary.low.append(view)
        if entry.status == "conflict":
            summary.conflicts.append(view)
        elif entry.status == "error":
            summary.errors.append(view)
        elif entry.status == "unknown" or (entry.concluded_license or "") in UNCLEAR_LICENSES:
            summary.unknowns.append(view)
    summary.why = {verdict: counter.most_common(4) for verdict, counter in why.items()}
    top = mix.most_common(MIX_BARS)
    rest = sum(mix.values()) - sum(n for _, n in top)
    summary.mix = top + ([(f"other ({len(mix) - len(top)} licenses)", rest)] if rest else [])
    return summary
