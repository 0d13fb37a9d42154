"""The HTML report in a real headless Chromium: it renders, the table filters and sorts, nothing loads.

Skips (loudly) only when no Chromium is installed; .ci/run installs Debian's `chromium`.
"""

from __future__ import annotations

import json
import warnings

import pytest

from registry.exports.formats import ExportSource
from registry.exports.html import render_html
from tests.support.browser import NO_BROWSER, Browser, find_chromium
from tests.support.report_support import (
    INJECTION,
    hostile_entry,
    problem_entries,
    synthetic_registry,
)

CHROMIUM = find_chromium()
if CHROMIUM is None:
    warnings.warn(NO_BROWSER, stacklevel=1)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason=NO_BROWSER)

ROWS = "#datasets-table tbody tr"
_VISIBLE = f"Array.from(document.querySelectorAll('{ROWS}')).filter(r => !r.hidden).length"


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    entries, edges = synthetic_registry(200)
    entries += problem_entries() + [hostile_entry()]
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(
        render_html(ExportSource(entries, edges_for=lambda d: edges.get(d, []))), encoding="utf-8"
    )
    with Browser(CHROMIUM) as browser:
        browser.open(str(path))
        yield browser, path, entries


def _set(browser, element: str, value: str) -> int:
    browser.evaluate(
        f"(() => {{ const c = document.getElementById({json.dumps(element)}); "
        f"c.value = {json.dumps(value)}; c.dispatchEvent(new Event('input')); }})()"
    )
    return browser.evaluate(_VISIBLE)


def test_report_renders_every_row_and_the_charts(page):
    browser, _, entries = page
    assert browser.evaluate(f"document.querySelectorAll('{ROWS}').length") == len(entries)
    assert browser.evaluate("document.querySelectorAll('article.dataset').length") == len(entries)
    assert browser.evaluate("document.querySelector('#summary svg.chart').getBBox().width") > 100
    assert browser.evaluate("document.querySelectorAll('#graph g.node').length") > 50
    # layout happened: the summary cards have a real size
    assert browser.evaluate("document.querySelector('.card').getBoundingClientRect().height") > 40


def test_table_filters_by_text_status_and_commercial_use(page):
    browser, _, entries = page
    wanted = sum(1 for e in entries if "allenai/" in e.dataset)
    assert _set(browser, "filter", "ALLENAI/") == wanted
    assert (
        browser.evaluate("document.getElementById('shown').textContent")
        == f"{wanted} of {len(entries)} shown"
    )
    assert _set(browser, "filter", "") == len(entries)
    assert _set(browser, "status", "error") == sum(1 for e in entries if e.status == "error")
    assert _set(browser, "commercial", "no") == 0  # an error entry is never a "no"
    assert _set(browser, "status", "") == sum(
        1
        for e in entries
        if e.status != "error" and (e.effective_commercial_use or e.commercial_use) == "no"
    )
    _set(browser, "commercial", "")


def test_table_sorts_by_confidence(page):
    browser, _, _ = page
    browser.evaluate("document.querySelectorAll('#datasets-table th')[5].click()")
    values = browser.evaluate(
        f"Array.from(document.querySelectorAll('{ROWS} td:nth-child(6)'))"
        ".map(c => parseFloat(c.textContent))"
    )
    assert values == sorted(values) and values[0] < values[-1]


def test_nothing_leaves_the_file_and_no_injected_script_ran(page):
    browser, path, _ = page
    assert browser.requests() == [path.as_uri()]  # the page itself, nothing else
    assert not [e for e in browser.events if e.get("method") == "Page.javascriptDialogOpening"]
    assert [m for m in browser.console() if "Content Security Policy" in m] == []
    loads = browser.evaluate(
        "Array.from(document.querySelectorAll('[src], link[href], object, embed, iframe'))"
        ".map(e => e.outerHTML.slice(0, 80))"
    )
    assert loads == []
    assert INJECTION[:40] in browser.evaluate("document.body.innerText")
    assert browser.evaluate("document.querySelectorAll('img, svg[onload]').length") == 0


def test_report_is_readable_on_a_phone(tmp_path):
    entries, edges = synthetic_registry(30)
    path = tmp_path / "phone.html"
    path.write_text(
        render_html(ExportSource(entries, edges_for=lambda d: edges.get(d, []))), encoding="utf-8"
    )
    with Browser(CHROMIUM, width=390, height=844) as phone:
        phone.open(str(path))
        # the page itself does not scroll sideways: wide parts (table, graph) scroll in their own box
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390 + 1
        assert phone.evaluate("document.querySelector('.card').getBoundingClientRect().width") > 300


def test_print_layout_hides_controls_and_prints_every_row(page):
    browser, _, entries = page
    _set(browser, "filter", "allenai/")  # a filtered table on screen ...
    browser.call("Emulation.setEmulatedMedia", session=True, media="print")
    try:
        assert (
            browser.evaluate("getComputedStyle(document.querySelector('.controls')).display")
            == "none"
        )
        assert (
            browser.evaluate("getComputedStyle(document.querySelector('nav.toc')).display")
            == "none"
        )
        assert (
            browser.evaluate(
                "getComputedStyle(document.querySelector('article.dataset')).contentVisibility"
            )
            == "visible"
        )
        # the graph is scaled to the paper's width instead of being cut at its edge
        assert browser.evaluate(
            "document.querySelector('.graph svg').getBoundingClientRect().right"
        ) <= browser.evaluate("document.documentElement.clientWidth")
        # ... prints whole: print CSS shows the rows the filter hid
        shown = browser.evaluate(
            f"Array.from(document.querySelectorAll('{ROWS}'))"
            ".filter(r => getComputedStyle(r).display !== 'none').length"
        )
        assert shown == len(entries) and browser.evaluate(_VISIBLE) < len(entries)
        # and collapsed lists open for printing
        browser.evaluate("window.dispatchEvent(new Event('beforeprint'))")
        assert browser.evaluate(
            "Array.from(document.querySelectorAll('details')).every(d => d.open)"
        )
        pdf = browser.call("Page.printToPDF", session=True, printBackground=True)["data"]
        assert len(pdf) > 10_000
    finally:
        browser.call("Emulation.setEmulatedMedia", session=True, media="")
        _set(browser, "filter", "")
