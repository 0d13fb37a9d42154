"""CycloneDX 1.6 JSON: each dataset a `data` component, upstreams as pedigree and dependencies."""

from __future__ import annotations

from typing import IO

from agent import __version__
from agent.models import Entry
from agent.spdx.expressions import is_valid
from registry.exports.links import home_page, safe_url

PREFIX = "licensetrace:"  # property names (CycloneDX property taxonomy: namespaced by the tool)
# upstream kind -> component type ("repository": the source repository data was taken from)
_KIND_TYPES = {"dataset": "DATA", "model": "MACHINE_LEARNING_MODEL", "repository": "DATA"}


def _licenses(expression: str | None, acknowledgement):
    """A concluded SPDX expression, or the text as a named license; nothing for NOASSERTION/NONE."""
    from cyclonedx.model.license import DisjunctiveLicense, LicenseExpression

    text = (expression or "").strip()
    if text in ("", "NOASSERTION", "NONE"):
        return []
    if is_valid(text):
        return [LicenseExpression(text, acknowledgement=acknowledgement)]
    return [DisjunctiveLicense(name=text[:500], acknowledgement=acknowledgement)]


def _properties(entry: Entry) -> list:
    from cyclonedx.model import Property

    values = {
        "status": entry.status,
        "confidence": f"{float(entry.confidence or 0):.3f}",
        "commercial_use": entry.commercial_use,
        "declared_license": entry.declared_license,
        "concluded_license": entry.concluded_license,
        "effective_license": entry.effective_license,
        "effective_commercial_use": entry.effective_commercial_use,
        "error": entry.error,
        "audited_at": entry.audited_at,
        "attribution_required": None
        if entry.attribution_required is None
        else str(entry.attribution_required).lower(),
        "share_alike": None if entry.share_alike is None else str(entry.share_alike).lower(),
    }
    props = [
        Property(name=PREFIX + key, value=str(value))
        for key, value in values.items()
        if value not in (None, "")
    ]
    props += [
        Property(name=PREFIX + "reason", value=reason) for reason in entry.reasons or [] if reason
    ]
    return props


def _references(entry: Entry) -> list:
    from cyclonedx.exception.model import InvalidUriException
    from cyclonedx.model import ExternalReference, ExternalReferenceType, XsUri

    wanted = [
        (
            ExternalReferenceType.DISTRIBUTION,
            safe_url(s),
            "dataset card read at the audited revision",
        )
        for s in entry.sources or []
    ]
    wanted.append((ExternalReferenceType.WEBSITE, home_page(entry), "dataset page"))
    refs = []
    for kind, url, comment in wanted:
        if url is None:
            continue
        try:
            refs.append(ExternalReference(type=kind, url=XsUri(url), comment=comment))
        except InvalidUriException:  # a URL CycloneDX's URI grammar refuses is left out
            continue
    return refs


def _component(entry: Entry, ref: str):
    from cyclonedx.model.component import Component, ComponentType
    from cyclonedx.model.license import LicenseAcknowledgement

    publisher = entry.dataset.split("/")[0] if "/" in entry.dataset else None  # the Hub account
    return Component(
        type=ComponentType.DATA,
        name=entry.dataset,
        version=entry.revision or None,
        bom_ref=ref,
        publisher=publisher,
        licenses=_licenses(entry.concluded_license, LicenseAcknowledgement.CONCLUDED),
        external_references=_references(entry),
        properties=_properties(entry),
    )


def _upstream(edge: dict, ref: str | None = None):
    from cyclonedx.model import Property
    from cyclonedx.model.component import Component, ComponentType
    from cyclonedx.model.license import LicenseAcknowledgement

    kind = str(edge.get("kind") or "dataset")
    return Component(
        type=getattr(ComponentType, _KIND_TYPES.get(kind, "DATA")),
        name=str(edge.get("upstream") or "?"),
        bom_ref=ref,
        licenses=_licenses(edge.get("license"), LicenseAcknowledgement.DECLARED),
        properties=[
            Property(name=PREFIX + "upstream_kind", value=kind),
            Property(name=PREFIX + "relation", value=str(edge.get("relation") or "upstream")),
        ],
    )


def build_bom(source):
    """The Bom: one component per entry, one per upstream outside the registry, the dependency graph."""
    from cyclonedx.model.bom import Bom, BomMetaData
    from cyclonedx.model.component import Component, ComponentType, Pedigree
    from cyclonedx.model.dependency import Dependency
    from cyclonedx.model.tool import ToolRepository

    entries = list(source.entries)
    refs = {e.dataset: f"dataset-{i}" for i, e in enumerate(entries)}
    tool = Component(type=ComponentType.APPLICATION, name="licensetrace", version=__version__)
    bom = Bom(
        metadata=BomMetaData(tools=ToolRepository(components=[tool]), timestamp=source.generated_at)
    )
    components, outside = {}, {}
    for entry in entries:
        components[entry.dataset] = _component(entry, refs[entry.dataset])
        bom.components.add(components[entry.dataset])
    for entry in entries:
        edges = source.edges_for(entry.dataset) or [{"upstream": u} for u in entry.upstream or []]
        needs = []
        for edge in edges:
            name = str(edge.get("upstream") or "?")
            if name in components:
                needs.append(components[name])
            else:
                key = f"{edge.get('kind') or 'dataset'}:{name}"
                if key not in outside:
                    outside[key] = _upstream(edge, f"upstream-{len(outside)}")
                    bom.components.add(outside[key])
                needs.append(outside[key])
        if edges:
            components[entry.dataset].pedigree = Pedigree(ancestors=[_upstream(e) for e in edges])
        # added directly: Bom.register_dependency scans every dependency per call (quadratic)
        bom.dependencies.add(
            Dependency(
                ref=components[entry.dataset].bom_ref,
                dependencies=[Dependency(ref=c.bom_ref) for c in needs],
            )
        )
    for component in outside.values():  # every component has an entry in the dependency graph
        bom.dependencies.add(Dependency(ref=component.bom_ref))
    return bom


def render_cyclonedx(source) -> str:
    from cyclonedx.output.json import JsonV1Dot6

    return JsonV1Dot6(build_bom(source)).output_as_string(indent=2)


class CycloneDxRenderer:
    """The `cyclonedx` format of registry.exports.formats."""

    def write(self, source, stream: IO[str]) -> None:
        stream.write(render_cyclonedx(source) + "\n")


def renderer(_name: str, _output: str) -> CycloneDxRenderer:
    return CycloneDxRenderer()
