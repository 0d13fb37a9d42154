"""License facts (commercial use, attribution, share-alike) and policy categories (agent.spdx.facts)."""

import re

import pytest

from agent.spdx import expressions, facts, hub_ids, licenses

CC_ID = re.compile(r"^CC(-BY|-SA|-NC|-ND|-PD|0)")


def emitted_ids() -> set[str]:
    """Every id hub_to_spdx can emit: the Hub table, the legacy aliases, and their parts."""
    out = set()
    for value in list(hub_ids.HUB_TO_SPDX) + list(hub_ids.LEGACY_ALIASES):
        spdx = hub_ids.hub_to_spdx(value)
        out |= set(expressions.license_ids(spdx)) or {spdx}
    return out


def test_table_covers_every_id_the_hub_mapping_can_emit():
    missing = sorted(i for i in emitted_ids() if not facts.is_covered(i))
    assert not missing


def test_table_covers_every_spdx_cc_id_with_the_right_terms():
    cc_ids = [i for i in licenses.all_ids() if CC_ID.match(i)]
    assert len(cc_ids) > 50
    for lid in cc_ids:
        assert facts.is_covered(lid), lid
        commercial, attribution, share_alike = facts.license_facts(lid)
        assert commercial == ("no" if "-NC" in lid else "yes"), lid
        assert share_alike is ("-SA" in lid), lid
        assert attribution is (lid.startswith("CC-BY")), lid


@pytest.mark.parametrize(
    "expr,expected",
    [
        ("CC-BY-4.0", ("yes", True, False)),
        ("CC-BY-SA-3.0", ("yes", True, True)),
        ("CC-BY-NC-SA-4.0", ("no", True, True)),
        ("CC-BY-NC-ND-3.0-IGO", ("no", True, False)),
        ("CC0-1.0", ("yes", False, False)),
        ("PDDL-1.0", ("yes", False, False)),
        ("ODC-By-1.0", ("yes", True, False)),
        ("ODbL-1.0", ("yes", True, True)),
        ("CDLA-Permissive-2.0", ("yes", True, False)),
        ("CDLA-Sharing-1.0", ("yes", True, True)),
        ("C-UDA-1.0", ("yes", True, False)),  # computational use only, but any purpose
        ("MIT", ("yes", True, False)),
        ("Apache-2.0", ("yes", True, False)),
        ("GPL-3.0-only", ("yes", True, True)),
        ("gpl-2.0+", ("yes", True, True)),
        ("GFDL-1.3-no-invariants-or-later", ("yes", True, True)),
        ("NCGL-UK-2.0", ("no", True, False)),
        ("NOASSERTION", ("unclear", None, None)),
        ("NONE", ("unclear", None, None)),
        ("LicenseRef-Some-Corpus-Terms", ("unclear", None, None)),
        ("LicenseRef-NonCommercial-Research-Only", ("no", None, None)),
        (
            "LicenseRef-Microsoft-Research-Data-License-Agreement",
            ("unclear", None, None),
        ),  # org name
        ("LicenseRef-UW-Academic-License", ("unclear", None, None)),
        ("LicenseRef-CC-BY-2.5-ZA", ("yes", True, False)),  # a ported CC licence: family terms
        ("LicenseRef-CC-BY-NC-SA-unversioned", ("no", True, True)),
        ("LicenseRef-DeepFloyd-IF-License", ("no", True, None)),
    ],
)
def test_license_facts_of_single_ids(expr, expected):
    assert facts.license_facts(expr) == expected


@pytest.mark.parametrize(
    "expr,expected",
    [
        ("CC-BY-4.0 AND CC-BY-NC-4.0", ("no", True, False)),  # AND: most restrictive
        ("CC-BY-4.0 AND ODbL-1.0", ("yes", True, True)),  # obligations accumulate
        ("CC0-1.0 AND CC-BY-SA-3.0", ("yes", True, True)),
        ("CC-BY-4.0 AND LicenseRef-Custom", ("unclear", True, None)),
        ("MIT OR CC-BY-NC-4.0", ("yes", True, False)),  # OR: the most permissive choice
        ("CC-BY-SA-3.0 OR GFDL-1.1-no-invariants-or-later", ("yes", True, True)),
        ("GPL-3.0-only OR MIT", ("yes", True, False)),
        ("(MIT OR CC0-1.0) AND CC-BY-NC-SA-4.0", ("no", True, True)),
        ("GPL-2.0-only WITH Classpath-exception-2.0", ("yes", True, True)),
        ("mit AND", ("unclear", None, None)),  # unparsable: nothing can be said
    ],
)
def test_license_facts_of_expressions(expr, expected):
    assert facts.license_facts(expr) == expected


def test_terms_refine_custom_licenses_only():
    assert facts.license_facts("LicenseRef-x", ["non-commercial", "attribution"]) == (
        "no",
        True,
        None,
    )
    assert facts.license_facts("LicenseRef-x AND CC-BY-4.0", {"LicenseRef-x": ["share-alike"]}) == (
        "unclear",
        True,
        True,
    )
    assert facts.license_facts("MIT", ["non-commercial"]) == ("yes", True, False)  # not custom
    assert "research-only" in facts.categories("LicenseRef-x", ["research-only"])


@pytest.mark.parametrize(
    "lid,cats",
    [
        ("CC-BY-NC-ND-4.0", {"non-commercial", "no-derivatives"}),
        ("CC-BY-SA-4.0", {"share-alike"}),
        ("GPL-3.0-only", {"copyleft", "share-alike"}),
        ("MIT", {"permissive"}),
        ("CC0-1.0", {"public-domain", "permissive"}),
        ("NOASSERTION", {"unknown"}),
        ("LicenseRef-other", {"custom", "unknown"}),
        ("LicenseRef-Data-Terms", {"custom"}),
        ("LicenseRef-Academic-Research-Only", {"custom", "non-commercial", "research-only"}),
    ],
)
def test_categories(lid, cats):
    assert facts.category(lid) == cats
    assert set(facts.CATEGORIES) >= cats


def test_expression_categories_drop_permissive_when_restricted():
    assert facts.categories("MIT AND CC-BY-NC-4.0") == {"non-commercial"}
    assert facts.categories("MIT AND Apache-2.0") == {"permissive"}
    assert facts.categories(None) == {"unknown"}


def test_every_hub_id_has_facts_consistent_with_its_categories():
    for hub_id in hub_ids.HUB_TO_SPDX:
        spdx = hub_ids.hub_to_spdx(hub_id)
        got = facts.expression_facts(spdx)
        assert got.commercial_use in ("yes", "no", "unclear")
        assert (got.commercial_use == "no") == ("non-commercial" in got.categories), hub_id
        assert (got.share_alike is True) == ("share-alike" in got.categories), hub_id
