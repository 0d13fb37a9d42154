"""Bytes of a card or LICENSE file to text: UTF-8 (BOM tolerated), else replacement + a warning."""

from __future__ import annotations


def decode_text(data: bytes, name: str, warnings: list[str]) -> str:
    """Decode as UTF-8; undecodable bytes become U+FFFD and a warning names the file.

    >>> w = []; decode_text(b"caf\\xe9", "README.md", w), len(w)
    ('caf\\ufffd', 1)
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # a UTF-8 byte-order mark, common from Windows editors
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        text = data.decode("utf-8", errors="replace")
        warnings.append(
            f"{name} is not valid UTF-8 (first bad byte at offset {exc.start}, "
            f"{text.count(chr(0xFFFD))} replaced): decoded with replacement characters"
        )
        return text
