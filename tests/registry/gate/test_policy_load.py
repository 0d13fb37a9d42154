"""Policy files: where they are found, what they hold, and how a wrong one is reported."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from agent.errors import UsageError
from registry.gate.policy import (
    DEFAULTS,
    PolicyError,
    default_policy,
    find_policy_file,
    load_policy,
)


def write(path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_default_policy_is_commercial_and_used_without_a_file(tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    policy = load_policy()
    assert policy.is_default and policy.source == "<default>"
    assert policy.intended_use == "commercial"
    assert policy.fail_on == DEFAULTS["fail_on"] and "unknown" in policy.fail_on
    assert policy.review == ["share-alike", "no-derivatives"]


def test_licensetrace_toml_found_upward_from_a_subfolder(tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()
    write(tmp_path / "licensetrace.toml", '[policy]\nintended_use = "research"\n')
    sub = tmp_path / "src" / "deep"
    sub.mkdir(parents=True)
    monkeypatch.chdir(sub)
    policy = load_policy()
    assert policy.intended_use == "research"
    assert os.path.samefile(policy.source, tmp_path / "licensetrace.toml")
    # keys the file leaves out take the default policy's values
    assert policy.fail_on == DEFAULTS["fail_on"]


def test_pyproject_tool_table_is_found(tmp_path):
    (tmp_path / ".git").mkdir()
    write(
        tmp_path / "pyproject.toml",
        '[project]\nname = "x"\n\n[tool.licensetrace.policy]\n'
        'deny = ["CC-BY-NC-*"]\nmin_confidence = 0.8\n',
    )
    found = find_policy_file(str(tmp_path))
    assert found and found[1] == ("tool", "licensetrace", "policy")
    policy = load_policy(found[0])
    assert policy.deny == ["CC-BY-NC-*"] and policy.min_confidence == 0.8


def test_pyproject_without_the_table_is_ignored_and_search_stops_at_repo_root(tmp_path):
    write(tmp_path / "licensetrace.toml", '[policy]\nintended_use = "research"\n')  # outside repo
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    write(repo / "pyproject.toml", '[project]\nname = "x"\n')
    assert find_policy_file(str(repo)) is None


def test_full_policy_with_waivers(tmp_path):
    path = write(
        tmp_path / "p.toml",
        """
[policy]
intended_use = "commercial"
allow = ["MIT", "Apache-2.0", "CC-BY-*", "permissive"]
deny = ["CC-BY-NC-*", "non-commercial", "LicenseRef-research-only"]
review = ["share-alike"]
min_confidence = 0.7
fail_on = ["conflict", "unknown", "error", "low-confidence"]
use_effective_license = true

[[policy.waivers]]
dataset = "org/name"
license = "CC-BY-SA-4.0"
reason = "reviewed by legal"
expires = 2027-01-31

[[policy.waivers]]
dataset = "org/other"
license = "LicenseRef-custom-terms AND MIT"
reason = "contract signed"
expires = "2027-03-01"
""",
    )
    policy = load_policy(path)
    assert policy.use_effective_license is True
    assert [w.expires for w in policy.waivers] == [dt.date(2027, 1, 31), dt.date(2027, 3, 1)]
    assert [w.line for w in policy.waivers] == [11, 17]
    assert policy.lines["deny"] == 5 and policy.lines["min_confidence"] == 7


@pytest.mark.parametrize(
    "text, line, words",
    [
        ('[policy]\nintended_use = "commercial"\ndeny = ["MIT"\n', 3, "invalid TOML"),
        (
            '[policy]\nintended_use = "commercial"\ndenny = ["MIT"]\n',
            3,
            "unknown key 'denny' (did you mean 'deny'?)",
        ),
        (
            '[policy]\nallow = [\n  "MIT",\n  "CC-BY-4",\n]\n',
            4,
            "unknown SPDX license id 'CC-BY-4'",
        ),
        (
            '[policy]\n\n[[policy.waivers]]\ndataset = "a/b"\nlicense = "MIT"\nreason = "ok"\n'
            'expires = "2026-02-30"\n',
            7,
            "bad date '2026-02-30'",
        ),
        (
            '[policy]\n\n[[policy.waivers]]\ndataset = "a/b"\nlicense = "MIT"\nreason = "ok"\n'
            "expires = 2026-13-01\n",
            7,
            "invalid TOML",
        ),
        ('[policy]\nmin_confidence = "high"\n', 2, "min_confidence must be a number"),
        (
            '[policy]\nintended_use = "personal"\n',
            2,
            "intended_use must be one of commercial, research",
        ),
        ('[policy]\nfail_on = ["conflict", "unknwon"]\n', 2, "unknown value 'unknwon'"),
        ('[policy]\ndeny = "CC-BY-NC-4.0"\n', 2, "deny must be a list"),
        ('[policy]\nreview = ["XYZ-*"]\n', 2, "pattern 'XYZ-*' matches no SPDX license id"),
        ('[policy]\nuse_effective_license = "yes"\n', 2, "must be true or false"),
        (
            '[policy]\n\n[[policy.waivers]]\ndataset = "a/b"\nlicense = "MIT"\nexpires = 2027-01-01\n',
            3,
            "waiver: missing 'reason'",
        ),
        (
            '[policy]\n\n[[policy.waivers]]\ndataset = "a/b"\nlicense = "CC-BY-NC-*"\nreason = "x"\n'
            "expires = 2027-01-01\n",
            5,
            "exact license reviewed",
        ),
        (
            '[policy]\n\n[[policy.waivers]]\ndataset = "a/b"\nlicence = "MIT"\nreason = "x"\n'
            "expires = 2027-01-01\n",
            5,
            "waiver: unknown key 'licence'",
        ),
        ("[tool.other]\nx = 1\n", 1, "no [policy] or [tool.licensetrace.policy] table"),
    ],
)
def test_malformed_policy_names_file_line_and_problem(tmp_path, text, line, words):
    path = write(tmp_path / "licensetrace.toml", text)
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    message = str(caught.value)
    assert isinstance(caught.value, UsageError)  # exit 2 at the CLI
    assert "\n" not in message
    assert message.startswith(f"{path}:{line}: "), message
    assert words in message


def test_unreadable_policy_file(tmp_path):
    with pytest.raises(PolicyError, match="cannot read policy file"):
        load_policy(str(tmp_path / "missing.toml"))


def test_categories_wildcards_and_license_refs_are_accepted(tmp_path):
    path = write(
        tmp_path / "p.toml",
        '[policy]\ndeny = ["non-commercial", "research-only", '
        '"no-derivatives", "custom", "unknown", "cc-by-nc-4.0", '
        '"LicenseRef-*", "LicenseRef-my-terms", "GPL-*"]\n',
    )
    assert len(load_policy(path).deny) == 9


def test_default_policy_copies_are_independent():
    first = default_policy()
    first.review.append("custom")
    assert "custom" not in default_policy().review
