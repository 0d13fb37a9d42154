"""The map-to-SPDX step: each piece of evidence -> SPDX license, match kind, strength, terms.

It asks the license knowledge of agent/spdx/ (names, URLs, Hub ids, full texts, custom terms).
"""

from __future__ import annotations

from agent.models import Evidence, SourceKind

__all__ = ["map_evidence", "map_one"]

SNIPPET = 300  # characters of text kept as the snippet once a piece is mapped
# The matchers are imported inside the functions: a command that never maps (registry, gate) must
# not pay for compiling the name tables.


def _fulltext(text: str) -> tuple[str | None, float, str]:
    """(SPDX id, score, note) of the closest full license text (agent.spdx.fulltext)."""
    from agent.spdx.fulltext import match_text

    found = match_text(text)
    cands = list(found or [])
    if not cands:
        return None, 0.0, ""
    best = cands[0]
    others = ", ".join(f"{c.id} ({c.score:.2f})" for c in cands[1:3])
    note = f"closest candidates: {others}" if others else ""
    if not best.confident:  # not clearly one text: report the candidates, let the names decide
        return (
            None,
            best.score,
            f"closest full texts: {best.id} ({best.score:.2f})" + (f", {others}" if others else ""),
        )
    return best.id, float(best.score), note


def _trim(ev: Evidence, start: int | None = None) -> None:
    """Keep a short snippet around the first kept mention; move line_start to its line."""
    text = ev.snippet
    if start is None or start < 0:
        ev.snippet = text[:SNIPPET].strip()
        return
    lo = max(0, text.rfind("\n", 0, max(0, start - 120)) + 1) if start > 120 else 0
    ev.snippet = text[lo : lo + SNIPPET].strip()
    if ev.line_start is not None:
        ev.line_start += text.count("\n", 0, start)


def _map_metadata(ev: Evidence) -> None:
    from agent.spdx import hub_ids, prose
    from agent.spdx.urls import map_url

    key = ev.source.rsplit(":", 1)[-1]  # "yaml:license", "yaml:configs:license" -> "license"
    value = ev.snippet.strip()
    if key == "license" or ev.source_kind is SourceKind.TAGS:
        lic = hub_ids.hub_to_spdx(value)
        exact = value.lower() in hub_ids.HUB_TO_SPDX
        if lic:
            ev.license, ev.match, ev.score = lic, "id" if exact else "alias", 1.0 if exact else 0.9
            return
    elif key == "license_link":
        lic = map_url(value)
        ev.license, ev.match, ev.score = lic, ("url" if lic else "none"), (0.9 if lic else 0.0)
        if not lic:
            ev.note = "points to a license file or page that is not a known license"
        return
    reading = prose.read(value)
    if reading.expression:
        ev.license, ev.match, ev.score = reading.expression, "name", reading.strength
    elif key in ("license", "license_name"):
        ev.license, ev.match, ev.score = "LicenseRef-" + hub_ids.slug(value[:60]), "custom", 0.7
        ev.note = "license named in metadata is not on the SPDX list"
    else:
        _map_custom(ev, value)


def _map_custom(ev: Evidence, text: str) -> None:
    from agent.spdx.custom import read_custom

    found = read_custom(text)
    ev.terms = found.terms
    if found.kind == "custom":
        ev.license, ev.match, ev.score, ev.note = found.license, "custom", 0.6, found.note
    else:
        ev.license, ev.match, ev.score, ev.note = None, "none", 0.0, found.note


def _map_text(ev: Evidence, allow_custom: bool = True) -> None:
    from agent.spdx import prose
    from agent.spdx.custom import key_terms

    text = ev.snippet
    reading = prose.read(text)
    if reading.expression:
        urls_only = all(m.how == "url" for m in reading.mentions)
        ev.license, ev.match, ev.score = (
            reading.expression,
            "url" if urls_only else "name",
            reading.strength,
        )
        ev.note = reading.note
        ev.terms = key_terms(text)
        if allow_custom and " OR " not in reading.expression:
            _add_parts(ev, text, reading)
        _trim(ev, reading.mentions[0].start)
        return
    if allow_custom:
        _map_custom(ev, text)
        if reading.note:
            ev.note = f"{reading.note}; {ev.note}"
    else:
        ev.license, ev.match, ev.note = None, "none", reading.note
    _trim(ev)


def _add_parts(ev: Evidence, text: str, reading) -> None:
    """Listed parts under custom terms join the standard licenses with AND (each part carries its own)."""
    from agent.spdx.custom import part_refs

    spans = [(m.start, m.end) for m in reading.mentions + reading.dropped]
    parts = part_refs(text, spans)
    if parts:
        refs = list(dict.fromkeys(ref for ref, _ in parts))
        ev.license = " AND ".join([lic for lic in [ev.license] if lic] + refs)
        ev.terms = sorted(set(ev.terms) | {t for _, terms in parts for t in terms})
        ev.note = (
            (ev.note + "; " if ev.note else "") + "parts under custom terms: " + ", ".join(refs)
        )


def _map_file(ev: Evidence) -> None:
    from agent.spdx.custom import key_terms
    from agent.spdx.fulltext.modified import modifications

    lic, score, note = _fulltext(ev.snippet)
    changed = modifications(ev.snippet, lic) if lic else None
    if lic and changed:  # a standard text with clauses added or removed is not that license
        ev.license, ev.match, ev.score, ev.terms = (
            f"LicenseRef-modified-{lic}",
            "custom",
            0.6,
            key_terms(ev.snippet),
        )
        ev.note = f"not the standard {lic} text: it {changed}; closest license {lic}"
        _trim(ev)
        return
    if lic:
        ev.license, ev.match, ev.score, ev.note = lic, "fulltext", score, note
        _trim(ev)
        return
    _map_text(ev)
    if note:
        ev.note = f"{ev.note}; {note}".strip("; ")


def _map_restriction(ev: Evidence) -> None:
    """A sentence that limits use -> its restriction terms as LicenseRef- ids joined with AND."""
    from agent.spdx.restrictions import restrictions

    found = restrictions(ev.snippet)
    ev.license = " AND ".join(r.license for r in found) or None
    ev.match, ev.score = ("restriction", 0.8) if found else ("none", 0.0)
    ev.terms = [r.term for r in found]
    _trim(ev)


def map_one(ev: Evidence) -> Evidence:
    """Fill license/match/score/terms/note of one piece (in place) and return it."""
    from agent.spdx.urls import map_url

    if ev.kind == "metadata":
        _map_metadata(ev)
    elif ev.kind == "link":
        lic = map_url(ev.snippet)
        ev.license, ev.match, ev.score = lic, ("url" if lic else "none"), (0.9 if lic else 0.0)
    elif ev.kind == "file":
        _map_file(ev)
    elif ev.kind == "restriction":
        _map_restriction(ev)
    elif (
        ev.kind == "advisory"
    ):  # advice against a use is no license: kept as evidence for the verdict
        ev.license, ev.match, ev.score = None, "none", 0.0
        _trim(ev)
    elif _code_heading(ev):
        ev.license, ev.match, ev.note = None, "none", "a license under a code heading was set aside"
        _trim(ev)
    else:
        _map_text(ev, allow_custom=ev.source_kind is SourceKind.SECTION)
    return ev


def _code_heading(ev: Evidence) -> bool:
    """Text under a heading about code: "### Code" in "## License", "## Code License" ("section:..." sources)."""
    from agent.spdx.prose import title_scope

    if ev.source_kind not in (SourceKind.SECTION, SourceKind.SUBSECTION):
        return False
    return title_scope(ev.source_place.rsplit("/", 1)[-1]) == "code"


def map_evidence(evidence: list[Evidence]) -> list[Evidence]:
    """Map every piece; a piece that cannot be read keeps license None with the reason in `note`."""
    out = []
    for ev in evidence:
        try:
            out.append(map_one(ev))
        except ValueError as exc:  # an expression that does not parse: this piece names no license
            ev.license, ev.match, ev.note = (
                None,
                "none",
                f"could not be read ({type(exc).__name__})",
            )
            out.append(ev)
    return out
