"""The options of every command that audits (`audit run`, `gate --from/--discover`), defined once."""

from __future__ import annotations

import argparse

from agent.config import (
    DEFAULT_CONCURRENCY,
    DEFAULT_DATASET_TIMEOUT,
    DEFAULT_DEPTH,
    DEFAULT_MAX_CARD_BYTES,
    DEFAULT_MAX_UPSTREAMS,
    DEFAULT_REQUEST_TIMEOUT,
    Settings,
    registry_location,
)


def whole_number(minimum: int):
    """An argparse type: a whole number of at least `minimum` ("--concurrency 0" is refused)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}: {text}")
        return value

    return parse


def seconds(text: str) -> float:
    """An argparse type: a positive, finite number of seconds."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text}") from None
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds: {text}")
    return value


def add_audit_options(parser) -> None:
    """How an audit fetches and traces (a parser or an argument group)."""
    parser.add_argument(
        "--endpoint",
        metavar="URL",
        help="Hub endpoint (default $HF_ENDPOINT or https://huggingface.co)",
    )
    parser.add_argument(
        "--concurrency",
        type=whole_number(1),
        default=DEFAULT_CONCURRENCY,
        metavar="N",
        help=f"datasets audited at once (default {DEFAULT_CONCURRENCY})",
    )
    parser.add_argument(
        "--workers",
        type=whole_number(1),
        default=1,
        metavar="N",
        help="audit processes sharing the registry, each with --concurrency (default 1; "
        "more when one core cannot keep up: the engine runs on one core per process)",
    )
    parser.add_argument(
        "--depth",
        type=whole_number(0),
        default=DEFAULT_DEPTH,
        metavar="N",
        help=f"trace upstream datasets this deep (default {DEFAULT_DEPTH}; 0 = off)",
    )
    parser.add_argument(
        "--max-card-bytes",
        type=whole_number(1),
        default=DEFAULT_MAX_CARD_BYTES,
        metavar="N",
        help=f"refuse larger cards and license files (default {DEFAULT_MAX_CARD_BYTES:,})",
    )
    parser.add_argument(
        "--refresh", action="store_true", help="re-audit even when the revision is unchanged"
    )
    parser.add_argument(
        "--offline", action="store_true", help="no network: answer from the registry"
    )
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    _add_limit_options(parser)


def _add_limit_options(parser) -> None:
    """What a run may reach and how long it may wait."""
    parser.add_argument(
        "--no-github",
        dest="github",
        action="store_false",
        help="never call GitHub (GITHUB_API_URL, default api.github.com): no source "
        "repositories read for Hub cards, no github: datasets; use it offline or in CI",
    )
    parser.add_argument(
        "--max-upstreams",
        type=whole_number(1),
        default=DEFAULT_MAX_UPSTREAMS,
        metavar="N",
        help=f"upstream datasets traced per card (default {DEFAULT_MAX_UPSTREAMS}); "
        "the rest are listed on the entry as not traced",
    )
    parser.add_argument(
        "--request-timeout",
        type=seconds,
        default=DEFAULT_REQUEST_TIMEOUT,
        metavar="SECONDS",
        help=f"total time one HTTP request may take (default {DEFAULT_REQUEST_TIMEOUT:g})",
    )
    parser.add_argument(
        "--dataset-timeout",
        type=seconds,
        default=DEFAULT_DATASET_TIMEOUT,
        metavar="SECONDS",
        help=f"total time one dataset may take, retries and waits included "
        f"(default {DEFAULT_DATASET_TIMEOUT:g})",
    )


def settings_from(args: argparse.Namespace) -> Settings:
    """The run's settings from the options `add_audit_options` declared (and --registry)."""
    from agent.sources.credentials import resolve_token

    return Settings(
        registry=registry_location(args.registry),
        endpoint=args.endpoint,
        token=resolve_token(),
        concurrency=args.concurrency,
        workers=args.workers,
        max_card_bytes=args.max_card_bytes,
        refresh=args.refresh,
        offline=args.offline,
        depth=args.depth,
        quiet=args.quiet,
        github=args.github,
        max_upstreams=args.max_upstreams,
        request_timeout=args.request_timeout,
        dataset_timeout=args.dataset_timeout,
    )
