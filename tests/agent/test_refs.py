"""References users type: one home for Hub ids, Hub URLs, hf:// paths and local-folder keys."""

from __future__ import annotations

import os

import pytest

from agent.errors import DatasetError
from agent.refs import is_repo_id, local_key, near_keys, parse_ref, reference_keys


@pytest.mark.parametrize(
    "text, repo, revision",
    [
        ("squad", "squad", None),
        ("hf:org/name@v1", "org/name", "v1"),
        ("datasets/org/name", "org/name", None),
        ("https://huggingface.co/datasets/org/name/tree/main", "org/name", "main"),
        ("https://hf.co/datasets/org/name", "org/name", None),
        ("https://huggingface.co/datasets/squad/viewer", "squad", None),
        (
            "https://huggingface.co/datasets/org/x/blob/refs%2Fconvert%2Fparquet/a.json",
            "org/x",
            "refs/convert/parquet",
        ),
        ("hf://datasets/squad/train.parquet", "squad", None),
        ("hf://datasets/org/name@v2/data/x.json", "org/name", "v2"),
    ],
)
def test_hub_references(text, repo, revision):
    ref = parse_ref(text)
    assert (ref.kind, ref.name, ref.repo_id, ref.revision) == ("hub", repo, repo, revision)


@pytest.mark.parametrize(
    "text",
    [
        "https://example.com/datasets/org/name",
        "not a ref!",
        "org--x/y",
        "https://huggingface.co/models/org/name",
        "",
    ],
)
def test_not_hub_references(text):
    with pytest.raises(DatasetError):
        parse_ref(text)


def test_the_endpoint_host_is_a_hub_host(monkeypatch):
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:18765")
    assert parse_ref("http://127.0.0.1:18765/datasets/org/x").repo_id == "org/x"


def test_local_folders_are_keyed_by_their_absolute_path(tmp_path, monkeypatch):
    for folder in ("a/glue", "b/glue"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "README.md").write_text("# x\n")
    monkeypatch.chdir(tmp_path)
    first, second = parse_ref("./a/glue"), parse_ref(str(tmp_path / "b" / "glue" / "README.md"))
    assert first.kind == second.kind == "local"
    assert first.name == "local:" + os.path.realpath(tmp_path / "a" / "glue")
    assert second.name == local_key(str(tmp_path / "b" / "glue")) != first.name
    assert not is_repo_id(first.name)  # no Hub id can take a local key
    os.symlink(tmp_path / "a" / "glue", tmp_path / "link")
    assert parse_ref("./link").name == first.name  # one folder, one key
    assert parse_ref("local:a/glue").name == first.name


def test_a_hub_spelled_reference_is_the_hub_dataset_even_when_a_folder_has_that_name(
    tmp_path, monkeypatch
):
    (tmp_path / "lt-org" / "nc-data").mkdir(parents=True)
    (tmp_path / "lt-org" / "nc-data" / "README.md").write_text("---\nlicense: mit\n---\n")
    monkeypatch.chdir(tmp_path)
    assert parse_ref("lt-org/nc-data").kind == "hub"
    assert parse_ref("./lt-org/nc-data").kind == "local"
    # registry show accepts either reading, the Hub one first
    assert reference_keys("lt-org/nc-data") == [
        "lt-org/nc-data",
        local_key(str(tmp_path / "lt-org" / "nc-data")),
    ]


def test_reference_keys_cover_every_form_of_one_dataset():
    for text in (
        "org/x",
        "hf:org/x",
        "hf:org/x@v1",
        "https://hf.co/datasets/org/x/tree/v1",
        "hf://datasets/org/x/train.parquet",
    ):
        assert reference_keys(text)[0] == "org/x", text
    assert reference_keys("old-local-name")[-1] == "old-local-name"  # keys of older registries


def test_near_keys_by_spelling_or_by_last_part():
    keys = ["squad", "lt-org/nc-data", "local:/home/me/cards/dyk", "glue"]
    assert near_keys("dyk", keys) == ["local:/home/me/cards/dyk"]
    assert near_keys("lt-org/nc-dta", keys) == ["lt-org/nc-data"]
    assert near_keys("zzzzzz", keys) == []
    # a registry written before local: keys holds the bare folder name: a path still finds it
    assert near_keys("./cards/kor_qpair", ["kor_qpair", "squad"]) == ["kor_qpair"]
