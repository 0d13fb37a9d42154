"""SPDX 2.3 export: written with spdx-tools, validated, parsed back (JSON and tag-value)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from spdx_tools.spdx.model import PackagePurpose, RelationshipType, SpdxNoAssertion, SpdxNone
from spdx_tools.spdx.parser.parse_anything import parse_file
from spdx_tools.spdx.validation.document_validator import validate_full_spdx_document

from agent.models import Entry, Evidence
from registry.exports.spdx2 import (
    SpdxExportError,
    build_document,
    render_spdx,
    spdx_format,
    validate,
    write_spdx,
)

RESEARCH_TEXT = "The dataset may be used for non-commercial research purposes only."


def entries() -> list[Entry]:
    return [
        Entry(
            "org/parent",
            revision="aaa111",
            declared_license="CC-BY-4.0",
            concluded_license="CC-BY-4.0",
            confidence=0.97,
            status="verified",
            commercial_use="yes",
            sources=["https://huggingface.co/datasets/org/parent/resolve/aaa111/README.md"],
        ),
        Entry(
            "org/child",
            revision="bbb222",
            declared_license="other",
            concluded_license="LicenseRef-research-only AND CC-BY-4.0",
            confidence=0.81,
            status="conflict",
            commercial_use="no",
            upstream=["org/parent"],
            effective_license="LicenseRef-research-only AND CC-BY-4.0",
            evidence=[
                Evidence(
                    "yaml:license",
                    "metadata",
                    "license: other",
                    3,
                    3,
                    "LicenseRef-research-only",
                    "custom",
                    0.4,
                ),
                Evidence(
                    "section:License",
                    "text",
                    RESEARCH_TEXT,
                    40,
                    41,
                    "LicenseRef-research-only",
                    "custom",
                    0.9,
                    ["research-only"],
                ),
            ],
        ),
        Entry(
            "squad",
            revision=None,
            declared_license=None,
            concluded_license="NOASSERTION",
            status="unknown",
        ),
        Entry(
            "local-folder",
            concluded_license="NONE",
            declared_license="NONE",
            status="unknown",
            sources=["/data/local-folder/README.md"],
        ),
        Entry("org/no-text", concluded_license="LicenseRef-acme-terms", status="unverified"),
    ]


@pytest.mark.parametrize(
    "name, fmt", [("datasets.spdx.json", "json"), ("datasets.spdx", "tag-value")]
)
def test_export_validates_and_parses_back(tmp_path, name, fmt):
    path = str(tmp_path / name)
    assert spdx_format(path) == fmt
    write_spdx(entries(), path)
    document = parse_file(path)
    assert validate_full_spdx_document(document) == []
    assert document.creation_info.spdx_version == "SPDX-2.3"
    packages = {p.name: p for p in document.packages}
    assert set(packages) == {"org/parent", "org/child", "squad", "local-folder", "org/no-text"}
    child = packages["org/child"]
    assert str(child.license_concluded) == "LicenseRef-research-only AND CC-BY-4.0"
    assert isinstance(child.license_declared, SpdxNoAssertion)  # "other" is not SPDX: noted
    assert "not a valid SPDX expression" in child.license_comment
    assert child.files_analyzed is False and child.primary_package_purpose == PackagePurpose.OTHER
    assert child.version == "bbb222"
    ref = child.external_references[0]
    assert (ref.category.name, ref.reference_type, ref.locator) == (
        "OTHER",
        "huggingface-dataset",
        "org/child",
    )
    assert isinstance(packages["squad"].license_concluded, SpdxNoAssertion)
    assert isinstance(packages["local-folder"].license_concluded, SpdxNone)
    assert packages["org/parent"].download_location == "https://huggingface.co/datasets/org/parent"
    extracted = {e.license_id: e for e in document.extracted_licensing_info}
    assert set(extracted) == {"LicenseRef-research-only", "LicenseRef-acme-terms"}
    # the written sentence is the license text, not the YAML id
    assert extracted["LicenseRef-research-only"].extracted_text == RESEARCH_TEXT
    assert "no license text was captured" in extracted["LicenseRef-acme-terms"].extracted_text
    kinds = {
        (r.spdx_element_id, r.relationship_type, r.related_spdx_element_id)
        for r in document.relationships
    }
    assert (
        "SPDXRef-Dataset-org-child",
        RelationshipType.DESCENDANT_OF,
        "SPDXRef-Dataset-org-parent",
    ) in kinds
    assert sum(1 for k in kinds if k[1] == RelationshipType.DESCRIBES) == 5


def test_created_is_written_as_utc_even_from_an_aware_datetime():
    paris = dt.timezone(dt.timedelta(hours=1))
    document = build_document(entries(), created=dt.datetime(2026, 11, 28, 16, 30, tzinfo=paris))
    assert document.creation_info.created == dt.datetime(2026, 11, 28, 15, 30)
    # the clock is injected: the rendered document says the given instant in UTC, on any date
    assert '"created": "2026-11-28T15:30:00Z"' in render_spdx(
        entries(), created=dt.datetime(2026, 11, 28, 16, 30, tzinfo=paris)
    )


def test_spdx_ids_stay_unique_and_valid():
    document = build_document(
        [
            Entry("org/name", concluded_license="MIT"),
            Entry("org-name", concluded_license="MIT"),
            Entry("weird name!", concluded_license="MIT"),
        ]
    )
    ids = [p.spdx_id for p in document.packages]
    assert ids == [
        "SPDXRef-Dataset-org-name",
        "SPDXRef-Dataset-org-name-2",
        "SPDXRef-Dataset-weird-name",
    ]
    assert validate_full_spdx_document(document) == []


def test_invalid_document_is_refused(tmp_path):
    document = build_document([Entry("org/x", concluded_license="MIT")])
    document.packages[0].download_location = "https://exa mple.com/x"  # as a bad writer would
    with pytest.raises(
        SpdxExportError,
        match="SPDX validation failed, nothing written: package "
        "download_location must be a valid URL",
    ):
        validate(document)


def test_a_location_spdx_cannot_express_becomes_noassertion(tmp_path):
    path = tmp_path / "out.spdx.json"
    write_spdx(
        [Entry("org/x", concluded_license="MIT", sources=["http://127.0.0.1:8765/datasets/org/x"])],
        str(path),
    )
    assert '"downloadLocation": "NOASSERTION"' in path.read_text()


def test_explicit_format_wins_over_extension_and_unknown_format_is_refused(tmp_path):
    assert spdx_format("out.txt", "tag-value") == "tag-value"
    assert spdx_format("-") == "json"
    with pytest.raises(Exception, match="unknown SPDX format"):
        spdx_format("x", "xml")
    assert spdx_format("x.json", "tv") == "tag-value" and spdx_format("x", "spdx-json") == "json"
    stream = io.StringIO()
    write_spdx(entries(), stream, "tv")  # the registry export command hands a stream
    assert "PackageName: org/child" in stream.getvalue()
    text = render_spdx(entries(), "tag-value")
    assert text.startswith("## Document Information") and "SPDXVersion: SPDX-2.3" in text
