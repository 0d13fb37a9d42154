"""Modern Hub cards (2023-2026), one small synthetic card per kind: custom and gated terms, restrictions in
prose, per-part tables, code vs data, SPDX ids the Hub lacks, and the false alarms each rule must avoid."""

import pytest

from agent.conclude import conclude
from agent.conclude.reconcile import ids_agree
from agent.extract import extract_evidence
from agent.mapping import map_evidence
from agent.models import Card


def run(readme: str, **kw):
    card = Card(dataset="d", source="local", location="README.md", readme=readme, **kw)
    return conclude(card, map_evidence(extract_evidence(card)))


def yaml(*lines: str) -> str:
    return "---\n" + "\n".join(lines) + "\n---\n"


# --- license: other, license_name / license_link -------------------------------------------------------


def test_bare_other_with_terms_text_is_custom_terms_not_nothing():
    c = run(
        yaml("license: other")
        + "# Listings\n\n## Terms of use\n\nAll rights belong to the website. "
        "Users must respect the website's Terms of Service.\n"
    )
    assert c.concluded_license.startswith("LicenseRef-") and c.commercial_use == "unclear"
    assert c.status == "unverified" and any("custom" in r for r in c.reasons)


def test_bare_other_with_a_link_to_unnamed_terms_is_custom():
    c = run(yaml("license: other", "license_link: https://acme.example/terms") + "# Data\n")
    assert (c.concluded_license, c.commercial_use) == ("LicenseRef-other", "unclear")


def test_bare_other_and_nothing_written_stays_noassertion():
    c = run(yaml("license: other") + "# Data\n\nTen thousand rows of sensor readings.\n")
    assert (c.concluded_license, c.status) == ("NOASSERTION", "unknown")


def test_license_name_gives_the_custom_license_its_name():
    c = run(
        yaml("license: other", "license_name: acme-data-license", "license_link: LICENSE.md")
        + "# Data\n"
    )
    assert c.concluded_license == "LicenseRef-acme-data-license"


# --- restrictions as terms -------------------------------------------------------------------------------


def test_gated_prompt_restriction_joins_the_yaml_license():
    c = run(
        yaml(
            "license: mit",
            "extra_gated_prompt: By requesting access you agree to use the data for "
            "academic research only.",
        )
        + "# Data\n\nSome rows.\n"
    )
    assert c.concluded_license == "MIT AND LicenseRef-Research-Only" and c.commercial_use == "no"
    assert any("extra_gated_prompt" in r and "academic research only" in r for r in c.reasons)


def test_gated_field_checkbox_is_a_term_too():
    c = run(
        yaml(
            "license: cc-by-4.0",
            "extra_gated_fields:",
            "  I will use this dataset for personal use only: checkbox",
        )
        + "# Data\n"
    )
    assert (
        c.concluded_license == "CC-BY-4.0 AND LicenseRef-Personal-Use-Only"
        and c.commercial_use == "no"
    )


@pytest.mark.parametrize(
    "sentence, ref, commercial",
    [
        (
            "This dataset is released for research and educational use only.",
            "LicenseRef-Research-Only",
            "no",
        ),
        (
            "You must not use this data to train machine learning models.",
            "LicenseRef-No-Training",
            "unclear",
        ),
        (
            "The license is provisional and subject to change before v1.0.",
            "LicenseRef-Provisional-Terms",
            "unclear",
        ),
        (
            "Users must comply with the platform's Terms of Service.",
            "LicenseRef-Source-Terms",
            "unclear",
        ),
        (
            "Access requires signing a data use agreement.",
            "LicenseRef-Data-Use-Agreement",
            "unclear",
        ),
        (
            "Redistribution of the audio is not permitted.",
            "LicenseRef-No-Redistribution",
            "unclear",
        ),
        ("Commercial use requires a separate license.", "LicenseRef-Non-Commercial", "no"),
        ("It is released for non-commercial use.", "LicenseRef-Non-Commercial", "no"),
        (
            "Using it to train models that compete with us is prohibited.",
            "LicenseRef-No-Training",
            "unclear",
        ),
    ],
)
def test_restriction_in_a_terms_section_joins_with_and(sentence, ref, commercial):
    c = run(yaml("license: mit") + f"# Data\n\n## Disclaimer\n\n{sentence}\n")
    assert c.concluded_license == f"MIT AND {ref}" and c.commercial_use == commercial
    assert any(sentence[:30] in r for r in c.reasons)  # the sentence is the evidence


def test_a_licensing_section_that_only_restricts_restricts_the_yaml_license():
    c = run(
        yaml("license: mit")
        + "# Data\n\n## Terms of Use\n\nFor research and educational use only.\n"
    )
    assert (c.concluded_license, c.status, c.commercial_use) == (
        "MIT AND LicenseRef-research-only",
        "unverified",
        "no",
    )


def test_emphasis_does_not_hide_a_restriction():
    c = run(
        yaml("license: bigscience-openrail-m")
        + "# Data\n\n## Intended Use\n\nIt is provided strictly for "
        "**research and educational purposes**. Any form of **commercial use, redistribution, or for-profit "
        "use is prohibited**.\n"
    )
    assert "LicenseRef-Research-Only" in c.concluded_license and c.commercial_use == "no"


@pytest.mark.parametrize(
    "section, sentence, ref",
    [
        ("使用条款", "本数据集仅供学术研究使用。", "LicenseRef-Research-Only"),
        ("免责声明", "禁止商业使用。", "LicenseRef-Non-Commercial"),
        ("Conditions d'utilisation", "Usage personnel uniquement.", "LicenseRef-Personal-Use-Only"),
        ("Uso", "Solo para fines de investigación.", "LicenseRef-Research-Only"),
    ],
)
def test_restrictions_in_other_languages(section, sentence, ref):
    c = run(yaml("license: mit") + f"# Data\n\n## {section}\n\n{sentence}\n")
    assert c.concluded_license == f"MIT AND {ref}"


def test_uses_section_is_read_for_terms():
    c = run(
        yaml("license: mit")
        + "# Data\n\n## Uses\n\nThis dataset may only be used for academic research.\n"
    )
    assert c.concluded_license == "MIT AND LicenseRef-Research-Only"


def test_restriction_in_the_preamble_under_the_title_counts():
    c = run(
        yaml("license: apache-2.0")
        + "# Data\n\n> **Research use only.** Do not redistribute.\n\n## Fields\n"
    )
    assert "LicenseRef-Research-Only" in c.concluded_license


def test_restriction_above_the_first_heading_counts():
    c = run(
        yaml("license: apache-2.0")
        + "> **Personal use only.** Please do not redistribute.\n\n# Data\n"
    )
    assert "LicenseRef-Personal-Use-Only" in c.concluded_license


@pytest.mark.parametrize(
    "body",
    [
        "## Citation\n\n```\n@article{x, title={Research only: a study}}\n```\n\nResearch only citation note.\n",
        "## Intended Use\n\nThis dataset is intended for research on low-resource languages.\n",
        "## Dataset Structure\n\nThe test split should not be used for training; it is the evaluation set.\n",
        "## Uses\n\nWe do not train our baseline on the test set.\n",
        "## Data Splits\n\nThe prompt split is for few-shot prompting and not for training.\n",
        "## Terms\n\nUse is subject to the CC BY 4.0 license terms and conditions.\n",
        "## License\n\nCC BY 4.0. We do not redistribute the raw source passages, only their ids.\n",
        "## Terms\n\nFree for commercial and non-commercial use.\n",
    ],
)
def test_no_false_restriction(body):
    """ "research" in a citation, intent, benchmark contamination advice, our own training, split notes."""
    c = run(yaml("license: cc-by-4.0") + "# Data\n\n" + body)
    assert c.concluded_license == "CC-BY-4.0" and c.commercial_use == "yes"


def test_public_domain_statement():
    c = run(
        "# Data\n\n## License\n\nThe records are works of the U.S. federal government and are in the public domain.\n"
    )
    assert (c.concluded_license, c.commercial_use) == ("LicenseRef-Public-Domain", "yes")


def test_a_restriction_that_only_restates_nc_adds_nothing():
    c = run(
        yaml("license: cc-by-nc-4.0")
        + "# Data\n\n## License\n\nCC BY-NC 4.0. For non-commercial research "
        "purposes only; it may not be used to train models for commercial products.\n"
    )
    assert c.concluded_license == "CC-BY-NC-4.0" and c.commercial_use == "no"


def test_out_of_scope_advice_against_commercial_use_makes_the_verdict_unclear():
    c = run(
        yaml("license: cc-by-4.0")
        + "# Data\n\n### Out-of-Scope Use\n\nThis dataset should not be used for:\n"
        "- Commercial applications without consulting the speaker communities\n"
    )
    assert c.concluded_license == "CC-BY-4.0" and c.commercial_use == "unclear"


# --- per-part tables, code vs data, labelled lines --------------------------------------------------------

TABLE = "| Part | Rows | License |\n|---|---|---|\n| forum posts | 5,000 | {a} |\n| textbook | 300 | {b} |\n"


def test_a_non_commercial_part_in_a_license_table_decides_the_whole():
    c = run(
        yaml("license: cc-by-sa-4.0")
        + "# Data\n\n## Sources\n\n"
        + TABLE.format(a="CC BY-SA 4.0", b="CC BY-NC-SA 4.0")
    )
    assert c.concluded_license == "CC-BY-SA-4.0 AND CC-BY-NC-SA-4.0" and c.commercial_use == "no"
    assert c.status == "conflict"


def test_per_subset_subsections_of_the_licensing_section_decide_when_one_is_stricter():
    c = run(
        yaml("license: cc-by-4.0")
        + "# Data\n\n## License\n\n### Subset A\n\nCC BY 4.0\n\n### Subset B\n\n"
        "CC BY-NC 4.0\n"
    )
    assert (c.concluded_license, c.commercial_use) == ("CC-BY-4.0 AND CC-BY-NC-4.0", "no")


def test_permissive_parts_beside_the_declared_license_only_corroborate_it():
    c = run(
        yaml("license: apache-2.0")
        + "# Data\n\n## Composition\n\n"
        + TABLE.format(a="MIT", b="Apache-2.0")
    )
    assert c.concluded_license == "Apache-2.0"


def test_configs_with_their_own_license_are_all_declared():
    c = run(
        yaml(
            "license: cc-by-4.0",
            "configs:",
            "- config_name: news",
            "  license: cc-by-4.0",
            "- config_name: forum",
            "  license: cc-by-nc-4.0",
        )
        + "# Data\n"
    )
    assert (c.declared_license, c.concluded_license, c.commercial_use) == (
        "CC-BY-4.0 AND CC-BY-NC-4.0",
        "CC-BY-4.0 AND CC-BY-NC-4.0",
        "no",
    )


def test_a_code_license_column_is_not_the_data_license():
    body = "| Part | Code license |\n|---|---|\n| loader | GPL-3.0 |\n"
    assert run(yaml("license: cc-by-4.0") + "# Data\n\n" + body).concluded_license == "CC-BY-4.0"


@pytest.mark.parametrize(
    "lines",
    [
        "- **Data**: Open Data Commons Open Database License (ODbL) v1.0\n- **Code**: MIT.\n",
        "Code License: MIT\n\nData License: ODbL-1.0\n",
    ],
)
def test_code_vs_data_the_data_license_is_the_datasets(lines):
    c = run(yaml("license: odbl") + "# Data\n\n## Licence\n\n" + lines)
    assert (c.concluded_license, c.status) == ("ODbL-1.0", "verified")


@pytest.mark.parametrize(
    "body",
    [
        "## License\n\n### Code\n\nMIT\n\n### Data\n\nCC BY-NC 4.0\n",
        "## Code License\n\nMIT\n\n## Data License\n\nCC BY-NC 4.0\n",
    ],
)
def test_code_and_data_headings(body):
    c = run(yaml("license: cc-by-nc-4.0") + "# Data\n\n" + body)
    assert (c.concluded_license, c.status) == ("CC-BY-NC-4.0", "verified")


def test_a_parenthesis_after_the_license_scopes_it():
    c = run(
        "# Data\n\n## License\n\nLicensed under Apache 2.0 (code) and CC BY 4.0 (for the data).\n"
    )
    assert c.concluded_license == "CC-BY-4.0"


def test_a_license_badge_states_the_license_and_a_code_badge_does_not():
    badge = "[![{alt}](https://img.shields.io/badge/x.svg)]({url})\n\nSome rows.\n"
    nc = run(
        "# Data\n\n"
        + badge.format(
            alt="License: CC BY-NC 4.0", url="http://creativecommons.org/licenses/by-nc/4.0/"
        )
    )
    code = run("# Data\n\n" + badge.format(alt="Code License: MIT", url="LICENSE"))
    assert (nc.concluded_license, nc.commercial_use) == ("CC-BY-NC-4.0", "no")
    assert code.concluded_license == "NOASSERTION"


def test_a_labelled_license_line_outside_any_section_states_the_license():
    c = run("# Data\n\n- **Paper**: our paper\n- **License**: CC BY-SA 4.0\n- **Language**: zh\n")
    assert (c.concluded_license, c.status) == ("CC-BY-SA-4.0", "unverified")


def test_a_license_the_card_says_it_does_not_apply_is_not_concluded():
    c = run(
        yaml("license: other", "license_name: no-restrictions-stated")
        + "# Scans\n\n## Licensing\n\n"
        "The author states no restrictions. This mirror does not tag the data CC0 or PDDL.\n"
    )
    assert c.concluded_license == "LicenseRef-no-restrictions-stated"


# --- SPDX ids the Hub lacks, versions, public domain ------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        (
            "cc-by-sa-3.0-de",
            "CC-BY-SA-3.0-DE",
        ),  # a ported CC license: on the SPDX list, not the Hub's
        ("eupl-1.2", "EUPL-1.2"),
        ("cc-pdm-1.0", "CC-PDM-1.0"),
        ("dl-de-by-2.0", "DL-DE-BY-2.0"),
    ],
)
def test_spdx_ids_the_hub_lacks(value, expected):
    assert run(yaml(f"license: {value}") + "# Data\n").concluded_license == expected


def test_unversioned_text_takes_the_declared_version():
    c = run(
        yaml("license: cc-by-nc-sa-4.0") + "# Data\n\n## License\n\nCreative Commons BY-NC-SA.\n"
    )
    assert (c.concluded_license, c.status) == ("CC-BY-NC-SA-4.0", "verified")


# --- custom licenses are not all the same ----------------------------------------------------------------


def test_custom_licenses_compare_by_name_and_terms():
    assert not ids_agree("LicenseRef-Llama-3-Community-License", "LicenseRef-Research-Only")
    assert ids_agree("LicenseRef-acme-data-license", "LicenseRef-Acme-Data-License")
    assert ids_agree(
        "LicenseRef-other", "LicenseRef-Acme-Data-License"
    )  # "other" = custom, unnamed
    assert ids_agree("LicenseRef-research-only", "LicenseRef-Research-Use-Only")  # same terms


def test_two_different_custom_licenses_are_a_conflict_not_a_verification():
    c = run(yaml("license: llama3") + "# Data\n\n## License\n\nFor research purposes only.\n")
    assert c.status == "conflict" and c.commercial_use == "no"


# --- the confidence knows where modern cards are hard ------------------------------------------------------


def test_confidence_is_lower_where_modern_cards_are_hard():
    plain = run(yaml("license: mit") + "# Data\n\n## License\n\nMIT License.\n")
    restricted = run(
        yaml("license: mit") + "# Data\n\n## License\n\nMIT License.\n\n## Disclaimer\n\n"
        "Do not use this data to train commercial models.\n"
    )
    table = run(
        yaml("license: cc-by-sa-4.0")
        + "# Data\n\n## Sources\n\n"
        + TABLE.format(a="CC BY-SA 4.0", b="CC BY-NC-SA 4.0")
    )
    other = run(
        yaml("license: other")
        + "# Data\n\n## Disclaimer\n\nUsers must respect the site's terms of service.\n"
    )
    assert restricted.confidence < plain.confidence
    assert table.confidence < plain.confidence and other.confidence < plain.confidence


# --- license_link to a file of the repository -------------------------------------------------------------


def test_license_link_to_a_file_in_the_folder_is_read(tmp_path):
    from agent.refs import parse_ref
    from agent.sources.local import fetch_local

    (tmp_path / "README.md").write_text(
        yaml("license: other", "license_link: ./DATA_TERMS.txt") + "# Data\n"
    )
    (tmp_path / "DATA_TERMS.txt").write_text(
        "Acme Data Terms of Use\n\nThe data may be used for research "
        "purposes only. Redistribution is prohibited.\n"
    )
    (tmp_path.parent / "outside.txt").write_text("MIT License")
    card = fetch_local(parse_ref(str(tmp_path)))
    assert list(card.files) == ["DATA_TERMS.txt"]
    c = conclude(card, map_evidence(extract_evidence(card)))
    assert c.concluded_license.startswith("LicenseRef-") and c.commercial_use == "no"


@pytest.mark.parametrize(
    "link", ["../outside.txt", "/etc/passwd", "https://example.org/terms", "C:/x.txt"]
)
def test_license_link_never_leaves_the_folder(tmp_path, link):
    from agent.extract.frontmatter import linked_files
    from agent.refs import parse_ref
    from agent.sources.local import fetch_local

    (tmp_path / "README.md").write_text(
        yaml("license: other", f"license_link: {link}") + "# Data\n"
    )
    (tmp_path.parent / "outside.txt").write_text("MIT License")
    assert fetch_local(parse_ref(str(tmp_path))).files == {}
    assert linked_files((tmp_path / "README.md").read_text()) == []


def test_license_link_symlink_out_of_the_folder_is_not_followed(tmp_path):
    from agent.refs import parse_ref
    from agent.sources.local import fetch_local

    card_dir = tmp_path / "card"
    card_dir.mkdir()
    (tmp_path / "secret.txt").write_text("MIT License")
    (card_dir / "TERMS.txt").symlink_to(tmp_path / "secret.txt")
    (card_dir / "README.md").write_text(
        yaml("license: other", "license_link: TERMS.txt") + "# Data\n"
    )
    assert fetch_local(parse_ref(str(card_dir))).files == {}
