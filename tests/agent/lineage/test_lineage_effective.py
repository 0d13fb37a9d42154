"""Effective license: most restrictive use wins, obligations accumulate, unknowns stay unclear."""

from __future__ import annotations

from agent.errors import DatasetError
from agent.lineage.effective import effective_license
from agent.lineage.upstream import Upstream
from agent.models import Conclusion, Entry, Evidence


def up(
    name: str, hub_id: str | None = None, kind: str = "dataset", license: str | None = None
) -> Upstream:
    evidence = Evidence("yaml:source_datasets", "upstream", f"extended|{name}", 12, 12)
    return Upstream(
        name, kind, "extended", hub_id if hub_id is not None else name, evidence, license
    )


def entry(name: str, lic: str, use: str, attribution=True, share_alike=False, **kw) -> Entry:
    return Entry(
        name,
        concluded_license=lic,
        commercial_use=use,
        attribution_required=attribution,
        share_alike=share_alike,
        status="verified",
        **kw,
    )


MIT = Conclusion("MIT", "MIT", 0.9, "verified", "yes", True, False)


def test_no_upstreams_keeps_own_terms():
    eff = effective_license(MIT, [])
    assert (eff.license, eff.commercial_use, eff.level) == ("MIT", "yes", "allowed")
    assert eff.chain == ["commercial use allowed because own license MIT"]


def test_non_commercial_upstream_wins_over_permissive_own_license():
    eff = effective_license(
        MIT,
        [
            (up("squad"), entry("squad", "CC-BY-SA-4.0", "yes", share_alike=True)),
            (up("org/nc"), entry("org/nc", "CC-BY-NC-4.0", "no")),
        ],
    )
    assert eff.commercial_use == "no" and eff.level == "non-commercial"
    assert eff.license == "MIT AND CC-BY-SA-4.0 AND CC-BY-NC-4.0"
    assert eff.chain[0] == "non-commercial because upstream org/nc is CC-BY-NC-4.0"
    assert eff.attribution_required is True and eff.share_alike is True  # accumulated
    assert eff.upstream == ["squad", "org/nc"]


def test_research_only_outranks_non_commercial():
    research = entry("org/research", "LicenseRef-Academic-Research-Only", "no")
    eff = effective_license(
        Conclusion(None, "CC-BY-NC-4.0", 0.9, "verified", "no", True, False),
        [(up("org/research"), research)],
    )
    assert (eff.commercial_use, eff.level) == ("no", "research-only")
    assert eff.chain[0].startswith("research-only because upstream org/research")


def test_upstream_effective_terms_are_used_transitively():
    # B is MIT itself but its own upstream made it non-commercial: A inherits that.
    b = entry(
        "org/b",
        "MIT",
        "yes",
        effective_license="MIT AND CC-BY-NC-4.0",
        effective_commercial_use="no",
    )
    eff = effective_license(MIT, [(up("org/b"), b)])
    assert eff.commercial_use == "no" and "CC-BY-NC-4.0" in eff.license


def test_unfetchable_upstream_is_unclear_with_the_reason_never_clean():
    error = DatasetError("RepoNotFound", "org/gone does not exist")
    for result in (
        error,
        "RepoNotFound: org/gone does not exist",
        Entry("org/gone", status="error", error="RepoNotFound: org/gone does not exist"),
    ):
        eff = effective_license(MIT, [(up("org/gone"), result)])
        assert eff.commercial_use == "unclear"
        assert eff.chain[0] == (
            "commercial use unclear because upstream org/gone could not be "
            "audited: RepoNotFound: org/gone does not exist"
        )
        assert eff.license == "MIT"


def test_free_name_upstream_is_unclear_unless_its_license_is_known():
    eff = effective_license(MIT, [(up("Common-Crawl", hub_id=""), None)])
    assert eff.commercial_use == "unclear"
    assert "Common-Crawl is not a Hub dataset; its license is unknown" in eff.chain[0]
    known = effective_license(
        MIT, [(up("Common-Crawl", hub_id=""), entry("Common-Crawl", "CC0-1.0", "yes"))]
    )
    assert known.commercial_use == "yes" and known.license == "MIT AND CC0-1.0"


def test_upstream_without_a_license_is_unclear():
    eff = effective_license(
        MIT, [(up("org/x"), entry("org/x", "NOASSERTION", "unclear", None, None))]
    )
    assert eff.commercial_use == "unclear" and eff.share_alike is None
    assert "org/x states no license we could determine (NOASSERTION)" in eff.chain[0]


def test_cycle_and_duplicates_are_ignored():
    # A -> B -> A: the graph hands A's own entry back as an upstream of A; and B twice.
    own = entry("org/a", "MIT", "yes")
    b = entry("org/b", "CC-BY-4.0", "yes")
    eff = effective_license(own, [(up("org/b"), b), (up("org/a"), own), (up("org/b"), b)])
    assert eff.upstream == ["org/b"] and eff.license == "MIT AND CC-BY-4.0"


def test_repository_upstreams_do_not_change_data_terms():
    repo = up("github.com/o/r", hub_id="", kind="repository", license="GPL-3.0-only")
    eff = effective_license(MIT, [(repo, None)])
    assert (eff.license, eff.commercial_use, eff.upstream) == ("MIT", "yes", [])


def test_unknown_own_license_is_unclear_and_obligations_unknown():
    own = Conclusion(None, "NOASSERTION", 0.9, "unknown", "unclear", None, None)
    eff = effective_license(own, [])
    assert (eff.license, eff.commercial_use) == ("NOASSERTION", "unclear")
    assert eff.attribution_required is None and "no license could be concluded" in eff.chain[0]


def test_unnamed_upstreams_and_models_are_unclear_with_reasons():
    from agent.lineage.upstream import UNNAMED_MODEL, UNNAMED_UPSTREAM

    eff = effective_license(MIT, [(up(UNNAMED_UPSTREAM, hub_id=""), None)])
    assert eff.commercial_use == "unclear" and "does not name" in eff.chain[0]
    model = up(UNNAMED_MODEL, hub_id="", kind="model")
    eff = effective_license(MIT, [(model, None)])
    assert eff.commercial_use == "unclear" and "whose terms we do not know" in eff.chain[0]


def test_unparsable_upstream_expression_is_kept_as_written():
    odd = entry("org/odd", "LicenseRef-Custom AND (", "unclear")
    eff = effective_license(MIT, [(up("org/odd"), odd)])
    assert eff.license == "MIT AND LicenseRef-Custom AND (" and eff.commercial_use == "unclear"
