"""Full-text and notice matching on the real SPDX texts, as written and as people reformat them."""

import random
import re
import statistics
import time

import pytest

from agent.spdx import fulltext, licenses

CLOSE_FAMILIES = [
    "CC-BY-4.0",
    "CC-BY-SA-4.0",
    "CC-BY-NC-4.0",
    "CC-BY-ND-4.0",
    "CC-BY-NC-SA-4.0",
    "CC-BY-NC-ND-4.0",
    "CC-BY-3.0",
    "CC-BY-SA-3.0",
    "CC-BY-NC-SA-3.0",
    "CC-BY-2.0",
    "CC-BY-2.5",
    "CC0-1.0",
    "MIT",
    "MIT-0",
    "X11",
    "ISC",
    "0BSD",
    "BSD-2-Clause",
    "BSD-3-Clause",
    "BSD-3-Clause-Clear",
    "Apache-2.0",
    "GPL-2.0-only",
    "GPL-3.0-only",
    "LGPL-2.1-only",
    "LGPL-3.0-only",
    "AGPL-3.0-only",
    "ODbL-1.0",
    "ODC-By-1.0",
    "PDDL-1.0",
    "C-UDA-1.0",
    "O-UDA-1.0",
    "CDLA-Permissive-2.0",
    "CDLA-Sharing-1.0",
    "MPL-2.0",
    "EPL-2.0",
    "Unlicense",
    "GFDL-1.3-only",
    "BSL-1.0",
    "Zlib",
]


def rewrap(text: str, seed: int) -> str:
    """Same words, new line breaks every 6-14 words (what editors and converters do)."""
    rng = random.Random(seed)
    words, lines, line = text.split(), [], []
    for word in words:
        line.append(word)
        if len(line) >= rng.randint(6, 14):
            lines.append(" ".join(line))
            line = []
    return "\n".join(lines + [" ".join(line)])


def markdownify(text: str) -> str:
    """A LICENSE.md: heading, bold first lines of paragraphs, bullets, a link, typographic quotes."""
    paras = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    out = ["# License", ""]
    for i, para in enumerate(paras):
        para = para.replace('"', "\u201c", 1)
        out.append(f"**{para}**" if i % 5 == 0 else f"- {para}" if i % 3 == 0 else para)
        out.append("")
    out.append("See [the license page](https://example.org/license).")
    return "\n".join(out)


def with_copyright(text: str) -> str:
    return (
        "Copyright (c) 2021-2024 Example Research Lab <lab@example.org>\nAll rights reserved.\n\n"
        + text
    )


@pytest.mark.parametrize("lid", CLOSE_FAMILIES)
def test_real_texts_and_perturbed_copies_match(lid):
    original = licenses.text(lid)
    for variant in (
        original,
        rewrap(original, 7),
        markdownify(original),
        with_copyright(rewrap(original, 3)),
    ):
        top = fulltext.match_text(variant)[0]
        assert (top.id, top.confident) == (lid, True), (lid, fulltext.match_text(variant)[:3])


def test_every_bundled_text_matches_itself():
    misses = []
    for lid, text in licenses.texts().items():
        top = fulltext.match_text(text, limit=1)[0]
        if not top.confident or (top.id != lid and lid not in fulltext.same_text_ids(top.id)):
            misses.append((lid, top))
    assert not misses, misses[:10]


def test_identical_texts_report_the_only_variant():
    assert fulltext.match_text(licenses.text("GPL-2.0-or-later"))[0].id == "GPL-2.0-only"
    assert "GPL-2.0-or-later" in fulltext.same_text_ids("GPL-2.0-only")


def test_close_cc_licenses_are_told_apart_with_their_runners_up_listed():
    found = fulltext.match_text(licenses.text("CC-BY-SA-4.0"))
    assert found[0].id == "CC-BY-SA-4.0" and found[0].confident
    assert {c.id for c in found[1:]} & {"CC-BY-4.0", "CC-BY-NC-SA-4.0"}  # closest ones reported
    assert all(c.score < found[0].score for c in found[1:])


def test_apache_without_appendix_and_mit_inside_a_readme():
    apache = licenses.text("Apache-2.0")
    body = apache[: apache.index("END OF TERMS AND CONDITIONS")]
    assert fulltext.best_match(body).id == "Apache-2.0"
    readme = (
        "## Dataset card\n\nSome description of the data, its fields and splits.\n\n"
        "## License\n\n" + licenses.text("MIT") + "\n\n## Citation\n\n@article{x, title={Y}}"
    )
    top = fulltext.match_text(readme)[0]
    assert top.id == "MIT" and top.coverage > 0.95


def test_gpl_versions_differ():
    for lid in ("GPL-2.0-only", "GPL-3.0-only", "LGPL-2.1-only", "AGPL-3.0-only"):
        assert fulltext.best_match(rewrap(licenses.text(lid), 1)).id == lid


@pytest.mark.parametrize(
    "text",
    [
        "This dataset contains tweets annotated for sentiment by three annotators.",
        "Please cite our paper if you use this dataset. Contact the authors for questions.",
        "THE SOFTWARE IS PROVIDED AS IS, WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED",
        "Licensed under CC BY 4.0",
        "",
        "MIT",
    ],
)
def test_short_or_unrelated_text_is_no_confident_match(text):
    assert fulltext.best_match(text) is None
    assert not any(c.confident for c in fulltext.match_text(text))


def test_a_partial_license_is_not_confident():
    half = licenses.text("CC-BY-4.0")[:1500]
    assert fulltext.best_match(half) is None
    assert fulltext.match_text(half)[0].id.startswith("CC-BY")  # still the closest candidates


APACHE_HEADER = (
    'Licensed under the Apache License, Version 2.0 (the "License"); you may not use this '
    "file except in compliance with the License. You may obtain a copy of the License at\n"
    "    http://www.apache.org/licenses/LICENSE-2.0\n"
)
GPL2_ONLY = (
    "This program is free software; you can redistribute it and/or modify it under the terms "
    "of the GNU General Public License as published by the Free Software Foundation; version 2 "
    "of the License.\n\nThis program is distributed in the hope that it will be useful, but "
    "WITHOUT ANY WARRANTY; without even the implied warranty of MERCHANTABILITY or FITNESS FOR "
    "A PARTICULAR PURPOSE.  See the GNU General Public License for more details."
)
GPL3_LATER = (
    "This program is free software: you can redistribute it and/or modify\nit under the terms "
    "of the GNU General Public License as published by\nthe Free Software Foundation, either "
    "version 3 of the License, or\n(at your option) any later version."
)
DEED_NC_SA = (
    "Attribution-NonCommercial-ShareAlike 4.0 International\n\nYou are free to:\n"
    "Share \u2014 copy and redistribute the material in any medium or format\n"
    "Adapt \u2014 remix, transform, and build upon the material\n"
    "The licensor cannot revoke these freedoms as long as you follow the license terms.\n"
    "Under the following terms:\nAttribution \u2014 You must give appropriate credit, provide a "
    "link to the license, and indicate if changes were made. You may do so in any reasonable "
    "manner, but not in any way that suggests the licensor endorses you or your use.\n"
    "NonCommercial \u2014 You may not use the material for commercial purposes.\n"
    "ShareAlike \u2014 If you remix, transform, or build upon the material, you must "
    "distribute your contributions under the same license as the original.\n"
)


@pytest.mark.parametrize(
    "text,expected",
    [
        (APACHE_HEADER, "Apache-2.0"),
        (GPL2_ONLY, "GPL-2.0-only"),
        (GPL3_LATER, "GPL-3.0-or-later"),
        (GPL3_LATER.replace("General Public", "Lesser General Public"), "LGPL-3.0-or-later"),
        (DEED_NC_SA, "CC-BY-NC-SA-4.0"),
        (DEED_NC_SA.replace("4.0 International", ""), "LicenseRef-CC-BY-NC-SA-unversioned"),
        (
            DEED_NC_SA.replace("NonCommercial-", "")
            .replace(
                "NonCommercial \u2014 You may not use the material for commercial purposes.\n", ""
            )
            .replace(
                "build upon the material\n",
                "build upon the material for any purpose, even commercially.\n",
            ),
            "CC-BY-SA-4.0",
        ),
    ],
)
def test_standard_notices_map(text, expected):
    found = fulltext.match_notice(text)
    assert found is not None and found.id == expected and found.confident, found
    assert fulltext.text_kind(text) == "notice"
    assert fulltext.best_match(text) is None  # a notice is not the full text


def test_full_text_kind_and_non_license_kind():
    assert fulltext.text_kind(licenses.text("MIT")) == "full"
    assert fulltext.text_kind("The corpus has 10k sentences in English and Hindi.") == "other"
    assert fulltext.match_notice("The corpus has 10k sentences in English and Hindi.") is None


def test_normalisation_steps_are_small_pure_functions():
    assert fulltext.unify_characters("\u201cLicense\u201d \u2014 \u00a9") == '"License" - (c)'
    assert fulltext.strip_markup("[CC BY](https://x.org) <b>x</b>") == "CC BY  x "
    assert fulltext.strip_copyright("copyright 2020 a\nkeep\n(c) 2019 b").split() == ["keep"]
    assert fulltext.strip_bullets("  (b) You must\n1. Grant").splitlines() == ["You must", "Grant"]
    assert fulltext.tokens("Licence: Non-Commercial / ShareAlike") == [
        "license",
        "non",
        "commercial",
        "share",
        "alike",
    ]


def test_speed_index_built_once_and_fast_queries():
    fulltext.index()
    stats = fulltext.index_stats()
    assert stats["licenses"] > 600 and stats["build_seconds"] < 10
    built = fulltext.index()
    texts = [licenses.text(lid) for lid in CLOSE_FAMILIES]
    times = []
    for text in texts * 2:
        start = time.perf_counter()
        fulltext.match_text(text)
        times.append(time.perf_counter() - start)
    assert fulltext.index() is built  # never rebuilt per call
    assert statistics.median(times) < 0.03  # measured about 3 ms; generous for slow CI machines


def test_license_pasted_in_a_readme_is_found_contained():
    readme = (
        "# My corpus\n\nTweets with labels.\n\n## Licensing Information\n\n"
        + licenses.text("MIT")
        + "\n\n## Citation Information\n\n@inproceedings{x, title={A corpus}, year={2020}}\n"
        + "The tweets were collected between 2015 and 2018 through the public streaming API and "
        "labelled by three annotators each; disagreements were settled by a fourth annotator. "
        "The training split holds 12,000 examples, validation and test hold 1,500 each. Every "
        "example has the text, a sentiment label, the annotator agreement and a topic tag. "
        "Usernames and links were replaced by placeholders before release to protect users.\n"
    )
    top = fulltext.match_text(readme)[0]
    assert (top.id, top.confident) == ("MIT", True) and top.dice < 0.8 and top.coverage > 0.95


def test_two_licenses_in_one_file():
    both = licenses.text("MIT") + "\n\n---\n\n" + licenses.text("Apache-2.0")
    assert not fulltext.match_text(both)[0].confident  # no single license explains it
    assert {c.id for c in fulltext.contained_licenses(both)} == {"MIT", "Apache-2.0"}
    assert [c.id for c in fulltext.contained_licenses(licenses.text("X11"))] == [
        "X11"
    ]  # not MIT too
    assert fulltext.contained_licenses("no license here, only a description of the data") == []


def test_deed_version_read_from_the_licence_name_or_link():
    text = (
        "Version 1.2 of the corpus, built in 2019.\n\nAs an informal summary, from "
        "https://creativecommons.org/licenses/by/4.0/, "
        + DEED_NC_SA.split("\n", 2)[2]
        .replace("NonCommercial \u2014 You may not use the material for commercial purposes.\n", "")
        .replace(
            "ShareAlike \u2014 If you remix, transform, or build upon the material, you must "
            "distribute your contributions under the same license as the original.\n",
            "",
        )
        .replace(
            "build upon the material\n",
            "build upon the material for any purpose, even commercially.\n",
        )
    )
    assert fulltext.match_notice(text).id == "CC-BY-4.0"


@pytest.mark.parametrize(
    "fragment",
    [
        # the warranty disclaimer every GNU notice shares
        "This program is distributed in the hope that it will be useful, but WITHOUT ANY WARRANTY; "
        "without even the implied warranty of MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.",
        # the attribution clause every CC deed shares
        "You must give appropriate credit, provide a link to the license, and indicate if changes were "
        "made. You may do so in any reasonable manner, but not in any way that suggests the licensor "
        "endorses you or your use.",
    ],
)
def test_a_clause_shared_by_several_notices_is_not_confident(fragment):
    found = fulltext.match_notice(fragment)
    assert found is None or not found.confident
    assert fulltext.text_kind(fragment) == "other"
