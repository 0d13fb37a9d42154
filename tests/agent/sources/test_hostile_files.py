"""Local dataset folders are untrusted: links out of the folder and non-regular files are never read."""

from __future__ import annotations

import os
import shutil
import threading

import pytest

from agent.errors import DatasetError
from agent.refs import parse_ref
from agent.sources.local import fetch_local
from tests.support import paths

FIXTURE = os.path.join(paths.FIXTURES, "hostile", "linked_license")
SECRET = "root:$6$very-secret-hash:19000:0:99999:7:::"


@pytest.fixture
def folder(tmp_path):
    """A copy of the fixture card, beside a secret file outside its folder."""
    (tmp_path / "secret").write_text(SECRET)
    shutil.copytree(FIXTURE, tmp_path / "card")
    return tmp_path / "card"


def _fetch(folder):
    return fetch_local(parse_ref(str(folder)))


@pytest.mark.parametrize("target", ["absolute", "relative"])
def test_license_linking_outside_the_folder_is_not_read(folder, target):
    secret = folder.parent / "secret"
    os.symlink(secret if target == "absolute" else os.path.join("..", "secret"), folder / "LICENSE")
    card = _fetch(folder)
    assert card.files == {}
    assert any(
        w.startswith("LICENSE not read") and "outside the dataset folder" in w
        for w in card.warnings
    )
    assert SECRET not in repr(card)


@pytest.mark.skipif(not os.path.exists("/proc/self/environ"), reason="no /proc")
def test_license_linking_to_proc_is_not_read(folder):
    os.symlink("/proc/self/environ", folder / "LICENSE.txt")
    card = _fetch(folder)
    assert card.files == {} and any("outside the dataset folder" in w for w in card.warnings)


def test_a_link_inside_the_folder_is_followed(folder):
    (folder / "docs").mkdir()
    (folder / "docs" / "terms.txt").write_text("MIT License\n")
    os.symlink(os.path.join("docs", "terms.txt"), folder / "LICENSE")
    assert _fetch(folder).files == {"LICENSE": "MIT License\n"}


def test_readme_linking_outside_the_folder_is_an_unreadable_error(folder):
    (folder / "README.md").unlink()
    os.symlink(folder.parent / "secret", folder / "README.md")
    with pytest.raises(DatasetError) as caught:
        _fetch(folder)
    assert (
        caught.value.code == "Unreadable" and "outside the dataset folder" in caught.value.message
    )


def _finishes(func, seconds=10.0):
    """Run func in a thread; a FIFO opened for reading would block it forever."""
    done = threading.Event()
    result = {}

    def run():
        try:
            result["value"] = func()
        except DatasetError as exc:
            result["error"] = exc
        done.set()

    threading.Thread(target=run, daemon=True).start()
    assert done.wait(seconds), "reading the folder blocked"
    return result


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifos_are_refused_without_blocking(folder):
    os.mkfifo(folder / "LICENSE")
    card = _finishes(lambda: _fetch(folder))["value"]
    assert card.files == {} and any(w.startswith("LICENSE not read") for w in card.warnings)
    (folder / "README.md").unlink()
    os.mkfifo(folder / "README.md")
    error = _finishes(lambda: _fetch(folder))["error"]
    assert error.code == "Unreadable" and "not a regular file" in error.message


def test_a_link_to_a_device_inside_is_still_not_a_regular_file(folder):
    os.symlink("/dev/zero", folder / "COPYING")
    card = _fetch(folder)
    assert card.files == {} and any(w.startswith("COPYING not read") for w in card.warnings)
