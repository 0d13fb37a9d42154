"""`licensetrace audit run` end to end: Hub (recorded stand-in) and local folders into the registry."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest

from agent.cli import main
from agent.refs import local_key
from registry.store.opener import open_registry
from tests.support import paths
from tests.support.contract import CSV_CONTRACT
from tests.support.hub_fixtures import TEST_TOKEN

CARDS = os.path.join(paths.FIXTURES, "cards")
REAL_CARDS = ["dyk", "kor_qpair", "onestop_english", "csv", "arsentd_lev"]


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch, tmp_path):
    """No token or registry from the developer's machine leaks into a test."""
    for name in ("HF_TOKEN", "HF_ENDPOINT", "LICENSETRACE_REGISTRY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))
    monkeypatch.setenv("LICENSETRACE_CACHE", str(tmp_path / "cache"))


def audit(*args: str) -> int:
    return main(["audit", "run", "--quiet", "--depth", "0", *args])


def audit_hub(*args: str) -> int:
    """One request at a time: vcrpy drops interactions recorded from several threads at once."""
    return audit("--concurrency", "1", *args)


def export_csv(registry: str, capsys) -> list[dict]:
    capsys.readouterr()
    assert main(["registry", "export", "--format", "csv", "--registry", registry]) == 0
    out = capsys.readouterr().out
    assert next(csv.reader([out.splitlines()[0]]))[: len(CSV_CONTRACT)] == CSV_CONTRACT
    return list(csv.DictReader(out.splitlines()))


@pytest.mark.vcr
def test_hub_audit_records_every_dataset_and_errors_do_not_stop_the_others(
    hub_endpoint, tmp_path, capsys
):
    db = str(tmp_path / "reg.db")
    refs = REAL_CARDS + [
        "lt-test/does-not-exist",
        "lt-test/gated-card",
        "lt-test/flaky",
        "not a ref!",
        "lt-test/no-readme",
        "lt-test/bad-yaml",
    ]
    code = audit_hub(*refs, "--registry", db, "--endpoint", hub_endpoint, "--format", "json")
    result = json.loads(capsys.readouterr().out)
    assert code == 3 and result["schema_version"] >= 1
    by_name = {r["dataset"]: r for r in result["results"]}
    assert by_name["lt-test/does-not-exist"]["error"].startswith("RepoNotFound")
    assert by_name["lt-test/gated-card"]["error"].startswith("GatedRepo")
    assert by_name["not a ref!"]["error"].startswith("InvalidReference")
    assert by_name["lt-test/no-readme"]["error"].startswith("EntryNotFound")
    assert by_name["lt-test/bad-yaml"]["concluded_license"] == "MIT"  # the text still says it
    assert by_name["lt-test/flaky"]["concluded_license"] == "Apache-2.0"  # 500 then 200: retried
    assert (
        by_name["dyk"]["status"] == "conflict"
        and by_name["kor_qpair"]["concluded_license"] == "MIT"
    )
    rows = {r["dataset"]: r for r in export_csv(db, capsys)}
    assert set(rows) == set(refs)
    assert all(len(rows[n]["revision"]) == 40 for n in REAL_CARDS)
    assert rows["dyk"]["sources"].startswith(f"{hub_endpoint}/datasets/dyk/resolve/")


@pytest.mark.vcr
def test_local_folders_conclude_what_the_hub_concludes(hub_endpoint, tmp_path, capsys):
    hub_db, local_db = str(tmp_path / "hub.db"), str(tmp_path / "local.db")
    assert audit_hub(*REAL_CARDS, "--registry", hub_db, "--endpoint", hub_endpoint) == 0
    assert audit(*[os.path.join(CARDS, n) for n in REAL_CARDS], "--registry", local_db) == 0
    hub = {r["dataset"]: r["concluded_license"] for r in export_csv(hub_db, capsys)}
    local = {r["dataset"]: r["concluded_license"] for r in export_csv(local_db, capsys)}
    # a local folder is keyed "local:" + its absolute path: it never takes a Hub id's key
    keys = {"local:" + os.path.realpath(os.path.join(CARDS, n)): n for n in REAL_CARDS}
    assert {keys[k]: v for k, v in local.items()} == hub and len(hub) == len(REAL_CARDS)


@pytest.mark.vcr
def test_token_reaches_the_hub_but_no_output_registry_or_cassette(
    hub_endpoint, tmp_path, capsys, monkeypatch
):
    monkeypatch.setenv("HF_TOKEN", TEST_TOKEN)
    db = str(tmp_path / "reg.db")
    assert (
        audit_hub("lt-test/private", "kor_qpair", "--registry", db, "--endpoint", hub_endpoint) == 3
    )
    out, err = capsys.readouterr()
    assert "RepoNotFound" in out  # a token was sent: the 404 form of "not found"
    assert TEST_TOKEN not in out + err
    assert TEST_TOKEN.encode() not in Path(db).read_bytes()
    cassette_dir = os.path.join(str(paths.ROOT), "cassettes")
    for name in os.listdir(cassette_dir):
        assert TEST_TOKEN not in Path(cassette_dir, name).read_text(encoding="utf-8"), name


def test_reaudit_keeps_history_and_unchanged_revisions_are_reused(tmp_path, capsys):
    db, card = str(tmp_path / "reg.db"), os.path.join(CARDS, "dyk")
    assert audit(card, "--registry", db) == 0
    assert audit(card, "--registry", db, "--format", "json") == 0
    capsys.readouterr()
    assert audit(card, "--registry", db, "--format", "json") == 0
    assert json.loads(capsys.readouterr().out)["results"][0]["reused"] is True
    assert audit(card, "--registry", db, "--refresh") == 0
    with open_registry(db) as store:
        key = local_key(card)  # a local folder's key: "local:" + its absolute path
        assert len(store.history(key)) == 2 and store.current(key).status == "conflict"
        assert store.current("dyk") is None  # the Hub id "dyk" is another dataset


def test_a_card_naming_no_upstream_is_written_with_its_effective_terms(tmp_path, capsys):
    # The run's last step skips such a dataset: what it would have computed is written at once,
    # and a --refresh that finds no upstream any more clears the edges an earlier audit left.
    db, card = str(tmp_path / "reg.db"), os.path.join(CARDS, "dyk")
    assert audit(card, "--registry", db, "--format", "json") == 0
    result = json.loads(capsys.readouterr().out)["results"][0]
    key = local_key(card)
    with open_registry(db) as store:
        entry = store.current(key)
        assert result["settled"] is True and store.edges(key) == []
        assert result["effective_license"] == entry.effective_license == entry.concluded_license
        assert entry.effective_commercial_use == entry.commercial_use
        assert [r for r in entry.reasons if r.startswith("effective: ")]
        store.save_edges(key, entry.revision, [{"upstream": "squad", "kind": "dataset"}])
    assert audit(card, "--registry", db, "--refresh") == 0
    with open_registry(db) as store:
        assert store.edges(key) == [] and store.current(key).effective_license == (
            entry.effective_license
        )


def _folder(key: str) -> str:
    return key.rsplit("/", 1)[-1]  # "local:/tmp/x/bad-yaml" -> "bad-yaml"


def test_bad_local_cards_become_error_entries_or_warnings(tmp_path, capsys):
    folders = {
        "bad-yaml": b"---\nlicense: [mit\n---\n\n## Licensing Information\n\nMIT License\n",
        "yaml-list": b"---\n- mit\n---\n\n# x\n",
        "yaml-scalar": b"---\njust words\n---\n\n# x\n",
        "latin1": "---\nlicense: cc-by-4.0\n---\n\nDonn\xe9es\n".encode("latin-1"),
        "huge": b"---\nlicense: mit\n---\n" + b"x" * (20 * 1024 * 1024),
    }
    for name, content in folders.items():
        (tmp_path / name).mkdir()
        (tmp_path / name / "README.md").write_bytes(content)
    (tmp_path / "no-readme").mkdir()
    refs = [str(tmp_path / n) for n in [*folders, "no-readme"]]
    db = str(tmp_path / "reg.db")
    assert audit(*refs, "--registry", db, "--format", "json") == 3
    results = {_folder(r["dataset"]): r for r in json.loads(capsys.readouterr().out)["results"]}
    assert results["huge"]["error"].startswith("TooLarge")
    assert results["no-readme"]["error"].startswith("EntryNotFound")
    assert results["latin1"]["concluded_license"] == "CC-BY-4.0"
    assert results["bad-yaml"]["concluded_license"] == "MIT"
    assert {results[n]["status"] for n in ("yaml-list", "yaml-scalar")} == {"unknown"}
    with open_registry(db) as store:
        assert len(list(store.current_entries())) == len(refs)
        reasons = store.current(local_key(str(tmp_path / "bad-yaml"))).reasons
        assert any("YAML" in r or "yaml" in r for r in reasons)


@pytest.mark.parametrize(
    "args, message",
    [
        (["--from", "/nonexistent/refs.txt"], "cannot read --from file"),
        (["--from", "."], "cannot read --from file"),
        ([], "no datasets given"),
        (["x", "--concurrency", "0"], "must be at least 1"),
    ],
)
def test_usage_problems_exit_2_with_one_line(args, message, tmp_path, capsys):
    assert audit(*args, "--registry", str(tmp_path / "r.db")) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


@pytest.mark.parametrize("registry", ["/nonexistent-dir/reg.db", "/proc/version/reg.db"])
def test_unwritable_registry_exits_2(registry, tmp_path, capsys):
    assert audit(os.path.join(CARDS, "dyk"), "--registry", registry) == 2
    err = capsys.readouterr().err
    assert registry in err and len(err.strip().splitlines()) == 1


def test_from_file_takes_one_reference_a_line_with_comments(tmp_path, capsys):
    refs = tmp_path / "refs.txt"
    refs.write_text(
        f"# datasets we train on\n{os.path.join(CARDS, 'kor_qpair')}  # MIT\n\n"
        f"{os.path.join(CARDS, 'onestop_english')}\n"
    )
    assert audit("--from", str(refs), "--registry", str(tmp_path / "r.db"), "--format", "json") == 0
    names = [r["dataset"] for r in json.loads(capsys.readouterr().out)["results"]]
    assert names == [local_key(os.path.join(CARDS, n)) for n in ("kor_qpair", "onestop_english")]


def test_offline_answers_from_the_registry_and_errors_for_the_rest(tmp_path, capsys):
    db = str(tmp_path / "reg.db")
    assert audit(os.path.join(CARDS, "dyk"), "--registry", db) == 0
    capsys.readouterr()
    folder = os.path.join(CARDS, "dyk")
    assert audit(folder, "never/seen", "--offline", "--registry", db, "--format", "json") == 3
    results = {r["dataset"]: r for r in json.loads(capsys.readouterr().out)["results"]}
    dyk = results[local_key(folder)]
    assert dyk["reused"] is True and dyk["concluded_license"] == "CC-BY-SA-3.0"
    assert results["never/seen"]["error"].startswith("NotInRegistry")
