"""Where the Hub is and who we are on it: endpoint and token, by huggingface_hub's conventions."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

from agent.errors import UsageError
from agent.textfile import read_text

DEFAULT_ENDPOINT = "https://huggingface.co"
_MAX_TOKEN_BYTES = 4096


def resolve_endpoint(cli_value: str | None = None) -> str:
    """--endpoint, else $HF_ENDPOINT, else https://huggingface.co; no trailing slash.

    >>> resolve_endpoint("http://127.0.0.1:18765/")
    'http://127.0.0.1:18765'
    """
    value = (cli_value or os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT).strip()
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        origin = "--endpoint" if cli_value else "HF_ENDPOINT"
        raise UsageError(
            f"{origin} must be an http(s) URL such as {DEFAULT_ENDPOINT}, got {value!r}"
        )
    return value.rstrip("/")


def resolve_token(environ: dict | None = None) -> str | None:
    """$HF_TOKEN, else the file huggingface_hub writes ($HF_HOME/token, ~/.cache/huggingface/token).

    Returns None when there is none. An empty HF_TOKEN counts as none, like huggingface_hub.
    """
    env = os.environ if environ is None else environ
    token = (env.get("HF_TOKEN") or "").strip()
    if token:
        return token
    for path in _token_paths(env):
        if not path.exists():
            continue  # absent: the next place, then anonymous
        # a token is ~40 characters: a token file on /dev/zero or a FIFO is refused, not read
        token = read_text(str(path), "HF token file", limit=_MAX_TOKEN_BYTES).strip()
        if token:
            return token
    return None


def _token_paths(env) -> list[Path]:
    """$HF_TOKEN_PATH (huggingface_hub's override), then $HF_HOME/token or the default home."""
    paths = []
    if env.get("HF_TOKEN_PATH"):
        paths.append(Path(env["HF_TOKEN_PATH"]).expanduser())
    if env.get("HF_HOME"):
        paths.append(Path(env["HF_HOME"]).expanduser() / "token")
    else:
        xdg = env.get("XDG_CACHE_HOME")
        base = Path(xdg).expanduser() if xdg else Path(env.get("HOME") or Path.home()) / ".cache"
        paths.append(base / "huggingface" / "token")
    return paths
