"""One finished HTTP answer (status, headers, bounded body) as the sources read it."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


def strip_etag(value: str | None) -> str | None:
    """'W/"abc"' -> 'abc'; None stays None."""
    if not value:
        return None
    value = value.strip()
    if value.startswith("W/"):
        value = value[2:]
    return value.strip('"') or None


@dataclass
class HttpResult:
    """One finished GET: status, headers and the body read (bounded)."""

    url: str
    status: int
    headers: Any  # case-insensitive mapping (requests.structures.CaseInsensitiveDict)
    body: bytes = b""
    hops: list[tuple[str, int]] = field(default_factory=list)  # redirects followed (url, status)
    token_sent_to: list[str] = field(default_factory=list)  # hosts that received the token

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def etag(self) -> str | None:
        return strip_etag(self.headers.get("X-Linked-Etag") or self.headers.get("ETag"))

    @property
    def error_code(self) -> str | None:
        return self.headers.get("X-Error-Code")

    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8"))

    def error_message(self) -> str:
        """The server's {"error": "..."} message, or a short piece of the body."""
        try:
            message = self.json().get("error")
        except (ValueError, AttributeError, UnicodeDecodeError):
            message = None
        if not isinstance(message, str):  # the Hub also sends it as a header
            message = self.headers.get("X-Error-Message") or self.body[:200].decode(
                "utf-8", "replace"
            )
        return " ".join(message.split())[:300]
