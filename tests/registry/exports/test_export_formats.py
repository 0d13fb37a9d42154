"""One renderer interface for every export: each format renders 0 entries, hostile entries and errors;
the CLI writes a file only when it is complete, and loads only the format it was asked for."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest

from agent.cli import main
from agent.errors import UsageError
from registry.exports.formats import FORMATS, ExportSource, renderer
from tests.support import paths
from tests.support.report_support import (
    fill_registry,
    hostile_entry,
    problem_entries,
    synthetic_registry,
)

ROOT = str(paths.ROOT)


@pytest.mark.parametrize("name", list(FORMATS))
@pytest.mark.parametrize(
    "entries", [[], problem_entries() + [hostile_entry()]], ids=["empty", "hostile"]
)
def test_every_format_renders_through_the_one_interface(name, entries):
    out = io.StringIO()
    renderer(name, "-").write(ExportSource(list(entries), edges_for=lambda d: []), out)
    text = out.getvalue()
    assert text.strip()
    for entry in entries[:-1]:  # every entry reaches every format, errors included
        assert entry.dataset in text
    if entries:  # the hostile name arrives too, escaped as each format escapes
        assert "alert(1)" in text


def test_unknown_format_is_refused():
    with pytest.raises(UsageError, match="unknown export format 'xml'"):
        renderer("xml")


def test_output_file_appears_only_when_complete(tmp_path):
    from agent.commands.registry import _output

    target = tmp_path / "report.html"
    target.write_text("previous report")
    with pytest.raises(UsageError), _output(str(target)) as stream:
        stream.write("half a report")
        raise UsageError("rendering failed")
    assert target.read_text() == "previous report" and os.listdir(tmp_path) == ["report.html"]
    old_umask = os.umask(0o077)  # a user who keeps new files private gets a private report
    try:
        with _output(str(target)) as stream:
            stream.write("new report")
    finally:
        os.umask(old_umask)
    assert target.read_text() == "new report" and os.listdir(tmp_path) == ["report.html"]
    assert target.stat().st_mode & 0o777 == 0o600


def test_unwritable_output_is_one_line(tmp_path, capsys):
    db = fill_registry(str(tmp_path / "r.db"), problem_entries())
    assert (
        main(
            [
                "registry",
                "export",
                "--format",
                "html",
                "--registry",
                db,
                "--output",
                str(tmp_path / "no" / "such" / "dir.html"),
            ]
        )
        == 2
    )
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "cannot write" in err[0]


@pytest.mark.parametrize(
    "name,loaded",
    [
        ("csv", []),
        ("json", []),
        ("html", ["jinja2"]),
        ("cyclonedx", ["cyclonedx"]),
        ("spdx3", ["spdx_python_model"]),
    ],
)
def test_a_format_loads_only_its_own_library_and_never_langgraph(tmp_path, name, loaded):
    db = fill_registry(str(tmp_path / "r.db"), problem_entries())
    heavy = ["langgraph", "jinja2", "cyclonedx", "spdx_python_model", "spdx_tools"]
    code = (
        "import sys; from agent.cli import main; "
        f"rc = main(['registry', 'export', '--format', {name!r}, '--registry', {db!r}, '--output', "
        f"{str(tmp_path / 'out')!r}]); "
        f"print(rc, [m for m in {heavy!r} if m in sys.modules])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    rc, modules = result.stdout.strip().split(" ", 1)
    assert rc == "0", result.stderr
    assert json.loads(modules.replace("'", '"')) == loaded


@pytest.mark.parametrize("name", ["csv", "json", "notice", "notice-text", "spdx3", "cyclonedx"])
def test_five_thousand_entries_are_all_written(name):
    # (the HTML report's 5,000-entry test is in test_report_html; CycloneDX takes about 40 s here:
    # cyclonedx-python-lib's Bom.validate() is quadratic in the components, its issue #1006)
    entries, edges = synthetic_registry(5000)
    out = io.StringIO()
    renderer(name, "-").write(ExportSource(entries, edges_for=lambda d: edges.get(d, [])), out)
    text = out.getvalue()
    if name == "csv":
        assert text.count("\r\n") == 5001
    elif name == "json":
        assert len(json.loads(text)["entries"]) == 5000
    elif name == "cyclonedx":
        components = json.loads(text)["components"]
        assert sum(1 for c in components if c["bom-ref"].startswith("dataset-")) == 5000
    elif name == "spdx3":
        graph = json.loads(text)["@graph"]
        assert sum(1 for g in graph if g["type"] == "dataset_DatasetPackage") == 5000
    else:  # every entry is credited, obliged or listed for a decision, or needs no notice
        needing = [
            e
            for e in entries
            if e.attribution_required
            or e.share_alike
            or e.status in ("error", "unknown", "conflict")
            or e.concluded_license.startswith("LicenseRef")
        ]
        assert sum(1 for e in needing if e.dataset in text) == len(needing) > 1000
