"""Untrusted card text made safe for a text file: one line, no control characters (agent.terminal's)."""

from __future__ import annotations

from agent.terminal import without_controls


def clean(text: str | None) -> str:
    """'a\\x1b[2J  b\\nc' -> 'a[2J b c': whitespace folded to single spaces, then controls dropped."""
    return without_controls(" ".join((text or "").split()))
