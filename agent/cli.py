"""The `licensetrace` command: parse arguments, dispatch, turn expected errors into exit codes."""

from __future__ import annotations

import argparse
import os
import sys

from agent import __version__
from agent.errors import EXIT_INCOMPLETE, EXIT_USAGE, LicensetraceError
from agent.terminal import printable


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors as one line and exit code 2 (no usage dump)."""

    def error(self, message: str):
        self.exit(EXIT_USAGE, f"licensetrace: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    from agent.commands import audit, gate, registry

    parser = _Parser(
        prog="licensetrace",
        description="Find, with evidence, the license each dataset is really under.",
    )
    parser.add_argument("--version", action="version", version=f"licensetrace {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    audit.add_parser(commands)
    registry.add_parser(commands)
    gate.add_parser(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error already printed
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    try:
        code = args.handler(args)
    except LicensetraceError as exc:
        print(
            f"licensetrace: error: {printable(exc)}", file=sys.stderr
        )  # names and paths are untrusted
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("licensetrace: interrupted; finished entries are in the registry", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `licensetrace ... | head` closed the pipe: not our error
        return 0
    except Exception as exc:  # a bug: one line, no traceback; LICENSETRACE_DEBUG=1 shows it
        if os.environ.get("LICENSETRACE_DEBUG"):
            raise
        print(
            f"licensetrace: internal error: {type(exc).__name__}: {printable(exc)} "
            "(set LICENSETRACE_DEBUG=1 for details)",
            file=sys.stderr,
        )
        return EXIT_INCOMPLETE
    return code


if __name__ == "__main__":
    sys.exit(main())
