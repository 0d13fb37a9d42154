"""CycloneDX 1.6 (validated against the official schema bundled with cyclonedx-python-lib) and
SPDX 3.0.1 JSON-LD (read back and re-checked by the official spdx-python-model bindings)."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator

from registry.exports.cyclonedx import render_cyclonedx
from registry.exports.formats import ExportSource
from registry.exports.spdx3 import NO_ASSERTION, render_spdx3
from tests.support.report_support import (
    INJECTION,
    hostile_entry,
    problem_entries,
    synthetic_registry,
)

WHEN = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.UTC)


def _source(entries, edges=None) -> ExportSource:
    return ExportSource(entries, edges_for=lambda d: (edges or {}).get(d, []), generated_at=WHEN)


def _cases():
    entries, edges = synthetic_registry(60)
    hostile = hostile_entry()
    edges[hostile.dataset] = [
        {"upstream": INJECTION, "kind": "model", "relation": INJECTION, "license": INJECTION}
    ]
    return {
        "empty": ([], {}),
        "problems": (problem_entries(), {}),
        "mixed": (entries + problem_entries() + [hostile], edges),
    }


CASES = _cases()


def _cyclonedx_errors(text: str) -> list:
    errors = JsonStrictValidator(SchemaVersion.V1_6).validate_str(text, all_errors=True)
    return [] if errors is None else [str(e)[:300] for e in errors]


@pytest.mark.parametrize("case", list(CASES))
def test_cyclonedx_validates_against_the_official_1_6_schema(case):
    entries, edges = CASES[case]
    text = render_cyclonedx(_source(entries, edges))
    assert _cyclonedx_errors(text) == []
    bom = json.loads(text)
    assert bom["specVersion"] == "1.6" and bom["metadata"]["timestamp"].startswith(
        "2026-11-28T12:00"
    )
    datasets = [c for c in bom.get("components", []) if c["bom-ref"].startswith("dataset-")]
    assert sorted(c["name"] for c in datasets) == sorted(e.dataset for e in entries)


def test_cyclonedx_components_carry_license_revision_references_and_properties():
    entries, edges = CASES["mixed"]
    bom = json.loads(render_cyclonedx(_source(entries, edges)))
    by_name = {c["name"]: c for c in bom["components"]}
    child = next(e for e in entries if e.upstream and e.status not in ("error", "unknown"))
    component = by_name[child.dataset]
    props = {p["name"]: p["value"] for p in component["properties"]}
    assert component["type"] == "data" and component["version"] == child.revision
    assert component["licenses"] == [
        {"expression": child.concluded_license, "acknowledgement": "concluded"}
    ]
    assert props["licensetrace:status"] == child.status and float(
        props["licensetrace:confidence"]
    ) == pytest.approx(child.confidence, abs=1e-3)
    references = {r["type"]: r["url"] for r in component["externalReferences"]}
    assert references == {
        "distribution": child.sources[0],
        "website": f"https://huggingface.co/datasets/{child.dataset}",
    }
    assert component["publisher"] == child.dataset.split("/")[0]
    assert {a["name"] for a in component["pedigree"]["ancestors"]} >= set(child.upstream)
    depends = next(d for d in bom["dependencies"] if d["ref"] == component["bom-ref"])
    refs = {c["bom-ref"]: c["name"] for c in bom["components"]}
    assert {refs[r] for r in depends["dependsOn"]} >= set(child.upstream)
    models = [c for c in bom["components"] if c["type"] == "machine-learning-model"]
    assert models and all(c["bom-ref"].startswith("upstream-") for c in models)


def test_cyclonedx_keeps_unknowns_and_errors_visible():
    bom = json.loads(render_cyclonedx(_source(problem_entries())))
    by_name = {c["name"]: c for c in bom["components"]}
    broken = {p["name"]: p["value"] for p in by_name["org/broken"]["properties"]}
    assert (
        broken["licensetrace:status"] == "error" and "RepoNotFound" in broken["licensetrace:error"]
    )
    assert "licenses" not in by_name["org/mystery"]  # NOASSERTION is no license claim
    components = json.loads(render_cyclonedx(_source([hostile_entry()])))["components"]
    hostile = next(c for c in components if c["bom-ref"] == "dataset-0")
    assert hostile["licenses"][0]["license"]["name"].startswith(
        "LicenseRef-x<script>"
    )  # not an expression
    # javascript: and a "URL" with spaces and markup are not references at all
    assert hostile.get("externalReferences", []) == []


def _spdx3_objects(text: str):
    from spdx_python_model import v3_0_1 as spdx

    objects = spdx.SHACLObjectSet()
    spdx.JSONLDDeserializer().read(io.BytesIO(text.encode()), objects)
    # and written again: the bindings re-check every required property and type on the way out
    spdx.JSONLDSerializer().write(objects, io.BytesIO())
    return spdx, objects


@pytest.mark.parametrize("case", list(CASES))
def test_spdx3_reads_back_through_the_official_bindings(case):
    entries, edges = CASES[case]
    text = render_spdx3(_source(entries, edges))
    document = json.loads(text)
    assert document["@context"] == "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"
    spdx, objects = _spdx3_objects(text)
    doc = next(objects.foreach_type(spdx.SpdxDocument))
    assert {str(p).rsplit("/", 1)[-1] for p in doc.profileConformance} == {
        "core",
        "software",
        "dataset",
        "simpleLicensing",
    }
    roots = {p.name for p in doc.rootElement}
    assert roots == {e.dataset for e in entries}
    for package in objects.foreach_type(spdx.dataset_DatasetPackage):
        assert len(package.dataset_datasetType) == 1


def test_spdx3_licenses_are_relationships_and_upstreams_too():
    entries, edges = CASES["mixed"]
    spdx, objects = _spdx3_objects(render_spdx3(_source(entries, edges)))
    packages = {p.name: p for p in objects.foreach_type(spdx.dataset_DatasetPackage)}
    relations: dict[tuple, list] = {}
    for r in objects.foreach_type(spdx.Relationship):
        name = getattr(r.from_, "name", None)
        relations.setdefault((name, str(r.relationshipType).rsplit("/", 1)[-1]), []).extend(r.to)
    child = next(e for e in entries if e.upstream and e.status == "verified")
    concluded = relations[(child.dataset, "hasConcludedLicense")]
    assert [x.simplelicensing_licenseExpression for x in concluded] == [child.concluded_license]
    assert packages[child.dataset].software_packageVersion == child.revision
    assert (
        packages[child.dataset].software_homePage
        == f"https://huggingface.co/datasets/{child.dataset}"
    )
    assert [o.name for o in packages[child.dataset].originatedBy] == [child.dataset.split("/")[0]]
    assert {x.name for x in relations[(child.dataset, "descendantOf")]} >= set(child.upstream)
    hostile = hostile_entry()
    assert [str(x) for x in relations[(hostile.dataset, "hasConcludedLicense")]] == [NO_ASSERTION]
    assert (
        INJECTION in packages[hostile.dataset].comment
    )  # kept as text, said to be no SPDX expression
    assert (INJECTION, "generates") in relations  # a model upstream generates the dataset
