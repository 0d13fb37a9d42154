"""Every regular expression of agent/ and registry/, found automatically, for the backtracking test."""

from __future__ import annotations

import ast
import dataclasses
import importlib
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("agent", "registry")
_CALLS = {"compile", "search", "match", "fullmatch", "sub", "subn", "findall", "finditer", "split"}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _reachable(obj, found: dict, where: str, seen: set, depth: int = 0) -> None:
    """Patterns held by a module global, also inside tuples, lists, dicts and dataclasses (MODEL_TERMS)."""
    if depth > 4 or id(obj) in seen:
        return
    seen.add(id(obj))
    if isinstance(obj, re.Pattern):
        found.setdefault((obj.pattern, obj.flags), (obj, where))
    elif isinstance(obj, (list, tuple, set, frozenset)):
        for item in obj:
            _reachable(item, found, where, seen, depth + 1)
    elif isinstance(obj, dict):
        for item in obj.values():
            _reachable(item, found, where, seen, depth + 1)
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            _reachable(getattr(obj, f.name), found, where, seen, depth + 1)


def _flags(call: ast.Call) -> int:
    """The literal flags of a re.* call (re.I | re.M), 0 when absent."""
    value = 0
    for node in list(call.args[1:]) + [k.value for k in call.keywords if k.arg == "flags"]:
        for name in ast.walk(node):
            if (
                isinstance(name, ast.Attribute)
                and isinstance(name.value, ast.Name)
                and name.value.id == "re"
            ):
                flag = getattr(re, name.attr, None)
                if isinstance(flag, re.RegexFlag):
                    value |= flag
    return value


def _literal_calls(path: Path, found: dict, module: str) -> None:
    """Patterns written inline, e.g. re.match(r"^\\d+", text) inside a function."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "re"
            and node.func.attr in _CALLS
            and node.args
        ):
            continue
        first = node.args[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            pattern = re.compile(first.value, _flags(node))
            found.setdefault((pattern.pattern, pattern.flags), (pattern, f"{module}:{node.lineno}"))


def all_patterns() -> dict[str, re.Pattern]:
    """{'module.NAME' or 'module:line': compiled pattern} for every distinct pattern."""
    found: dict = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            module = _module_name(path)
            seen: set = set()
            for name, value in vars(importlib.import_module(module)).items():
                if (
                    not isinstance(value, type)
                    and not callable(value)
                    or isinstance(value, re.Pattern)
                ):
                    _reachable(value, found, f"{module}.{name}", seen)
            _literal_calls(path, found, module)
    return {where: pattern for pattern, where in found.values()}
