"""Run settings gathered from the command line and the environment, in one place."""

from __future__ import annotations

import os
from dataclasses import dataclass

DEFAULT_REGISTRY = "licensetrace.db"
DEFAULT_CONCURRENCY = 8  # enough to hide Hub latency without tripping its per-IP quota
DEFAULT_MAX_CARD_BYTES = 10_000_000  # real cards are < 1 MB; beyond this we refuse, not guess
DEFAULT_DEPTH = 3  # upstream tracing depth (issue 5)
# Limits against hostile cards and servers (README "Security"):
DEFAULT_MAX_UPSTREAMS = (
    100  # upstream datasets traced per card; real cards name < 30, the rest is a list
)
DEFAULT_REQUEST_TIMEOUT = 60.0  # seconds per HTTP request in all (a 10 MB card at 170 kB/s)
DEFAULT_DATASET_TIMEOUT = 600.0  # seconds per dataset, all its requests, retries and quota waits


@dataclass
class Settings:
    """Everything a run needs to know; the token stays here and is never printed."""

    registry: str = DEFAULT_REGISTRY
    endpoint: str | None = None  # None: HF_ENDPOINT or the public Hub
    token: str | None = None
    concurrency: int = DEFAULT_CONCURRENCY
    max_card_bytes: int = DEFAULT_MAX_CARD_BYTES
    refresh: bool = False  # re-audit even when the revision is unchanged
    offline: bool = False  # audit from what the registry already holds
    depth: int = 0  # 0: no upstream tracing
    quiet: bool = False
    github: bool = (
        True  # call GitHub: github: datasets and the repositories cards link to (--no-github)
    )
    max_upstreams: int = DEFAULT_MAX_UPSTREAMS
    workers: int = 1  # audit processes sharing the registry (agent.workers)
    # part of each Hub quota class this process uses ({"api": 0.5}; a class not named: all of it)
    quota_share: dict[str, float] | None = None
    request_timeout: float = DEFAULT_REQUEST_TIMEOUT
    dataset_timeout: float = DEFAULT_DATASET_TIMEOUT

    def __repr__(self) -> str:  # keep the token out of any accidental print or log
        shown = {k: v for k, v in vars(self).items() if k != "token"}
        return f"Settings({shown}, token={'set' if self.token else 'unset'})"


def registry_location(cli_value: str | None) -> str:
    """--registry, else LICENSETRACE_REGISTRY, else ./licensetrace.db."""
    return cli_value or os.environ.get("LICENSETRACE_REGISTRY") or DEFAULT_REGISTRY
