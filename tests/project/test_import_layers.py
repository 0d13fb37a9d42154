"""The import graph keeps its layers: the import-linter contracts of pyproject.toml hold.

No cycle between sibling modules or packages at any depth; the registry uses only the kernel and
the license knowledge (never the graph, the sources or the steps); the kernel and the knowledge
import nothing of the pipeline. Read statically (imports inside functions count too), so a cycle or
a layering breach fails here before it can make an import order matter at run time.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

from tests.support import paths


def test_the_import_contracts_hold():
    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run(
        [str(lint), "--no-cache"], cwd=paths.ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]


def test_the_contracts_cover_cycles_and_both_layers():
    config = tomllib.loads((paths.ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    kinds = sorted(c["type"] for c in contracts)
    assert kinds == ["acyclic_siblings", "forbidden", "forbidden"]
    sources = {m for c in contracts for m in c.get("source_modules", [])}
    assert {"registry", "agent.spdx", "agent.models"} <= sources
