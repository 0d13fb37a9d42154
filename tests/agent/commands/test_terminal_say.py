"""Warnings and errors on stderr carry names from untrusted files: escaped, one line each."""

from __future__ import annotations

from agent.terminal import say


def test_a_warning_cannot_move_the_cursor_or_break_the_line(capsys):
    say("warning", "no datasets to check in reg\x1b[2J.db\nlicensetrace: ok")
    err = capsys.readouterr().err
    assert (
        err == "licensetrace: warning: no datasets to check in reg\\x1b[2J.db\\nlicensetrace: ok\n"
    )
