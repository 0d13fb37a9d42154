"""SPDX license expressions: parse (license-expression), validate against the bundled list, normalise.

One `Licensing()` object is shared (no symbol table: ids are checked against our bundled list,
which is newer than license-expression's), and every function is memoised, so a card costs a
few dictionary lookups after the first time an expression is seen.

NOASSERTION and NONE are valid only on their own (SPDX does not allow them inside an
expression); combine_and/combine_or drop them when a real license is present.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from agent.spdx import licenses

SPECIAL = ("NOASSERTION", "NONE")
# "LicenseRef-MSR-LA" or "DocumentRef-spdx-doc:LicenseRef-x"; idstring = letters, digits, "." "-"
_REF = re.compile(r"^(?:DocumentRef-[A-Za-z0-9.-]+:)?LicenseRef-[A-Za-z0-9.-]+$")


@lru_cache(maxsize=1)
def _licensing():
    """The shared license-expression parser (imported on first use: ~40 ms)."""
    from license_expression import Licensing

    return Licensing()


def _with_exception(node) -> bool:
    """True for "X WITH exception" nodes."""
    from license_expression import LicenseWithExceptionSymbol

    return isinstance(node, LicenseWithExceptionSymbol)


@lru_cache(maxsize=8192)
def parse(expr: str):
    """Parsed expression (license-expression object); ValueError when the syntax is wrong.

    "mit OR (apache-2.0 AND MIT)" parses; "mit or" and "" raise.
    """
    if not isinstance(expr, str) or not expr.strip():
        raise ValueError("empty license expression")
    from boolean.boolean import ParseError
    from license_expression import ExpressionError

    try:
        parsed = _licensing().parse(expr.strip())
    # boolean.py raises a bare IndexError on a dangling operator: "LicenseRef-x AND ("
    except (ExpressionError, ParseError, IndexError) as exc:
        raise ValueError(f"invalid license expression {expr!r}: {exc}") from exc
    if parsed is None:
        raise ValueError(f"invalid license expression {expr!r}")
    return parsed


def _id_ok(key: str) -> bool:
    """A license id on the bundled list (any case; a trailing "+" allowed) or a LicenseRef."""
    if _REF.match(key):
        return True
    return licenses.is_known(key) or (key.endswith("+") and licenses.is_known(key[:-1]))


@lru_cache(maxsize=8192)
def is_valid(expr: str) -> bool:
    """True when `expr` parses and every id is on the bundled SPDX list or is a LicenseRef-.

    "CC-BY-4.0 AND LicenseRef-custom" -> True; "cc-by-4.0" -> True (ids are case-insensitive);
    "NOASSERTION" -> True; "MIT AND NOASSERTION" -> False; "odc-by" -> False (Hub id, not SPDX).
    """
    if isinstance(expr, str) and expr.strip() in SPECIAL:
        return True
    try:
        node = parse(expr)
    except ValueError:
        return False
    for sym in _licensing().license_symbols(node, decompose=False):
        if _with_exception(sym):
            if not _id_ok(sym.license_symbol.key):
                return False
            if not licenses.is_known_exception(sym.exception_symbol.key):
                return False
        elif not _id_ok(sym.key):
            return False
    return True


def _canon_id(key: str, upgrade: bool) -> str:
    """Canonical spelling of one id; deprecated ids become their current form when `upgrade`."""
    if key[:11].lower() == "licenseref-" and _REF.match("LicenseRef-" + key[11:]):
        return "LicenseRef-" + key[11:]  # "licenseref-x" -> "LicenseRef-x"
    if _REF.match(key) or key in SPECIAL:
        return key
    plus = ""
    if not licenses.is_known(key) and key.endswith("+") and licenses.is_known(key[:-1]):
        key, plus = key[:-1], "+"  # "apache-2.0+" -> "Apache-2.0+"
    found = (licenses.preferred(key) if upgrade else licenses.canonical(key)) or key
    return found + plus


def _render(node, upgrade: bool, top: bool = True) -> str:
    """Text of a parsed node: canonical ids, nested same operators flattened, duplicates dropped."""
    lic = _licensing()
    if _with_exception(node):
        base = _canon_id(node.license_symbol.key, upgrade)
        exc = licenses.exception_canonical(node.exception_symbol.key) or node.exception_symbol.key
        if " " in base:  # a deprecated id that became "X WITH Y" cannot take another exception
            base = f"({base})"
        text = f"{base} WITH {exc}"
        return text if top else f"({text})"
    if isinstance(node, (lic.AND, lic.OR)):
        op = " AND " if isinstance(node, lic.AND) else " OR "
        parts: list[str] = []
        for child in _flatten(node, type(node)):
            piece = _render(child, upgrade, top=False)
            if piece not in parts:
                parts.append(piece)
        text = op.join(parts) if len(parts) > 1 else parts[0]
        return text if top or len(parts) == 1 else f"({text})"
    text = _canon_id(node.key, upgrade)
    return text if top or " " not in text else f"({text})"


def _flatten(node, kind) -> list:
    """Children of nested nodes of the same operator: (A AND (B AND C)) -> [A, B, C]."""
    out = []
    for child in node.args:
        out.extend(_flatten(child, kind) if isinstance(child, kind) else [child])
    return out


@lru_cache(maxsize=8192)
def normalize(expr: str, upgrade: bool = True) -> str:
    """Canonical text: list spelling, deprecated ids upgraded, duplicates removed, order kept.

    "mit AND mit AND (apache-2.0 AND gpl-2.0)" -> "MIT AND Apache-2.0 AND GPL-2.0-only".
    Unknown ids are kept as written (check with is_valid). ValueError on bad syntax.
    """
    stripped = expr.strip() if isinstance(expr, str) else expr
    if stripped in SPECIAL or (isinstance(stripped, str) and stripped.upper() in SPECIAL):
        return stripped.upper()
    return _render(parse(expr), upgrade)


def _combine(parts: Iterable[str | None], op: str) -> str:
    pieces = [p.strip() for p in parts if isinstance(p, str) and p.strip()]
    real = [p for p in pieces if p.upper() not in SPECIAL]
    if not real:
        return "NONE" if pieces and all(p.upper() == "NONE" for p in pieces) else "NOASSERTION"
    if len(real) == 1:
        return normalize(real[0])
    return normalize(f" {op} ".join(f"({p})" for p in real))


def combine_and(parts: Iterable[str | None]) -> str:
    """All of these apply: ["MIT", "CC-BY-4.0", "MIT"] -> "MIT AND CC-BY-4.0"; [] -> NOASSERTION."""
    return _combine(parts, "AND")


def combine_or(parts: Iterable[str | None]) -> str:
    """A choice among these: ["CC-BY-SA-3.0", "GFDL-1.3-only"] -> "CC-BY-SA-3.0 OR GFDL-1.3-only"."""
    return _combine(parts, "OR")


@lru_cache(maxsize=8192)
def license_ids(expr: str) -> frozenset[str]:
    """Canonical license ids in an expression, exceptions left out; special values give {}.

    "(MIT OR gpl-2.0+) AND GPL-2.0-only WITH Classpath-exception-2.0"
    -> {"MIT", "GPL-2.0-or-later", "GPL-2.0-only"}. ValueError on bad syntax.
    """
    if not isinstance(expr, str) or expr.strip().upper() in SPECIAL:
        return frozenset()
    out: set[str] = set()
    for sym in _licensing().license_symbols(parse(expr), decompose=True):
        if not licenses.is_known_exception(sym.key) or licenses.is_known(sym.key):
            canon = _canon_id(sym.key, upgrade=True)
            out.update(license_ids(canon) if " " in canon else (canon,))
    return frozenset(out)


@lru_cache(maxsize=8192)
def exception_ids(expr: str) -> frozenset[str]:
    """License exceptions named with WITH: "GPL-2.0-only WITH Classpath-exception-2.0" -> {...}."""
    if not isinstance(expr, str) or expr.strip().upper() in SPECIAL:
        return frozenset()
    syms = _licensing().license_symbols(parse(expr), decompose=False)
    return frozenset(
        licenses.exception_canonical(s.exception_symbol.key) or s.exception_symbol.key
        for s in syms
        if _with_exception(s)
    )
