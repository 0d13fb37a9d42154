"""The HTML audit report: one self-contained, autoescaped page (Jinja2), no request leaves the file."""

from __future__ import annotations

import base64
import contextlib
import hashlib
from functools import lru_cache
from importlib import resources
from typing import IO

from agent import __version__
from registry.exports.graph_layout import build_graph
from registry.exports.report_model import (
    FIRST,
    LISTED,
    LOW_CONFIDENCE,
    SNIPPET_CHARS,
    anchor_of,
    entry_view,
    summarise,
)

_ASSETS = resources.files("registry.exports") / "templates"


@lru_cache(maxsize=1)
def _environment():
    import jinja2

    # autoescape on for every template: card text is untrusted and must render as text
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_ASSETS)),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


@lru_cache(maxsize=1)
def _assets() -> dict[str, str]:
    """The page's CSS and JS, and a Content-Security-Policy allowing only them.

    default-src 'none' forbids every load (scripts, styles, images, fonts, fetch) except the two
    inline blocks, named by hash: even a markup injection that escaped the escaping could not run.
    """
    css = (_ASSETS / "report.css").read_text(encoding="utf-8")
    js = (_ASSETS / "report.js").read_text(encoding="utf-8")
    csp = (
        f"default-src 'none'; style-src {_csp_hash(css)}; script-src {_csp_hash(js)}; "
        "base-uri 'none'; form-action 'none'"
    )
    return {"css": css, "js": js, "csp": csp}


def render_html(source, title: str = "licensetrace audit report") -> str:
    """The whole page for an ExportSource (entries, edges, optional diff and gate verdicts)."""
    from markupsafe import Markup

    entries = list(source.entries)
    edges = {e.dataset: source.edges_for(e.dataset) for e in entries}
    known = {
        e.dataset: (e.effective_license or e.concluded_license, anchor_of(i))
        for i, e in enumerate(entries)
    }
    views = [entry_view(i, e, edges[e.dataset], known) for i, e in enumerate(entries)]
    if source.gate is not None:
        results = {r.dataset: r for r in source.gate.results}
        for view in views:
            view.gate = results.get(view.entry.dataset)
    assets = _assets()
    return (
        _environment()
        .get_template("report.html.j2")
        .render(
            title=title,
            version=__version__,
            source=source,
            views=views,
            summary=summarise(views),
            graph=build_graph(views, edges),
            diff=source.diff,
            gate=source.gate,
            anchors={v.entry.dataset: v.anchor for v in views},
            low_mark=LOW_CONFIDENCE,
            listed=LISTED,
            first=FIRST,
            snippet_chars=SNIPPET_CHARS,
            generated=source.generated_at.strftime("%Y-%m-%d %H:%M UTC"),
            css=Markup(assets["css"]),
            js=Markup(assets["js"]),
            csp=assets["csp"],
        )
    )


class HtmlRenderer:
    """The `html` format of registry.exports.formats."""

    def write(self, source, stream: IO[str]) -> None:
        stream.write(render_html(source))


def renderer(_name: str, _output: str) -> HtmlRenderer:
    return HtmlRenderer()


def gate_html(report, entries, location: str) -> str:
    """`gate --format html`: the report of the judged entries, verdicts and violations shown."""
    from registry.exports.formats import ExportSource
    from registry.store.opener import open_registry

    with contextlib.closing(open_registry(location, create=False)) as store:
        source = ExportSource(entries, edges_for=store.edges, location=store.location, gate=report)
        return render_html(source, title="licensetrace gate report")
