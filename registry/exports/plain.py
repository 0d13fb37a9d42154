"""Untrusted card text made safe for a terminal or a text file: one line, no control characters."""

from __future__ import annotations

import re

# ESC, BEL, CSI (0x9b) and the other C0 controls except tab and newline: "\x1b[2J" clears a screen,
# "\x1b]8;;http://x\x07" makes a hidden link. Tab and newline are then folded by clean().
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x9b]")


def clean(text: str | None) -> str:
    """'a\\x1b[2J  b\\nc' -> 'a[2J b c'."""
    return " ".join(CONTROL.sub("", text or "").split())
