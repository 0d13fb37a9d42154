"""Custom terms -> LicenseRef-<slug> with key terms; statements of no license; custom parts in lists."""

import pytest

from agent.spdx.custom import key_terms, part_refs, read_custom
from agent.spdx.expressions import is_valid


@pytest.mark.parametrize(
    "text,terms",
    [
        ("Research only.", ["research-only"]),
        (
            "The corpus may be freely used for non-commercial research purposes.",
            ["non-commercial", "research-only"],
        ),
        (
            "Note that modification and redistribution of the dataset by any means are strictly prohibited unless "
            "authorized by the corpus authors.",
            ["no-redistribution"],
        ),
        (
            "1. Researcher shall use the Database only for non-commercial research and educational purposes.",
            ["non-commercial", "research-only"],
        ),
        (
            'The dataset may be freely used for any purpose, although acknowledgement of Google LLC ("Google") as the '
            "data source would be appreciated.",
            ["attribution", "commercial"],
        ),
    ],
)
def test_key_terms_from_real_sections(text, terms):
    found = read_custom(text)
    assert (
        found.kind == "custom"
        and is_valid(found.license)
        and found.license.startswith("LicenseRef-")
    )
    assert found.terms == terms


def test_named_agreements_become_their_own_ref():
    assert (
        read_custom(
            "The dataset is released under [Microsoft Research Data License Agreement]"
            "(https://msropendata-web-api.azurewebsites.net/licenses/2f/view)"
        ).license
        == "LicenseRef-Microsoft-Research-Data-License-Agreement"
    )
    assert (
        read_custom("https://github.com/org/repo/blob/main/LICENSE").license
        == "LicenseRef-repo-LICENSE"
    )


@pytest.mark.parametrize(
    "text",
    [
        "Unknown",
        "Unknwon",
        "[N/A]",
        "None given",
        "Unknown license.",
        "The licensing status of the data, especially the news source text, is unknown.",
        "See licensing information of source datasets.",
        "The data set comes with the same license\nas the original sources.",
    ],
)
def test_statements_of_no_license(text):
    assert read_custom(text).kind == "none"


def test_copyright_lines_and_third_party_pointers_are_not_licenses():
    assert read_custom("Copyright © EU / ECDC, 2020").kind == ""
    assert (
        read_custom(
            "The books have been crawled from https://www.smashwords.com, see their [terms of service]"
            "(https://www.smashwords.com/about/tos) for more information."
        ).kind
        == ""
    )


def test_commercial_or_non_commercial_is_not_a_restriction():
    assert "non-commercial" not in key_terms(
        "you can re-use the documents for commercial or non-commercial purposes"
    )


def test_custom_parts_in_a_list_beside_standard_licenses():
    text = (
        "- Literature passages are shared under CC BY-SA 4.0 license.\n"
        "- Stories come with [MSR-LA](https://x/LICENSE.pdf) license.\n"
        "- Exam passages come with its [own](http://x/race/) license.\n"
    )
    refs = [r for r, _ in part_refs(text, [(2, 60)])]
    assert refs[0] == "LicenseRef-MSR-LA-License" and len(refs) == 2
