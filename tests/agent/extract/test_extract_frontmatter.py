"""Extraction of the YAML header: license keys, robustness to bad headers, Hub cardData fallback."""

from agent.extract import extract_evidence
from agent.models import Card


def card(readme, **kw):
    return Card(dataset="d", source="local", location="README.md", readme=readme, **kw)


def meta(evidence):
    return [
        (e.source, e.snippet, e.line_start, e.line_end) for e in evidence if e.kind == "metadata"
    ]


def test_license_string_and_list_with_line_spans():
    c = card("---\nlanguage:\n- en\nlicense:\n- cc-by-4.0\n- mit\n---\n# Title\n")
    assert meta(extract_evidence(c)) == [
        ("yaml:license", "cc-by-4.0", 4, 6),
        ("yaml:license", "mit", 4, 6),
    ]
    c = card("---\nlicense: apache-2.0\n---\n")
    assert meta(extract_evidence(c)) == [("yaml:license", "apache-2.0", 2, 2)]


def test_legacy_licenses_key_and_other_license_fields():
    c = card(
        "---\nlicenses:\n- cc0-1.0\nlicense_name: My Terms\nlicense_link: LICENSE.md\n"
        "license_details: for research only\n---\n"
    )
    got = {s: v for s, v, _, _ in meta(extract_evidence(c))}
    assert got == {
        "yaml:license": "cc0-1.0",
        "yaml:license_name": "My Terms",
        "yaml:license_link": "LICENSE.md",
        "yaml:license_details": "for research only",
    }


def test_malformed_yaml_is_read_line_by_line_with_a_warning():
    c = card("---\nlicense:\n- mit\npretty_name: [unclosed\n---\nbody\n")
    ev = extract_evidence(c)
    assert [v for _, v, _, _ in meta(ev)] == ["mit"]
    assert any("malformed YAML" in w for w in c.warnings)


def test_yaml_list_or_scalar_header_is_ignored_with_a_warning():
    for header in ("- a\n- b\n", "just a sentence\n"):
        c = card(f"---\n{header}---\n### Licensing Information\n\nMIT License\n")
        ev = extract_evidence(c)
        assert meta(ev) == []
        assert any("not a mapping" in w for w in c.warnings)
        assert any(e.source.startswith("section:") for e in ev)  # the body is still read


def test_tabs_and_duplicate_keys_become_warnings():
    c = card("---\nlicense:\n\t- mit\n---\n")
    assert [v for _, v, _, _ in meta(extract_evidence(c))] == ["mit"]
    assert any("tabs" in w for w in c.warnings)
    c = card("---\nlicense: mit\nlicense: apache-2.0\n---\n")
    assert [v for _, v, _, _ in meta(extract_evidence(c))] == ["apache-2.0"]
    assert any("duplicate keys: license" in w for w in c.warnings)


def test_no_header_falls_back_to_card_data_then_tags():
    c = card("# no header\n", card_data={"license": ["odbl"], "license_name": None})
    assert meta(extract_evidence(c)) == [("card_data:license", "odbl", None, None)]
    c = Card(
        dataset="d",
        source="hub",
        location="u",
        readme=None,
        tags=["language:en", "license:cc-by-nc-4.0"],
    )
    assert meta(extract_evidence(c)) == [("tags", "cc-by-nc-4.0", None, None)]


def test_odd_values_never_raise():
    for header in (
        "license: 3\n",
        "license:\n",
        "license: {a: mit}\n",
        "license: [null, '']\n",
        "? [a]\n: b\n",
    ):
        c = card(f"---\n{header}---\n")
        assert isinstance(extract_evidence(c), list)
    assert extract_evidence(card("")) == []
    ev = extract_evidence(
        card("---\nlicense: mit\n")
    )  # unterminated header: not a header, but body text
    assert meta(ev) == [] and [e.source for e in ev] == ["body"]


def test_readers_share_one_parse_of_a_header_and_none_of_them_changes_it():
    from agent.extract.frontmatter import front_matter, header_evidence, linked_files
    from agent.extract.safe_yaml import _load_header, load_header
    from agent.lineage.upstream import find_upstreams
    from agent.models import Card

    header = (
        "license: other\nlicense_link: ./TERMS.md\n"
        "source_datasets:\n- extended|squad\n- original\ntags: [a, b]\n"
    )
    readme = f"---\n{header}---\n# Card\n\nDerived from GLUE.\n"
    shared = front_matter(readme)[0]
    assert shared is load_header(header)[0] is front_matter(readme)[0]
    assert header_evidence(readme, [])[2] and linked_files(readme) == ["TERMS.md"]
    upstreams = find_upstreams(Card("org/x", "hub", "https://hub/org/x", readme=readme))
    assert [u.name for u in upstreams][:1] == ["squad"]
    assert shared == _load_header(header)[0]  # as parsed afresh: no reader changed it
