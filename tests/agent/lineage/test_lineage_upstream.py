"""Upstream discovery on real corpus cards and on adversarial snippets."""

from __future__ import annotations

import os

import pytest

from agent.lineage.upstream import find_upstreams
from agent.models import Card
from tests.support import paths

FIXTURES = os.path.join(paths.FIXTURES, "lineage")


def card(name: str) -> Card:
    path = os.path.join(FIXTURES, name, "README.md")
    with open(path, encoding="utf-8") as handle:
        return Card(os.path.basename(name), "local", path, readme=handle.read())


def text_card(body: str, name: str = "example", **kw) -> Card:
    return Card(name, "local", "README.md", readme=body, **kw)


def names(upstreams) -> set[str]:
    return {u.name for u in upstreams}


def test_yaml_extended_entries_are_upstreams_with_hub_ids_and_lines():
    ups = find_upstreams(card("mrqa"))
    yaml_ups = [u for u in ups if u.evidence.source == "yaml:source_datasets"]
    assert {u.hub_id for u in yaml_ups} == {
        "drop",
        "hotpot_qa",
        "natural_questions",
        "race",
        "search_qa",
        "squad",
        "trivia_qa",
    }
    squad = next(u for u in yaml_ups if u.hub_id == "squad")
    assert squad.relation == "extended" and squad.kind == "dataset"
    assert squad.evidence.snippet == "extended|squad"
    assert (
        card("mrqa").readme.splitlines()[squad.evidence.line_start - 1].strip()
        == "- extended|squad"
    )


def test_other_prefix_is_a_free_name_without_hub_id():
    ups = find_upstreams(card("jnlpba"))
    genia = next(u for u in ups if u.evidence.source == "yaml:source_datasets")
    assert genia.name == "genia-v3.02" and genia.hub_id is None
    assert "not a Hub id" in genia.evidence.note


def test_original_alone_means_no_upstream():
    ups = find_upstreams(
        text_card("---\nsource_datasets:\n- original\n---\n# Card\n\nPlain text.\n")
    )
    assert ups == []


@pytest.mark.parametrize("value", ["extended", "extended|other"])
def test_bare_extended_gives_an_unnamed_upstream(value):
    ups = find_upstreams(text_card(f"---\nsource_datasets:\n- {value}\n---\n# Card\n"))
    assert [(u.name, u.hub_id) for u in ups] == [("unnamed upstream", None)]


def test_malformed_yaml_is_read_line_by_line():
    readme = "---\nlicense: [mit\nsource_datasets:\n- extended|squad\n---\n# Card\n"
    ups = find_upstreams(text_card(readme))
    assert [(u.hub_id, u.evidence.line_start) for u in ups] == [("squad", 4)]


def test_card_data_and_tags_used_when_there_is_no_front_matter():
    c = text_card(
        "# Card without header\n",
        card_data={"source_datasets": ["extended|glue"]},
        tags=["source_datasets:extended|org/extra", "license:mit"],
    )
    ups = find_upstreams(c)
    assert [(u.hub_id, u.evidence.source) for u in ups] == [
        ("glue", "yaml:source_datasets"),
        ("org/extra", "tags"),
    ]


def test_derived_from_phrase_with_a_corpus_name():
    readme = card("jnlpba").readme
    body = readme.split("\n---\n", 1)[1]  # without the YAML header: text rules alone
    text = find_upstreams(text_card(body, name="jnlpba"))
    assert [(u.name, u.relation, u.hub_id) for u in text] == [
        ("GENIA version 3.02 corpus", "sourced", None)
    ]
    assert "came from the GENIA version 3.02 corpus" in text[0].evidence.snippet
    assert body.splitlines()[text[0].evidence.line_start - 1].startswith(
        "The data came from the GENIA"
    )


def test_one_dataset_named_in_yaml_and_text_is_one_upstream():
    ups = find_upstreams(card("jnlpba"))  # "other-genia-v3.02" and "the GENIA version 3.02 corpus"
    assert [(u.name, u.evidence.source) for u in ups] == [("genia-v3.02", "yaml:source_datasets")]
    squads = find_upstreams(
        text_card("---\nsource_datasets:\n- extended|squad\n- extended|squad_v2\n---\n")
    )
    assert [u.hub_id for u in squads] == ["squad", "squad_v2"]  # versions stay apart


def test_link_after_phrase_gives_link_text():
    ups = find_upstreams(card("turk"))
    assert names(ups) == {"Parallel Wikipedia Simplification (PWKP) corpus"}
    assert ups[0].relation == "derived"


def test_subset_phrase_and_citation_block_not_counted():
    ups = find_upstreams(card("mc_taco"))
    assert [(u.name, u.relation) for u in ups] == [("MultiRC", "subset")]


def test_dataset_table_rows_are_components():
    ups = find_upstreams(card("mrqa"))
    table = {u.name for u in ups if u.relation == "component"}
    assert {"NewsQA", "BioASQ", "DuoRC", "TextbookQA"} <= table
    assert not any(n.lower().startswith(("total", "dataset")) for n in table)


def test_source_list_items_with_citations():
    ups = find_upstreams(card("per_sent"))
    assert {"MPQA", "KBP Challenge", "Media Rank"} <= names(ups)


def test_model_generated_reviews_get_model_terms():
    ups = find_upstreams(card("generated_reviews_enth"))
    model = [u for u in ups if u.kind == "model"]
    assert [(u.name, u.license, u.relation) for u in model] == [
        ("CTRL", "BSD-3-Clause", "generated-by")
    ]
    assert "generated by [CTRL]" in model[0].evidence.snippet


@pytest.mark.parametrize("fixture", ["dane", "social_bias_frames", "break_data"])
def test_no_text_upstreams_from_citations_or_technology_built_on_the_data(fixture):
    ups = find_upstreams(card(fixture))
    assert [u.name for u in ups if u.evidence.source.startswith("text:")] == []


def test_based_on_a_model_is_not_data():
    readme = (
        "# Card\n\n## Dataset Summary\n\nThe tagger is based on BERT and the labels were "
        "derived from the CoNLL-2003 dataset.\n"
    )
    ups = find_upstreams(text_card(readme))
    assert [(u.name, u.kind) for u in ups] == [("CoNLL-2003 dataset", "dataset")]


def test_fine_tuned_and_scored_models_are_not_generators():
    ups = find_upstreams(card("modern/finetune_only"))
    assert [u for u in ups if u.kind == "model"] == []
    assert ups == []  # "derived from the IMDB corpus" sits in a citation: not counted either


def test_hub_links_in_text_but_not_in_related_sections_or_own_homepage():
    ups = find_upstreams(card("modern/gpt4_answers"))
    data = [u for u in ups if u.kind == "dataset"]
    assert [u.hub_id for u in data] == ["example-org/seed-prompts"]  # YAML and link agree: once
    chat = find_upstreams(card("modern/chat_logs"))
    assert "example-org/other-chats" not in {u.hub_id for u in chat}
    readme = "# C\n\n- **Homepage:** https://huggingface.co/datasets/org/self\n"
    assert find_upstreams(text_card(readme)) == []


def test_own_name_and_its_configs_are_not_upstreams():
    readme = "# C\n\n| Dataset | Size |\n|---|---|\n| Example-raw | 1 |\n| NewsQA | 2 |\n"
    assert names(find_upstreams(text_card(readme, name="example"))) == {"NewsQA"}


def test_empty_and_readme_less_cards():
    assert find_upstreams(Card("x", "hub", "u", readme=None)) == []
    assert find_upstreams(text_card("")) == []


def test_unnamed_generating_model_is_an_upstream_with_unknown_terms():
    """Its terms exist but cannot be known: a LicenseRef that keeps the effective verdict unclear."""
    readme = "# C\n\n## Dataset Summary\n\nAll answers were generated by a large language model.\n"
    ups = find_upstreams(text_card(readme))
    assert [(u.name, u.kind, u.license) for u in ups] == [
        ("unnamed generative model", "model", "LicenseRef-Unnamed-Model-Terms")
    ]
    assert ups[0].evidence.line_start == 5


def test_edges_carry_the_evidence_for_the_registry():
    ups = find_upstreams(card("jnlpba"))
    edge = ups[0].to_edge()
    assert edge["upstream"] == "genia-v3.02" and edge["relation"] == "extended"
    assert (
        edge["evidence"]["source"] == "yaml:source_datasets"
        and edge["evidence"]["line_start"] == 15
    )


def test_reupload_keeps_its_yaml_upstream_of_the_same_name():
    readme = "---\nsource_datasets:\n- extended|squad\n---\n# Card\n"
    assert [u.hub_id for u in find_upstreams(text_card(readme, name="myorg/squad"))] == ["squad"]
    assert find_upstreams(text_card(readme, name="squad")) == []  # the card naming itself


def test_modern_card_phrasings():
    readme = (
        "# C\n\n## Dataset Summary\n\nThis dataset is a filtered version of "
        "[OpenThing](https://huggingface.co/datasets/org-a/openthing) and is derived from "
        "`org-b/web-text`. It combines SQuAD and the TriviaQA dataset.\n\n"
        "We also used and/or modified train/test splits.\n"
    )
    ups = find_upstreams(text_card(readme))
    assert [(u.name, u.hub_id, u.relation) for u in ups] == [
        ("OpenThing", "org-a/openthing", "derived"),
        ("org-b/web-text", "org-b/web-text", "derived"),
        ("SQuAD", None, "derived"),
        ("TriviaQA dataset", None, "derived"),
    ]
    assert all(u.evidence.line_start == 5 for u in ups)


def test_see_also_links_and_license_names_are_not_upstreams():
    readme = (
        "# C\n\n## Dataset Summary\n\nCheck out our other dataset "
        "https://huggingface.co/datasets/me/other.\n\nYou should have received a copy of the "
        "GNU Affero General Public License along with this program.\n"
    )
    assert find_upstreams(text_card(readme)) == []


@pytest.mark.parametrize(
    "readme, expected",
    [
        ("---\nsource_datasets: 5\n---\n", []),
        ("---\nsource_datasets:\n  cfg: [extended|squad]\n---\n", ["squad"]),  # per-config lists
        ("\ufeff---\nsource_datasets:\n- extended|squad\n---\n", ["squad"]),  # byte-order mark
        ("---\r\nsource_datasets:\r\n- extended|squad\r\n---\r\n", ["squad"]),  # CRLF
        ("---\n- a\n---\n", []),  # a header that is not a mapping
    ],
)
def test_odd_headers(readme, expected):
    assert [u.hub_id for u in find_upstreams(text_card(readme))] == expected


def test_web_sites_named_with_what_was_taken_from_them():
    readme = (
        "# C\n\n## Source Data\n\nThe posts were collected from Reddit comments and the "
        "passages were extracted from Wikipedia articles. Reviews were collected from Polish "
        "websites and translated from English.\n"
    )
    assert names(find_upstreams(text_card(readme))) == {"Reddit", "Wikipedia"}


@pytest.mark.parametrize(
    "readme",
    [
        "\n---\nlicense: mit\nsource_datasets:\n- extended|squad\n---\n# Card\n",  # a blank line before the header
        "---\nlicense: mit\nsource_datasets:\n- extended|squad\n...\n# Card\n",  # YAML's "..." terminator
        "---\r\nlicense: mit\r\nsource_datasets:\r\n- extended|squad\r\n---\r\n",  # CRLF
    ],
)
def test_tracing_and_licensing_read_the_same_header(readme):
    """One front-matter reader: a header the license step reads also gives tracing its source_datasets."""
    from agent.extract import extract_evidence

    assert [
        e.snippet for e in extract_evidence(text_card(readme)) if e.source == "yaml:license"
    ] == ["mit"]
    assert [u.hub_id for u in find_upstreams(text_card(readme))] == ["squad"]


def test_source_datasets_written_with_an_escape_are_still_read():
    # The header is read only when it spells the key out or holds an escape: this one escapes it.
    readme = '---\n"source\\x5fdatasets":\n- extended|squad\n---\n# Card\n\nPlain text.\n'
    ups = find_upstreams(text_card(readme))
    assert [(u.hub_id, u.evidence.line_start) for u in ups] == [("squad", 3)]


def test_the_line_of_a_quoted_source_item_is_found():
    readme = "---\nsource_datasets:\n  - 'extended|squad'\n  -  \"original\"\n---\n# Card\n"
    ups = find_upstreams(text_card(readme))
    assert [(u.hub_id, u.evidence.line_start) for u in ups] == [("squad", 3)]
