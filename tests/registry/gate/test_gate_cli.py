"""`licensetrace gate` end to end on a real SQLite registry: exit codes, policy errors, baseline, SARIF."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

import jsonschema
import pytest

from agent.commands import gate as gate_command
from agent.models import Entry, Evidence
from registry.store.opener import open_registry
from tests.support import paths

ROOT = str(paths.ROOT)
TREE = os.path.join(ROOT, "tests", "fixtures", "discover")


def run_gate(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="licensetrace")
    gate_command.add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["gate", *argv])
    return args.handler(args)


def make(name, license_, commercial="yes", status="verified", **kw) -> Entry:
    return Entry(
        name,
        revision="sha1",
        concluded_license=license_,
        declared_license=license_,
        confidence=0.92,
        status=status,
        commercial_use=commercial,
        **kw,
    )


@pytest.fixture()
def repo(tmp_path, monkeypatch):
    """An empty git-like project folder as cwd, with a registry path."""
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LICENSETRACE_REGISTRY", raising=False)
    return tmp_path


def save(*entries: Entry, registry="licensetrace.db") -> None:
    store = open_registry(registry)
    try:
        for entry in entries:
            store.save(entry)
    finally:
        store.close()


def test_exit_0_when_everything_passes(repo, capsys):
    save(make("org/mit", "MIT"), make("org/cc0", "CC0-1.0"))
    assert run_gate() == 0
    out = capsys.readouterr().out
    assert "built-in default policy" in out and "-> exit 0 (pass)" in out


def test_exit_1_on_violation_with_the_reason(repo, capsys):
    save(make("org/mit", "MIT"), make("org/nc", "CC-BY-NC-4.0", "no"))
    assert run_gate() == 1
    out = capsys.readouterr().out
    assert "FAIL org/nc (CC-BY-NC-4.0)" in out and "non-commercial" in out


def test_exit_3_when_an_entry_is_in_error_or_a_dataset_is_missing(repo, tmp_path, capsys):
    save(
        make("org/mit", "MIT"), Entry("org/gated", status="error", error="GatedRepo: accept first")
    )
    assert run_gate() == 3
    capsys.readouterr()
    refs = tmp_path / "datasets.txt"
    refs.write_text("org/mit\n# a comment\norg/never-audited\n")
    assert run_gate("--from", str(refs), "--no-audit", "--format", "json") == 3
    data = json.loads(capsys.readouterr().out)
    assert {d["dataset"]: d["verdict"] for d in data["datasets"]} == {
        "org/mit": "pass",
        "org/never-audited": "missing",
    }


@pytest.mark.parametrize(
    "policy_text, expected",
    [
        (
            '[policy]\nintended_use = "commercial"\ndeny = [\n  "CC-BY-NC-9.9",\n]\n',
            ":4: deny: unknown SPDX license id 'CC-BY-NC-9.9'",
        ),
        (
            '[policy]\nintended_use = "commercial"\nfail-on = ["conflict"]\n',
            ":3: unknown key 'fail-on'",
        ),
        ('[policy\nintended_use = "commercial"\n', ":1: invalid TOML"),
        (
            '[policy]\n\n[[policy.waivers]]\ndataset = "org/nc"\nlicense = "CC-BY-NC-4.0"\n'
            'reason = "ok"\nexpires = "next year"\n',
            ":7: waiver: bad date 'next year'",
        ),
    ],
)
def test_exit_2_on_a_malformed_policy_with_file_line_and_problem(
    repo, capsys, policy_text, expected
):
    save(make("org/mit", "MIT"))
    (repo / "licensetrace.toml").write_text(policy_text)
    assert run_gate() == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and captured.out == ""
    assert lines[0].startswith("licensetrace: error: licensetrace.toml:")
    assert expected in lines[0]


def test_exit_2_on_usage_errors(repo, capsys):
    assert run_gate("--registry", "no-such.db") == 2
    assert "no-such.db" in capsys.readouterr().err
    save(make("org/mit", "MIT"))
    assert run_gate("--write-baseline") == 2
    assert run_gate("--policy", "missing.toml") == 2
    assert run_gate("--discover", "no/such/dir", "--no-audit") == 2
    errors = capsys.readouterr().err.strip().splitlines()
    assert len(errors) == 3 and all(e.startswith("licensetrace: error: ") for e in errors)


def test_waiver_expiry_and_license_pinning_through_the_cli(repo, capsys):
    save(make("org/nc", "CC-BY-NC-4.0", "no"))
    (repo / "licensetrace.toml").write_text(
        '[policy]\nintended_use = "commercial"\n\n[[policy.waivers]]\ndataset = "org/nc"\n'
        'license = "CC-BY-NC-4.0"\nreason = "signed data agreement"\nexpires = 2027-01-01\n'
    )
    assert run_gate("--today", "2026-12-31") == 0
    assert 'waiver at licensetrace.toml:4: "signed data agreement"' in capsys.readouterr().out
    assert run_gate("--today", "2027-01-01") == 1
    assert "expired on 2027-01-01" in capsys.readouterr().out
    save(make("org/nc", "CC-BY-NC-SA-4.0", "no"))  # re-audit found another license
    assert run_gate("--today", "2026-12-31") == 1
    assert "void: it was for CC-BY-NC-4.0" in capsys.readouterr().out


def test_baseline_accepts_old_violations_and_fails_new_ones(repo, capsys):
    save(make("org/old-nc", "CC-BY-NC-4.0", "no"), make("org/mit", "MIT"))
    # written on request only: the old violation is accepted
    assert run_gate("--baseline", "baseline.json", "--write-baseline") == 0
    assert "baseline baseline.json written: 1 accepted" in capsys.readouterr().err
    accepted = json.loads((repo / "baseline.json").read_text())
    assert accepted["accepted"] == [
        {"dataset": "org/old-nc", "license": "CC-BY-NC-4.0", "rule": "non-commercial"}
    ]
    assert run_gate("--baseline", "baseline.json") == 0
    capsys.readouterr()
    save(make("org/new-nc", "CC-BY-NC-ND-4.0", "no"))
    assert run_gate("--baseline", "baseline.json", "--format", "json") == 1
    verdicts = {d["dataset"]: d["verdict"] for d in json.loads(capsys.readouterr().out)["datasets"]}
    assert verdicts == {"org/old-nc": "baselined", "org/new-nc": "fail", "org/mit": "pass"}
    assert run_gate("--baseline", "baseline.json", "--write-baseline") == 0
    assert len(json.loads((repo / "baseline.json").read_text())["accepted"]) == 2
    capsys.readouterr()
    save(make("org/old-nc", "MIT"))  # fixed upstream: its accepted violation is stale
    assert run_gate("--baseline", "baseline.json") == 0
    assert "1 accepted violations in baseline.json no longer occur" in capsys.readouterr().out


def test_bad_baseline_file_is_a_usage_error(repo, capsys):
    save(make("org/mit", "MIT"))
    (repo / "baseline.json").write_text('{"accepted": []}')
    assert run_gate("--baseline", "baseline.json") == 2
    assert "not a licensetrace gate baseline" in capsys.readouterr().err


def test_a_missing_baseline_is_a_usage_error_not_a_pass(repo, capsys):
    save(make("org/nc", "CC-BY-NC-4.0", "no"))
    assert run_gate("--baseline", "baselnie.json") == 2  # a typo must not accept everything
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        "licensetrace: error: --baseline baselnie.json: no such file "
        "(--write-baseline creates it from the current violations)"
    ]
    assert not (repo / "baselnie.json").exists()
    assert run_gate("--baseline", "baseline.json", "--update-baseline") == 0  # the old spelling
    assert run_gate("--baseline", "baseline.json") == 0


@pytest.mark.parametrize(
    "content",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe",
        b'\xff\xfe{"kind": 1}',
        b'{"kind": "gate-baseline", "accepted": [',
    ],
)
def test_a_binary_or_garbled_baseline_exits_2_with_one_line(repo, capsys, content):
    # (a FIFO or /dev/zero as baseline: tests/agent/sources/test_textfile.py, in a child process)
    save(make("org/mit", "MIT"))
    (repo / "baseline.json").write_bytes(content)
    assert run_gate("--baseline", "baseline.json") == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("licensetrace: error: "), err


def test_discover_locates_sarif_results_in_the_code(repo, capsys):
    save(
        make("org/literal-train", "CC-BY-NC-4.0", "no"),
        make("org/keyword-path", "MIT"),
        make("org/notebook-literal", "MIT"),
    )
    code = run_gate("--discover", TREE, "--no-audit", "--format", "sarif", "--output", "gate.sarif")
    assert code == 1  # a violation outranks the datasets this registry has never audited
    captured = capsys.readouterr()
    assert (
        "tests/fixtures/discover/train.py:26: dataset name is not a literal (args.dataset)"
        in captured.err
    )
    assert "warning: discovery: scripts/py2_legacy.py: not parsed as Python" in captured.err
    log = json.loads((repo / "gate.sarif").read_text())
    with open(os.path.join(ROOT, "tests", "schemas", "sarif-2.1.0.json"), encoding="utf-8") as fh:
        jsonschema.Draft4Validator(json.load(fh)).validate(log)
    results = {r["properties"]["dataset"]: r for r in log["runs"][0]["results"]}
    found_at = results["org/literal-train"]["locations"][0]["physicalLocation"]
    uri = found_at["artifactLocation"]["uri"]
    assert (
        uri.endswith("tests/fixtures/discover/train.py") and found_at["region"]["startLine"] == 12
    )
    assert results["org/const-eval"]["ruleId"] == "missing-entry"
    assert "org/keyword-path" not in results  # passes (revision pin is kept in the reference)
    assert run_gate("--discover", os.path.join(TREE, "pkg"), "--no-audit") == 3  # only missing


def test_junit_output_file(repo, capsys):
    save(make("org/nc", "CC-BY-NC-4.0", "no"))
    assert run_gate("--format", "junit", "--output", "gate.xml") == 1
    from junitparser import JUnitXml

    case = next(iter(next(iter(JUnitXml.fromfile(str(repo / "gate.xml"))))))
    assert case.name == "org/nc" and not case.is_passed
    assert "-> exit 1" in capsys.readouterr().err


def test_policy_from_pyproject_and_effective_license(repo, capsys):
    save(
        make(
            "org/derived",
            "MIT",
            effective_license="MIT AND CC-BY-NC-4.0",
            effective_commercial_use="no",
            upstream=["org/parent"],
            evidence=[Evidence("yaml:license", "metadata", "license: mit")],
        )
    )
    assert run_gate() == 1  # the default policy judges the effective license
    assert "FAIL org/derived (MIT AND CC-BY-NC-4.0)" in capsys.readouterr().out
    (repo / "pyproject.toml").write_text(
        "[tool.licensetrace.policy]\nuse_effective_license = false\n"
    )
    assert run_gate() == 0


def test_gate_without_auditing_does_not_import_langgraph(repo):
    save(make("org/mit", "MIT"))
    script = (
        "import sys, argparse\nfrom agent.commands import gate\n"
        "p = argparse.ArgumentParser(); gate.add_parser(p.add_subparsers())\n"
        "a = p.parse_args(['gate', '--format', 'json'])\ncode = a.handler(a)\n"
        "assert 'langgraph' not in sys.modules, 'langgraph imported'\nsys.exit(code)\n"
    )
    env = dict(os.environ, PYTHONPATH=ROOT)
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["exit_code"] == 0


def test_gate_reads_each_registry_backend(repo, location, capsys):
    save(make("org/mit", "MIT"), make("org/nc", "CC-BY-NC-4.0", "no"), registry=location)
    assert run_gate("--registry", location, "--format", "json") == 1
    data = json.loads(capsys.readouterr().out)
    assert {d["dataset"]: d["verdict"] for d in data["datasets"]} == {
        "org/mit": "pass",
        "org/nc": "fail",
    }
