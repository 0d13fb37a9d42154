"""Hooks the `gate` subcommand in, whether or not the gate module is installed yet."""

from __future__ import annotations


def add_parser(commands) -> None:
    try:
        from agent.commands import gate
    except ImportError:  # built without the gate: the command is simply absent
        return
    gate.add_parser(commands)
