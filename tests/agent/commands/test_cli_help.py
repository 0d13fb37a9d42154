"""Every command and option explains itself in --help."""

from __future__ import annotations

import argparse
import contextlib

from agent.cli import build_parser


def _parsers(parser: argparse.ArgumentParser, path: str = "licensetrace"):
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _parsers(sub, f"{path} {name}")


def test_every_option_and_argument_has_help():
    missing = []
    for path, parser in _parsers(build_parser()):
        for action in parser._actions:
            if isinstance(action, (argparse._HelpAction, argparse._SubParsersAction)):
                continue
            if not action.help or action.help == argparse.SUPPRESS:
                missing.append(f"{path} {'/'.join(action.option_strings) or action.dest}")
    assert missing == []


def test_help_documents_the_local_key(capsys):
    with contextlib.suppress(SystemExit):
        build_parser().parse_args(["registry", "show", "--help"])
    assert "local:" in capsys.readouterr().out
