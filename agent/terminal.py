"""Text for a terminal: control characters in untrusted strings are shown escaped, never interpreted.

Card text, dataset names, folder names and server messages reach `registry show`, `--tree`, the
audit table and the gate report. An ESC sequence in them could clear the screen, forge a hyperlink
or rewrite earlier lines; a bidi override could reorder a license name. Every text renderer passes
its lines through `terminal_text` (or its cells through `printable`) before they are written.
"""

from __future__ import annotations

import json
import sys
import unicodedata
from collections.abc import Iterable

# Categories escaped: Cc (C0/C1 controls: ESC, CSI U+009B, BEL, CR, LF, TAB), Cf (format: bidi
# overrides U+202E/U+2066-2069, zero-width and soft hyphen), Zl/Zp (U+2028/U+2029 line breaks),
# Cs (lone surrogates from bad bytes). Other characters, spaces and letters of any script stay.
_UNSAFE = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})


def _escape(char: str) -> str:
    """'\\x1b' -> '\\\\x1b', '\\u202e' -> '\\\\u202e': visible, and harmless to paste back."""
    return ascii(char)[1:-1] if unicodedata.category(char) in _UNSAFE else char


def printable(text: object) -> str:
    """One field (a cell, a name, a message) with every control character escaped.

    >>> printable("glue\\x1b[2J") , printable("MIT\\nstatus verified")
    ('glue\\\\x1b[2J', 'MIT\\\\nstatus verified')
    """
    text = "" if text is None else str(text)
    if text.isascii() and text.isprintable():  # the common case, in C
        return text
    return "".join(_escape(char) for char in text)


def without_controls(text: str, keep: str = "") -> str:
    """The text with those characters removed instead, but the ones in `keep`: for text files.

    >>> without_controls("a\\x1b[2J\\u202eb\\tc\\n", keep="\\n")
    'a[2Jbc\\n'
    """
    if text.isascii() and text.isprintable():
        return text
    return "".join(c for c in text if c in keep or unicodedata.category(c) not in _UNSAFE)


def terminal_text(lines: Iterable[str]) -> str:
    """Lines joined for output; each line's own control characters (newlines included) escaped."""
    return "\n".join(printable(line) for line in lines)


def say(level: str, message: object) -> None:
    """One line on stderr, made safe for a terminal: say("warning", ...) -> "licensetrace: warning: ..."."""
    print(f"licensetrace: {level}: {printable(message)}", file=sys.stderr)


def json_text(value: object, **options) -> str:
    """json.dumps keeping letters of every script as written, but with the characters a terminal
    would interpret (C1 controls, bidi overrides, line separators) as \\uXXXX escapes: the same
    JSON for a parser, harmless for `cat` and `less`. json_text({"n": "x\u202e"}) -> '{"n": "x\\u202e"}'.
    """
    text = json.dumps(value, ensure_ascii=False, **options)
    if text.isascii():  # the common case, in C
        return text
    return "".join(f"\\u{ord(c):04x}" if unicodedata.category(c) in _UNSAFE else c for c in text)
