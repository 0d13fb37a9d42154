"""Write the attribution notices (registry.exports.notice) as Markdown or as plain text."""

from __future__ import annotations

from typing import IO

from registry.exports.notice import collect, md, md_block, md_link, notice_license
from registry.exports.plain import clean

MODIFIED = "Modified: not recorded (state whether and how you changed it)"
INTRO = (
    "Attribution notices for the training data of this release, written by licensetrace from its "
    "registry. Licenses are as concluded from each dataset card (the effective license where "
    'upstreams were traced); check the entries under "Needs a human decision" before release. '
    "licensetrace cannot know whether you modified a dataset (filtered, translated, reformatted): "
    'fill in each "Modified" line.'
)


def write_markdown(notices, stream: IO[str], generated: str) -> None:
    w = stream.write
    w(
        f"# Training data notices\n\n{INTRO}\n\nGenerated {generated} from {notices.total} registry entries.\n"
    )
    w(f"\n## Attribution (TASL) — {len(notices.credits)} datasets\n")
    for c in notices.credits:
        e = c.entry
        w(f"\n### {md(e.dataset)}\n\n- Title: {md(e.dataset)}")
        author = (
            f"{md(c.author)} (publishing account; credit the authors the card names)"
            if c.author
            else "see the card"
        )
        sources = ", ".join(md_link(label, url) for label, url in c.links) or md(
            e.revision or "not recorded"
        )
        w(f"\n- Author: {author}\n- Source: {sources}")
        w(f"\n- License: {md_link(c.license, c.license_link) if c.license_link else md(c.license)}")
        if c.upstream:
            w(f"\n- Derived from: {', '.join(md(u) for u in c.upstream)}")
        w(f"\n- {MODIFIED}\n")
    w(f"\n## Share-alike obligations — {len(notices.share_alike)} datasets\n\n")
    if notices.share_alike:
        w(
            "Adaptations of these datasets that you share must carry the same license (or one it allows):\n\n"
        )
    for e in notices.share_alike:
        w(f"- {md(e.dataset)}: {md(notice_license(e))}\n")
    w(f"\n## NOTICE texts found — {len(notices.notice_texts)}\n")
    for e, file, text in notices.notice_texts:
        w(f"\n### {md(e.dataset)}: {md(file)}\n\n{md_block(text)}\n")
    w(f"\n## Needs a human decision — {len(notices.decide)} datasets\n\n")
    for e, reasons in notices.decide:
        w(f"- {md(e.dataset)} ({md(notice_license(e))}): {md('; '.join(reasons))}\n")


def write_text(notices, stream: IO[str], generated: str) -> None:
    w = stream.write
    w(
        f"TRAINING DATA NOTICES\n\n{INTRO}\n\nGenerated {generated} from {notices.total} registry entries.\n"
    )
    w(f"\nATTRIBUTION (TASL): {len(notices.credits)} datasets\n")
    for c in notices.credits:
        e = c.entry
        w(f"\n  {clean(e.dataset)}\n    Title:   {clean(e.dataset)}\n")
        w(
            f"    Author:  {clean(c.author) + ' (publishing account)' if c.author else 'see the card'}\n"
        )
        w(f"    Source:  {clean(', '.join(url for _, url in c.links)) or 'not recorded'}\n")
        link = f" <{c.license_link}>" if c.license_link else ""
        w(f"    License: {clean(c.license)}{link}\n")
        if c.upstream:
            w(f"    Derived from: {clean(', '.join(c.upstream))}\n")
        w(f"    {MODIFIED}\n")
    w(f"\nSHARE-ALIKE OBLIGATIONS: {len(notices.share_alike)} datasets\n")
    for e in notices.share_alike:
        w(f"  - {clean(e.dataset)}: adaptations you share stay under {clean(notice_license(e))}\n")
    w(f"\nNOTICE TEXTS FOUND: {len(notices.notice_texts)}\n")
    for e, file, text in notices.notice_texts:
        body = "\n".join("    | " + clean(line) for line in text.splitlines())
        w(f"\n  {clean(e.dataset)}: {clean(file)}\n{body}\n")
    w(f"\nNEEDS A HUMAN DECISION: {len(notices.decide)} datasets\n")
    for e, reasons in notices.decide:
        w(f"  - {clean(e.dataset)} ({clean(notice_license(e))}): {clean('; '.join(reasons))}\n")


class NoticeRenderer:
    """The `notice` (Markdown) and `notice-text` formats of registry.exports.formats."""

    def __init__(self, markdown: bool) -> None:
        self.markdown = markdown

    def write(self, source, stream: IO[str]) -> None:
        notices = collect(source.entries)
        generated = source.generated_at.strftime("%Y-%m-%d %H:%M UTC")
        (write_markdown if self.markdown else write_text)(notices, stream, generated)


def renderer(name: str, _output: str) -> NoticeRenderer:
    return NoticeRenderer(markdown=name == "notice")
