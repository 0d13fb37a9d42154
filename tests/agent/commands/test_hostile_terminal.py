"""Control characters from cards never reach the terminal: every text renderer escapes them."""

from __future__ import annotations

import os
import shutil
import unicodedata

import pytest

from agent.cli import main
from agent.models import Entry, Evidence
from agent.terminal import printable
from registry.store.opener import open_registry
from tests.support import paths

FIXTURE = os.path.join(paths.FIXTURES, "hostile", "terminal_escapes")
CLEAR = "\x1b[2J"
NAME = f"evil{CLEAR}name"  # a local folder may be called this
SNIPPET = (
    "MIT\x1b]8;;https://evil.example\x07click\x1b]8;;\x07\r\x9b32mstatus verified \u202eTIM\u202c"
)


@pytest.fixture(autouse=True)
def no_registry_from_the_environment(monkeypatch):
    monkeypatch.delenv("LICENSETRACE_REGISTRY", raising=False)


def _raw_controls(text: str) -> list[str]:
    """Characters a terminal would act on (newlines between lines are the renderer's own)."""
    return [c for c in text if c != "\n" and unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")]


def _registry(tmp_path) -> str:
    db = str(tmp_path / "reg.db")
    store = open_registry(db)
    evidence = [
        Evidence(
            source=f"section:Licensing{CLEAR}",
            kind="text",
            snippet=SNIPPET,
            line_start=3,
            license="MIT",
            match="name",
            score=0.9,
            terms=[f"term{CLEAR}"],
            note="\x07bell",
        )
    ]
    store.save(
        Entry(
            dataset=NAME,
            revision="content-1",
            concluded_license="MIT",
            confidence=0.5,
            status="unverified",
            upstream=[f"up{CLEAR}stream"],
            sources=[f"/data/{NAME}/README.md"],
            evidence=evidence,
            reasons=[f"reason\r{CLEAR}"],
            audited_at="2026-01-01T00:00:00Z",
        )
    )
    store.save(
        Entry(
            dataset="broken",
            status="error",
            error=f"Unreadable: /x/{CLEAR}\nfake line",
            audited_at="2026-01-01T00:00:00Z",
        )
    )
    store.save_edges(
        NAME,
        "content-1",
        [
            {
                "upstream": f"up{CLEAR}stream",
                "name": f"up{CLEAR}stream",
                "kind": "dataset",
                "relation": "derived\x1b[1m",
            }
        ],
    )
    store.close()
    return db


def _shown(capsys, *args) -> str:
    capsys.readouterr()
    main(list(args))
    out = capsys.readouterr().out
    assert not _raw_controls(out), [hex(ord(c)) for c in _raw_controls(out)]
    return out


def test_registry_show_escapes_every_field(tmp_path, capsys):
    out = _shown(capsys, "registry", "show", NAME, "--registry", _registry(tmp_path))
    assert (
        printable(NAME) in out
        and "\\x1b]8;;https://evil.example\\x07" in out
        and "\\u202eTIM" in out
    )
    assert "\\r\\x1b[2J" in out  # the reason's carriage return cannot overwrite the line


def test_registry_show_tree_escapes_names_and_relations(tmp_path, capsys):
    out = _shown(capsys, "registry", "show", NAME, "--tree", "--registry", _registry(tmp_path))
    assert "up\\x1b[2Jstream" in out and "derived\\x1b[1m" in out


def test_gate_text_escapes_dataset_names_and_errors(tmp_path, capsys):
    out = _shown(capsys, "gate", "--registry", _registry(tmp_path))
    assert printable(NAME) in out


def test_the_audit_table_escapes_a_hostile_folder_name(tmp_path, capsys):
    folder = tmp_path / NAME
    shutil.copytree(FIXTURE, folder)
    out = _shown(
        capsys,
        "audit",
        "run",
        "--quiet",
        "--depth",
        "0",
        "--registry",
        str(tmp_path / "r.db"),
        str(folder),
    )
    assert printable(NAME) in out


def test_printable_keeps_text_of_any_script_and_escapes_line_breaks():
    assert printable("Données — 数据 ©") == "Données — 数据 ©"
    assert printable("a\u2028b\tc\x00") == "a\\u2028b\\tc\\x00"
    assert printable(None) == ""


def test_error_lines_on_stderr_escape_a_hostile_path(tmp_path, capsys):
    code = main(["registry", "show", "x", "--registry", str(tmp_path / f"no{CLEAR}dir" / "r.db")])
    err = capsys.readouterr().err
    assert code == 2 and not _raw_controls(err.rstrip("\n")) and "\\x1b[2J" in err


def test_the_progress_line_escapes_dataset_names():
    import io

    from agent.commands.progress import Progress

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    stream = Terminal()
    with Progress(1, stream=stream) as progress:
        progress.update({"dataset": NAME, "status": "unverified"})
    assert "\x1b" not in stream.getvalue() and printable(NAME) in stream.getvalue()
