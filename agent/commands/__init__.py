"""Subcommands of the CLI, one module each (imports stay light until a command runs)."""
