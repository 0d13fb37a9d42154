"""Files users name (--from, --policy, --baseline, token file) are read only if regular, bounded."""

from __future__ import annotations

import os
import resource
import subprocess
import sys

import pytest

from agent.commands.audit import read_reference_file
from agent.errors import UsageError
from agent.sources.credentials import resolve_token
from agent.textfile import UnreadableFile, read_text
from registry.policy import PolicyError, load_policy

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture()
def fifo(tmp_path):
    path = tmp_path / "pipe"
    os.mkfifo(path)
    return str(path)


def test_special_files_are_refused_at_once(fifo):
    for path in ("/dev/zero", fifo):
        with pytest.raises(UnreadableFile, match="not a regular file"):
            read_text(path, "--from file")


def test_large_binary_and_non_utf8_files_are_refused(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("squad\n" * 20)
    with pytest.raises(UnreadableFile, match="larger than 100 bytes"):
        read_text(str(big), "--from file", limit=100)
    binary = tmp_path / "bin"
    binary.write_bytes(b"squad\x00glue")
    with pytest.raises(UnreadableFile, match="binary data"):
        read_text(str(binary), "--from file")
    latin = tmp_path / "latin"
    latin.write_bytes(b"caf\xe9")
    with pytest.raises(UnreadableFile, match="not UTF-8 text"):
        read_text(str(latin), "--from file")
    assert read_text(str(big), "--from file").count("squad") == 20


def test_each_user_file_goes_through_the_bounded_reader(fifo):
    with pytest.raises(UsageError, match="--from file /dev/zero: not a regular file"):
        read_reference_file("/dev/zero")
    with pytest.raises(PolicyError, match=f"{fifo}: not a regular file"):
        load_policy(fifo)
    with pytest.raises(UsageError, match="HF token file /dev/zero: not a regular file"):
        resolve_token({"HF_TOKEN_PATH": "/dev/zero", "HOME": "/nonexistent"})


def _limit_memory():  # on a build that reads without bound, fail fast instead of eating the host
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


@pytest.mark.parametrize("option", ["--from", "--policy", "--baseline"])
def test_gate_exits_2_in_one_line_for_dev_zero(tmp_path, option):
    from registry.store import open_registry

    registry = str(tmp_path / "licensetrace.db")
    open_registry(registry).close()
    argv = [sys.executable, "-m", "agent.cli", "gate", "--no-audit", option, "/dev/zero",
            "--registry", registry]
    if option == "--from":
        argv.remove("--no-audit")
    done = subprocess.run(argv, cwd=tmp_path, capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": ROOT}, preexec_fn=_limit_memory)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "/dev/zero: not a regular file" in lines[0], lines
