"""Code license vs data license: which of a repository's statements the conclusion may read.

The concluded license is the data's. A statement scoped to the data wins; a repository-wide one
(root LICENSE, an unscoped README section, GitHub's detection) is concluded only when the
repository holds the data, as `unverified` with lower confidence; a code-only license never
becomes the data's license. Cards that are not repositories pass through unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from agent.conclude import reconcile as rc
from agent.extract.repo.holds import holds_data
from agent.extract.repo.provenance import third_party_content
from agent.extract.repo.statements import CODE, DATA, WIDE, is_content_license, role_of_text
from agent.models import Card, Conclusion, Evidence

# The card confidence model was fitted on Hub cards; a repository's answer is capped at the share
# of such answers that agree with the experts on the dev corpus-gh (benchmarks/github.py, Nov 2026:
# data 15/20, repository-wide file 13/18; labels are noisy, refit as they grow). Re-measured after
# the stricter holds-the-data reading (gh-data, Nov 2026): data 5/8, repository-wide 12/13 — too
# few to refit, the caps stay. An unscoped README statement is read like a card's licensing
# section (the card model's confidence stands).
CONFIDENCE_CAP = {"data": 0.75, "wide": 0.72}


@dataclass
class View:
    """The evidence the conclusion reads, and how it was chosen."""

    evidence: list[Evidence]
    mode: str = "card"  # card | data | readme | wide | elsewhere | code-only
    reasons: list[str] = field(default_factory=list)
    scope: str | None = None  # what the concluded license covers: data | repository-wide | code
    third_party: str | None = None  # the README's words saying the data was gathered from others


def _licenses(evidence: list[Evidence]) -> str:
    named = list(dict.fromkeys(e.license for e in evidence if e.license))
    return ", ".join(
        f"{lic} ({next(e.source for e in evidence if e.license == lic)})" for lic in named[:3]
    )


def _set_aside(evidence: list[Evidence]) -> dict[str, str]:
    """Licenses the prose reader set aside as the code's ("The code is MIT licensed"), each with
    where it was read: {"MIT": "README"}, {"MIT": "file:LICENSE"} for a license note's code piece."""
    from agent.spdx import prose

    found: dict[str, str] = {}
    for ev in (
        e for e in evidence if not e.license
    ):  # scoped to code already (heading, words, badge)
        reading = prose.read(ev.snippet)
        for m in reading.mentions + [d for d in reading.dropped if d.scope == "code"]:
            if not m.negated:
                found.setdefault(m.license, ev.source if ev.kind == "file" else "README")
    return found


def _as_statement(ev: Evidence) -> Evidence:
    """A scoped README sentence or GitHub's detection read as the licensing statement it is."""
    if ev.kind == "file" or ev.source.startswith("section:"):
        return ev
    return replace(ev, source=f"section:{ev.source}")


def _custom(ev: Evidence) -> bool:
    """Custom terms only: "LicenseRef-Free-Use-Terms", not "CC-BY-4.0"."""
    return bool(ev.license) and all(i.startswith("LicenseRef-") for i in rc.ids(ev.license))


def _role(ev: Evidence) -> str | None:
    """A repository-wide statement of a content license (CC, ODC, CDLA) is about the data; so is
    a custom license file whose own words are about the data ("The dataset may be freely used
    for any purpose"): a standard text's words ("this software") say nothing of the repository."""
    if ev.role == WIDE and ev.license and all(is_content_license(i) for i in rc.ids(ev.license)):
        return DATA
    if (
        ev.role == WIDE
        and ev.kind == "file"
        and _custom(ev)
        and role_of_text(ev.snippet[:300]) == DATA
    ):
        return DATA
    return ev.role


def data_view(card: Card, evidence: list[Evidence]) -> View:
    """The data's statements when a repository scopes its licenses; else the evidence as it is."""
    if not any(e.role for e in evidence):
        return View(evidence)
    view = _scoped_view(card, evidence)
    if view.scope == WIDE:
        view.third_party = third_party_content(card.readme)
    return view


def _scoped_view(card: Card, evidence: list[Evidence]) -> View:
    """The view of a repository whose statements carry roles (data / code / repository-wide)."""
    base = [e for e in evidence if not e.role]
    by_role = {
        role: [e for e in evidence if _role(e) == role and e.license] for role in (DATA, CODE, WIDE)
    }
    aside = _set_aside([e for e in evidence if e.role == CODE])
    _code_files(by_role, aside)
    named = ", ".join(
        filter(
            None, [_licenses(by_role[CODE])] + [f"{lic} ({where})" for lic, where in aside.items()]
        )
    )
    reasons = (
        [f"code license kept as evidence, not concluded for the data: {named}"] if named else []
    )
    if not named and (_one_voice(by_role) or _section_decides(by_role)):  # read like a card
        badges_as_lines = [_as_statement(e) if e.source == "badge" else e for e in evidence]
        return View(badges_as_lines, scope=DATA if by_role[DATA] else WIDE)
    if by_role[DATA]:
        return View(
            base + [_as_statement(e) for e in by_role[DATA]],
            "data",
            ["the repository states a license for its data apart from its code"] + reasons,
            DATA,
        )
    if by_role[WIDE]:
        return _repository_wide(card, base, by_role[WIDE], reasons)
    if named:
        return View(
            base,
            "code-only",
            ["only the code is licensed; nothing states the data's license"] + reasons,
            CODE,
        )
    return View(base)


def _code_files(by_role: dict[str, list[Evidence]], aside: dict[str, str]) -> None:
    """A license file that states what the README calls the code's license is the code's file:
    "Code License: Apache-2.0" badge + LICENSE (Apache-2.0 text) -> the LICENSE covers the code."""
    code = {i for e in by_role[CODE] for i in rc.ids(e.license)} | set(aside)
    files = [e for e in by_role[WIDE] if e.kind == "file" and set(rc.ids(e.license)) <= code]
    by_role[WIDE] = [e for e in by_role[WIDE] if e not in files]
    by_role[CODE] = by_role[CODE] + files


def _one_voice(by_role: dict[str, list[Evidence]]) -> bool:
    """The data and unscoped statements all name one license, at least one of them in a licensing
    section or a file (a license file alone still needs the holds-the-data check)."""
    voices = by_role[DATA] + by_role[WIDE]
    readme = [e for e in by_role[WIDE] if e.kind != "file" and e.source != "github:license"]
    anchored = any(_anchored(e) for e in voices)
    agree = all(rc.agree(rc.ids(e.license), rc.ids(voices[0].license)) for e in voices)
    # license files alone are the repository's answer, not a card's licensing section: a root
    # license file, or a custom text about the dataset (a standard data license text is verified)
    files_only = not readme and all(e.kind == "file" and _custom(e) for e in by_role[DATA])
    return bool(voices) and anchored and agree and not files_only


def _section_decides(by_role: dict[str, list[Evidence]]) -> bool:
    """Data named only in passing (outside licensing sections) beside a licensing section that
    names its license without scope: the section decides, as on a card."""
    return (
        bool(by_role[DATA])
        and not any(_anchored(e) for e in by_role[DATA])
        and any(e.source.startswith("section:") and e.kind != "file" for e in by_role[WIDE])
    )


def _anchored(ev: Evidence) -> bool:
    """A file, a licensing section or a license badge: statements, not passing mentions."""
    return ev.kind == "file" or ev.source.startswith(("section:", "badge"))


def _repository_wide(
    card: Card, base: list[Evidence], wide: list[Evidence], reasons: list[str]
) -> View:
    """Unscoped README statements speak for the dataset; a license file alone only when the
    repository holds the data (GitHub's detection stands in for an unread root license file)."""
    detected = [e for e in wide if e.source == "github:license"]
    use = [e for e in wide if e not in detected] or detected
    readme = [e for e in use if e.kind != "file" and e not in detected]
    if readme:  # a license file that says otherwise stays evidence: it may well be the code's
        files = [e for e in use if e not in readme]
        also = [f"the license file says {_licenses(files)}, kept as evidence"] if files else []
        return View(
            base + [_as_statement(e) for e in readme],
            "readme",
            [
                f"the README states {_licenses(readme)} without saying whether it covers the data "
                "or the code; read as the dataset's statement"
            ]
            + also
            + reasons,
            WIDE,
        )
    held, why = holds_data(card)
    if held:
        return View(
            base + [_as_statement(e) for e in use],
            "wide",
            [
                f"only a repository-wide license is stated ({_licenses(use)}); {why}, so it is "
                "concluded for the data with lower confidence"
            ]
            + reasons,
            WIDE,
        )
    return View(
        base,
        "elsewhere",
        [f"the repository-wide license {_licenses(use)} does not reach the data: {why}"] + reasons,
        WIDE,
    )


def finish(view: View, conclusion: Conclusion) -> Conclusion:
    """The conclusion adjusted for how its evidence was chosen (status, confidence, reasons)."""
    if view.third_party and conclusion.commercial_use == "yes":
        conclusion = replace(
            conclusion,
            commercial_use="unclear",
            reasons=conclusion.reasons
            + [
                f'the README says the data was gathered from others\' works ("{view.third_party}"): '
                f"a repository-wide license cannot clear their rights, so commercial use is unclear"
            ],
        )
    if view.mode == "card":
        return conclusion
    reasons = view.reasons + conclusion.reasons
    cap = CONFIDENCE_CAP.get(view.mode, 1.0)
    if view.mode == "wide" and rc.ids(conclusion.concluded_license):
        status = "unverified" if conclusion.status == "verified" else conclusion.status
        return replace(
            conclusion, status=status, reasons=reasons, confidence=min(conclusion.confidence, cap)
        )
    if view.mode in ("elsewhere", "code-only"):  # nothing speaks for the data (a table of model
        # checkpoints and their licenses, say, is about the models)
        # overriding a license the rest of the card named: an uninformative 0.5, not its confidence
        confidence = conclusion.confidence if not rc.ids(conclusion.concluded_license) else 0.5
        return replace(
            conclusion,
            concluded_license="NOASSERTION",
            status="unknown",
            reasons=reasons,
            commercial_use="unclear",
            attribution_required=None,
            share_alike=None,
            confidence=confidence,
        )
    return replace(conclusion, reasons=reasons, confidence=min(conclusion.confidence, cap))
