"""docs/ci.md and .pre-commit-hooks.yaml: the workflow, hook, policy examples and commands really parse."""

from __future__ import annotations

import argparse
import os
import re
import shlex
from pathlib import Path

import yaml

from agent.commands import gate as gate_command
from registry.gate.policy import DEFAULTS, build_policy
from tests.support import paths

try:
    import tomllib
except ModuleNotFoundError:  # pragma: no cover
    import tomli as tomllib

ROOT = str(paths.ROOT)
DOC = Path(ROOT, "docs", "ci.md").read_text(encoding="utf-8")


def blocks(language: str) -> list[str]:
    return re.findall(r"```" + language + r"\n(.*?)```", DOC, re.S)


def parse_gate(command: str):
    parser = argparse.ArgumentParser(prog="licensetrace")
    gate_command.add_parser(parser.add_subparsers(dest="command"))
    words = shlex.split(command)
    assert words[:2] == ["licensetrace", "gate"], command
    return parser.parse_args(words[1:])


def test_workflow_is_valid_yaml_with_the_documented_steps():
    workflow = next(yaml.safe_load(b) for b in blocks("yaml") if "jobs:" in b)
    steps = workflow["jobs"]["gate"]["steps"]
    uses = [s.get("uses", "") for s in steps]
    assert "github/codeql-action/upload-sarif@v3" in uses and "actions/upload-artifact@v4" in uses
    assert workflow["permissions"]["security-events"] == "write"
    runs = [s["run"] for s in steps if "run" in s]
    assert any(r.startswith("pip install") for r in runs)
    gates = [r for r in runs if r.startswith("licensetrace gate")]
    assert gates[0] == "licensetrace gate --discover . --format sarif --output licensetrace.sarif"
    for command in gates:  # every documented command line is accepted by the real parser
        args = parse_gate(command)
        assert args.discover == "."
    sarif_upload = next(s for s in steps if s.get("uses", "").startswith("github/codeql-action"))
    assert sarif_upload["with"]["sarif_file"] == "licensetrace.sarif"
    assert all(s.get("if") == "always()" for s in steps[steps.index(sarif_upload) :])


def test_pre_commit_hook_file():
    with open(os.path.join(ROOT, ".pre-commit-hooks.yaml"), encoding="utf-8") as handle:
        hooks = yaml.safe_load(handle)
    hook = hooks[0]
    assert hook["id"] == "licensetrace-gate" and hook["language"] == "python"
    assert hook["entry"] == "licensetrace gate --discover ." and hook["pass_filenames"] is False
    assert parse_gate(hook["entry"]).discover == "."
    config = next(yaml.safe_load(b) for b in blocks("yaml") if "repos:" in b)
    assert config["repos"][0]["hooks"][0]["id"] == hook["id"]


def test_documented_policy_examples_are_valid_and_default_matches_the_code():
    tomls = blocks("toml")
    example = tomllib.loads(tomls[0])
    policy = build_policy(example["policy"], "docs/ci.md", tomls[0], ("policy",))
    assert policy.waivers[0].dataset == "org/name"
    assert tomllib.loads(tomls[1]) == DEFAULTS
