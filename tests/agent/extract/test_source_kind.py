"""Every place the extractor reports is a known SourceKind, so callers never parse `Evidence.source`."""

from __future__ import annotations

import pytest

from agent.extract import extract_evidence
from agent.lineage.upstream import find_upstreams
from agent.mapping import map_evidence
from agent.models import Evidence, SourceKind
from agent.refs import parse_ref
from agent.sources.local import fetch_local
from tests.support import paths

FIXTURES = paths.FIXTURES
FOLDERS = sorted({p.parent for p in FIXTURES.rglob("README.md") if "hostile" not in p.parts})


@pytest.mark.parametrize(
    ("source", "kind", "place"),
    [
        ("section:Licensing Information", SourceKind.SECTION, "Licensing Information"),
        ("yaml:configs:license", SourceKind.YAML, "configs:license"),
        ("tags", SourceKind.TAGS, ""),
        ("file:data/LICENSE", SourceKind.FILE, "data/LICENSE"),
        ("github:license", SourceKind.GITHUB, "license"),
        ("sidecar:x", SourceKind.OTHER, "x"),  # an unknown prefix is OTHER, not an error
    ],
)
def test_kind_and_place_are_read_from_the_source(source, kind, place):
    ev = Evidence(source=source, kind="text", snippet="")
    assert (ev.source_kind, ev.source_place) == (kind, place)


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_every_emitted_source_has_a_kind(folder):
    card = fetch_local(parse_ref(str(folder)))
    evidence = map_evidence(extract_evidence(card))
    evidence += [u.evidence for u in find_upstreams(card)]
    unknown = [e.source for e in evidence if e.source_kind is SourceKind.OTHER]
    assert unknown == []


def test_the_fixtures_exercise_many_kinds():
    seen = set()
    for folder in FOLDERS:
        card = fetch_local(parse_ref(str(folder)))
        seen |= {e.source_kind for e in extract_evidence(card)}
        seen |= {u.evidence.source_kind for u in find_upstreams(card)}
    assert len(seen) >= 6, seen  # the check above is not vacuous
