"""SPDX 3.0.1 JSON-LD with the Dataset profile, built with the official bindings (spdx-python-model)."""

from __future__ import annotations

import io
import uuid
from typing import IO

from agent import __version__
from agent.errors import UsageError
from agent.models import Entry
from agent.spdx.expressions import is_valid
from registry.exports.entry_notes import entry_notes
from registry.exports.links import home_page, safe_url

_TERMS = "https://spdx.org/rdf/3.0.1/terms/"
NO_ASSERTION = _TERMS + "ExpandedLicensing/NoAssertionLicense"
NO_LICENSE = _TERMS + "ExpandedLicensing/NoneLicense"
PROFILES = ("core", "software", "dataset", "simpleLicensing")


class Spdx3ExportError(UsageError):
    """The SPDX 3 bindings refused the document (a required property missing); nothing was written."""


class _Builder:
    """Collects the elements of one document; every element gets an id under the document namespace."""

    def __init__(self, source) -> None:
        from spdx_python_model import v3_0_1 as spdx

        self.spdx = spdx
        self.base = f"https://spdx.org/spdxdocs/licensetrace-{uuid.uuid4()}"
        self.count = 0
        self.info = spdx.CreationInfo(
            specVersion="3.0.1", created=source.generated_at.replace(microsecond=0)
        )
        # the program made this document (a SoftwareAgent), using itself as the tool; no person is asserted
        agent = spdx.SoftwareAgent(
            spdxId=self.next_id("Agent"), name="licensetrace", creationInfo=self.info
        )
        tool = spdx.Tool(
            spdxId=self.next_id("Tool"), name=f"licensetrace {__version__}", creationInfo=self.info
        )
        self.info.createdBy = [agent]
        self.info.createdUsing = [tool]
        self.elements: list = [agent, tool]
        self.licenses: dict[str, object] = {}
        self.publishers: dict[str, object] = {}

    def publisher(self, owner: str):
        """The publishing account ("allenai" of "allenai/c4") as an Organization, made once."""
        if owner not in self.publishers:
            self.publishers[owner] = self.spdx.Organization(
                spdxId=self.next_id("Organization"), name=owner, creationInfo=self.info
            )
            self.elements.append(self.publishers[owner])
        return self.publishers[owner]

    def next_id(self, kind: str) -> str:
        self.count += 1
        return f"{self.base}#{kind}-{self.count}"

    def license(self, expression: str | None):
        """The license element (or NoAssertion/None individual) for an expression, made once."""
        text = (expression or "").strip()
        if not text or text == "NOASSERTION" or not is_valid(text):
            return NO_ASSERTION
        if text == "NONE":
            return NO_LICENSE
        if text not in self.licenses:
            self.licenses[text] = self.spdx.simplelicensing_LicenseExpression(
                spdxId=self.next_id("License"),
                simplelicensing_licenseExpression=text,
                creationInfo=self.info,
            )
            self.elements.append(self.licenses[text])
        return self.licenses[text]

    def relate(self, source, kind: str, targets: list) -> None:
        if targets:
            self.elements.append(
                self.spdx.Relationship(
                    spdxId=self.next_id("Relationship"),
                    from_=source,
                    to=targets,
                    creationInfo=self.info,
                    relationshipType=getattr(self.spdx.RelationshipType, kind),
                )
            )


def _comment(entry: Entry) -> str:
    written = {"concluded": entry.concluded_license, "declared": entry.declared_license}
    not_spdx = {
        label: value
        for label, value in written.items()
        if value and value not in ("NOASSERTION", "NONE") and not is_valid(value)
    }
    return "; ".join(entry_notes(entry, not_spdx))


def _package(b: _Builder, entry: Entry):
    spdx = b.spdx
    location = next((safe_url(s) for s in entry.sources or [] if safe_url(s)), None)
    package = spdx.dataset_DatasetPackage(
        spdxId=b.next_id("Dataset"),
        name=entry.dataset,
        creationInfo=b.info,
        dataset_datasetType=[
            spdx.dataset_DatasetType.noAssertion
        ],  # cards rarely say; we do not guess
        software_primaryPurpose=spdx.software_SoftwarePurpose.data,
        comment=_comment(entry),
    )
    if entry.revision:
        package.software_packageVersion = entry.revision
    if location:
        package.software_downloadLocation = location
    if home_page(entry):
        package.software_homePage = home_page(entry)
    if (
        "/" in entry.dataset
    ):  # origin: the account that publishes it on the Hub (or owns the repository)
        package.originatedBy = [b.publisher(entry.dataset.split("/")[0])]
    b.elements.append(package)
    b.relate(package, "hasConcludedLicense", [b.license(entry.concluded_license)])
    if entry.declared_license:
        b.relate(package, "hasDeclaredLicense", [b.license(entry.declared_license)])
    return package


def _outside(b: _Builder, edge: dict):
    """An upstream that is not in the registry: a model, a source repository or another dataset."""
    spdx, kind = b.spdx, str(edge.get("kind") or "dataset")
    name = str(edge.get("upstream") or "?")
    if kind == "model":
        element = spdx.ai_AIPackage(
            spdxId=b.next_id("Model"),
            name=name,
            creationInfo=b.info,
            software_primaryPurpose=spdx.software_SoftwarePurpose.model,
        )
    elif kind == "repository":
        element = spdx.software_Package(
            spdxId=b.next_id("Repository"),
            name=name,
            creationInfo=b.info,
            software_primaryPurpose=spdx.software_SoftwarePurpose.source,
        )
    else:
        element = spdx.dataset_DatasetPackage(
            spdxId=b.next_id("Dataset"),
            name=name,
            creationInfo=b.info,
            dataset_datasetType=[spdx.dataset_DatasetType.noAssertion],
        )
    b.elements.append(element)
    if edge.get("license"):
        b.relate(element, "hasDeclaredLicense", [b.license(edge["license"])])
    return element


def build_document(source):
    """The SpdxDocument and every element: packages, license expressions, relationships."""
    b = _Builder(source)
    entries = list(source.entries)
    packages = {e.dataset: _package(b, e) for e in entries}
    outside: dict[str, object] = {}
    for entry in entries:
        for edge in source.edges_for(entry.dataset) or [
            {"upstream": u} for u in entry.upstream or []
        ]:
            name, kind = str(edge.get("upstream") or "?"), str(edge.get("kind") or "dataset")
            upstream = packages.get(name) if kind == "dataset" else None
            if upstream is None:
                upstream = outside.setdefault(f"{kind}:{name}", None) or _outside(b, edge)
                outside[f"{kind}:{name}"] = upstream
            if kind == "model":  # the model generated the dataset
                b.relate(upstream, "generates", [packages[entry.dataset]])
            elif upstream is not packages[entry.dataset]:
                b.relate(packages[entry.dataset], "descendantOf", [upstream])
    document = b.spdx.SpdxDocument(
        spdxId=b.base + "#SPDXRef-DOCUMENT",
        name="licensetrace-datasets",
        creationInfo=b.info,
        profileConformance=[getattr(b.spdx.ProfileIdentifierType, p) for p in PROFILES],
        rootElement=list(packages.values()),
        element=b.elements,
        dataLicense=b.license("CC0-1.0"),
    )
    return b.spdx.SHACLObjectSet([document, *b.elements])


def render_spdx3(source) -> str:
    from spdx_python_model import v3_0_1 as spdx

    objects = build_document(source)
    stream = io.BytesIO()
    try:  # the bindings check required properties and value types while encoding
        spdx.JSONLDSerializer().write(objects, stream, indent=2)
    except (ValueError, TypeError) as exc:
        raise Spdx3ExportError(f"SPDX 3 document refused, nothing written: {exc}") from None
    return stream.getvalue().decode("utf-8")


class Spdx3Renderer:
    """The `spdx3` format of registry.exports.formats."""

    def write(self, source, stream: IO[str]) -> None:
        stream.write(render_spdx3(source))


def renderer(_name: str, _output: str) -> Spdx3Renderer:
    return Spdx3Renderer()
