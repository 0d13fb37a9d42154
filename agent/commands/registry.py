"""`licensetrace registry show|export|diff`: read the compliance registry (no LangGraph import)."""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile

from agent.config import registry_location
from agent.errors import EXIT_OK, UsageError
from registry.exports.formats import FORMATS, ExportSource, renderer


def add_parser(commands) -> None:
    registry = commands.add_parser("registry", help="read the compliance registry")
    actions = registry.add_subparsers(dest="action", required=True, parser_class=type(registry))
    show = actions.add_parser(
        "show",
        help="one dataset's entry, evidence and history",
        description="Show one entry. DATASET is any reference that resolves to it: a Hub id "
        "(squad, org/name), hf:org/name@rev, a Hub URL, a local folder or README "
        "path, or a registry key such as local:/abs/path (local folders are keyed "
        '"local:" + their absolute path).',
    )
    show.add_argument("dataset", metavar="DATASET", help="the dataset, in any reference form")
    show.add_argument("--registry", metavar="PATH|URL", help=_REGISTRY_HELP)
    show.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help="text for people (default) or JSON with schema_version",
    )
    show.add_argument("--tree", action="store_true", help="show the upstream tree")
    show.set_defaults(handler=show_command)
    export = actions.add_parser(
        "export",
        help="every current entry as CSV, JSON, SPDX, CycloneDX, HTML or attribution notices",
    )
    export.add_argument(
        "--format",
        choices=list(FORMATS),
        required=True,
        help="; ".join(f"{name}: {text}" for name, (_m, text) in FORMATS.items()),
    )
    export.add_argument(
        "--output", "-o", default="-", metavar="FILE|-", help="write to FILE (default -, stdout)"
    )
    export.add_argument("--registry", metavar="PATH|URL", help=_REGISTRY_HELP)
    export.add_argument(
        "--compare",
        metavar="OLD",
        help="html: add what changed since OLD (a registry or a JSON/CSV export)",
    )
    export.set_defaults(handler=export_command)
    diff = actions.add_parser(
        "diff",
        help="datasets whose license, verdict or status changed between two registries or exports",
    )
    diff.add_argument("old", metavar="OLD", help="registry (PATH|URL) or a JSON/CSV export")
    diff.add_argument("new", metavar="NEW", help="registry (PATH|URL) or a JSON/CSV export")
    diff.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help="text for people (default) or JSON",
    )
    diff.add_argument("--all", action="store_true", help="text: list unchanged datasets too")
    diff.set_defaults(handler=diff_command)


_REGISTRY_HELP = "registry (default $LICENSETRACE_REGISTRY or ./licensetrace.db)"


def _open(args):
    from registry.store.opener import open_registry

    return open_registry(registry_location(args.registry), create=False)


def show_command(args) -> int:
    with contextlib.closing(_open(args)) as store:
        entry = _find(store, args)
        history = store.history(entry.dataset)
        edges = store.edges(entry.dataset)
        failures = store.failed_attempts(entry.dataset)
        if args.format == "json":
            from agent import SCHEMA_VERSION

            document = {
                "schema_version": SCHEMA_VERSION,
                "entry": entry.to_dict(),
                "history": [h.to_dict() for h in history],
                "edges": edges,
                "failed_attempts": failures,
            }
            json.dump(document, sys.stdout, indent=2, default=str)
            sys.stdout.write("\n")
            return EXIT_OK
        from registry.exports.show import render_entry

        sys.stdout.write(render_entry(entry, history, failures=failures) + "\n")
        if args.tree:
            from registry.exports.tree import render_tree

            sys.stdout.write(render_tree(store, entry.dataset) + "\n")
    return EXIT_OK


def _find(store, args):
    """The current entry of any reference form that resolves to it, else a usage error with
    the nearest keys ("did you mean ...")."""
    from agent.refs import near_keys, reference_keys

    for key in reference_keys(args.dataset):
        entry = store.current(key)
        if entry is not None:
            return entry
    # the failure path only: reading every key once is fine
    near = near_keys(args.dataset, (e.dataset for e in store.current_entries(with_evidence=False)))
    hint = f" (did you mean {', '.join(near)}?)" if near else ""
    raise UsageError(
        f"{args.dataset} is not in the registry {registry_location(args.registry)}{hint}"
    )


def export_command(args) -> int:
    render = renderer(args.format, args.output)  # an unknown SPDX form fails before any reading
    if args.compare and args.format != "html":
        raise UsageError("--compare is a section of the html report (use registry diff otherwise)")
    with contextlib.closing(_open(args)) as store:
        # store.location, not the argument: a PostgreSQL URL's password never reaches a report
        source = ExportSource(
            store.current_entries(), edges_for=store.edges, location=store.location
        )
        if args.compare:
            from registry.exports.diff import diff_entries
            from registry.exports.snapshot import load_snapshot

            # the new side is read (and held) once: the diff and the report both need it
            source.entries = list(source.entries)
            source.diff = diff_entries(
                load_snapshot(args.compare), ("registry " + source.location, source.entries)
            )
        with _output(args.output) as stream:
            render.write(source, stream)
    return EXIT_OK


def diff_command(args) -> int:
    from registry.exports.diff import diff_entries, render_diff_json, render_diff_text
    from registry.exports.snapshot import load_snapshot

    diff = diff_entries(load_snapshot(args.old), load_snapshot(args.new))
    text = (
        render_diff_json(diff) if args.format == "json" else render_diff_text(diff, every=args.all)
    )
    sys.stdout.write(text)
    return EXIT_OK


def _new_file_mode() -> int:
    """0o644 under the usual umask 022, 0o600 under 077: what open() would have created."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


@contextlib.contextmanager
def _output(path: str):
    """stdout, or a file that appears only complete: written beside it, renamed when done."""
    if path == "-":
        yield sys.stdout
        return
    folder = os.path.dirname(os.path.abspath(path))
    try:
        handle, partial = tempfile.mkstemp(prefix=".licensetrace-", suffix=".part", dir=folder)
        stream = os.fdopen(handle, "w", encoding="utf-8", newline="")
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror}") from None
    try:
        with stream:
            yield stream
        os.chmod(
            partial, _new_file_mode()
        )  # mkstemp makes 0600; a plain open() would honour the umask
        os.replace(partial, path)
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror}") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(partial)
