"""The notes an SBOM document (SPDX 2.3, SPDX 3) attaches to a dataset: what licensetrace concluded and why."""

from __future__ import annotations

from agent.models import Entry

MAX_REASONS = 5  # the first reasons say why; the rest are in `registry show`


def entry_notes(entry: Entry, not_spdx: dict[str, str]) -> list[str]:
    """Status, confidence, commercial use, effective license, error, then the first reasons.

    `not_spdx` names the expressions the format could not carry ({"concluded": "GPL-2.0 and X"}):
    the document says each was recorded as NOASSERTION, so no license is lost silently.
    """
    notes = [
        f"licensetrace status: {entry.status}",
        f"confidence: {float(entry.confidence or 0):.2f}",
        f"commercial use: {entry.commercial_use}",
    ]
    if entry.effective_license:
        notes.append(f"effective license (with upstreams): {entry.effective_license}")
    if entry.error:
        notes.append(f"error: {entry.error}")
    notes += [
        f"{label} license is not a valid SPDX expression, recorded as NOASSERTION: {value}"
        for label, value in not_spdx.items()
    ]
    return notes + list(entry.reasons or [])[:MAX_REASONS]
