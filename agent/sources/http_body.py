"""Reading an answer's body within its limits: declared and counted sizes, bodies cut short."""

from __future__ import annotations

from urllib.parse import urlsplit

import requests

from agent.errors import DatasetError

ERROR_BODY_BYTES = 64 * 1024  # an error answer is read this far, whatever max_bytes says


class Truncated(Exception):
    """The body ended before its Content-Length: retried like a connection error."""


def read_body(resp: requests.Response, max_bytes: int | None) -> bytes:
    """Read the body, refusing before more than max_bytes; detect truncated bodies."""
    if max_bytes is not None and resp.status_code < 300:
        declared = declared_size(resp)
        if declared is not None and declared > max_bytes:
            raise DatasetError(
                "TooLarge",
                f"{safe_url(resp.url)} is {declared:,} bytes, over the limit of {max_bytes:,}",
            )
    chunks, size = [], 0
    for chunk in resp.iter_content(chunk_size=65536):
        chunks.append(chunk)
        size += len(chunk)
        if resp.status_code >= 300 and size > ERROR_BODY_BYTES:
            return b"".join(chunks)[:ERROR_BODY_BYTES]  # an error page: its start says enough
        if max_bytes is not None and size > max_bytes:
            raise DatasetError(
                "TooLarge", f"{safe_url(resp.url)} is over the limit of {max_bytes:,} bytes"
            )
    body = b"".join(chunks)
    length = resp.headers.get("Content-Length", "")
    identity = resp.headers.get("Content-Encoding", "identity").lower() == "identity"
    if identity and length.isdigit() and int(length) != len(body):
        raise Truncated(f"body cut short: {len(body)} of {length} bytes")
    return body


def declared_size(resp: requests.Response) -> int | None:
    """X-Linked-Size (an LFS file, possibly on the redirect hop) or Content-Length."""
    for r in (resp, *reversed(resp.history)):
        for name in ("X-Linked-Size", "Content-Length"):
            value = r.headers.get(name, "")
            if value.isdigit() and (r is resp or name == "X-Linked-Size"):
                if (
                    name == "Content-Length"
                    and resp.headers.get("Content-Encoding", "identity") != "identity"
                ):
                    continue
                return int(value)
    return None


def safe_url(url: str) -> str:
    """The URL without its query string (which could carry a signed token)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"
