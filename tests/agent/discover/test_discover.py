"""Discovery over a fixture tree: every literal reference found, dynamic names reported, none guessed."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from agent.discover import DiscoveryResult, dataset_from_text, discover, scan_python
from tests.support import paths

TREE = os.path.join(paths.FIXTURES, "discover")

# (dataset, file, line, how, revision, cell): everything a reader of the tree would list
EXPECTED = {
    ("org/literal-train", "train.py", 12, "load_dataset", None, None),
    ("org/keyword-path", "train.py", 13, "load_dataset", "v1.2", None),
    ("org/const-eval", "train.py", 14, "load_dataset", None, None),
    ("org/fstring-ds", "train.py", 15, "load_dataset", None, None),
    ("org/hf-path-ds", "train.py", 16, "hf-path", "main", None),
    ("org/snapshot-ds", "train.py", 18, "snapshot_download", None, None),
    ("org/hub-download-ds", "train.py", 20, "hf_hub_download", None, None),
    ("org/url-in-docstring", "pkg/utils.py", 3, "hub-url", "main", None),
    ("legacy_single_name", "pkg/utils.py", 7, "load_dataset_builder", None, None),
    ("org/in-unparsable-file", "scripts/py2_legacy.py", 2, "hub-url", None, None),
    ("org/notebook-literal", "notebooks/explore.ipynb", 5, "load_dataset", None, 1),
    ("org/notebook-const", "notebooks/explore.ipynb", 1, "load_dataset", None, 2),
    ("org/yaml-dataset-name", "configs/train.yaml", 3, "config:dataset_name", None, None),
    ("org/axolotl-path", "configs/train.yaml", 6, "config:path", None, None),
    ("org/yaml-url", "configs/train.yaml", 8, "hub-url", "refs/convert/parquet", None),
    ("org/json-hf-path", "configs/eval.json", 3, "hf-path", "v1.0", None),
    ("org/toml-url", "configs/settings.toml", 2, "hub-url", None, None),
    ("org/toml-dataset-id", "configs/settings.toml", 3, "config:dataset_id", None, None),
}


@pytest.fixture(scope="module")
def found() -> DiscoveryResult:
    return discover(TREE)


def test_every_literal_reference_is_found_and_nothing_else(found):
    got = {(f.dataset, f.file, f.line, f.how, f.revision, f.cell) for f in found.findings}
    assert got == EXPECTED


def test_skipped_places_are_not_searched(found):
    names = {f.dataset for f in found.findings}
    # venvs (hidden or with pyvenv.cfg), node_modules, hidden folders, comments, notebook
    # outputs and markdown, model repos, local folders, packaged builders, our own policy
    for absent in (
        "org/in-venv",
        "org/in-pyvenv",
        "org/in-node-modules",
        "org/in-hidden",
        "org/commented-out",
        "org/commented-yaml",
        "org/in-output",
        "org/markdown-only",
        "org/a-model",
        "json",
        "./data/local_folder",
        "org/waived-not-used",
        "train",
    ):
        assert absent not in names


def test_dynamic_names_are_reported_as_unresolved_not_guessed(found):
    unresolved = {(u.file, u.line, u.expression, u.cell) for u in found.unresolved}
    assert unresolved == {
        ("train.py", 26, "args.dataset", None),
        ("train.py", 30, "name", None),
        ("pkg/utils.py", 11, "load_dataset_builder(**cfg)", None),
        ("notebooks/explore.ipynb", 3, "name", 2),
    }
    assert "notebooks/explore.ipynb cell 2:3: name" in {str(u) for u in found.unresolved}


def test_columns_point_at_the_argument(found):
    literal = next(f for f in found.findings if f.dataset == "org/literal-train")
    line = Path(TREE, "train.py").read_text(encoding="utf-8").splitlines()[literal.line - 1]
    assert line[literal.column - 1 :].startswith('"org/literal-train"')
    yaml_hit = next(f for f in found.findings if f.dataset == "org/yaml-dataset-name")
    assert yaml_hit.column == len("dataset_name: ") + 1


def test_unparsable_python_is_a_warning_and_datasets_lists_refs_with_revisions(found):
    assert any("py2_legacy.py" in w and "not parsed" in w for w in found.warnings)
    refs = found.datasets()
    assert "org/keyword-path@v1.2" in refs and "org/literal-train" in refs
    assert len(refs) == len(set(refs))
    assert set(found.locations()) == {e[0] for e in EXPECTED}


def test_a_single_file_can_be_scanned():
    result = discover(os.path.join(TREE, "train.py"))
    assert {f.file for f in result.findings} == {"train.py"}
    assert len(result.findings) == 7


@pytest.mark.parametrize(
    "text, expected",
    [
        ("squad", ("squad", None)),
        ("org/name@v2", ("org/name", "v2")),
        ("hf://datasets/org/name@main/data/x.parquet", ("org/name", "main")),
        ("https://huggingface.co/datasets/org/name", ("org/name", None)),
        ("https://huggingface.co/datasets/squad/viewer", ("squad", None)),
        ("https://huggingface.co/datasets/org/name.", ("org/name", None)),
        (
            "https://huggingface.co/datasets/org/name/resolve/abc123/README.md",
            ("org/name", "abc123"),
        ),
        ("csv", None),
        ("parquet", None),
        ("./data", None),
        ("/abs/path", None),
        ("script.py", None),
        ("data/train.jsonl", None),
        ("not a name", None),
        ("org--bad/x", None),
        # hf:// paths resolve as huggingface_hub's HfFileSystem does: a file segment ends the repo id
        ("hf://datasets/squad/train.parquet", ("squad", None)),
        ("hf://datasets/squad/*.parquet", ("squad", None)),
        ("hf://datasets/org/name/data/train.parquet", ("org/name", None)),
        ("hf://datasets/squad@v1/train.parquet", ("squad", "v1")),
        (
            "hf://datasets/org/name@refs/convert/parquet/default/train/0.parquet",
            ("org/name", "refs/convert/parquet"),
        ),
        (
            "hf://datasets/mlfoundations/dclm-baseline-1.0/x",
            ("mlfoundations/dclm-baseline-1.0", None),
        ),
        # one set of Hub hosts everywhere
        ("https://hf.co/datasets/org/name/tree/v2", ("org/name", "v2")),
        ("https://www.huggingface.co/datasets/org/name", ("org/name", None)),
    ],
)
def test_dataset_from_text(text, expected):
    assert dataset_from_text(text) == expected


def test_reassigned_module_constant_is_not_trusted():
    result = DiscoveryResult()
    scan_python(
        "m.py",
        'from datasets import load_dataset\nN = "org/a"\nN = "org/b"\nload_dataset(N)\n',
        result,
    )
    assert result.findings == [] and result.unresolved[0].expression == "N"


def test_big_tree_is_fast(tmp_path):
    import time

    for d in range(40):
        folder = tmp_path / f"pkg{d}"
        folder.mkdir()
        for f in range(50):
            body = "def f(x):\n    return x\n" * 40
            if f == 0:
                body += f'from datasets import load_dataset\nload_dataset("org/ds{d}")\n'
            (folder / f"m{f}.py").write_text(body)
        (folder / "cfg.json").write_text(json.dumps({"lr": 0.1}))
    start = time.perf_counter()
    result = discover(str(tmp_path))
    elapsed = time.perf_counter() - start
    assert len(result.findings) == 40 and result.files_scanned == 40 * 51
    assert elapsed < 2.0, f"2,040 files took {elapsed:.2f}s"


def test_special_and_oversized_files_are_skipped_with_a_reason(tmp_path):
    import subprocess
    import sys

    os.mkfifo(tmp_path / "pipe.py")  # a FIFO: opening it for reading would wait for a writer
    os.symlink("/dev/zero", tmp_path / "zero.json")
    (tmp_path / "train.py").write_text('from datasets import load_dataset\nload_dataset("org/x")\n')
    script = (
        "import sys; from agent.discover import discover; r = discover(sys.argv[1]); "
        "print(r.datasets()); print(*r.warnings, sep='\\n')"
    )
    root = str(paths.ROOT)
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": root},
    )
    lines = done.stdout.splitlines()
    assert lines[0] == "['org/x']", done.stderr
    assert sorted(lines[1:]) == [
        "pipe.py: skipped: not a regular file",
        "zero.json: skipped: not a regular file",
    ]


def test_skipped_files_are_said_on_stderr(tmp_path, capsys):
    (tmp_path / "broken.py").write_text("load_dataset('org/a'\n")  # a syntax error
    notebook = {
        "cells": [
            {
                "cell_type": "code",
                "source": [
                    "load_dataset?\n",
                    "from datasets import load_dataset\n",
                    "load_dataset('org/nb')\n",
                ],
            }
        ]
    }
    (tmp_path / "nb.ipynb").write_text(json.dumps(notebook))
    result = discover(str(tmp_path))
    assert result.datasets() == ["org/nb"]  # IPython's "name?" help line is not Python: blanked
    result.report_skipped()
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "licensetrace: warning: discovery: broken.py: not parsed as Python "
        "(SyntaxError); only Hub URLs and hf:// paths were searched"
    ]


def test_references_name_the_hub_explicitly():
    result = DiscoveryResult()
    scan_python(
        "m.py", 'from datasets import load_dataset\nload_dataset("org/a", revision="v1")\n', result
    )
    assert result.references() == ["hf:org/a@v1"]
