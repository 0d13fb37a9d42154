"""One table of README/license-file names, shared by local folders, GitHub and the Hub."""

from __future__ import annotations

import os

import pytest

from agent.errors import DatasetError
from agent.refs import parse_ref
from agent.sources.local import fetch_local
from agent.spdx.license_files import is_license_file, is_readme, license_order, role_of_file


@pytest.mark.parametrize(
    "name", ["README.md", "readme.md", "README.MD", "README.rst", "README.txt", "README"]
)
def test_readme_of_any_case_and_extension(name):
    assert is_readme(name)


@pytest.mark.parametrize(
    "path, role",
    [
        ("LICENSE", None),
        ("LICENCE.md", None),
        ("COPYING", None),
        ("COPYING.LESSER", None),
        ("DATA_LICENSE", "data"),
        ("LICENSE-DATA.md", "data"),
        ("DATA-LICENSE.txt", "data"),
        ("CODE_LICENSE", "code"),
        ("MODEL_LICENSE", "code"),
        ("data/LICENSE", "data"),
        ("dataset/LICENSE.txt", "data"),
        ("LICENSES/CC-BY-4.0.txt", None),
    ],
)
def test_license_files_and_what_their_names_cover(path, role):
    assert is_license_file(path) and role_of_file(path) == role


@pytest.mark.parametrize(
    "path", ["src/LICENSE", "LICENSE.py", "notes.txt", "licenses.json", "a/b/LICENSE"]
)
def test_not_license_files(path):
    assert not is_license_file(path)


def test_order_puts_top_level_data_licenses_first():
    assert license_order(["data/LICENSE", "LICENSE", "DATA_LICENSE", "README.md"]) == [
        "DATA_LICENSE",
        "LICENSE",
        "data/LICENSE",
    ]


def test_local_folder_finds_readme_of_any_case_and_data_and_reuse_licenses(tmp_path):
    (tmp_path / "readme.MD").write_text("# Corpus\n")
    (tmp_path / "DATA_LICENSE").write_text("CC BY 4.0\n")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "LICENSE").write_text("CC BY-NC 4.0\n")
    (tmp_path / "LICENSES").mkdir()
    (tmp_path / "LICENSES" / "MIT.txt").write_text("MIT\n")
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "LICENSE").write_text("not read\n")
    card = fetch_local(parse_ref(str(tmp_path)))
    assert card.readme == "# Corpus\n" and card.location.endswith("readme.MD")
    assert sorted(card.files) == ["DATA_LICENSE", "LICENSES/MIT.txt", "data/LICENSE"]


def test_a_license_link_out_of_the_folder_is_not_followed(tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("do not read\n")
    folder = tmp_path / "repo"
    folder.mkdir()
    (folder / "README.md").write_text("# x\n")
    os.symlink(outside, folder / "LICENSE")
    card = fetch_local(parse_ref(str(folder)))
    assert card.files == {} and any("links outside the dataset folder" in w for w in card.warnings)


def test_folder_without_any_readme(tmp_path):
    (tmp_path / "LICENSE").write_text("MIT\n")
    with pytest.raises(DatasetError) as caught:
        fetch_local(parse_ref(str(tmp_path)))
    assert caught.value.code == "EntryNotFound"
