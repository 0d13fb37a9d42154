"""SPDX tag-value output: names and card text made safe to write in a line-based format."""

from __future__ import annotations

import functools
import json
import re

from agent.terminal import printable


def make_tag_value_safe(document) -> None:
    """Make every value that came from a card or a name safe to write as tag-value, in place.

    Tag-value is line-based: a name holding CR/LF starts a forged line, a name that is a keyword
    ("NOASSERTION", "NONE", "Tool: x") is read back as that keyword, and "</text>" in a card's text
    closes a <text> block early. JSON needs none of this, so only this format gets it."""
    for package in document.packages:
        package.name = _tv_line(package.name)
        package.version = _tv_line(package.version) if package.version else package.version
        package.comment = _tv_text(package.comment)
        package.license_comment = _tv_text(package.license_comment)
        for ref in package.external_references:
            ref.locator = printable(ref.locator)
    for info in document.extracted_licensing_info:
        info.extracted_text = _tv_text(info.extracted_text)
        info.license_name = (
            _tv_line(info.license_name) if isinstance(info.license_name, str) else info.license_name
        )
        info.comment = _tv_text(info.comment)


@functools.lru_cache(maxsize=1)
def _lexer():
    from spdx_tools.spdx.parser.tagvalue.lexer import SPDXLexer

    lexer = SPDXLexer()
    lexer.build()
    return lexer


def _reads_back(value: str) -> bool:
    """True when the tag-value lexer reads `value` after a tag as one plain line, unchanged."""
    lexer = _lexer()
    lexer.input(f"PackageName: {value}\n")
    tokens = [(t.type, t.value) for t in iter(lexer.token, None)]
    return tokens[1:] == [("LINE", value)]


def _tv_line(value: str) -> str:
    """'glue' -> 'glue'; 'NOASSERTION' -> '"NOASSERTION"'; 'a\\r\\nb' -> '"a\\\\r\\\\nb"' (JSON-quoted, one line)."""
    if value.isprintable() and _reads_back(value):
        return value
    return json.dumps(value)


def _tv_text(value):
    """A text field: "</text>" and "<text>" defused, controls but newlines escaped, keywords wrapped."""
    if not isinstance(value, str):
        return value
    value = re.sub(r"<(/?text)>", r"&lt;\1&gt;", value, flags=re.I)
    value = "\n".join(printable(line) for line in value.split("\n"))
    if "\n" not in value and not _reads_back(value):
        value += "\n"  # written as <text>...</text>, where no keyword is recognised
    return value
