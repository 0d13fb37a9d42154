"""Python modules and notebooks: load_dataset-style calls read from the AST, never run."""

from __future__ import annotations

import ast
import json

from agent.discover.findings import (
    DiscoveryResult,
    Finding,
    Unresolved,
    alternative_of,
    dataset_from_text,
    strings_in,
)

# Calls whose first argument (or `path=`) names a dataset: datasets.load_dataset("org/name")
LOADERS = {
    "load_dataset",
    "load_dataset_builder",
    "get_dataset_config_names",
    "get_dataset_split_names",
    "get_dataset_infos",
    "get_dataset_config_info",
    "get_dataset_default_config_name",
    "load_dataset_from_hub",
}
# huggingface_hub calls that name a dataset only with repo_type="dataset":
# snapshot_download("org/name", repo_type="dataset")
HUB_CALLS = {"snapshot_download", "hf_hub_download", "list_repo_files", "dataset_info"}


def scan_python(
    rel: str,
    text: str,
    result: DiscoveryResult,
    cell: int | None = None,
    constants: dict | None = None,
) -> None:
    """AST scan of one module (or notebook cell): loader calls and dataset strings."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError) as exc:
        result.warnings.append(
            f"{rel}: not parsed as Python ({exc.__class__.__name__}); "
            "only Hub URLs and hf:// paths were searched"
        )
        for finding in strings_in(text, rel, 1, 1, cell):
            result.findings.append(finding)
        return
    consts = module_constants(tree, constants)
    aliases = _loader_aliases(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            _call(node, rel, consts, aliases, result, cell)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            result.findings += strings_in(node.value, rel, node.lineno, node.col_offset + 1, cell)


def _loader_aliases(tree) -> dict[str, str]:
    """`from datasets import load_dataset as ld` -> {"ld": "load_dataset"}."""
    aliases = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.asname and alias.name in LOADERS | HUB_CALLS:
                    aliases[alias.asname] = alias.name
    return aliases


def module_constants(tree, inherited: dict | None = None) -> dict[str, str]:
    """Module-level `NAME = "text"`; a name assigned twice in one module is not trusted.

    `inherited` carries a notebook's constants from cell to cell (a later cell may rebind).
    """
    found: dict[str, str | None] = dict(inherited or {})
    here: set[str] = set()
    for node in tree.body:
        targets, value = [], None
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        for target in targets:
            if isinstance(target, ast.Name):
                text = literal(value, found)
                found[target.id] = None if target.id in here else text
                here.add(target.id)
    if inherited is not None:
        inherited.update(found)
    return {k: v for k, v in found.items() if v is not None}


def literal(node, consts: dict) -> str | None:
    """The string value of a literal, a known constant, an f-string or a `+` of those."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name):
        return consts.get(node.id)
    if isinstance(node, ast.JoinedStr):
        parts = [
            literal(
                v.value
                if isinstance(v, ast.FormattedValue) and not v.format_spec and v.conversion == -1
                else v,
                consts,
            )
            for v in node.values
        ]
        texts = [p for p in parts if p is not None]
        return "".join(texts) if len(texts) == len(parts) else None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = literal(node.left, consts), literal(node.right, consts)
        return left + right if left is not None and right is not None else None
    return None


def _call(node: ast.Call, rel, consts, aliases, result: DiscoveryResult, cell) -> None:
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    name = aliases.get(name, name)
    if name in LOADERS:
        arg = _argument(node, "path")
    elif name in HUB_CALLS and _keyword_text(node, "repo_type", consts) == "dataset":
        arg = _argument(node, "repo_id")
    else:
        return
    if arg is None:
        if any(k.arg is None for k in node.keywords) or any(
            isinstance(a, ast.Starred) for a in node.args
        ):
            result.unresolved.append(Unresolved(rel, node.lineno, ast.unparse(node), cell))
        return
    text = literal(arg, consts)
    if text is None:
        result.unresolved.append(Unresolved(rel, arg.lineno, ast.unparse(arg), cell))
        return
    parsed = dataset_from_text(text)
    if parsed:
        revision = _keyword_text(node, "revision", consts) or parsed[1]
        result.findings.append(
            Finding(
                parsed[0],
                rel,
                arg.lineno,
                arg.col_offset + 1,
                name,
                revision,
                cell,
                alternative_of(text),
            )
        )


def _argument(node: ast.Call, keyword: str):
    if node.args and not isinstance(node.args[0], ast.Starred):
        return node.args[0]
    return next((k.value for k in node.keywords if k.arg == keyword), None)


def _keyword_text(node: ast.Call, keyword: str, consts) -> str | None:
    value = next((k.value for k in node.keywords if k.arg == keyword), None)
    return literal(value, consts) if value is not None else None


def scan_notebook(rel: str, text: str, result: DiscoveryResult) -> None:
    """Code cells of a .ipynb; line numbers are within each cell, `cell` is the cell index."""
    try:
        cells = json.loads(text).get("cells", [])
    except (json.JSONDecodeError, AttributeError):
        result.warnings.append(f"{rel}: not a readable notebook")
        return
    constants: dict = {}  # notebook state flows from cell to cell
    for index, cell in enumerate(cells):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        code = "\n".join("" if _ipython_only(line) else line for line in source.split("\n"))
        scan_python(rel, code, result, cell=index, constants=constants)


def _ipython_only(line: str) -> bool:
    """IPython syntax that is not Python: magics and shell escapes ("%pip install", "!wget"),
    help requests ("load_dataset?", "?load_dataset", "load_dataset??")."""
    text = line.strip()
    return text.startswith(("%", "!", "?")) or (text.endswith("?") and "#" not in text)
