"""`audit run` and `gate --from/--discover` audit alike: one set of audit options, the same settings."""

from __future__ import annotations

import pytest

from agent.cli import build_parser
from agent.commands.audit_options import settings_from

SHARED = [
    "--endpoint",
    "http://127.0.0.1:9",
    "--concurrency",
    "3",
    "--depth",
    "0",
    "--max-card-bytes",
    "1000",
    "--refresh",
    "--offline",
    "--quiet",
    "--no-github",
    "--max-upstreams",
    "7",
    "--request-timeout",
    "2.5",
    "--dataset-timeout",
    "9",
    "--registry",
    "reg.db",
]


def _settings(*argv: str):
    return settings_from(build_parser().parse_args(list(argv)))


def test_gate_audits_with_the_same_options_as_audit_run(monkeypatch):
    monkeypatch.delenv("HF_TOKEN", raising=False)
    audit = _settings("audit", "run", "squad", *SHARED)
    gate = _settings("gate", "--from", "refs.txt", *SHARED)
    assert audit == gate
    assert (audit.github, audit.max_upstreams, audit.dataset_timeout) == (False, 7, 9.0)


def test_defaults_are_the_same_too(monkeypatch):
    monkeypatch.delenv("HF_TOKEN", raising=False)
    assert _settings("audit", "run", "squad") == _settings("gate", "--from", "refs.txt")


@pytest.mark.parametrize(
    ("option", "value"), [("--concurrency", "0"), ("--depth", "-1"), ("--request-timeout", "inf")]
)
@pytest.mark.parametrize("command", [["audit", "run", "squad"], ["gate"]])
def test_bad_numbers_are_refused_by_both(command, option, value, capsys):
    with pytest.raises(SystemExit) as stop:
        build_parser().parse_args([*command, option, value])
    assert stop.value.code == 2 and option in capsys.readouterr().err
