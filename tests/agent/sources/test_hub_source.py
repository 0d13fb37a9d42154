"""HubSource against recorded answers of the Hub stand-in: cards, errors, odd bytes and headers."""

from __future__ import annotations

import re

import pytest

from agent.errors import DatasetError
from agent.refs import parse_ref
from agent.sources.http import HttpClient
from agent.sources.hub import HubSource
from tests.support.hub_fixtures import TEST_TOKEN

pytestmark = pytest.mark.vcr


def source(endpoint: str, token: str | None = None, **kw) -> HubSource:
    return HubSource(endpoint, HttpClient(token=token, backoff=0.01), **kw)


def fetch(endpoint: str, ref: str, token: str | None = None, **kw):
    return source(endpoint, token, **kw).fetch_card(parse_ref(ref))


def error_of(endpoint: str, ref: str, token: str | None = None, **kw) -> DatasetError:
    with pytest.raises(DatasetError) as caught:
        fetch(endpoint, ref, token, **kw)
    return caught.value


def test_card_info_readme_and_license_at_the_sha(hub_endpoint):
    card = fetch(hub_endpoint, "lt-test/with-license")
    assert re.fullmatch(r"[0-9a-f]{40}", card.revision)
    assert (
        card.location
        == f"{hub_endpoint}/datasets/lt-test/with-license/resolve/{card.revision}/README.md"
    )
    assert card.card_data["license"] == "mit" and "license:mit" in card.tags
    assert card.readme.startswith("---\nlicense: mit") and card.files["LICENSE"].startswith(
        "MIT License"
    )
    assert card.source == "hub" and card.dataset == "lt-test/with-license" and card.warnings == []


def test_real_card_keeps_list_license_and_text(hub_endpoint):
    card = fetch(hub_endpoint, "dyk")
    assert card.card_data["license"] == ["bsd-3-clause"]
    assert "license:bsd-3-clause" in card.tags and "Licensing Information" in card.readme


def test_pinned_revision_reads_that_commit(hub_endpoint):
    src = source(hub_endpoint)
    sha = src.fetch_info(parse_ref("kor_qpair"))["sha"]
    card = src.fetch_card(parse_ref(f"kor_qpair@{sha}"))
    assert card.revision == sha and card.card_data["license"] == ["mit"]


def test_unknown_dataset_without_token_is_repo_not_found(hub_endpoint):
    err = error_of(hub_endpoint, "lt-test/does-not-exist")
    assert err.code == "RepoNotFound" and "no token was sent" in err.message


def test_unknown_dataset_with_token_is_repo_not_found(hub_endpoint):
    err = error_of(hub_endpoint, "lt-test/does-not-exist", token=TEST_TOKEN)
    assert err.code == "RepoNotFound" and "no token" not in err.message


def test_private_dataset_with_a_token_not_allowed_is_not_found(hub_endpoint):
    assert error_of(hub_endpoint, "lt-test/private", token=TEST_TOKEN).code == "RepoNotFound"


def test_invalid_token_is_unauthorized(hub_endpoint):
    err = error_of(hub_endpoint, "lt-test/with-license", token="hf_wrong")
    assert err.code == "Unauthorized" and "invalid token" in err.message


def test_revision_not_found(hub_endpoint):
    err = error_of(hub_endpoint, "lt-test/with-license@no-such-branch")
    assert err.code == "RevisionNotFound" and "no-such-branch" in err.message


def test_gated_dataset_card_read_license_file_warned(hub_endpoint):
    card = fetch(hub_endpoint, "lt-test/gated")
    assert card.card_data["license"] == "other" and "license_link: LICENSE" in card.readme
    assert card.files == {}
    assert any("gated dataset (manual)" in w for w in card.warnings)
    assert any(w.startswith("LICENSE not readable") for w in card.warnings)


def test_gated_dataset_with_unreadable_card_is_gated_error(hub_endpoint):
    err = error_of(hub_endpoint, "lt-test/gated-card")
    assert err.code == "GatedRepo" and "not readable" in err.message


def test_dataset_without_readme_is_still_a_card(hub_endpoint):
    card = fetch(hub_endpoint, "lt-test/no-readme")
    assert card.readme is None and card.card_data is None and card.files == {}
    assert any("no README.md" in w for w in card.warnings)


def test_readme_entry_not_found_answer_gives_a_warning(hub_endpoint):
    """Info without `siblings` (e.g. narrowed by expand[]): the 404 EntryNotFound is read."""
    src = source(hub_endpoint)
    info = src.fetch_info(parse_ref("lt-test/no-readme"))
    info.pop("siblings")
    card = src.fetch_card(parse_ref("lt-test/no-readme"), info=info)
    assert card.readme is None and any("no README.md" in w for w in card.warnings)


@pytest.mark.parametrize("name", ["bad-yaml", "yaml-list", "yaml-scalar"])
def test_unusable_yaml_header_is_served_without_card_data(hub_endpoint, name):
    card = fetch(hub_endpoint, f"lt-test/{name}")
    assert card.card_data is None and card.readme.startswith("---\n")
    assert [t for t in card.tags if t.startswith("license:")] == []


def test_non_utf8_readme_is_decoded_with_a_warning(hub_endpoint):
    card = fetch(hub_endpoint, "lt-test/latin1")
    assert "Donn\ufffdes" in card.readme and card.card_data["license"] == "cc-by-4.0"
    assert any("not valid UTF-8" in w for w in card.warnings)


def test_readme_over_the_limit_is_too_large(hub_endpoint):
    err = error_of(hub_endpoint, "lt-test/big-readme", max_card_bytes=64 * 1024)
    assert err.code == "TooLarge" and "65,536" in err.message


def test_disabled_dataset_is_audited_with_a_warning(hub_endpoint):
    card = fetch(hub_endpoint, "lt-test/disabled")
    assert card.readme and any("disabled" in w for w in card.warnings)


def test_server_error_then_success_is_retried(hub_endpoint):
    src = source(hub_endpoint)
    card = src.fetch_card(parse_ref("lt-test/flaky"))
    assert card.card_data["license"] == "apache-2.0"
    assert src.http.stats["retries"] == 2  # info and README each answered 500 once


def test_rate_limited_answer_is_waited_out(hub_endpoint):
    src = source(hub_endpoint)
    card = src.fetch_card(parse_ref("lt-test/throttled"))
    assert card.card_data["license"] == "cc0-1.0"
    assert src.http.stats["throttled"] == 2 and src.http.stats["waited_s"] >= 2.0


def test_renamed_dataset_is_followed_and_named(hub_endpoint):
    card = fetch(hub_endpoint, "lt-test/old-name", token=TEST_TOKEN)
    assert card.dataset == "lt-test/old-name" and card.files["LICENSE"].startswith("MIT License")
    assert any("now names this dataset lt-test/with-license" in w for w in card.warnings)


def test_odd_info_shapes_do_not_break_the_card(hub_endpoint):
    """A mirror may answer with fewer or odder fields than the Hub: keep what makes sense."""
    src = source(hub_endpoint)
    info = src.fetch_info(parse_ref("kor_qpair"))
    info.update(tags="license:mit", cardData=["not", "a", "mapping"])
    card = src.fetch_card(parse_ref("kor_qpair"), info=info)
    assert card.tags == [] and card.card_data is None and card.readme.startswith("---")
