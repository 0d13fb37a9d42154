"""Local cards: README.md and LICENSE files from disk, with the same limits as the Hub source."""

from __future__ import annotations

import os
import shutil

import pytest

from agent.errors import DatasetError
from agent.refs import parse_ref
from agent.sources.local import fetch_local
from tests.support import paths

CARDS = os.path.join(paths.FIXTURES, "cards")


def test_real_card_folder(tmp_path):
    folder = tmp_path / "dyk"
    shutil.copytree(os.path.join(CARDS, "dyk"), folder)
    (folder / "LICENSE.txt").write_text("Creative Commons Attribution-ShareAlike 3.0\n")
    (folder / "notes.txt").write_text("not a license file\n")
    card = fetch_local(parse_ref(str(folder)))
    assert card.source == "local" and card.revision is None
    assert card.dataset == "local:" + os.path.realpath(folder)  # never the bare folder name
    assert card.readme.startswith("---") and "bsd-3-clause" in card.readme
    assert card.card_data is None  # the engine parses the header itself
    assert card.files == {"LICENSE.txt": "Creative Commons Attribution-ShareAlike 3.0\n"}
    assert card.location == str(folder / "README.md") and card.warnings == []


def test_readme_path_reference(tmp_path):
    (tmp_path / "README.md").write_text("# No header\n")
    (tmp_path / "COPYING").write_text("GPL\n")
    card = fetch_local(parse_ref(str(tmp_path / "README.md")))
    assert card.readme == "# No header\n" and list(card.files) == ["COPYING"]


def test_folder_without_readme_is_entry_not_found(tmp_path):
    (tmp_path / "data").mkdir()
    ref = parse_ref(str(tmp_path / "data"))
    with pytest.raises(DatasetError) as caught:
        fetch_local(ref)
    assert caught.value.code == "EntryNotFound"


def test_twenty_megabyte_readme_is_too_large(tmp_path):
    readme = tmp_path / "README.md"
    with open(readme, "wb") as handle:
        handle.write(b"---\nlicense: mit\n---\n")
        handle.write(b"x" * (20 * 1024 * 1024))
    with pytest.raises(DatasetError) as caught:
        fetch_local(parse_ref(str(tmp_path)), max_card_bytes=10_000_000)
    assert caught.value.code == "TooLarge" and "10,000,000" in caught.value.message


def test_non_utf8_bytes_are_replaced_with_a_warning(tmp_path):
    (tmp_path / "README.md").write_bytes(b"---\nlicense: cc-by-4.0\n---\nDonn\xe9es\n")
    card = fetch_local(parse_ref(str(tmp_path)))
    assert "Donn\ufffdes" in card.readme and any("not valid UTF-8" in w for w in card.warnings)


def test_utf8_byte_order_mark_is_dropped(tmp_path):
    (tmp_path / "README.md").write_bytes(b"\xef\xbb\xbf---\nlicense: mit\n---\n")
    assert fetch_local(parse_ref(str(tmp_path))).readme.startswith("---\nlicense: mit")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unreadable_readme(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("# x\n")
    readme.chmod(0)
    with pytest.raises(DatasetError) as caught:
        fetch_local(parse_ref(str(tmp_path)))
    assert caught.value.code == "Unreadable"


def test_readme_that_is_a_folder_is_unreadable(tmp_path):
    (tmp_path / "README.md").mkdir()
    with pytest.raises(DatasetError) as caught:
        fetch_local(parse_ref(str(tmp_path)))
    assert caught.value.code == "Unreadable" and "not a regular file" in caught.value.message


def test_too_large_license_file_is_a_warning(tmp_path):
    (tmp_path / "README.md").write_text("# x\n")
    (tmp_path / "LICENSE").write_bytes(b"y" * 2000)
    card = fetch_local(parse_ref(str(tmp_path)), max_card_bytes=1000)
    assert card.files == {} and any(w.startswith("LICENSE not read") for w in card.warnings)
