"""The effective license of a dataset: its own terms AND its upstreams', most restrictive use wins.

Commercial use is ranked allowed (yes) < unspecified (unclear) < non-commercial (no) <
research-only (no); the highest rank found decides. Attribution and share-alike accumulate.
An upstream that could not be audited makes the use at least "unclear", never clean.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from agent.lineage.model_terms import terms_by_license
from agent.lineage.upstream import UNNAMED_UPSTREAM, Upstream
from agent.models import Conclusion, Entry

LEVELS = ("allowed", "unspecified", "non-commercial", "research-only")
_USE = {"allowed": "yes", "unspecified": "unclear", "non-commercial": "no", "research-only": "no"}
_SPECIAL = ("NOASSERTION", "NONE", "")

# What an upstream's audit left: its entry, None (not audited), or why it could not be audited.
UpstreamResult = Entry | str | BaseException | None


@dataclass
class Effective:
    """The combined terms of a dataset and everything it was built from, with the reasons."""

    license: str  # SPDX expression: own AND upstream licenses (NOASSERTION when none is known)
    commercial_use: str  # yes | no | unclear
    level: str  # allowed | unspecified | non-commercial | research-only
    attribution_required: bool | None
    share_alike: bool | None
    chain: list[str] = field(default_factory=list)  # why, decisive reasons first
    upstream: list[str] = field(default_factory=list)  # the upstream references taken into account

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class _Part:
    who: str  # "own terms", "upstream squad", "generating model ChatGPT"
    license: str | None
    level: str
    attribution: bool | None
    share_alike: bool | None
    why: str


def effective_license(
    own: Conclusion | Entry, upstreams: Iterable[tuple[Upstream, UpstreamResult]]
) -> Effective:
    """Combine `own` with each (Upstream, its Entry, None when not audited, or why it failed)."""
    own_name = own.dataset if isinstance(own, Entry) else None
    parts = [_own_part(own)]
    seen: set[str] = set()
    refs: list[str] = []
    for upstream, result in upstreams:
        ref = upstream.ref
        if upstream.key in seen or (own_name and _same(ref, own_name)):
            continue  # duplicates and self-references (cycles) add nothing
        seen.add(upstream.key)
        part = _upstream_part(upstream, result)
        if part is not None:
            parts.append(part)
            refs.append(ref)
    return _combine(parts, refs)


def _own_part(own: Conclusion | Entry) -> _Part:
    lic = own.concluded_license or "NOASSERTION"
    use = own.commercial_use or "unclear"
    level = _level(lic, use)
    why = f"own license {lic}" + ("" if lic not in _SPECIAL else " (no license could be concluded)")
    return _Part("own terms", lic, level, own.attribution_required, own.share_alike, why)


def _upstream_part(upstream: Upstream, result: UpstreamResult) -> _Part | None:
    name = upstream.ref
    if upstream.kind == "repository" and upstream.relation != "data-license":
        return None  # a code license is not a data license: reported as evidence only
    if (
        upstream.kind == "repository"
    ):  # its data license (lineage/repositories.py): stricter terms win
        from agent.conclude.facts import facts

        lic = upstream.license or "NOASSERTION"
        return _Part(
            f"repository {name}",
            lic,
            _level(lic, facts(lic, [])[0]),
            None,
            None,
            f"source repository {name} states {upstream.license} for its data",
        )
    if upstream.kind == "model":
        return _model_part(upstream)
    if result is None or isinstance(result, (str, BaseException)) or result.error:
        reason = _failure(upstream, result)
        return _Part(f"upstream {name}", None, "unspecified", None, None, reason)
    lic = result.effective_license or result.concluded_license or "NOASSERTION"
    use = result.effective_commercial_use or result.commercial_use or "unclear"
    level = _level(lic, use)
    if lic in _SPECIAL:
        why = f"upstream {name} states no license we could determine ({lic})"
    else:
        why = f"upstream {name} is {lic}" + _inherited(result)
    return _Part(
        f"upstream {name}",
        lic,
        level,
        result.attribution_required,
        result.share_alike,
        why,
    )


def _inherited(result: Entry) -> str:
    """The upstream's own deciding reason when its terms come from further up, so the whole chain
    reads in one line: "... upstream B is MIT AND CC-BY-NC-4.0 (non-commercial because upstream C ...)"."""
    for reason in result.reasons or []:
        if (
            isinstance(reason, str)
            and reason.startswith("effective: ")
            and " because upstream " in reason
        ):
            return f" ({reason[len('effective: ') :]})"
    return ""


def _model_part(upstream: Upstream) -> _Part:
    terms = terms_by_license(upstream.license or "")
    if terms is None:
        return _Part(
            f"model {upstream.name}",
            None,
            "unspecified",
            None,
            None,
            f"data generated with {upstream.name}, whose terms we do not know",
        )
    level = {"yes": "allowed", "unclear": "unspecified", "no": "non-commercial"}[
        terms.commercial_use
    ]
    if "research" in " ".join(terms.restrictions):
        level = "research-only"
    restriction = f": {terms.restrictions[0]}" if terms.restrictions else ""
    why = f"data generated with {upstream.name} ({terms.license}{restriction}; {terms.url})"
    return _Part(
        f"model {upstream.name}",
        terms.license,
        level,
        terms.attribution_required,
        terms.share_alike,
        why,
    )


def _failure(upstream: Upstream, result: UpstreamResult) -> str:
    """Why an upstream gives no terms: 'upstream X could not be audited: RepoNotFound: ...'."""
    name = upstream.ref
    if result is None and upstream.name == UNNAMED_UPSTREAM:
        return "the card says the data extends a dataset it does not name; its license is unknown"
    if result is None and not upstream.hub_id:
        return f"upstream {name} is not a Hub dataset; its license is unknown"
    if result is None:
        return f"upstream {name} was not audited"
    detail = result if isinstance(result, (str, BaseException)) else result.error
    return f"upstream {name} could not be audited: {detail}"


def _combine(parts: list[_Part], refs: list[str]) -> Effective:
    worst = max(LEVELS.index(p.level) for p in parts)
    level = LEVELS[worst]
    decisive = [p for p in parts if LEVELS.index(p.level) == worst]
    others = [p for p in parts if LEVELS.index(p.level) != worst]
    verdict = {
        "allowed": "commercial use allowed",
        "unspecified": "commercial use unclear",
        "non-commercial": "non-commercial",
        "research-only": "research-only",
    }[level]
    chain = [f"{verdict} because {p.why}" for p in decisive]
    chain += [f"also: {p.why} ({p.level})" for p in others]
    return Effective(
        license=_and([p.license for p in parts]),
        commercial_use=_USE[level],
        level=level,
        attribution_required=_accumulate([p.attribution for p in parts]),
        share_alike=_accumulate([p.share_alike for p in parts]),
        chain=chain,
        upstream=refs,
    )


def _level(license_expr: str, use: str) -> str:
    """Rank of one part: research-only licenses rank above plain non-commercial ones."""
    if use == "yes":
        return "allowed"
    if use == "no":
        return "research-only" if _is_research_only(license_expr) else "non-commercial"
    return "unspecified"


def _is_research_only(license_expr: str) -> bool:
    from agent.spdx.facts import expression_facts

    return "research-only" in expression_facts(license_expr).categories


def _and(licenses: list[str | None]) -> str:
    """'MIT' + 'CC-BY-NC-4.0' -> 'MIT AND CC-BY-NC-4.0'; unknown parts are left to the chain."""
    known = [lic for lic in licenses if lic and lic.upper() not in _SPECIAL]
    from agent.spdx.expressions import combine_and

    try:
        return combine_and(known)
    except ValueError:  # a part that does not parse: the terms still combine, joined as written
        pass
    unique = list(dict.fromkeys(known))
    if not unique:
        return "NOASSERTION"
    return " AND ".join(f"({u})" if " OR " in u else u for u in unique)


def _accumulate(values: list[bool | None]) -> bool | None:
    """An obligation of any part binds; undecided parts make 'no obligation' unknown."""
    if True in values:
        return True
    return None if None in values else False


def _same(a: str, b: str) -> bool:
    return a.strip().lower() == b.strip().lower()
