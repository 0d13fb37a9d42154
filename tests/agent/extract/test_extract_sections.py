"""Extraction of licensing sections, subsections, body links/sentences and LICENSE files."""

from agent.extract import extract_evidence
from agent.models import Card
from tests.support import paths

FIX = paths.FIXTURES / "engine"


def card(readme, **kw):
    return Card(dataset="d", source="local", location="README.md", readme=readme, **kw)


def pieces(ev, prefix):
    return [e for e in ev if e.source.startswith(prefix)]


def test_licensing_section_any_level_until_next_heading_with_lines():
    text = "---\nlicense: mit\n---\n# T\n\n## Licence\n\nReleased under the MIT License.\n\n## Citation\n\n@x{}\n"
    sec = pieces(extract_evidence(card(text)), "section:")
    assert [(e.source, e.snippet, e.line_start, e.line_end) for e in sec] == [
        ("section:Licence", "Released under the MIT License.", 8, 9)
    ]


def test_placeholder_sections_give_no_evidence_and_toc_lines_are_not_sentences():
    text = "- [Licensing Information](#licensing-information)\n### Licensing Information\n\n[More Information Needed]\n"
    ev = extract_evidence(card(text))
    assert pieces(ev, "section:") == [] and pieces(ev, "body") == []


def test_headings_inside_code_fences_do_not_end_a_section():
    text = "### License\n\n```\n# not a heading\nMIT License\n```\n### Next\n"
    (sec,) = pieces(extract_evidence(card(text)), "section:")
    assert "MIT License" in sec.snippet and "# not a heading" in sec.snippet


def test_underlined_headings_of_setext_markdown_and_restructuredtext_open_sections():
    """README.rst and setext Markdown underline their headings: "Licence" over "-------"."""
    text = (
        "Corpus\n======\n\nIntro text.\n\nLicence\n-------\n\nThe data is released under "
        "CC BY 4.0.\n\nCitation\n--------\n\nPlease cite us.\n"
    )
    (sec,) = pieces(extract_evidence(card(text)), "section:")
    assert (sec.source, sec.snippet, sec.line_start) == (
        "section:Licence",
        "The data is released under CC BY 4.0.",
        9,
    )


def test_a_paragraph_line_a_fenced_rule_or_a_list_item_over_dashes_is_no_heading():
    text = (
        "# T\n\nSome text that goes on\nLicense\n---\n\n- License\n---\n\n```\nLicense\n---\n```\n"
    )
    assert pieces(extract_evidence(card(text)), "section:") == []


def test_subsections_are_kept_apart_from_the_section_statement():
    ev = extract_evidence(card((FIX / "superb" / "README.md").read_text()))
    assert pieces(ev, "section:") == []  # the section's own text is empty
    subs = pieces(ev, "subsection:")
    assert len(subs) >= 3 and subs[0].source == "subsection:Licensing Information/pr and asr"


def test_body_links_and_sentences_outside_sections_and_citations():
    text = (
        "Data released under [CC BY 4.0](https://creativecommons.org/licenses/by/4.0/).\n\n"
        "### Citation Information\n\nLicensed under the GPL, says the paper title.\n"
    )
    ev = extract_evidence(card(text))
    assert [e.snippet for e in pieces(ev, "link:")] == [
        "https://creativecommons.org/licenses/by/4.0/"
    ]
    assert [e.line_start for e in pieces(ev, "body")] == [1]  # the citation line is not evidence


def test_license_files_become_file_evidence():
    ev = extract_evidence(
        card("# x\n", files={"LICENSE": "MIT License\n\nPermission...\n", "COPYING": "  "})
    )
    assert [(e.source, e.kind, e.line_end) for e in pieces(ev, "file:")] == [
        ("file:LICENSE", "file", 4)
    ]


def test_real_card_evidence_keeps_source_lines_and_snippet():
    text = (FIX / "adv_glue" / "README.md").read_text()
    ev = extract_evidence(card(text))
    (sec,) = pieces(ev, "section:")
    lines = text.splitlines()
    assert lines[sec.line_start - 1].startswith(
        "The dataset is distributed under the [CC BY-SA 4.0]"
    )


def test_a_huge_card_keeps_a_bounded_number_of_body_pieces():
    from agent.extract.sections import MAX_BODY

    line = "Released under the MIT license, see https://opensource.org/licenses/MIT.\n"
    ev = extract_evidence(card("---\nlicense: mit\n---\n" + line * 50000))
    assert len([e for e in ev if e.source.startswith(("body", "link:"))]) == MAX_BODY
