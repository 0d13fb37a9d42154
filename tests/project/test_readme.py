"""The README's set-up commands do what it says: the export always runs; the stand-in recipe works."""

from __future__ import annotations

import csv
import io
import os
import re
import shlex
import subprocess
import sys

import pytest

from tests.support import paths

ROOT = str(paths.ROOT)
pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])


def _readme() -> str:
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as handle:
        return handle.read()


def _setup_commands() -> list[str]:
    section = _readme().split("## Set-up", 1)[1].split("\n## ", 1)[0]
    return [
        line
        for block in re.findall(r"```sh\n(.*?)```", section, re.S)
        for line in block.splitlines()
    ]


def test_the_main_command_reaches_the_export_even_when_a_dataset_errs():
    main = next(line for line in _setup_commands() if "audit run squad glue" in line)
    # exit 3 (some dataset could not be audited) must not stop the export: no "&&" between them
    assert re.search(r"audit run squad glue; licensetrace registry export --format csv$", main), (
        main
    )


def test_the_documented_stand_in_recipe_audits_and_exports(tmp_path):
    lines = _setup_commands()
    server = shlex.split(
        next(line for line in lines if "tests.support.hub_server" in line).rstrip("& ")
    )
    audit_line = next(
        line for line in lines if line.startswith("HF_ENDPOINT=") and "audit run" in line
    )
    datasets = shlex.split(audit_line.split("audit run", 1)[1].split(";", 1)[0])
    server[server.index("--port") + 1] = "0"  # an ephemeral port: the recipe's 8765 may be taken
    server[server.index("--root") + 1] = os.path.join(ROOT, server[server.index("--root") + 1])
    hub = subprocess.Popen(
        [sys.executable, *server[1:]],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": ROOT},
    )
    try:
        url = hub.stdout.readline().rsplit(" at ", 1)[1].strip()
        env = {
            **os.environ,
            "PYTHONPATH": ROOT,
            "HF_ENDPOINT": url,
            "HF_TOKEN": "",
            "GITHUB_API_URL": "http://127.0.0.1:9",
            "LICENSETRACE_CACHE": "off",
        }
        run = [sys.executable, "-m", "agent.cli"]
        audit = subprocess.run(
            run + ["audit", "run", "--quiet", *datasets],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        export = subprocess.run(
            run + ["registry", "export", "--format", "csv"],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        hub.terminate()
        hub.wait(timeout=10)
    assert audit.returncode == 0, audit.stderr
    rows = {r["dataset"]: r for r in csv.DictReader(io.StringIO(export.stdout))}
    assert sorted(rows) == sorted(datasets)
    assert (
        rows["dyk"]["concluded_license"] == "CC-BY-SA-3.0" and rows["dyk"]["status"] == "conflict"
    )


def test_headline_figures_are_labelled_by_what_they_were_measured_on():
    benchmarks = " ".join(_readme().split("## Benchmarks", 1)[1].split("\n## ", 1)[0].split())
    held_out = benchmarks.index("256 real cards never used in development")
    for figure in ("0.972 and 0.947", "0.977 and 0.917", "0.993 and 0.972"):
        assert figure in benchmarks
    fitted = benchmarks.index("the confidence fitted on these cards")
    assert held_out < fitted  # the held-out check comes first; the fitted figures say so
    assert "| development-set figure" in benchmarks
