"""On CI a PostgreSQL that cannot start skips its tests with a loud reason; the rest still runs."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.support import paths

ROOT = str(paths.ROOT)


def test_an_unreachable_postgres_skips_loudly_and_the_run_passes():
    env = {
        **os.environ,
        "CI": "true",
        "LICENSETRACE_TEST_PG": "postgresql://ci:secret@127.0.0.1:1/x",
    }
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--record-mode=none",
            "--block-network",
            "tests/registry/store/test_registry_schema.py",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-2000:]
    assert "PostgreSQL registry tests SKIPPED" in done.stdout
    assert (
        "WARNING: PostgreSQL at postgresql://ci:***@127.0.0.1:1/x cannot be reached" in done.stdout
    )
    assert "secret" not in done.stdout
    assert " passed" in done.stdout  # the SQLite half ran
