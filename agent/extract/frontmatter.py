"""YAML front matter of a card: split it off, parse it robustly, and pull the license keys."""

from __future__ import annotations

import re

import yaml

from agent.extract.safe_yaml import HeaderRefused, load_header
from agent.extract.terms import gated_evidence
from agent.models import Evidence

# Keys that carry license information; `licenses` is the legacy plural of old cards.
LICENSE_KEYS = ("license", "licenses", "license_name", "license_link", "license_details")
# "---\n...\n---" at the very top of the file (a BOM and leading blank lines tolerated).
_FENCE = re.compile(r"^\ufeff?\s*---[ \t]*\r?\n")
# The closing fence: "---" or YAML's "..." on a line of its own (CRLF files too).
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.M)
# "license: mit" or "licenses:" at column 0, for the line-based fallback on broken YAML.
_KEY_LINE = re.compile(
    r"^(license|licenses|license_name|license_link|license_details)[ \t]*:[ \t]*(.*)$"
)
# Any top-level key line ("extra_gated_prompt: |"), for the line spans of evidence.
_ANY_KEY = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:")
# "- cc-by-4.0" list items under a key, in the fallback.
_ITEM_LINE = re.compile(r"^[ \t]*-[ \t]*(.+?)[ \t]*$")


def split(readme: str) -> tuple[str | None, int, int]:
    """Return (header text, first header line, first body line), lines 1-based; no header -> (None, 0, 1)."""
    m = _FENCE.match(readme)
    if not m:
        return None, 0, 1
    start = m.end()
    end = _CLOSE.search(readme, start)
    if not end:
        return None, 0, 1
    first = readme.count("\n", 0, start) + 1
    body_line = readme.count("\n", 0, end.end()) + 2
    return readme[start : end.start()], first, body_line


def _load(header: str, warnings: list[str]):
    """The header's YAML value (tabs read as spaces) through the one bounded loader (agent.extract.safe_yaml);
    raises HeaderRefused for a crafted header (alias bomb, deep nesting), yaml.YAMLError when malformed.
    The value is shared with the header's other readers: read it, never change it."""
    text = header.replace("\t", "  ") if "\t" in header else header
    if text != header:
        warnings.append("YAML header contains tabs; read with tabs as spaces")
    data, duplicates = load_header(text)
    if duplicates:
        warnings.append("YAML header has duplicate keys: " + ", ".join(sorted(set(duplicates))))
    return data


def front_matter(readme: str) -> tuple[dict | None, int, list[str]]:
    """The one front-matter reader of every later step: (header mapping or None when absent, malformed or
    refused, first body line (1-based; 1 without a header), raw header lines for hand scans).
    The mapping is shared with the other readers of the same header: read it, never change it."""
    header, _, body_line = split(readme)
    if header is None:
        return None, 1, []
    try:
        data = _load(header, [])
    except HeaderRefused:
        return None, body_line, []  # a crafted header: not even its raw lines are read
    except yaml.YAMLError:
        data = None  # malformed headers are common: callers scan the raw lines
    return (data if isinstance(data, dict) else None), body_line, header.splitlines()


def parse(header: str, warnings: list[str]) -> dict | None:
    """Parse the header as YAML; on failure fall back to a line scan of the license keys."""
    try:
        data = _load(header, warnings)
    except (
        HeaderRefused
    ) as exc:  # a crafted header: its keys are not read at all, not even line by line
        warnings.append(f"YAML header refused: {exc}")
        return None
    except yaml.YAMLError as exc:
        warnings.append(
            f"malformed YAML header ({type(exc).__name__}); license keys read line by line"
        )
        return _scan(header)
    if data is None:
        return {}
    if not isinstance(data, dict):
        warnings.append(f"YAML header is a {type(data).__name__}, not a mapping; ignored")
        return None
    return data


def _scan(header: str) -> dict:
    """Best-effort license keys from a header YAML cannot parse ("license: mit", "- cc-by-4.0")."""
    out: dict = {}
    current = None
    for line in header.splitlines():
        m = _KEY_LINE.match(line)
        if m:
            current, value = m.group(1), m.group(2).strip().strip("'\"")
            out[current] = value if value else []
            continue
        item = _ITEM_LINE.match(line)
        if current and isinstance(out.get(current), list) and item:
            out[current].append(item.group(1).strip("'\""))
        elif line and not line[0].isspace():
            current = None
    return out


def _key_lines(header: str, first_line: int) -> dict[str, tuple[int, int]]:
    """Line span of each license key in the README (key line to last indented/list line)."""
    spans: dict[str, tuple[int, int]] = {}
    lines = header.splitlines()
    for i, line in enumerate(lines):
        # a key opens its line with an ASCII letter or "_" and holds a ":" (most header lines are
        # indented values and list items)
        if not (line[:1].isascii() and (line[:1].isalpha() or line[:1] == "_") and ":" in line):
            continue
        m = _ANY_KEY.match(line)
        if not m:
            continue
        j = i
        while j + 1 < len(lines) and (lines[j + 1][:1] in (" ", "\t", "-")):
            j += 1
        spans[m.group(1)] = (first_line + i, first_line + j)
    return spans


def _values(value) -> list[str]:
    """A license value as a list of non-empty strings (string, list, or odd scalars)."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value if v is not None and str(v).strip()]
    if isinstance(value, dict):
        return [str(v).strip() for v in value.values() if v is not None and str(v).strip()]
    text = str(value).strip()
    return [text] if text else []


def license_evidence(
    data: dict, origin: str, spans: dict[str, tuple[int, int]] | None = None
) -> list[Evidence]:
    """Evidence pieces for the license keys of a header mapping (origin: "yaml" or "card_data")."""
    out: list[Evidence] = []
    spans = spans or {}
    for key in LICENSE_KEYS:
        if key not in data:
            continue
        start, end = spans.get(key, (None, None))
        source = f"{origin}:{'license' if key == 'licenses' else key}"
        for value in _values(data[key]):
            out.append(
                Evidence(
                    source=source,
                    kind="metadata",
                    snippet=value[:20000],
                    line_start=start,
                    line_end=end,
                )
            )
    return out + _config_licenses(data, origin, spans)


MAX_CONFIGS = 50  # configs read for their own license: a header of 5,000 configs is a file list


def _config_licenses(data: dict, origin: str, spans: dict[str, tuple[int, int]]) -> list[Evidence]:
    """Per-config licenses: "configs: [{config_name: forum, license: cc-by-nc-4.0}]" declares that part's
    license beside the dataset's, so the metadata declares all of them (AND)."""
    configs = data.get("configs")
    if not isinstance(configs, list):
        return []
    start, end = spans.get("configs", (None, None))
    out = []
    for config in configs[:MAX_CONFIGS]:
        if isinstance(config, dict):
            out += [
                Evidence(
                    source=f"{origin}:configs:license",
                    kind="metadata",
                    snippet=value[:2000],
                    line_start=start,
                    line_end=end,
                    note=f"config {config.get('config_name', '?')}",
                )
                for value in _values(config.get("license"))
            ]
    return out


def header_evidence(readme: str | None, warnings: list[str]) -> tuple[list[Evidence], int, bool]:
    """(evidence from the README header, first body line, whether a usable header was found)."""
    if not readme:
        return [], 1, False
    header, first, body_line = split(readme)
    if header is None:
        return [], 1, False
    data = parse(header, warnings)
    if data is None:
        return [], body_line, False
    spans = _key_lines(header, first)
    return license_evidence(data, "yaml", spans) + gated_evidence(data, spans), body_line, True


# A license_link that names a file of the dataset's own repository: "LICENSE", "./DATA_TERMS.txt",
# "docs/terms.md" (no scheme, no "..", not absolute): sources fetch it beside the LICENSE files.
_REPO_PATH = re.compile(r"^(?:\./)?(?!/)(?![^/]*:)(?:[\w.-]+/){0,3}[\w.-]+$")
MAX_LINKED_FILES = 2


def linked_files(readme: str | None) -> list[str]:
    """Repository files the header's license_link points to: "license_link: ./TERMS.md" -> ["TERMS.md"]."""
    data = front_matter(readme)[0] if readme else None
    if not data:
        return []
    out = []
    for value in _values(data.get("license_link")):
        path = value.strip().removeprefix("./")
        if _REPO_PATH.match(path) and ".." not in path.split("/") and path not in out:
            out.append(path)
    return out[:MAX_LINKED_FILES]
