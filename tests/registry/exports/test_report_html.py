"""The HTML audit report: injection-proof, self-contained by CSP, errors shown; 0 and 5,000 entries."""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser

import pytest

from agent.cli import main
from agent.models import Entry
from registry.exports.formats import ExportSource
from registry.exports.html import render_html
from tests.support.registry_support import PG_SKIP, PG_URL, PgSchema
from tests.support.report_support import (
    INJECTION,
    fill_registry,
    hostile_entry,
    problem_entries,
    synthetic_registry,
)


class Page(HTMLParser):
    """Every start tag with its attributes, and the text of <script>/<style> elements."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.blocks: dict[str, list[str]] = {"script": [], "style": []}
        self._in: str | None = None
        self.text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in self.blocks:
            self._in = tag
            self.blocks[tag].append("")

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._in:
            self.blocks[self._in][-1] += data
        else:
            self.text.append(data)


def _render(entries, edges=None, **kwargs) -> str:
    return render_html(
        ExportSource(entries, edges_for=lambda d: (edges or {}).get(d, []), **kwargs)
    )


def test_injected_card_text_renders_as_text_in_every_field():
    page = Page(
        _render(
            [hostile_entry()],
            {
                hostile_entry().dataset: [
                    {
                        "upstream": INJECTION,
                        "kind": "model",
                        "relation": INJECTION,
                        "license": INJECTION,
                    }
                ]
            },
        )
    )
    assert len(page.blocks["script"]) == 1  # ours; the card's <script> is text
    assert [
        t for t, _ in page.tags if t in ("img", "iframe", "object", "embed", "link", "textarea")
    ] == []
    assert [t for t, a in page.tags if t == "svg" and "onload" in a] == []
    for tag, attrs in page.tags:
        assert not [k for k in attrs if k.startswith("on")], (tag, attrs)
        for key in ("href", "src"):
            value = attrs.get(key) or ""
            assert not value.lower().startswith(("javascript:", "data:", "vbscript:")), (tag, attrs)
            assert value.startswith(("#", "https://", "http://", "url(#")) or not value, (
                tag,
                attrs,
            )
    text = "".join(page.text)
    # the words of the injection are on the page, as text (the report is useless if it hides them)
    assert text.count("<script>alert(1)</script>") >= 8 and "[click](javascript:alert(3))" in text


def test_content_security_policy_allows_only_the_inline_style_and_script_by_hash():
    html = _render([hostile_entry()])
    page = Page(html)
    policy = next(
        a["content"]
        for t, a in page.tags
        if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
    )
    assert policy.startswith("default-src 'none';") and "unsafe" not in policy
    for kind, directive in (("script", "script-src"), ("style", "style-src")):
        body = page.blocks[kind][0]
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"{directive} 'sha256-{digest}'" in policy


def test_errors_unknowns_conflicts_and_low_confidence_are_listed():
    html = _render(problem_entries())
    text = "".join(Page(html).text)
    assert (
        "Errors: could not be audited (1)" in text
        and "RepoNotFound: no dataset org/broken on the Hub" in text
    )
    assert (
        "Unknown: no license could be concluded (1)" in text
        and "Conflicts: sources disagree (1)" in text
    )
    assert "Low confidence: below 0.5 (2)" in text  # the unknown (0.1) and the conflict (0.45)
    assert "Could not be audited: RepoNotFound" in text  # the error's own section too
    assert re.search(r'href="#d-0">org/broken', html)


def test_empty_registry_renders_a_report_that_says_so():
    page = Page(_render([]))
    text = "".join(page.text)
    assert "0 datasets" in text and "The registry has no entries yet" in text
    assert sum(1 for t, _ in page.tags if t == "tr") == 1  # the table's header row only
    assert sum(1 for t, _ in page.tags if t == "article") == 0


def test_five_thousand_entries_fit_in_ten_megabytes_with_every_row_and_section():
    entries, edges = synthetic_registry(5000)
    html = _render(entries, edges)
    assert len(html.encode()) < 10 * 1024 * 1024
    page = Page(html)
    assert sum(1 for t, a in page.tags if t == "article") == 5000
    assert sum(1 for t, a in page.tags if t == "a" and a.get("href", "").startswith("#d-")) >= 5000
    assert "left out of the drawing" in "".join(page.text)  # the graph is capped, and says so


def test_evidence_quotes_lines_links_at_the_revision_and_the_chain():
    entries, edges = synthetic_registry(40)
    index, entry = next(
        (i, e) for i, e in enumerate(entries) if e.upstream and len(e.evidence) == 2
    )
    html = _render(entries, edges)
    section = html[html.index(f'<article id="d-{index}"') :]
    section = section[: section.index("</article>")]
    sha = entry.revision
    assert (
        f"/blob/{sha}/README.md#L{entry.evidence[1].line_start}-L{entry.evidence[1].line_end}"
        in section
    )
    assert entry.evidence[1].snippet in section
    assert (
        "Effective-license chain" in section and f"concluded: {entry.concluded_license}" in section
    )
    upstream = entries.index(next(e for e in entries if e.dataset == entry.upstream[0]))
    up = entries[upstream]
    # an audited upstream shows its own license and links to its section
    assert (
        f'<a href="#d-{upstream}">dataset {up.dataset} (derived): '
        f"{up.effective_license or up.concluded_license}</a>"
    ) in section


def test_cli_export_html_with_a_compare_section(tmp_path, capsys):
    old_entries, edges = synthetic_registry(30)
    new_entries, _ = synthetic_registry(30)
    new_entries[3].concluded_license, new_entries[3].commercial_use = "CC-BY-NC-4.0", "no"
    old = fill_registry(str(tmp_path / "old.db"), old_entries, edges)
    new = fill_registry(str(tmp_path / "new.db"), new_entries[1:], edges)
    out = tmp_path / "report.html"
    assert (
        main(
            [
                "registry",
                "export",
                "--format",
                "html",
                "--registry",
                new,
                "--output",
                str(out),
                "--compare",
                old,
            ]
        )
        == 0
    )
    text = "".join(Page(out.read_text()).text)
    assert "Changes since the previous audit" in text and "1 changed, 0 added, 1 removed" in text
    assert f"{new_entries[3].dataset}" in text
    assert main(["registry", "export", "--format", "csv", "--registry", new, "--compare", old]) == 2
    assert "--compare is a section of the html report" in capsys.readouterr().err


def test_gate_html_shows_verdicts_and_keeps_the_exit_code(tmp_path):
    registry = fill_registry(str(tmp_path / "r.db"), problem_entries())
    out = tmp_path / "gate.html"
    code = main(["gate", "--registry", registry, "--format", "html", "--output", str(out)])
    assert code == 1  # the non-commercial entries fail the default (commercial) policy
    text = "".join(Page(out.read_text()).text)
    assert "licensetrace gate report" in text and "gate: fail" in text and "non-commercial" in text


@pytest.mark.parametrize("bad", ["-", "nope.db"])
def test_html_export_from_a_missing_registry_is_a_usage_error(tmp_path, bad, capsys):
    assert (
        main(
            [
                "registry",
                "export",
                "--format",
                "html",
                "--registry",
                str(tmp_path / bad),
                "--output",
                str(tmp_path / "r.html"),
            ]
        )
        == 2
    )
    assert (
        not (tmp_path / "r.html").exists()
        and len(capsys.readouterr().err.strip().splitlines()) == 1
    )


def test_summary_says_why_each_commercial_answer_was_given():
    entries = [
        Entry(
            "a/own",
            concluded_license="CC-BY-NC-4.0",
            commercial_use="no",
            status="verified",
            confidence=0.9,
        ),
        Entry(
            "a/traced",
            concluded_license="MIT",
            commercial_use="yes",
            effective_commercial_use="unclear",
            effective_license="MIT",
            upstream=["x/unknown"],
            status="verified",
            confidence=0.9,
        ),
    ]
    html = _render(entries)
    cards = html[html.index('<div class="cards">') : html.index('</div>\n  <p class="note">')]
    no_card = cards[cards.index("card v-no") : cards.index("card v-unclear")]
    unclear_card = cards[cards.index("card v-unclear") : cards.index("card v-error")]
    assert "<code>CC-BY-NC-4.0</code> × 1" in no_card
    assert (
        "<code>MIT via upstreams</code> × 1" in unclear_card
    )  # the upstream, not MIT, made it unclear


@pytest.mark.postgres
@pytest.mark.skipif(not PG_URL, reason=PG_SKIP)
def test_a_postgresql_password_never_reaches_the_report(tmp_path):
    schema = PgSchema()
    try:
        url = schema.url.replace("://postgres@", "://postgres:s3cret-pw@", 1)
        assert (
            "s3cret-pw" in url
        )  # the test server trusts local connections: the password is ignored
        fill_registry(url, problem_entries())
        out = tmp_path / "r.html"
        assert (
            main(
                ["registry", "export", "--format", "html", "--registry", url, "--output", str(out)]
            )
            == 0
        )
        assert (
            main(
                [
                    "gate",
                    "--registry",
                    url,
                    "--format",
                    "html",
                    "--output",
                    str(tmp_path / "g.html"),
                ]
            )
            == 1
        )
        for page in (out, tmp_path / "g.html"):
            assert "s3cret-pw" not in page.read_text() and "org/broken" in page.read_text()
    finally:
        schema.drop()


def test_gate_html_lists_a_referenced_dataset_missing_from_the_registry(tmp_path):
    registry = fill_registry(str(tmp_path / "r.db"), problem_entries()[:1])
    refs = tmp_path / "refs.txt"
    refs.write_text("org/broken\norg/gone\n")
    out = tmp_path / "gate.html"
    code = main(
        [
            "gate",
            "--registry",
            registry,
            "--from",
            str(refs),
            "--no-audit",
            "--format",
            "html",
            "--output",
            str(out),
        ]
    )
    assert code == 3  # incomplete: an error entry and a missing dataset, nothing failing
    text = "".join(Page(out.read_text()).text)
    assert "missing org/gone: missing-entry" in text and "error org/broken: audit-error" in text
