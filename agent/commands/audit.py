"""`licensetrace audit run`: audit datasets and record them in the registry."""

from __future__ import annotations

from agent.commands.audit_options import add_audit_options, settings_from
from agent.commands.selecting import add_selection_options
from agent.errors import EXIT_OK, UsageError
from agent.terminal import say


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
        "--format",
        choices=["text", "json"],
        default="text",
        help="text table (default) or JSON with schema_version",
    )
    add_audit_options(run)
    add_selection_options(run)
    run.set_defaults(handler=run_command)


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
    if args.discover:
        refs += _discovered(args)
    if not refs:
        raise UsageError("no datasets given: name some, or use --from FILE or --discover PATH")
    return refs


def _discovered(args) -> list[str]:
    from agent.discover.hub_check import discover_for_audit

    result = discover_for_audit(args.discover, settings_from(args))
    for item in result.unresolved:
        say("warning", f"dataset name not literal, skipped: {item}")
    return result.references()  # "hf:org/name@rev" where the code pins a revision


def run_command(args) -> int:
    from agent.commands import selecting
    from agent.commands.progress import Progress
    from agent.runner import run_audit

    selecting.check_limit(args)
    if selecting.is_listing(args):
        selection = selecting.listing_from(args)
        total = selection.query.limit
    else:
        refs = gather_references(args)
        selection, total = refs, len(set(refs))
    settings = settings_from(args)
    with Progress(total=total, enabled=not args.quiet) as progress:
        outcome = run_audit(
            selection,
            settings,
            on_done=progress.update,
            on_start=selecting.on_start(progress, args.quiet),
        )
    from agent.commands.summary import print_json, print_table

    if _empty_listing(outcome):
        return EXIT_OK
    (print_json if args.format == "json" else print_table)(outcome)
    if outcome.crashed:
        say(
            "error",
            f"the run stopped before its end ({outcome.crashed}); the "
            f"{len(outcome.results)} datasets finished are in the registry",
        )
    return outcome.exit_code


def _empty_listing(outcome) -> bool:
    """A listing that found nothing says so in one line (exit 0: nothing to audit is no error)."""
    from agent.select.selection import Listing

    selection = outcome.selection
    if not isinstance(selection, Listing) or selection.tally.given or outcome.crashed:
        return False
    say("note", f"no datasets listed for {selection.label}: nothing to audit")
    return True
