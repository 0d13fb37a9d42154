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
from agent.textfile import MAX_TEXT_BYTES, UnreadableFile, read_text
from registry.gate.policy import PolicyError, load_policy
from tests.support import paths

ROOT = str(paths.ROOT)


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


def test_each_user_file_goes_through_the_bounded_reader(tmp_path):
    big = tmp_path / "big.txt"  # a regular file one byte over the limit: refused, not read whole
    big.write_bytes(b"x" * (MAX_TEXT_BYTES + 1))
    with pytest.raises(UsageError, match=f"--from file {big}: larger than"):
        read_reference_file(str(big))
    with pytest.raises(PolicyError, match=f"{big}: larger than"):
        load_policy(str(big))
    with pytest.raises(UsageError, match=f"HF token file {big}: larger than"):
        resolve_token({"HF_TOKEN_PATH": str(big), "HOME": "/nonexistent"})


def _limit_memory():  # on a build that reads without bound, fail fast instead of eating the host
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


@pytest.mark.parametrize("special", ["/dev/zero", "fifo"])
@pytest.mark.parametrize("option", ["--from", "--policy", "--baseline", "token"])
def test_special_files_exit_2_in_one_line(tmp_path, option, special):
    from registry.store.opener import open_registry

    if special == "fifo":
        special = str(tmp_path / "pipe")
        os.mkfifo(special)
    registry = str(tmp_path / "licensetrace.db")
    open_registry(registry).close()
    env = {**os.environ, "PYTHONPATH": ROOT, "HF_TOKEN": ""}
    if option == "token":  # the Hugging Face token file, read before any audit
        env["HF_TOKEN_PATH"] = special
        argv = ["audit", "run", "org/x", "--offline", "--registry", registry]
    elif option == "--from":
        argv = ["gate", "--from", special, "--offline", "--registry", registry]
    else:
        argv = ["gate", "--no-audit", option, special, "--registry", registry]
    done = subprocess.run(
        [sys.executable, "-m", "agent.cli", *argv],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        preexec_fn=_limit_memory,
    )
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and f"{special}: not a regular file" in lines[0], lines
