"""What a repository's statements cover (data / code / repository-wide) and how the conclusion uses them."""

from __future__ import annotations

import pytest

from agent.conclude import conclude
from agent.extract import extract_evidence
from agent.extract.repo.holds import holds_data
from agent.extract.repo.statements import (
    badge_statements,
    file_pointers,
    role_of_text,
    split_by_role,
)
from agent.mapping import map_evidence
from agent.models import Card
from agent.spdx.fulltext.modified import modifications
from agent.spdx.licenses import text


def run(readme: str, files: dict | None = None, source: str = "github"):
    card = Card("d", source, "README.md", readme=readme, files=files or {})
    return conclude(card, map_evidence(extract_evidence(card)))


@pytest.mark.parametrize(
    "words, role",
    [
        ("Data License: CC BY NC 4.0", "data"),
        ("The dataset is released under CC BY 4.0", "data"),
        ("All non-code materials are CC BY 4.0", "data"),
        ("Code License: Apache 2.0", "code"),
        ("The source code is MIT", "code"),
        ("Weight Diff License: CC BY NC 4.0", "code"),
        ("Licensed under MIT", None),
        ("trained on language models, MIT", None),
    ],
)
def test_role_of_text(words, role):
    assert role_of_text(words) == role


def test_badges_with_escaped_dashes_and_spaces():
    line = "[![License](https://img.shields.io/badge/License-CC%20BY--SA%204.0-lightgrey.svg)](x)"
    assert badge_statements(line) == [(0, "License: CC BY-SA 4.0")]
    assert (
        badge_statements("[![build](https://img.shields.io/badge/build-passing-green.svg)]") == []
    )


def test_a_sentence_giving_code_and_data_different_terms_is_cut_in_two():
    pieces = split_by_role(
        "The code is released under MIT, while the data is licensed under CC BY-SA 4.0."
    )
    assert [role for role, _, _ in pieces] == ["code", "data"]


def test_pointers_name_files_not_the_word_license():
    assert file_pointers("See the LICENSE file.", ["LICENSE"]) == ["LICENSE"]
    assert file_pointers("[here](./DATA_LICENSE)", ["DATA_LICENSE"]) == ["DATA_LICENSE"]
    assert file_pointers("in line with the LLaMA license", ["LICENSE"]) == []


@pytest.mark.parametrize(
    "readme, listing, held",
    [
        ("Download from https://drive.google.com/x", None, False),
        ("Get it at https://huggingface.co/datasets/o/x", None, False),
        # a sample file named beside a hosted download: the data itself is elsewhere
        ("Download from https://drive.google.com/x; samples in data/dev.json", None, False),
        ("Available upon request.", ["train.jsonl"], True),
        ("A corpus.", None, True),
        ("The splits are data/train.json and data/dev.json.", None, True),
        (
            "This repository contains the data and models of our paper. Mirror: "
            "https://huggingface.co/datasets/o/x",
            None,
            True,
        ),
        (
            "This repository contains the code for our paper. https://huggingface.co/datasets/o/x",
            None,
            False,
        ),
        (
            "This repo contains all code for evaluation. Please download the dataset from the page.",
            None,
            False,
        ),
        ("The corpus can be found in the `release` directory.", None, True),
        ("[Download](https://storage.example.org/x/train.jsonl.gz)", None, False),
        (
            "```\npython prep.py --out data/train.jsonl\n```\nGet it at https://drive.google.com/x",
            None,
            False,
        ),
        ("It is on https://example.org/data/train.jsonl.gz and in data/train.jsonl", None, False),
        (
            "Please create an issue in this repository. Download: https://drive.google.com/x",
            None,
            False,
        ),
        ("This project has been deprecated, see https://github.com/o/new.", None, False),
        ("This project has been deprecated, see https://github.com/o/new.", ["data"], True),
        (
            "The v1 format is deprecated; the splits are data/train.json and data/dev.json.",
            None,
            True,
        ),
        ("The data is in data/; a copy is on https://huggingface.co/datasets/o/x", None, True),
        (
            "This repo provides data loaders for the benchmark. https://huggingface.co/datasets/o/x",
            None,
            False,
        ),
        (
            "This repository contains dataset preprocessing scripts. https://drive.google.com/x",
            None,
            False,
        ),
        (
            "This repository contains information about the task, code for evaluating results on the "
            "dataset. Download: https://storage.example.org/t/train.jsonl.gz",
            None,
            False,
        ),
    ],
)
def test_holds_data(readme, listing, held):
    assert holds_data(Card("d", "github", "x", readme=readme, listing=listing))[0] is held


def test_repository_wide_license_is_unverified_with_lower_confidence():
    result = run("# D\nThe data: data/train.jsonl\n", {"LICENSE": text("MIT")})
    assert (result.concluded_license, result.status) == (
        "MIT",
        "unverified",
    ) and result.confidence <= 0.72
    assert any("only a repository-wide license" in r for r in result.reasons)


def test_hub_cards_are_not_read_as_repositories():
    result = run(
        "---\nlicense: mit\n---\n# D\nThe code is Apache-2.0.\n",
        {"LICENSE": text("MIT")},
        source="local",
    )
    assert result.concluded_license == "MIT" and result.status == "verified"


def test_standard_texts_are_not_modified_and_changed_ones_are():
    mit = text("MIT")
    assert modifications("Copyright (c) 2024 Someone\n\n" + mit, "MIT") is None
    assert modifications(
        mit + "\n\nThe data may be used for research purposes only.", "MIT"
    ).startswith("adds")
    apache = text("Apache-2.0")
    cut = (
        apache[: apache.index("3. Grant of Patent License")]
        + apache[apache.index("4. Redistribution") :]
    )
    assert modifications(cut, "Apache-2.0").startswith("removes")


def test_hostile_readme_with_thousands_of_badges_stays_bounded():
    badge = (
        "[![Data License](https://img.shields.io/badge/Data%20License-CC%20BY%204.0-red.svg)](x)\n"
    )
    result = run("# D\n" + badge * 5000)
    assert result.concluded_license == "CC-BY-4.0"


@pytest.mark.parametrize(
    "words",
    [
        "Please see the license file for details.",
        "Please contact us for the license.",
        "Please see the LICENSE.md",
    ],
)
def test_filler_words_never_become_a_license_name(words):
    assert run(f"# D\n## License\n{words}\n").concluded_license == "NOASSERTION"
    assert run(f"# D\n## License\n{words}\n", {"LICENSE": text("MIT")}).concluded_license == "MIT"


def test_readme_and_license_file_that_disagree_are_not_verified():
    result = run("# D\n## License\nThe Acme Research License applies.\n", {"LICENSE": text("MIT")})
    assert (result.concluded_license, result.status) == (
        "LicenseRef-Acme-Research-License",
        "unverified",
    )
    assert any("the license file says MIT" in r for r in result.reasons)


def test_a_license_file_with_the_code_badge_license_is_the_code_license():
    badge = "[![Code License](https://img.shields.io/badge/Code%20License-Apache_2.0-green.svg)](LICENSE)\n"
    result = run("# D\n" + badge + "Data: data/train.jsonl\n", {"LICENSE": text("Apache-2.0")})
    assert (result.concluded_license, result.status) == ("NOASSERTION", "unknown")
    assert any("code license kept as evidence" in r and "Apache-2.0" in r for r in result.reasons)


def test_license_texts_are_not_cut_by_role_but_short_notes_are():
    from agent.extract.repo.read import with_roles

    def files(text: str) -> list[tuple[str | None, str]]:
        card = Card("d", "github", "README.md", readme="# D\n", files={"LICENSE": text})
        return [(e.role, e.snippet[:20]) for e in with_roles(card, extract_evidence(card))]

    assert [r for r, _ in files(text("MIT"))] == ["repository-wide"]
    assert [r for r, _ in files(text("Apache-2.0"))] == ["repository-wide"]
    note = "The code is subject to the MIT licence.\n\nThe data is licensed under CC BY 4.0.\n"
    assert [r for r, _ in files(note)] == ["code", "data"]


def test_a_license_notes_code_piece_is_named_with_its_file():
    note = (
        "The scripts in this repository are subject to the MIT licence.\n\n"
        "The data in the corpus is under the licences of the projects it was taken from, "
        "for research only.\n"
    )
    result = run("# D\n\nPairs in data/pairs.jsonl.\n", {"LICENSE": note})
    assert (result.concluded_license, result.commercial_use) == ("LicenseRef-research-only", "no")
    assert any("not concluded for the data: MIT (file:LICENSE)" in r for r in result.reasons)
