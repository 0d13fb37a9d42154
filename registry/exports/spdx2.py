"""Export registry entries as an SPDX 2.3 document (JSON or tag-value) written with spdx-tools."""

from __future__ import annotations

import datetime as dt
import io
import re
import uuid

from agent import __version__
from agent.errors import UsageError
from agent.models import Entry
from registry.exports.entry_notes import entry_notes
from registry.exports.spdx_tagvalue import make_tag_value_safe

TAG_VALUE_EXTENSIONS = (".spdx", ".tv", ".tag")
# "LicenseRef-research-only" inside an expression (also "DocumentRef-x:LicenseRef-y")
_LICENSE_REF = re.compile(r"(?<![\w.:-])LicenseRef-[A-Za-z0-9.-]+")
# https://huggingface.co/datasets/org/name/resolve/<sha>/README.md -> the dataset page
_HUB_FILE = re.compile(r"^(https?://[^/]+/datasets/[^/]+(?:/[^/]+)?)/(?:resolve|blob|raw)/")


class SpdxExportError(UsageError):
    """The SPDX document failed spdx-tools validation; nothing was written."""


def build_document(
    entries: list[Entry], name: str = "licensetrace-datasets", created: dt.datetime | None = None
):
    """One package per dataset (purpose OTHER, not analysed, Hub id as an OTHER external ref)."""
    from spdx_tools.spdx.model import (
        Actor,
        ActorType,
        CreationInfo,
        Document,
        Relationship,
        RelationshipType,
    )

    created = created or dt.datetime.now(dt.UTC)
    # spdx-tools fails to write a timezone-aware datetime: hand it naive UTC
    created = created.astimezone(dt.UTC).replace(tzinfo=None, microsecond=0)
    info = CreationInfo(
        spdx_version="SPDX-2.3",
        spdx_id="SPDXRef-DOCUMENT",
        name=name,
        document_namespace=f"https://spdx.org/spdxdocs/licensetrace-{uuid.uuid4()}",
        creators=[Actor(ActorType.TOOL, f"licensetrace-{__version__}")],
        created=created,
        creator_comment="Dataset licenses concluded by licensetrace from the dataset cards' evidence.",
        license_list_version=_list_version(),
    )
    document = Document(info)
    ids: dict[str, str] = {}
    for entry in entries:
        package = _package(entry, ids)
        document.packages.append(package)
        document.relationships.append(
            Relationship("SPDXRef-DOCUMENT", RelationshipType.DESCRIBES, package.spdx_id)
        )
    for entry in entries:  # upstream datasets that are in the document too
        for upstream in entry.upstream:
            if upstream in ids and upstream != entry.dataset:
                document.relationships.append(
                    Relationship(ids[entry.dataset], RelationshipType.DESCENDANT_OF, ids[upstream])
                )
    if (
        not entries
    ):  # SPDX asks the document to describe something: an empty registry describes NONE
        from spdx_tools.spdx.model import SpdxNone

        document.relationships.append(
            Relationship("SPDXRef-DOCUMENT", RelationshipType.DESCRIBES, SpdxNone())
        )
    document.extracted_licensing_info = _extracted(entries)
    return document


def _list_version():
    from spdx_tools.spdx.model import Version

    try:
        from agent.spdx.licenses import list_version

        major, minor = list_version().split(".")[:2]
        return Version(int(major), int(minor))
    except (ImportError, ValueError):
        return None


def _spdx_id(dataset: str, ids: dict[str, str]) -> str:
    base = "SPDXRef-Dataset-" + (re.sub(r"[^A-Za-z0-9.-]+", "-", dataset).strip("-") or "x")
    candidate, n = base, 2
    while candidate in ids.values():  # "org/name" and "org-name" must not collide
        candidate, n = f"{base}-{n}", n + 1
    ids[dataset] = candidate
    return candidate


def _package(entry: Entry, ids: dict[str, str]):
    from spdx_tools.spdx.model import (
        ExternalPackageRef,
        ExternalPackageRefCategory,
        Package,
        PackagePurpose,
        SpdxNoAssertion,
    )

    concluded, bad_c = _license(entry.concluded_license)
    declared, bad_d = _license(entry.declared_license)
    bad = {"concluded": bad_c, "declared": bad_d}
    notes = entry_notes(entry, {label: value for label, value in bad.items() if value})
    return Package(
        spdx_id=_spdx_id(entry.dataset, ids),
        name=entry.dataset,
        download_location=_download_location(entry),
        version=entry.revision or None,
        files_analyzed=False,
        supplier=SpdxNoAssertion(),
        license_concluded=concluded,
        license_declared=declared,
        license_comment="; ".join(notes),
        copyright_text=SpdxNoAssertion(),
        primary_package_purpose=PackagePurpose.OTHER,
        comment=("upstream: " + ", ".join(entry.upstream)) if entry.upstream else None,
        external_references=[
            ExternalPackageRef(
                ExternalPackageRefCategory.OTHER,
                "huggingface-dataset",
                re.sub(r"\s+", "-", entry.dataset),
                comment="Hugging Face Hub dataset id",
            )
        ],
    )


def _download_location(entry: Entry):
    from spdx_tools.spdx.model import SpdxNoAssertion
    from spdx_tools.spdx.validation.uri_validators import validate_download_location

    for source in entry.sources:
        if source.startswith(("http://", "https://")):
            match = _HUB_FILE.match(source)
            location = match.group(1) if match else source
            # SPDX's URL grammar refuses some real locations (a mirror on host:port): say no assertion
            return SpdxNoAssertion() if validate_download_location(location) else location
    return SpdxNoAssertion()


def _license(expression: str | None):
    """(parsed value, None) or (NOASSERTION, the unparsable text)."""
    from spdx_tools.common.spdx_licensing import spdx_licensing
    from spdx_tools.spdx.model import SpdxNoAssertion, SpdxNone

    text = (expression or "").strip()
    if not text or text.upper() == "NOASSERTION":
        return SpdxNoAssertion(), None
    if text.upper() == "NONE":
        return SpdxNone(), None
    try:
        parsed = spdx_licensing.parse(text)
        keys = spdx_licensing.license_keys(parsed)
    except Exception:  # license-expression raises several unrelated error types
        return SpdxNoAssertion(), text
    # the parser accepts any word ("other"): every id must be on the list or a LicenseRef
    if all(_LICENSE_REF.fullmatch(k.split(":")[-1]) or _known(k) for k in keys):
        return parsed, None
    return SpdxNoAssertion(), text


def _known(license_id: str) -> bool:
    from spdx_tools.common.spdx_licensing import spdx_licensing

    symbol = spdx_licensing.known_symbols.get(license_id)
    return symbol is not None and symbol.key == license_id


def license_refs(entry: Entry) -> set[str]:
    refs = set()
    for expression in (entry.concluded_license, entry.declared_license):
        refs.update(_LICENSE_REF.findall(expression or ""))
    return refs


def _extracted(entries: list[Entry]):
    """Every LicenseRef-* used, defined once, its text the evidence that named it."""
    from spdx_tools.spdx.model import ExtractedLicensingInfo

    texts: dict[str, tuple[str, list[str]]] = {}
    for entry in entries:
        for ref in sorted(license_refs(entry)):
            snippet, users = texts.get(ref, ("", []))
            users.append(entry.dataset)
            texts[ref] = (snippet or _snippet(entry, ref), users)
    return [
        ExtractedLicensingInfo(
            license_id=ref,
            extracted_text=text
            or f"Custom terms recorded by licensetrace for {', '.join(users)}; "
            "no license text was captured.",
            license_name=ref[len("LicenseRef-") :].replace("-", " "),
            comment=f"used by: {', '.join(users[:20])}",
        )
        for ref, (text, users) in sorted(texts.items())
    ]


def _snippet(entry: Entry, ref: str) -> str:
    """The evidence naming `ref`, written text first (a YAML id says less than a sentence)."""
    ranked = sorted(
        (e for e in entry.evidence if ref in (e.license or "")),
        key=lambda e: (e.kind == "metadata", -(e.score or 0)),
    )
    return next((e.snippet.strip() for e in ranked if e.snippet and e.snippet.strip()), "")


def validate(document) -> None:
    from spdx_tools.spdx.validation.document_validator import validate_full_spdx_document

    messages = validate_full_spdx_document(document)
    if messages:
        first = "; ".join(m.validation_message for m in messages[:3])
        more = f" (and {len(messages) - 3} more)" if len(messages) > 3 else ""
        raise SpdxExportError(f"SPDX validation failed, nothing written: {first}{more}")


_FORMAT_NAMES = {
    "json": "json",
    "spdx-json": "json",
    "tag-value": "tag-value",
    "tv": "tag-value",
    "spdx-tv": "tag-value",
    "tagvalue": "tag-value",
}


def spdx_format(path: str | None, fmt: str | None = None) -> str:
    """ "json" or "tag-value": an explicit format wins, else the file extension (default JSON)."""
    if fmt:
        if fmt.lower() not in _FORMAT_NAMES:
            raise UsageError(f"unknown SPDX format {fmt!r} (json or tag-value)")
        return _FORMAT_NAMES[fmt.lower()]
    return "tag-value" if (path or "").lower().endswith(TAG_VALUE_EXTENSIONS) else "json"


def render_spdx(entries: list[Entry], fmt: str = "json", **kwargs) -> str:
    """The validated document as text."""
    from spdx_tools.spdx.writer.json import json_writer
    from spdx_tools.spdx.writer.tagvalue import tagvalue_writer

    document = build_document(list(entries), **kwargs)
    validate(document)
    stream = io.StringIO()
    if fmt == "tag-value":
        make_tag_value_safe(document)
        tagvalue_writer.write_document_to_stream(document, stream, validate=False)
    else:
        json_writer.write_document_to_stream(document, stream, validate=False)
    return stream.getvalue()


def write_spdx(entries: list[Entry], target, fmt: str | None = None, **kwargs) -> None:
    """Validate, then write to `target`: a path ("-" is stdout) or an open text stream.

    The format is `fmt` ("json", "tag-value"; also "tv", "spdx-json", "spdx-tv"), else the file
    name's extension (".spdx" -> tag-value, else JSON). Nothing is written if validation fails.
    """
    import sys

    if hasattr(target, "write"):
        target.write(
            render_spdx(entries, spdx_format(getattr(target, "name", None), fmt), **kwargs)
        )
        return
    text = render_spdx(entries, spdx_format(target, fmt), **kwargs)
    if target == "-":
        sys.stdout.write(text)
        return
    try:
        with open(target, "w", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        raise UsageError(f"cannot write {target}: {exc.strerror or exc}") from None


class SpdxRenderer:
    """The `spdx`, `spdx-json` and `spdx-tv` formats of registry.exports.formats (SPDX 2.3)."""

    def __init__(self, fmt: str) -> None:
        self.fmt = fmt

    def write(self, source, stream) -> None:
        # rendered (and validated) first: a document that fails writes nothing
        stream.write(render_spdx(list(source.entries), self.fmt, created=source.generated_at))


def renderer(name: str, output: str) -> SpdxRenderer:
    return SpdxRenderer(spdx_format(output, None if name == "spdx" else name))
