"""The audit graph: its shape, the README's picture of it, and light commands staying light."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from agent.graph import build_dataset_graph, mermaid
from tests.support import paths

ROOT = str(paths.ROOT)


def test_readme_shows_the_compiled_graph():
    readme = Path(ROOT, "README.md").read_text(encoding="utf-8")
    block = re.search(r"```mermaid\n(.*?)```", readme, re.S).group(1)
    assert block.strip() == mermaid().strip(), (
        "regenerate the README's mermaid block from agent.graph.mermaid()"
    )


def test_pipeline_order_and_error_routes():
    graph = build_dataset_graph().get_graph()
    edges = {(e.source, e.target) for e in graph.edges}
    pipeline = [
        "resolve_ref",
        "fetch_card",
        "extract",
        "map_to_spdx",
        "conclude",
        "trace_upstream",
        "write_entry",
    ]
    assert all((a, b) in edges for a, b in zip(pipeline, pipeline[1:], strict=False))
    assert all((step, "write_error") in edges for step in pipeline[:-1])
    assert ("fetch_card", "reuse_entry") in edges


def test_registry_and_help_do_not_import_langgraph(tmp_path):
    code = (
        "import sys; from agent.cli import main; main(%r); "
        "print('langgraph' in ' '.join(sys.modules))"
    )
    for argv in (
        ["--help"],
        ["registry", "export", "--format", "csv", "--registry", str(tmp_path / "r.db")],
    ):
        out = subprocess.run(
            [sys.executable, "-c", code % (argv,)], capture_output=True, text=True, cwd=ROOT
        )
        assert out.stdout.strip().splitlines()[-1] == "False", (argv, out.stdout, out.stderr)
