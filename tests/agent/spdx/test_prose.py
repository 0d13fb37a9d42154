"""License names in free text: real card snippets and adversarial wording (negation, scope, citations)."""

import pytest

from agent.spdx.prose import read

REAL = [  # (snippet from a corpus card's licensing section, expression)
    (
        "The dataset is distributed under the [CC BY-SA 4.0](http://creativecommons.org/licenses/by-sa/4.0/legalcode) "
        "license.",
        "CC-BY-SA-4.0",
    ),
    (
        "The data is under the [Creative Commons Attribution 2.5 South Africa License]"
        "(http://creativecommons.org/licenses/by/2.5/za/legalcode)",
        "LicenseRef-CC-BY-2.5-ZA",
    ),
    ("cc-by-nc-4.0", "CC-BY-NC-4.0"),
    (
        "The data is under the [Creative Commons CC0 1.0 Universal Public Domain Dedication]"
        "(https://creativecommons.org/publicdomain/zero/1.0/)",
        "CC0-1.0",
    ),
    (
        "The books are licensed under the [CC Public Domain Mark 1.0](https://creativecommons.org/publicdomain/mark/1.0/)"
        " license.",
        "CC-PDM-1.0",
    ),
    (
        "This dataset was released under the Creative Commons Attribution-NonCommercial-ShareAlike (CC BY-NC-SA) license.",
        "LicenseRef-CC-BY-NC-SA-unversioned",
    ),
    ("The licensing status of the data is CC 4.0 Non-Commercial", "CC-BY-NC-4.0"),
    (
        "[Creative Commons 4.0 BY-SA](https://creativecommons.org/licenses/by-sa/4.0/)",
        "CC-BY-SA-4.0",
    ),
    (
        "The SBIC is licensed under the [Creative Commons 4.0 License](https://creativecommons.org/licenses/by/4.0/)",
        "CC-BY-4.0",
    ),
    (
        "ConceptNet 5 is freely available under\nthe Creative Commons Attribution-ShareAlike license (CC BY SA 3.0) from\n"
        "http://conceptnet.io.\n\nCredits: The MIT Media Lab, through various groups",
        "CC-BY-SA-3.0",
    ),
    (
        "BIOSSES is made available under the terms of [The GNU Common Public License v.3.0]"
        "(https://www.gnu.org/licenses/gpl-3.0.en.html).",
        "GPL-3.0-only",
    ),
    ("GNU AGPLv3+\n\nThis is free software", "AGPL-3.0-or-later"),
    ("GNU GPL v.3", "GPL-3.0-only"),
    (
        "[GNU General Public License, version 2 (GPLv2)](https://opensource.org/licenses/GPL-2.0).",
        "GPL-2.0-only",
    ),
    ('BSD "Revised" license (see (https://help.launchpad.net/Legal))', "BSD-3-Clause"),
    ("ODC Open Database License v1.0", "ODbL-1.0"),
    (
        "AllenAI are releasing this dataset under the terms of ODC-BY. By using this, you are also bound by the Common "
        "Crawl terms of use in respect of the content contained in the dataset.",
        "ODC-By-1.0",
    ),
    ("Computational Use of Data Agreement (C-UDA) License.", "C-UDA-1.0"),
    (
        "The [Unicode license](https://www.unicode.org/license.txt) applies to these translations.",
        "Unicode-DFS-2016",
    ),
    ("GermaNER is licensed under ASL 2.0 and other lenient licenses", "Apache-2.0"),
    ("MIT Licence", "MIT"),
    (
        "NewsQA Code \nCopyright (c) Microsoft Corporation\nAll rights reserved.\nMIT License\nPermission is hereby "
        "granted, free of charge, to any person obtaining a copy of this software",
        "MIT",
    ),
    (
        "Public Domain, Creative Commons Attribution 4.0 International Public License "
        "([CC-BY-4.0](https://creativecommons.org/licenses/by/4.0/legalcode))",
        "CC-BY-4.0",
    ),
    (
        'The "Toxic Comment Classification" dataset is released under [CC0], with the underlying comment text being '
        "governed by Wikipedia's [CC-SA-3.0].",
        "CC0-1.0 AND CC-BY-SA-3.0",
    ),
    (
        "The dataset uses the `cc-by-nc-sa-4.0` license. The source DBpedia project uses the `cc-by-sa-3.0` and "
        "`gfdl-1.1`\nlicenses.",
        "CC-BY-NC-SA-4.0",
    ),
    (
        "The dataset is not licensed by itself, but the source Wikipedia data is under a `cc-by-sa-3.0` license.",
        "CC-BY-SA-3.0",
    ),
    (
        "The dataset, which contains paragraphs from Wikipedia, is licensed under CC-BY-SA 4.0. The code in this "
        "repository is licensed according the [LICENSE file](https://raw.githubusercontent.com/x/y/main/LICENSE).",
        "CC-BY-SA-4.0",
    ),
    (
        "The ELECTRA model is licensed under [Apache 2.0](https://github.com/google-research/electra/blob/master/LICENSE)."
        " Our model is released under a MIT license.",
        None,
    ),
]


@pytest.mark.parametrize("text,expected", REAL)
def test_real_snippets(text, expected):
    assert read(text).expression == expected


def test_negation_is_not_evidence():
    r = read("This corpus is not licensed under the GPL.")
    assert r.expression is None and r.dropped[0].negated and "negated" in r.note
    assert read("It isn't MIT licensed; it is released under CC BY 4.0.").expression == "CC-BY-4.0"
    assert read("The corpus has never been released under the GPL.").expression is None
    # a restriction near the name is not a negation of it
    assert (
        read("Commercial use is not permitted under the CC BY-NC 4.0 license.").expression
        == "CC-BY-NC-4.0"
    )
    assert (
        read(
            "You may not redistribute the data, which is licensed under CC BY-NC-ND 4.0."
        ).expression
        == "CC-BY-NC-ND-4.0"
    )


def test_scope_code_versus_data():
    r = read("The code is MIT, the data is CC BY-NC 4.0")
    assert r.expression == "CC-BY-NC-4.0" and "code" in r.note
    assert read("CC BY-SA 4.0 (see LICENSE for code, MIT)").expression == "CC-BY-SA-4.0"


def test_scope_upstream_gives_way_to_the_dataset_own_license():
    assert (
        read(
            "The original corpus is CC BY 4.0; our annotations are released under the MIT License."
        ).expression
        == "MIT"
    )
    assert (
        read(
            "This open source dataset is licensed under MIT; see also CC0 for the labels."
        ).expression
        == "MIT AND CC0-1.0"
    )


def test_license_inside_a_citation_block_is_not_evidence():
    text = "Please cite:\n@inproceedings{x,\n  title={A GPL-3.0 corpus under CC BY-NC 4.0},\n  year={2020}\n}\n"
    assert read(text).expression is None
    assert read(text + "\nThe data is released under the MIT License.").expression == "MIT"


def test_link_to_by_sa_under_a_by_nc_title_keeps_the_written_name_and_says_so():
    r = read("[CC BY-NC 4.0](https://creativecommons.org/licenses/by-sa/4.0/)")
    assert r.expression == "CC-BY-NC-4.0"
    assert "link points to CC-BY-SA-4.0" in r.note and r.strength <= 0.5


def test_a_choice_is_or_and_parts_are_and():
    r = read(
        "Most text is co-licensed under the [Creative Commons Attribution-ShareAlike 3.0 Unported License](x) "
        "and the GNU Free Documentation License (unversioned, with no invariant sections)."
    )
    assert r.expression == "CC-BY-SA-3.0 OR GFDL-1.1-no-invariants-or-later"
    assert read("Images are CC BY 4.0; the captions are CC0.").expression == "CC-BY-4.0 AND CC0-1.0"
    assert read("Copyright (c) 2020 Acme. Licensed under MIT.").expression == "MIT"


def test_words_that_only_look_like_licenses():
    for text in (
        "The MIT Media Lab built it.",
        "Copyright (c) 2019 MIT.",
        "Apache Spark was used.",
        "Nokia phones recorded the audio.",
        "Visit www.example.com/cc-by for more.",
    ):
        assert read(text).expression is None, text


def test_a_remembered_reading_is_a_fresh_one_each_call():
    from agent.spdx import prose

    text = "The data is released under CC BY 4.0; the code is MIT."
    first = prose.read(text)
    assert first.mentions and first.dropped
    first.mentions.clear()  # a caller's change to its reading ...
    first.dropped.clear()
    assert prose.read(text) == prose._remembered_reading.__wrapped__(text)  # ... is not remembered
