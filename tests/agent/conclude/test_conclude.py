"""Conclusions on real cards (golden fixtures) and on small cards for each status and rule."""

import json

import pytest

from agent.conclude import conclude
from agent.extract import extract_evidence
from agent.mapping import map_evidence
from agent.models import Card
from agent.spdx.expressions import is_valid
from tests.support import paths

FIX = paths.FIXTURES / "engine"
EXPECTED = json.loads((FIX / "expected.json").read_text())


def run(readme=None, **kw):
    card = Card(dataset="d", source="local", location="README.md", readme=readme, **kw)
    return conclude(card, map_evidence(extract_evidence(card)))


def test_every_fixture_has_an_expectation():
    folders = {p.name for p in FIX.iterdir() if p.is_dir()}
    assert folders == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_golden_cards(name):
    c = run((FIX / name / "README.md").read_text())
    exp = EXPECTED[name]
    assert (c.declared_license, c.concluded_license, c.status, c.commercial_use) == (
        exp["declared"],
        exp["concluded"],
        exp["status"],
        exp["commercial_use"],
    )
    assert is_valid(c.concluded_license) and (
        c.declared_license is None or is_valid(c.declared_license)
    )
    assert 0.0 <= c.confidence <= 1.0 and c.reasons


def test_text_wins_over_contradicting_metadata_and_says_conflict():
    c = run("---\nlicense: cc-by-4.0\n---\n### Licensing Information\n\nMIT License\n")
    assert (c.declared_license, c.concluded_license, c.status) == ("CC-BY-4.0", "MIT", "conflict")
    assert any("the text wins" in r for r in c.reasons)


def test_agreement_is_verified_and_metadata_alone_is_unverified():
    agree = run("---\nlicense: cc-by-nc-4.0\n---\n## License\n\nCC BY-NC 4.0\n")
    alone = run("---\nlicense: cc-by-nc-4.0\n---\n## License\n\n[More Information Needed]\n")
    assert (agree.status, alone.status) == ("verified", "unverified")
    assert agree.concluded_license == alone.concluded_license == "CC-BY-NC-4.0"
    assert (
        agree.commercial_use == "no"
        and agree.attribution_required is True
        and agree.share_alike is False
    )


def test_unversioned_text_takes_the_metadata_version():
    c = run(
        "---\nlicense: cc-by-nc-sa-4.0\n---\n## License\n\nCreative Commons Attribution-NonCommercial-ShareAlike\n"
    )
    assert (c.concluded_license, c.status) == ("CC-BY-NC-SA-4.0", "verified")


def test_nothing_is_unknown_noassertion():
    for c in (
        run(None),
        run("# Just a title\n"),
        run("---\nlicense: unknown\n---\n## License\n\nUnknown\n"),
    ):
        assert (c.concluded_license, c.status, c.commercial_use) == (
            "NOASSERTION",
            "unknown",
            "unclear",
        )


def test_metadata_lists_and_other_with_a_name():
    c = run("---\nlicense:\n- cc-by-sa-3.0\n- other\n---\n")
    assert c.concluded_license == "CC-BY-SA-3.0"  # a bare "other" beside a real id adds nothing
    c = run("---\nlicense: other\nlicense_name: Acme Data License\n---\n")
    assert c.concluded_license == "LicenseRef-Acme-Data-License"
    c = run(
        "---\nlicense: other\nlicense_link: https://creativecommons.org/licenses/by-nd/4.0/\n---\n"
    )
    assert (c.declared_license, c.concluded_license) == ("CC-BY-ND-4.0", "CC-BY-ND-4.0")
    c = run("---\nlicense: other\nlicense_name: Apache License 2.0\nlicense_link: LICENSE\n---\n")
    assert c.concluded_license == "Apache-2.0"


def test_custom_terms_restrict_commercial_use():
    c = run(
        "---\nlicense: unknown\n---\n## Licensing Information\n\nThe corpus may be used for research purposes only.\n"
    )
    assert c.concluded_license.startswith("LicenseRef-") and c.commercial_use == "no"
    c = run(
        "## License\n\nThis work is CC BY-SA 4.0 and is shared for the sole purpose of aiding open scientific "
        "research, and can only be used for that purpose.\n"
    )
    assert c.concluded_license == "CC-BY-SA-4.0" and c.commercial_use == "no"


def test_a_full_license_file_verifies():
    from agent.spdx.licenses import text

    # a Hub card (YAML header); a bare repository README is read by conclude/roles (test_repo_roles.py)
    c = run("---\npretty_name: T\n---\n# Title\n", files={"LICENSE": text("Apache-2.0")})
    assert (c.concluded_license, c.status) == ("Apache-2.0", "verified")
    c = run("---\nlicense: mit\n---\n", files={"LICENSE": text("Apache-2.0")})
    assert (c.concluded_license, c.status) == ("Apache-2.0", "conflict")


def test_hub_card_data_without_readme():
    c = run(None, card_data={"license": "odc-by"})
    assert (c.declared_license, c.concluded_license, c.status) == (
        "ODC-By-1.0",
        "ODC-By-1.0",
        "unverified",
    )


def test_odd_evidence_never_breaks_the_conclusion():
    from agent.models import Evidence

    card = Card(dataset="d", source="local", location="x", readme=None)
    odd = [
        Evidence(source="yaml:license", kind="metadata", snippet="  "),
        Evidence(
            source="section:License",
            kind="text",
            snippet="x",
            license="Not A License AND",
            match="name",
        ),
        Evidence(source="file:LICENSE", kind="file", snippet=""),
    ]
    mapped = map_evidence([odd[0], odd[2]]) + [
        odd[1]
    ]  # the section piece arrives with a broken expression
    c = conclude(card, mapped)
    assert is_valid(c.concluded_license) and c.status in (
        "verified",
        "unverified",
        "conflict",
        "unknown",
    )
    assert any("not a valid SPDX expression" in r for r in c.reasons)


def test_a_license_the_body_also_names_verifies_a_text_only_conclusion():
    # no metadata, no full text: the licensing section alone is a single source (unverified) ...
    section = "## Licensing Information\n\nMIT License\n"
    assert run(section).status == "unverified"
    # ... the same license stated elsewhere in the card is an independent second source
    agreeing = run("# Data\n\nThis dataset is released under the MIT License.\n\n" + section)
    assert (agreeing.concluded_license, agreeing.status) == ("MIT", "verified")
    # another license elsewhere does not verify it (and the section still decides)
    other = run("# Data\n\nThis dataset is released under the Apache License 2.0.\n\n" + section)
    assert (other.concluded_license, other.status) == ("MIT", "unverified")
