"""Conclusion: declared vs concluded license, status, license facts and a calibrated confidence."""

from __future__ import annotations

from agent.conclude import reconcile as rc
from agent.conclude import roles
from agent.conclude.analysis import Analysis
from agent.conclude.confidence import probability
from agent.conclude.facts import facts
from agent.conclude.restrict import added_restrictions
from agent.models import Card, Conclusion, Evidence, SourceKind
from agent.spdx.custom import RESTRICTION_ONLY
from agent.spdx.facts import license_facts

__all__ = ["conclude", "analyse"]

OTHER = "LicenseRef-other"
# outside the metadata and the licensing sections: corroborate or contradict, never decide alone
_BODY_KINDS = frozenset({SourceKind.BODY, SourceKind.LINK, SourceKind.SUBSECTION, SourceKind.TABLE})
_ELSEWHERE_KINDS = frozenset({SourceKind.BODY, SourceKind.LINK, SourceKind.SUBSECTION})


def _declared(meta: list[Evidence]) -> tuple[str | None, list[str]]:
    """(declared expression, its concrete ids). "unknown" -> NOASSERTION; bare "other" -> LicenseRef-other."""
    lic = [e for e in meta if e.source.endswith(":license") or e.source_kind is SourceKind.TAGS]
    named = [e.license for e in meta if e.source.endswith(":license_name") and e.license]
    if not named:  # "license: other" + "license_link: https://creativecommons.org/licenses/by/4.0/"
        named = [e.license for e in meta if e.source.endswith(":license_link") and e.license]
    if not lic and not named:
        return None, []
    found = [e.license for e in lic if e.license and e.license != "NOASSERTION"]
    concrete = [x for x in dict.fromkeys(found + named) if x != OTHER]
    if concrete:
        return rc.join(concrete), concrete
    return (OTHER if OTHER in found else "NOASSERTION"), []


def analyse(card: Card, evidence: list[Evidence]) -> Analysis:
    """Everything the conclusion and the confidence model need, as plain values."""
    meta = [e for e in evidence if e.kind == "metadata"]
    declared, dec_ids = _declared(meta)
    sections = [e for e in evidence if e.source_kind is SourceKind.SECTION]
    stated = [e for e in sections if e.license]
    # parts with their own licenses: table rows, and subsections of a licensing section that names none itself
    # ("## License / ### Subset A: CC BY 4.0 / ### Subset B: CC BY-NC 4.0") under a card that declares a license;
    # under a card that declares none such subsections list where the data came from ("The license for
    # LibriSpeech is CC BY 4.0"): the sources' licenses, not the dataset's
    parts_below = not stated and declared not in (None, "NOASSERTION")
    tables = [
        e
        for e in evidence
        if e.license
        and (
            e.source_kind is SourceKind.TABLE
            or (parts_below and e.source_kind is SourceKind.SUBSECTION)
        )
    ]
    written = stated + (tables if _tables_decide(tables, declared) else [])
    files = [e for e in evidence if e.kind == "file" and e.license]
    body = [e for e in evidence if e.source_kind in _BODY_KINDS and e.license]
    a = Analysis(
        declared=declared,
        declared_ids=dec_ids,
        sections=len(sections),
        section_none=any(e.note == "the text states no license" for e in sections) and not written,
        section_unread=any(
            e.match == "none" and e.note != "the text states no license" for e in sections
        )
        and not written,
        section_lines=sum(
            (e.line_end or 0) - (e.line_start or 0) + 1 for e in sections if e.line_start
        ),
    )
    if written or files:
        _from_text(a, written or files, dec_ids, "text" if written else "file")
    else:
        a.concluded_ids = dec_ids
        a.path, a.strength, a.match = ("meta", 1.0, "id") if dec_ids else ("nothing", 0.0, "none")
        if dec_ids:
            a.reasons.append(f"only the metadata states a license ({declared})")
    if (
        not a.concluded_ids
        and declared == OTHER
        and (a.section_unread or _speaks_of_terms(evidence))
    ):
        # "license: other" and the card writes about its terms without naming a license: custom, unnamed
        a.concluded_ids, a.path, a.strength, a.match = [OTHER], "meta", 0.7, "custom"
        a.reasons.append(
            "the metadata says the terms are custom ('other') and the card writes about them "
            "without naming a license"
        )
    con = a.concluded_ids
    a.agree_meta = bool(dec_ids) and a.path in ("text", "file") and rc.agree(con, dec_ids)
    a.conflict = (
        bool(dec_ids) and a.path in ("text", "file") and not a.agree_meta and not a.restricts_meta
    )
    a.body_agree = bool(con) and any(
        rc.agree(con, rc.ids(e.license))
        or all(any(rc.ids_agree(i, c) for c in con) for i in rc.ids(e.license))
        for e in body
    )
    a.body_disagree = bool(con) and any(
        not any(rc.ids_agree(i, c) for c in con)
        for e in body
        for i in rc.ids(e.license)
        if not i.startswith("LicenseRef")
    )
    a.fulltext = any(e.match == "fulltext" for e in files)
    _restrict(a, evidence)
    _signals(a, evidence, bool(tables) and tables[0] in written)
    return a


def _from_text(a: Analysis, used: list[Evidence], dec_ids: list[str], path: str) -> None:
    """The written text (licensing sections, decisive tables, else license files) states the license."""
    text_ids = rc.refine(list(dict.fromkeys(i for e in used for i in rc.ids(e.license))), dec_ids)
    if (
        dec_ids
        and all(e.note == RESTRICTION_ONLY for e in used)
        and not any(i.startswith("LicenseRef-") for i in dec_ids)
    ):
        text_ids = (
            dec_ids + text_ids
        )  # "Research use only." beside YAML mit: a restriction on MIT, not another license
        a.restricts_meta = True
    a.concluded_ids, a.path = text_ids, path
    a.strength = min(e.score for e in used)
    a.match = "custom" if all(e.match == "custom" for e in used) else used[0].match
    a.terms = sorted({t for e in used for t in e.terms})
    a.notes = "; ".join(e.note for e in used if e.note)
    a.op = "OR" if any(" OR " in (e.license or "") for e in used) and len(text_ids) > 1 else "AND"
    a.reasons.append(
        f"{used[0].source} (line {used[0].line_start}) states {rc.join(text_ids, a.op)}"
    )


def _signals(a: Analysis, evidence: list[Evidence], table_parts: bool) -> None:
    """What makes a modern card hard to read, for the confidence: a table of parts decided, the metadata
    says only "other", terms sentences we could not map, advice against commercial use, unread license lines."""
    a.table_parts = table_parts
    a.declared_other = a.declared == OTHER
    a.unread_terms = sum(1 for e in evidence if e.kind == "restriction" and not e.license)
    a.advisory = any(e.kind == "advisory" for e in evidence)
    a.unread_body = sum(1 for e in evidence if e.source_kind is SourceKind.BODY and not e.license)


def _tables_decide(tables: list[Evidence], declared: str | None) -> bool:
    """A table of parts and their licenses is the dataset's license when the card declares none, or
    when some part is under stricter terms than open commercial use (non-commercial, custom): those
    parts decide the whole. Parts under MIT / Apache beside a declared Apache-2.0 only corroborate it."""
    if not tables:
        return False
    return declared in (None, "NOASSERTION", OTHER) or any(
        license_facts(e.license)[0] != "yes" for e in tables
    )


def _speaks_of_terms(evidence: list[Evidence]) -> bool:
    """The card has words on its terms: a gated prompt, a sentence about terms in a terms section, or a
    license_link to terms we cannot name ("license: other" + "license_link: https://acme.org/terms")."""
    return any(
        e.kind == "restriction" or (e.source.endswith(":license_link") and not e.license)
        for e in evidence
    )


def _restrict(a: Analysis, evidence: list[Evidence]) -> None:
    """AND the restrictions the card states beside its license (after agreement and conflict were judged
    on the license itself); a bare "other" gives way to the restriction that names the custom terms."""
    refs, terms, reasons = added_restrictions(a.concluded_ids, a.terms, evidence)
    a.restrictions = refs
    a.reasons += reasons  # also the remarks set aside as no restriction
    if not refs:
        return
    base = [i for i in a.concluded_ids if i != OTHER]
    a.concluded_ids = base + refs
    a.terms = sorted(set(a.terms) | set(terms))
    if a.path == "nothing":
        a.path, a.strength, a.match = "restriction", 0.8, "restriction"


def _elsewhere(evidence: list[Evidence]) -> list[str]:
    """Licenses named outside the metadata and licensing sections: shown, not concluded from (a passing
    mention in a description or a link to a source's license is weaker than a statement)."""
    seen: dict[str, str] = {}
    for e in evidence:
        if e.source_kind in _ELSEWHERE_KINDS and e.license and e.license not in seen:
            seen[e.license] = f"{e.license} ({e.source}, line {e.line_start})"
    return (
        [f"also mentioned elsewhere in the card: {'; '.join(list(seen.values())[:3])}"]
        if seen
        else []
    )


def _valid(expr: str) -> tuple[str, list[str]]:
    """Every emitted expression parses and uses listed ids or LicenseRef-: unknown ids become LicenseRef-<id>."""
    from agent.spdx.expressions import is_valid
    from agent.spdx.hub_ids import slug

    if is_valid(expr):
        return expr, []
    ids = [i if is_valid(i) else "LicenseRef-" + slug(i) for i in rc.ids(expr)]
    fixed = rc.join(ids, "OR" if " OR " in expr else "AND")
    return (
        (fixed, [f"{expr!r} is not a valid SPDX expression; written as {fixed}"])
        if is_valid(fixed)
        else ("NOASSERTION", [f"{expr!r} is not a valid SPDX expression"])
    )


def _status(a: Analysis) -> str:
    if not a.concluded_ids:
        return "unknown"
    if a.conflict:
        return "conflict"
    if a.agree_meta or a.fulltext or (a.body_agree and not a.body_disagree):
        return "verified"
    return "unverified"


def conclude(card: Card, evidence: list[Evidence]) -> Conclusion:
    """Conclude one card; a repository's data license, not its code license (conclude/roles.py)."""
    view = roles.data_view(card, evidence)
    return roles.finish(view, _conclude(card, view.evidence))


def _conclude(card: Card, evidence: list[Evidence]) -> Conclusion:
    """Conclude from mapped evidence; the written text wins over metadata it contradicts."""
    a = analyse(card, evidence)
    status = _status(a)
    concluded, fixed = _valid(rc.join(a.concluded_ids, a.op))
    reasons = list(a.reasons) + fixed
    if status == "conflict":
        reasons.append(
            f"metadata says {a.declared}, the written text says {concluded}: the text wins"
        )
    elif status == "unknown":
        reasons.append(
            "no license evidence"
            if a.declared is None
            else f"metadata says {a.declared} and the text names no license"
        )
    if a.path in ("meta", "nothing"):
        reasons += _elsewhere(evidence)
    if a.notes:
        reasons.append(a.notes)
    commercial, attribution, share = facts(concluded, a.terms)
    advice = next((e for e in evidence if e.kind == "advisory"), None)
    if (
        commercial == "yes" and advice is not None
    ):  # "Out-of-scope: commercial applications without consent"
        commercial = "unclear"
        reasons.append(
            f"{advice.source} (line {advice.line_start}) advises against commercial use: "
            f'"{advice.snippet[:160]}"'
        )
    return Conclusion(
        declared_license=a.declared,
        concluded_license=concluded,
        confidence=probability(a, status),
        status=status,
        commercial_use=commercial,
        attribution_required=attribution,
        share_alike=share,
        reasons=reasons,
    )
