"""Load and validate the gate's license policy from licensetrace.toml or pyproject.toml."""

from __future__ import annotations

import datetime as dt
import difflib
import fnmatch
import os
import re
import tomllib
from dataclasses import dataclass, field
from typing import Any

from agent.spdx import facts, licenses
from agent.textfile import UnreadableFile, read_text
from registry.gate.policy_lines import Locator, PolicyError  # noqa: F401 - PolicyError re-exported

INTENDED_USES = ("commercial", "research")
# license categories a list may name: the words of the one license-facts table
CATEGORIES = facts.CATEGORIES
FAIL_ON = ("conflict", "unknown", "unverified", "error", "low-confidence")
KEYS = (
    "intended_use",
    "allow",
    "deny",
    "review",
    "min_confidence",
    "fail_on",
    "use_effective_license",
    "waivers",
)
WAIVER_KEYS = ("dataset", "license", "reason", "expires")

# The policy used when no file is found (documented in docs/ci.md): commercial use, unknown
# licenses and YAML/text conflicts fail, copyleft-like terms and weak conclusions need a look.
# The effective license is judged: an MIT card derived from CC-BY-NC data is not commercial-safe.
DEFAULTS: dict[str, Any] = {
    "intended_use": "commercial",
    "allow": [],
    "deny": [],
    "review": ["share-alike", "no-derivatives"],
    "min_confidence": 0.5,
    "fail_on": ["error", "unknown", "conflict"],
    "use_effective_license": True,
}

# "LicenseRef-research-only-1" (SPDX 2.3 idstring: letters, digits, "." and "-")
_LICENSE_REF = re.compile(r"^(?:DocumentRef-[A-Za-z0-9.-]+:)?LicenseRef-[A-Za-z0-9.-]+$")
# tomllib: "Invalid value (at line 3, column 9)"
_TOML_AT = re.compile(r"(?<!\s)\s*\(at (?:line (\d+), column \d+|end of document)\)\s*$")
_SPECIAL = ("NOASSERTION", "NONE")


@dataclass(frozen=True)
class Waiver:
    """An accepted exception: this dataset under this reviewed license, until `expires`."""

    dataset: str
    license: str
    reason: str
    expires: dt.date
    line: int | None = None  # where the waiver's table starts in the policy file


@dataclass
class Policy:
    """What the gate enforces; `source` is the file it came from or "<default>"."""

    source: str = "<default>"
    intended_use: str = "commercial"
    allow: list[str] = field(default_factory=list)
    deny: list[str] = field(default_factory=list)
    review: list[str] = field(default_factory=list)
    min_confidence: float | None = None
    fail_on: list[str] = field(default_factory=list)
    use_effective_license: bool = True
    waivers: list[Waiver] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)  # key -> line in source (for reports)

    @property
    def is_default(self) -> bool:
        return self.source == "<default>"


def default_policy() -> Policy:
    """The built-in commercial policy, used when no policy file is found."""
    values: dict[str, Any] = {
        k: (list(v) if isinstance(v, list) else v) for k, v in DEFAULTS.items()
    }
    return Policy(**values)


def find_policy_file(start: str | None = None) -> tuple[str, tuple[str, ...]] | None:
    """Walk from `start` (cwd) up to the repository root; return (file, table path) or None."""
    folder = os.path.abspath(start or os.getcwd())
    while True:
        for name, table in (
            ("licensetrace.toml", ("policy",)),
            ("pyproject.toml", ("tool", "licensetrace", "policy")),
        ):
            path = os.path.join(folder, name)
            if os.path.isfile(path) and _has_table(path, table):
                return path, table
        parent = os.path.dirname(folder)
        if os.path.exists(os.path.join(folder, ".git")) or parent == folder:
            return None
        folder = parent


def _has_table(path: str, table: tuple[str, ...]) -> bool:
    try:
        data = tomllib.loads(read_text(path, "policy file"))
    except (UnreadableFile, tomllib.TOMLDecodeError):
        return True  # let load_policy report the problem with its line
    return _dig(data, table) is not None


def _dig(data: dict, table: tuple[str, ...]):
    for key in table:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def load_policy(path: str | None = None, start: str | None = None) -> Policy:
    """`--policy FILE` when given, else the nearest policy file, else the default policy."""
    if path is None:
        found = find_policy_file(start)
        if found is None:
            return default_policy()
        path = _display(found[0])
    return parse_policy_file(path)


def _display(path: str) -> str:
    """A path as people want to read it: relative to the current folder when inside it."""
    relative = os.path.relpath(os.path.abspath(path))
    return path if relative.startswith("..") else relative


def parse_policy_file(path: str) -> Policy:
    """Read one file holding `[policy]` or `[tool.licensetrace.policy]`; PolicyError if wrong."""
    try:
        text = read_text(path, "cannot read policy file")
    except UnreadableFile as exc:
        raise PolicyError(str(exc)) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        at = _TOML_AT.search(message)
        line = (
            at.group(1) if at and at.group(1) else str(max(len(text.splitlines()), 1))
        )  # "at end of document"
        raise PolicyError(f"{path}:{line}: invalid TOML: {_TOML_AT.sub('', message)}") from None
    for table in (("policy",), ("tool", "licensetrace", "policy")):
        section = _dig(data, table)
        if section is not None:
            return build_policy(section, path, text, table)
    raise PolicyError(f"{path}:1: no [policy] or [tool.licensetrace.policy] table")


def build_policy(section, path: str, text: str, table: tuple[str, ...]) -> Policy:
    """Validate a parsed policy table; errors name the file and the offending line."""
    where = Locator(path, text, ".".join(table))
    if not isinstance(section, dict):
        where.fail(None, "the policy must be a table")
    unknown = [k for k in section if k not in KEYS]
    if unknown:
        hint = _hint(unknown[0], KEYS)
        where.fail(unknown[0], f"unknown key {unknown[0]!r}{hint}; known keys: {', '.join(KEYS)}")
    merged = {**DEFAULTS, **section}
    policy = Policy(source=path, lines=where.key_lines(KEYS))
    policy.intended_use = _choice(merged["intended_use"], INTENDED_USES, "intended_use", where)
    for key in ("allow", "deny", "review"):
        setattr(policy, key, _license_list(merged[key], key, where))
    policy.fail_on = _word_list(merged["fail_on"], FAIL_ON, "fail_on", where)
    policy.min_confidence = _confidence(merged["min_confidence"], where)
    if not isinstance(merged["use_effective_license"], bool):
        where.fail("use_effective_license", "use_effective_license must be true or false")
    policy.use_effective_license = merged["use_effective_license"]
    policy.waivers = _waivers(section.get("waivers", []), where)
    return policy


def _choice(value, allowed, key, where) -> str:
    if value not in allowed:
        where.fail(key, f"{key} must be one of {', '.join(allowed)}, not {value!r}")
    return value


def _confidence(value, where) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        where.fail("min_confidence", f"min_confidence must be a number from 0 to 1, not {value!r}")
    return float(value)


def _word_list(value, allowed, key, where) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        where.fail(key, f"{key} must be a list of strings")
    for word in value:
        if word not in allowed:
            where.fail(
                key,
                f"{key}: unknown value {word!r}{_hint(word, allowed)}; known: {', '.join(allowed)}",
                value=word,
            )
    return list(value)


def _license_list(value, key, where) -> list[str]:
    """SPDX ids, `LicenseRef-*`, wildcards (`CC-BY-NC-*`) or category words."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        where.fail(key, f"{key} must be a list of SPDX ids, patterns or categories")
    for item in value:
        problem = license_item_problem(item)
        if problem:
            where.fail(key, f"{key}: {problem}", value=item)
    return list(value)


def license_item_problem(item: str) -> str | None:
    """None when `item` is a category, a known id, a LicenseRef or a pattern matching an id."""
    if item in CATEGORIES or item.upper() in _SPECIAL or _LICENSE_REF.match(item):
        return None
    if any(ch in item for ch in "*?["):
        if item.startswith("LicenseRef-") or any(
            fnmatch.fnmatch(i.lower(), item.lower()) for i in known_ids()
        ):
            return None
        return f"pattern {item!r} matches no SPDX license id"
    if item.lower() in _known_lower():
        return None
    return f"unknown SPDX license id {item!r}{_hint(item, known_ids() + list(CATEGORIES))}"


def known_ids() -> list[str]:
    """The bundled SPDX list's ids."""
    global _KNOWN
    if _KNOWN is None:
        _KNOWN = list(licenses.all_ids())
    return _KNOWN


_KNOWN: list[str] | None = None
_KNOWN_LOWER: set[str] | None = None


def _known_lower() -> set[str]:
    global _KNOWN_LOWER
    if _KNOWN_LOWER is None:
        _KNOWN_LOWER = {i.lower() for i in known_ids()}
    return _KNOWN_LOWER


def _hint(word: str, choices) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.75)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _waivers(value, where) -> list[Waiver]:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        where.fail("waivers", "waivers must be [[policy.waivers]] tables")
    return [_waiver(item, index, where) for index, item in enumerate(value)]


def _waiver(item: dict, index: int, where: Locator) -> Waiver:
    line = where.waiver_line(index)
    for key in item:
        if key not in WAIVER_KEYS:
            where.fail_at(
                where.key_in_block(key, line),
                f"waiver: unknown key {key!r}"
                f"{_hint(key, WAIVER_KEYS)}; known keys: {', '.join(WAIVER_KEYS)}",
            )
    for key in WAIVER_KEYS:
        if not item.get(key):
            where.fail_at(line, f"waiver: missing {key!r}")
        if key != "expires" and not isinstance(item[key], str):
            where.fail_at(where.key_in_block(key, line), f"waiver: {key} must be a string")
    for part in re.split(r"(?<!\s)\s+(?:AND|OR|WITH)\s+|[()]", item["license"]):
        problem = part.strip() and license_item_problem(part.strip())
        if problem or part.strip() in CATEGORIES or any(c in part for c in "*?["):
            where.fail_at(
                where.key_in_block("license", line),
                "waiver: "
                + (problem or f"a waiver names the exact license reviewed, not {part.strip()!r}"),
            )
    expires = _date(item["expires"], where, where.key_in_block("expires", line))
    return Waiver(item["dataset"], item["license"], item["reason"], expires, line)


def _date(value: object, where: Locator, line: int | None) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        where.fail_at(line, f"waiver: bad date {value!r} for expires (want YYYY-MM-DD)")
