"""`licensetrace registry show|export`: read the compliance registry (no LangGraph import)."""

from __future__ import annotations

import contextlib
import json
import sys

from agent.config import registry_location
from agent.errors import EXIT_OK, UsageError


def add_parser(commands) -> None:
    registry = commands.add_parser("registry", help="read the compliance registry")
    actions = registry.add_subparsers(dest="action", required=True, parser_class=type(registry))
    show = actions.add_parser("show", help="one dataset's entry, evidence and history")
    show.add_argument("dataset", metavar="DATASET")
    show.add_argument("--registry", metavar="PATH|URL")
    show.add_argument("--format", choices=["text", "json"], default="text")
    show.add_argument("--tree", action="store_true", help="show the upstream tree")
    show.set_defaults(handler=show_command)
    export = actions.add_parser("export", help="every current entry as CSV, JSON or SPDX")
    export.add_argument("--format", choices=["csv", "json", "spdx", "spdx-json", "spdx-tv"], required=True)
    export.add_argument("--output", "-o", default="-", metavar="FILE|-")
    export.add_argument("--registry", metavar="PATH|URL")
    export.set_defaults(handler=export_command)


def _open(args):
    from registry.store import open_registry

    return open_registry(registry_location(args.registry), create=False)


def show_command(args) -> int:
    with contextlib.closing(_open(args)) as store:
        entry = store.current(args.dataset)
        if entry is None:
            raise UsageError(f"{args.dataset} is not in the registry {registry_location(args.registry)}")
        history = store.history(args.dataset)
        edges = store.edges(args.dataset) if hasattr(store, "edges") else []
        if args.format == "json":
            from agent import SCHEMA_VERSION

            document = {"schema_version": SCHEMA_VERSION, "entry": entry.to_dict(),
                        "history": [h.to_dict() for h in history], "edges": edges}
            json.dump(document, sys.stdout, indent=2, default=str)
            sys.stdout.write("\n")
            return EXIT_OK
        from registry.show import render_entry

        sys.stdout.write(render_entry(entry, history) + "\n")
        if args.tree:
            from registry.tree import render_tree

            sys.stdout.write(render_tree(store, args.dataset) + "\n")
    return EXIT_OK


def export_command(args) -> int:
    with contextlib.closing(_open(args)) as store:
        entries = store.current_entries()
        if args.format.startswith("spdx"):
            from registry.export_spdx import render_spdx, spdx_format

            # rendered (and validated) first: a document that fails leaves no file behind
            fmt = spdx_format(args.output, None if args.format == "spdx" else args.format)
            document = render_spdx(list(entries), fmt)
            with _output(args.output) as stream:
                stream.write(document)
            return EXIT_OK
        with _output(args.output) as stream:
            if args.format == "csv":
                from registry.export_csv import write_csv

                write_csv(entries, stream)
            else:
                from registry.export_json import write_json

                write_json(entries, stream, store=store)
    return EXIT_OK


@contextlib.contextmanager
def _output(path: str):
    if path == "-":
        yield sys.stdout
        return
    try:
        stream = open(path, "w", encoding="utf-8", newline="")
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror}") from None
    with stream:
        yield stream
