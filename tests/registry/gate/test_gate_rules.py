"""The pure gate: each policy rule, expressions, waivers (expiry, license pinning), baseline, exit codes."""

from __future__ import annotations

import datetime as dt

from agent.models import Entry
from registry.gate.evaluate import evaluate, evaluate_entry
from registry.gate.licenses_match import equivalent_expressions, license_categories
from registry.gate.policy import Policy, Waiver, default_policy

TODAY = dt.date(2026, 11, 28)


def entry(
    name="org/ds", license_="MIT", status="verified", confidence=0.95, commercial="yes", **kw
):
    return Entry(
        name,
        revision="abc",
        concluded_license=license_,
        declared_license=license_,
        confidence=confidence,
        status=status,
        commercial_use=commercial,
        **kw,
    )


def policy(**kw) -> Policy:
    base = default_policy()
    for key, value in kw.items():
        setattr(base, key, value)
    base.source = "licensetrace.toml"
    return base


def verdict(p, e):
    result = evaluate_entry(p, e, TODAY)
    return result.verdict, [v.rule for v in result.violations]


def test_commercial_intent_alone_fails_non_commercial_research_only_and_unknown():
    bare = Policy(intended_use="commercial")  # nothing else set
    assert verdict(bare, entry(license_="CC-BY-NC-4.0", commercial="no")) == (
        "fail",
        ["non-commercial"],
    )
    assert verdict(bare, entry(license_="CC-BY-NC-SA-4.0", commercial="no"))[0] == "fail"
    research = entry(license_="LicenseRef-research-only", commercial="no")
    assert verdict(bare, research) == ("fail", ["non-commercial"])
    # a custom ref whose name says nothing: the entry's commercial_use "no" still decides
    custom = entry(license_="LicenseRef-acme-data-terms", commercial="no")
    assert verdict(bare, custom) == ("fail", ["non-commercial"])
    assert verdict(bare, entry(license_="NOASSERTION", status="unknown", commercial="unclear")) == (
        "fail",
        ["unknown-license"],
    )
    assert (
        verdict(bare, entry(license_="NONE", status="unknown", commercial="unclear"))[0] == "fail"
    )
    assert verdict(bare, entry(license_="MIT")) == ("pass", [])
    assert verdict(bare, entry(license_="CC-BY-4.0")) == ("pass", [])


def test_research_intent_accepts_non_commercial_but_not_unknown():
    research = policy(intended_use="research", review=[])
    assert verdict(research, entry(license_="CC-BY-NC-4.0", commercial="no")) == ("pass", [])
    assert verdict(research, entry(license_="NOASSERTION", commercial="unclear"))[0] == "fail"


def test_deny_by_wildcard_id_and_category():
    p = policy(deny=["CC-BY-SA-*", "no-derivatives"], review=[])
    assert verdict(p, entry(license_="CC-BY-SA-4.0")) == ("fail", ["denied-license"])
    assert verdict(p, entry(license_="cc-by-sa-3.0")) == ("fail", ["denied-license"])  # any case
    assert verdict(p, entry(license_="CC-BY-ND-4.0")) == ("fail", ["denied-license"])
    assert verdict(p, entry(license_="CC-BY-4.0")) == ("pass", [])


def test_allow_list_fails_the_rest_and_overrides_category_rules():
    p = policy(allow=["MIT", "Apache-2.0", "LicenseRef-acme-nc"], review=[])
    assert verdict(p, entry(license_="Apache-2.0")) == ("pass", [])
    assert verdict(p, entry(license_="BSD-3-Clause")) == ("fail", ["not-allowed"])
    # explicitly allowed: the commercial-use rules do not apply to it
    assert verdict(p, entry(license_="LicenseRef-acme-nc", commercial="no")) == ("pass", [])
    # deny wins over allow
    p.deny = ["MIT"]
    assert verdict(p, entry(license_="MIT")) == ("fail", ["denied-license"])


def test_review_list_does_not_fail():
    p = policy(review=["share-alike"])
    assert verdict(p, entry(license_="CC-BY-SA-4.0")) == ("review", ["review-license"])
    assert verdict(p, entry(license_="ODbL-1.0")) == ("review", ["review-license"])
    report = evaluate(p, [entry(license_="CC-BY-SA-4.0")], TODAY)
    assert report.exit_code == 0


def test_commercial_use_unclear_needs_review():
    assert verdict(policy(), entry(license_="LicenseRef-acme-terms", commercial="unclear")) == (
        "review",
        ["commercial-unclear"],
    )


def test_expressions_and_needs_every_part_or_takes_the_best_choice():
    p = policy(review=[])
    assert verdict(p, entry(license_="MIT AND CC-BY-NC-4.0", commercial="no")) == (
        "fail",
        ["non-commercial"],
    )
    assert verdict(p, entry(license_="MIT OR CC-BY-NC-4.0")) == ("pass", [])
    assert (
        verdict(p, entry(license_="(CC-BY-NC-4.0 OR CC-BY-NC-SA-4.0) AND MIT", commercial="no"))[0]
        == "fail"
    )
    assert verdict(p, entry(license_="GPL-2.0-only WITH Classpath-exception-2.0")) == ("pass", [])


def test_fail_on_statuses_and_conflict_review_by_default():
    assert verdict(policy(), entry(status="conflict")) == ("fail", ["status-conflict"])
    assert verdict(policy(fail_on=["error"]), entry(status="conflict")) == (
        "review",
        ["status-conflict"],
    )
    assert verdict(policy(fail_on=["unverified"]), entry(status="unverified")) == (
        "fail",
        ["status-unverified"],
    )
    assert verdict(policy(), entry(status="unverified")) == ("pass", [])


def test_min_confidence_reviews_or_fails_with_low_confidence():
    weak = entry(confidence=0.3)
    assert verdict(policy(min_confidence=0.5), weak) == ("review", ["low-confidence"])
    assert verdict(policy(min_confidence=0.5, fail_on=["low-confidence"]), weak) == (
        "fail",
        ["low-confidence"],
    )
    assert verdict(policy(min_confidence=0.2), weak) == ("pass", [])


def test_effective_license_unless_the_policy_turns_it_off():
    derived = entry(
        license_="MIT",
        effective_license="MIT AND CC-BY-NC-4.0",
        effective_commercial_use="no",
        upstream=["org/parent"],
    )
    assert verdict(policy(use_effective_license=False), derived) == ("pass", [])
    result = evaluate_entry(policy(use_effective_license=True), derived, TODAY)
    assert result.verdict == "fail" and result.license == "MIT AND CC-BY-NC-4.0"
    assert any("effective license" in n for n in result.notes)
    same = entry(effective_license="MIT", effective_commercial_use="yes")
    assert evaluate_entry(policy(), same, TODAY).notes == []  # nothing to say when equal
    untraced = evaluate_entry(policy(use_effective_license=True), entry(), TODAY)
    assert untraced.verdict == "pass" and "upstreams not traced" in untraced.notes[0]


def waiver(license_="CC-BY-NC-4.0", expires=dt.date(2027, 1, 1), dataset="org/ds"):
    return Waiver(dataset, license_, "legal reviewed the contract", expires, line=12)


def test_waiver_covers_the_reviewed_license_until_it_expires():
    nc = entry(license_="CC-BY-NC-4.0", commercial="no")
    result = evaluate_entry(policy(waivers=[waiver()]), nc, TODAY)
    assert result.verdict == "waived" and result.waiver.reason == "legal reviewed the contract"
    assert evaluate(policy(waivers=[waiver()]), [nc], TODAY).exit_code == 0
    # expiry: the waiver stops covering on its date
    expired = evaluate_entry(policy(waivers=[waiver(expires=TODAY)]), nc, TODAY)
    assert expired.verdict == "fail" and expired.waiver is None
    assert "expired on 2026-11-28" in " ".join(expired.notes)
    still = evaluate_entry(
        policy(waivers=[waiver(expires=TODAY + dt.timedelta(days=1))]), nc, TODAY
    )
    assert still.verdict == "waived" and "expires in 1 days" in " ".join(still.notes)
    assert not any("expires in" in n for n in result.notes)  # 34 days away: no warning


def test_waiver_is_void_once_the_license_changes():
    changed = entry(license_="CC-BY-NC-SA-4.0", commercial="no")
    result = evaluate_entry(policy(waivers=[waiver()]), changed, TODAY)
    assert result.verdict == "fail"
    assert (
        "licensetrace.toml:12 is void: it was for CC-BY-NC-4.0, the license is now "
        "CC-BY-NC-SA-4.0" in " ".join(result.notes)
    )
    # the same license written differently still matches
    assert equivalent_expressions("MIT AND cc-by-nc-4.0", "CC-BY-NC-4.0 AND MIT")
    assert not equivalent_expressions("MIT OR CC-BY-NC-4.0", "MIT AND CC-BY-NC-4.0")


def test_waiver_for_another_dataset_does_not_apply_and_unused_waiver_is_noted():
    nc = entry(license_="CC-BY-NC-4.0", commercial="no")
    report = evaluate(policy(waivers=[waiver(dataset="org/other")]), [nc], TODAY)
    assert report.results[0].verdict == "fail"
    assert any("matches no audited dataset (org/other)" in n for n in report.notes)


def test_exit_codes_pass_violation_incomplete():
    p = policy()
    assert evaluate(p, [entry()], TODAY).exit_code == 0
    assert (
        evaluate(p, [entry(), entry("org/nc", "CC-BY-NC-4.0", commercial="no")], TODAY).exit_code
        == 1
    )
    broken = Entry("org/broken", status="error", error="RepoNotFound: no such dataset")
    report = evaluate(p, [entry(), broken], TODAY)
    assert report.exit_code == 3 and report.results[0].verdict == "error"
    assert evaluate(p, [entry()], TODAY, missing=["org/gone"]).exit_code == 3
    # violations are the stronger signal: a run with both exits 1
    assert (
        evaluate(p, [broken, entry("org/nc", "CC-BY-NC-4.0", commercial="no")], TODAY).exit_code
        == 1
    )
    # without "error" in fail_on an error entry is reported but does not fail
    lenient = evaluate(policy(fail_on=["conflict"]), [broken], TODAY)
    assert lenient.exit_code == 0 and lenient.results[0].violations[0].severity == "skip"


def test_baseline_old_violation_passes_new_one_fails():
    p = policy()
    old = entry("org/old", "CC-BY-NC-4.0", commercial="no")
    accepted = {("org/old", "CC-BY-NC-4.0", "non-commercial")}
    report = evaluate(p, [old], TODAY, baseline=accepted)
    assert report.results[0].verdict == "baselined" and report.exit_code == 0
    new = entry("org/new", "CC-BY-NC-ND-4.0", commercial="no")
    report = evaluate(p, [old, new], TODAY, baseline=accepted)
    assert [r.verdict for r in report.results] == ["fail", "baselined"]  # sorted by name
    assert report.exit_code == 1
    # the accepted violation is pinned to the license: a changed license fails again
    changed = entry("org/old", "CC-BY-NC-SA-4.0", commercial="no")
    assert evaluate(p, [changed], TODAY, baseline=accepted).exit_code == 1


def test_categories_from_the_license_knowledge():
    assert "non-commercial" in license_categories("CC-BY-NC-4.0")
    assert "share-alike" in license_categories("CC-BY-SA-4.0")
    assert "no-derivatives" in license_categories("CC-BY-ND-4.0")
    assert "custom" in license_categories("LicenseRef-acme")
    assert license_categories("NOASSERTION") == {"unknown"}
    assert "permissive" in license_categories("MIT")


def test_an_id_the_license_facts_leave_unclassified_is_never_permissive():
    # Aladdin is on the SPDX list but neither OSI- nor FSF-approved, and restricts commercial
    # distribution: the facts table does not classify it, so "permissive" must not match it.
    assert license_categories("Aladdin") == set()
    only_permissive = policy(allow=["permissive"])
    assert verdict(only_permissive, entry(license_="Aladdin", commercial="unclear"))[0] == "fail"
    assert verdict(only_permissive, entry(license_="MIT"))[0] == "pass"


def test_the_gate_and_the_facts_share_one_category_table():
    from agent.spdx import facts, licenses
    from registry.gate import policy as policy_module

    assert policy_module.CATEGORIES == facts.CATEGORIES
    for license_id in licenses.all_ids():  # every id on the bundled list, one answer
        assert license_categories(license_id) == facts.category(license_id), license_id


def test_the_default_policy_judges_the_effective_license():
    # MIT card derived from CC-BY-NC data: the card passes, its effective license does not
    derived = entry(
        license_="MIT", effective_license="MIT AND CC-BY-NC-4.0", effective_commercial_use="no"
    )
    result = evaluate_entry(default_policy(), derived, TODAY)
    assert result.verdict == "fail" and result.license == "MIT AND CC-BY-NC-4.0"
    assert "non-commercial" in [v.rule for v in result.violations]
    # a policy file that says nothing about it keeps the default
    from registry.gate.policy import build_policy

    written = build_policy(
        {"intended_use": "commercial"},
        "licensetrace.toml",
        '[policy]\nintended_use = "commercial"\n',
        ("policy",),
    )
    assert evaluate_entry(written, derived, TODAY).verdict == "fail"
    # and asking for the concluded license only is still possible
    concluded = policy(use_effective_license=False)
    assert evaluate_entry(concluded, derived, TODAY).verdict == "pass"


def test_a_big_registry_is_judged_quickly():
    import time

    licenses = [
        "MIT",
        "CC-BY-NC-4.0",
        "CC-BY-SA-4.0 AND MIT",
        "Apache-2.0 OR GPL-3.0-only",
        "LicenseRef-research-only",
        "NOASSERTION",
    ]
    many = [
        entry(f"org/d{i}", licenses[i % len(licenses)], commercial=("yes", "no")[i % 2])
        for i in range(5000)
    ]
    start = time.perf_counter()
    report = evaluate(policy(), many, TODAY)
    elapsed = time.perf_counter() - start
    assert len(report.results) == 5000 and report.exit_code == 1
    assert elapsed < 3.0, f"5,000 entries took {elapsed:.2f}s"
