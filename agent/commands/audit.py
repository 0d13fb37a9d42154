"""`licensetrace audit run`: audit datasets and record them in the registry."""

from __future__ import annotations

import argparse
import sys

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
from agent.errors import UsageError


def add_parser(commands) -> None:
    audit = commands.add_parser("audit", help="audit datasets")
    actions = audit.add_subparsers(dest="action", required=True, parser_class=type(audit))
    run = actions.add_parser("run", help="audit datasets and record them in the registry")
    run.add_argument(
        "datasets",
        nargs="*",
        metavar="DATASET",
        help="name, org/name, hf:org/name@rev, a Hub URL, github:owner/repo[@ref], a GitHub URL, "
        "or a local folder / README (write ./org/name for a folder; it is keyed "
        "local:/its/absolute/path)",
    )
    run.add_argument(
        "--from",
        dest="from_file",
        metavar="FILE",
        help="read references from FILE (one a line, # comments; - for stdin)",
    )
    run.add_argument(
        "--discover",
        metavar="PATH",
        help="also audit the datasets referenced in the code under PATH",
    )
    run.add_argument(
        "--registry",
        metavar="PATH|URL",
        help="registry (default $LICENSETRACE_REGISTRY or ./licensetrace.db)",
    )
    run.add_argument(
        "--endpoint",
        metavar="URL",
        help="Hub endpoint (default $HF_ENDPOINT or https://huggingface.co)",
    )
    run.add_argument(
        "--concurrency",
        type=_positive,
        default=DEFAULT_CONCURRENCY,
        metavar="N",
        help=f"datasets audited at once (default {DEFAULT_CONCURRENCY})",
    )
    run.add_argument(
        "--depth",
        type=_non_negative,
        default=DEFAULT_DEPTH,
        metavar="N",
        help=f"trace upstream datasets this deep (default {DEFAULT_DEPTH}; 0 = off)",
    )
    run.add_argument(
        "--max-card-bytes",
        type=_positive,
        default=DEFAULT_MAX_CARD_BYTES,
        metavar="N",
        help=f"refuse larger cards and license files (default {DEFAULT_MAX_CARD_BYTES:,})",
    )
    run.add_argument(
        "--refresh", action="store_true", help="re-audit even when the revision is unchanged"
    )
    run.add_argument("--offline", action="store_true", help="no network: answer from the registry")
    run.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help="text table (default) or JSON with schema_version",
    )
    run.add_argument("--quiet", action="store_true", help="no progress on stderr")
    add_limit_options(run)
    run.set_defaults(handler=run_command)


def add_limit_options(parser) -> None:
    """What a run may reach and how long it may wait (also usable by other auditing commands)."""
    parser.add_argument(
        "--no-github",
        dest="github",
        action="store_false",
        help="never call GitHub (GITHUB_API_URL, default api.github.com): no source "
        "repositories read for Hub cards, no github: datasets; use it offline or in CI",
    )
    parser.add_argument(
        "--max-upstreams",
        type=_positive,
        default=DEFAULT_MAX_UPSTREAMS,
        metavar="N",
        help=f"upstream datasets traced per card (default {DEFAULT_MAX_UPSTREAMS}); "
        "the rest are listed on the entry as not traced",
    )
    parser.add_argument(
        "--request-timeout",
        type=_seconds,
        default=DEFAULT_REQUEST_TIMEOUT,
        metavar="SECONDS",
        help=f"total time one HTTP request may take (default {DEFAULT_REQUEST_TIMEOUT:g})",
    )
    parser.add_argument(
        "--dataset-timeout",
        type=_seconds,
        default=DEFAULT_DATASET_TIMEOUT,
        metavar="SECONDS",
        help=f"total time one dataset may take, retries and waits included "
        f"(default {DEFAULT_DATASET_TIMEOUT:g})",
    )


def _positive(text: str) -> int:
    value = _non_negative(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {text}")
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text}") from None
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds: {text}")
    return value


def _non_negative(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must not be negative: {text}")
    return value


def read_reference_file(path: str) -> list[str]:
    """One reference per line; blank lines and `#` comments are skipped."""
    from agent.textfile import read_text

    text = read_text(path, "cannot read --from file")
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return [line for line in lines if line]


def gather_references(args) -> list[str]:
    refs = list(args.datasets)
    if args.from_file:
        refs += read_reference_file(args.from_file)
    if getattr(args, "discover", None):
        refs += _discovered(args)
    if not refs:
        raise UsageError("no datasets given: name some, or use --from FILE or --discover PATH")
    return refs


def _discovered(args) -> list[str]:
    from agent.discover.hub_check import discover_for_audit
    from agent.terminal import printable

    result = discover_for_audit(args.discover, settings_from(args))
    for item in result.unresolved:
        print(
            f"licensetrace: warning: dataset name not literal, skipped: {printable(item)}",
            file=sys.stderr,
        )
    return result.references()  # "hf:org/name@rev" where the code pins a revision


def settings_from(args) -> Settings:
    from agent.sources.credentials import resolve_token

    return Settings(
        registry=registry_location(args.registry),
        endpoint=args.endpoint,
        token=resolve_token(),
        concurrency=args.concurrency,
        max_card_bytes=args.max_card_bytes,
        refresh=args.refresh,
        offline=args.offline,
        depth=args.depth,
        quiet=args.quiet,
        # `gate --from/--discover` audits too, with its own options: the defaults where it has none
        github=getattr(args, "github", True),
        max_upstreams=getattr(args, "max_upstreams", DEFAULT_MAX_UPSTREAMS),
        request_timeout=getattr(args, "request_timeout", DEFAULT_REQUEST_TIMEOUT),
        dataset_timeout=getattr(args, "dataset_timeout", DEFAULT_DATASET_TIMEOUT),
    )


def run_command(args) -> int:
    from agent.commands.progress import Progress
    from agent.runner import run_audit

    refs = gather_references(args)
    settings = settings_from(args)
    with Progress(total=len(set(refs)), enabled=not args.quiet) as progress:
        outcome = run_audit(refs, settings, on_done=progress.update)
    from agent.commands.summary import print_json, print_table

    (print_json if args.format == "json" else print_table)(outcome)
    if outcome.crashed:
        print(
            f"licensetrace: error: the run stopped before its end ({outcome.crashed}); the "
            f"{len(outcome.results)} datasets finished are in the registry",
            file=sys.stderr,
        )
    return outcome.exit_code
