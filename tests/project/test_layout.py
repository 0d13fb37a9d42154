"""Tests are laid out like the code, and find the checkout through tests/support/paths.py."""

from __future__ import annotations

import re

from tests.support import paths

# a test module locating files from its own place breaks when tests move: use tests.support.paths
_OWN_PLACE = re.compile(r"dirname\(\s*(?:os\.path\.abspath\()?__file__|Path\(__file__\)")


def test_no_test_module_finds_files_from_its_own_place():
    offenders = [
        str(p.relative_to(paths.ROOT))
        for p in paths.TESTS.rglob("test_*.py")
        if _OWN_PLACE.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_test_modules_sit_in_folders_named_like_the_code():
    top = {p.parent.relative_to(paths.TESTS).parts[0] for p in paths.TESTS.rglob("test_*.py")}
    assert top <= {"agent", "registry", "project"}, top
    stray = [p.name for p in paths.TESTS.glob("test_*.py")]
    assert stray == []
