"""Find the Hub datasets a code base uses: load_dataset calls (Python AST), hf:// paths, Hub URLs."""

from __future__ import annotations

import ast
import json
import os
import re
import sys
from dataclasses import dataclass, field
from typing import NamedTuple

from agent import discover_config
from agent.refs import HUB_LINK, is_repo_id, repo_from_link
from agent.textfile import UnreadableFile, read_bytes

# Calls whose first argument (or `path=`) names a dataset: datasets.load_dataset("org/name")
LOADERS = {"load_dataset", "load_dataset_builder", "get_dataset_config_names",
           "get_dataset_split_names", "get_dataset_infos", "get_dataset_config_info",
           "get_dataset_default_config_name", "load_dataset_from_hub"}
# huggingface_hub calls that name a dataset only with repo_type="dataset":
# snapshot_download("org/name", repo_type="dataset")
HUB_CALLS = {"snapshot_download", "hf_hub_download", "list_repo_files", "dataset_info"}
# datasets' packaged builders are formats, not Hub datasets: load_dataset("json", data_files=...)
PACKAGED = {"json", "csv", "parquet", "text", "arrow", "pandas", "imagefolder", "audiofolder",
            "videofolder", "pdffolder", "niftifolder", "webdataset", "sql", "generator", "xml",
            "spark", "cache", "hdf5", "lance", "eval", "folder_based_builder"}
SKIP_DIRS = {"node_modules", "__pycache__", "site-packages", "venv", "env", "build", "dist"}
EXTENSIONS = {".py", ".ipynb", ".yaml", ".yml", ".json", ".toml"}
MAX_BYTES = 5_000_000  # larger files are data, not code or configuration
# A Python file is parsed only if it contains one of these (keeps big trees fast).
_PY_TRIGGERS = ("load_dataset", "get_dataset", "datasets/", "snapshot_download", "hf_hub_download",
                "list_repo_files", "dataset_info")
@dataclass(frozen=True)
class Finding:
    """One literal reference to a Hub dataset."""

    dataset: str  # repo id: "squad", "org/name"
    file: str  # relative to the discovery root, "/" separated
    line: int  # 1-based; for notebooks, within the cell
    column: int  # 1-based
    how: str  # "load_dataset", "hf_hub_download", "hf-path", "hub-url", "config:dataset_name"
    revision: str | None = None
    cell: int | None = None  # notebook code cell index (0-based among all cells)

    @property
    def ref(self) -> str:
        return f"{self.dataset}@{self.revision}" if self.revision else self.dataset


class Unresolved(NamedTuple):
    """A dataset argument discovery cannot read without running the code (not guessed)."""

    file: str
    line: int
    expression: str
    cell: int | None = None

    def __str__(self) -> str:  # "train.py:26: args.dataset" (notebooks: "nb.ipynb cell 2:3: name")
        where = f"{self.file} cell {self.cell}" if self.cell is not None else self.file
        return f"{where}:{self.line}: {self.expression}"


@dataclass
class DiscoveryResult:
    findings: list[Finding] = field(default_factory=list)
    unresolved: list[Unresolved] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # files that could not be read or parsed
    files_scanned: int = 0

    def datasets(self) -> list[str]:
        """Unique references (with @revision when pinned), in order of first appearance."""
        return list(dict.fromkeys(f.ref for f in self.findings))

    def references(self) -> list[str]:
        """datasets() as explicit Hub references ("hf:org/name@rev"): the code loads the Hub
        dataset, so a local folder that happens to be called "org/name" must not stand in."""
        return ["hf:" + ref for ref in self.datasets()]

    def report_skipped(self, stream=None) -> None:
        """One stderr line per file that was not read or not parsed, so nothing is skipped silently."""
        for warning in self.warnings:
            print(f"licensetrace: warning: discovery: {warning}", file=stream or sys.stderr)

    def locations(self) -> dict[str, list[Finding]]:
        out: dict[str, list[Finding]] = {}
        for finding in self.findings:
            out.setdefault(finding.dataset, []).append(finding)
        return out


def discover(path: str) -> DiscoveryResult:
    """Scan a file or a folder tree (skipping .git, hidden dirs, venvs, node_modules)."""
    result = DiscoveryResult()
    root = os.path.abspath(path)
    files = [root] if os.path.isfile(root) else _walk(root)
    base = os.path.dirname(root) if os.path.isfile(root) else root
    for file in files:
        rel = os.path.relpath(file, base).replace(os.sep, "/")
        try:  # regular files only (a FIFO would hang the scan), and bounded
            data = read_bytes(file, MAX_BYTES)
        except UnreadableFile as exc:
            result.warnings.append(f"{rel}: skipped: {exc.reason}")
            continue
        if len(data) > MAX_BYTES:
            result.warnings.append(f"{rel}: skipped: larger than {MAX_BYTES:,} bytes (data, not code)")
            continue
        text = data.decode("utf-8", errors="replace")
        result.files_scanned += 1
        _scan(rel, text, result)
    result.findings = _dedupe(result.findings)
    result.unresolved.sort(key=lambda u: (u.file, u.cell or 0, u.line))
    return result


def _walk(root: str):
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIP_DIRS
                         and not os.path.exists(os.path.join(folder, d, "pyvenv.cfg")))
        for name in sorted(files):
            if os.path.splitext(name)[1].lower() in EXTENSIONS:
                yield os.path.join(folder, name)


def _scan(rel: str, text: str, result: DiscoveryResult) -> None:
    ext = os.path.splitext(rel)[1].lower()
    if ext == ".py":
        if any(t in text for t in _PY_TRIGGERS) or "huggingface.co/datasets" in text:
            scan_python(rel, text, result)
    elif ext == ".ipynb":
        scan_notebook(rel, text, result)
    else:
        discover_config.scan_config(rel, text, ext, result)


def scan_python(rel: str, text: str, result: DiscoveryResult, cell: int | None = None,
                constants: dict | None = None) -> None:
    """AST scan of one module (or notebook cell): loader calls and dataset strings."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError) as exc:
        result.warnings.append(f"{rel}: not parsed as Python ({exc.__class__.__name__}); "
                               "only Hub URLs and hf:// paths were searched")
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
        parts = [literal(v.value if isinstance(v, ast.FormattedValue) and not v.format_spec
                         and v.conversion == -1 else v, consts) for v in node.values]
        return None if None in parts else "".join(parts)
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
                isinstance(a, ast.Starred) for a in node.args):
            result.unresolved.append(Unresolved(rel, node.lineno, ast.unparse(node), cell))
        return
    text = literal(arg, consts)
    if text is None:
        result.unresolved.append(Unresolved(rel, arg.lineno, ast.unparse(arg), cell))
        return
    parsed = dataset_from_text(text)
    if parsed:
        revision = _keyword_text(node, "revision", consts) or parsed[1]
        result.findings.append(Finding(parsed[0], rel, arg.lineno, arg.col_offset + 1, name,
                                       revision, cell))


def _argument(node: ast.Call, keyword: str):
    if node.args and not isinstance(node.args[0], ast.Starred):
        return node.args[0]
    return next((k.value for k in node.keywords if k.arg == keyword), None)


def _keyword_text(node: ast.Call, keyword: str, consts) -> str | None:
    value = next((k.value for k in node.keywords if k.arg == keyword), None)
    return literal(value, consts) if value is not None else None


def dataset_from_text(text: str) -> tuple[str, str | None] | None:
    """("org/name", revision) for a Hub id, hf:// path or Hub URL; None for formats and paths."""
    text = text.strip()
    match = HUB_LINK.match(text)
    if match:
        return repo_from_link(match.group("scheme"), match.group("path"))
    if text.lower() in PACKAGED or text.startswith((".", "/", "~")) or "\\" in text:
        return None
    if re.search(r"\.(?:py|json|jsonl|csv|tsv|txt|parquet|arrow|zip|gz)$", text, re.I):
        return None  # a local script or data file
    repo, _, revision = text.partition("@")
    return (repo, revision or None) if is_repo_id(repo) else None


def strings_in(text: str, rel: str, line: int, column: int, cell=None, how_prefix="") -> list[Finding]:
    """hf:// paths and Hub dataset URLs inside one string; lines counted from `line`."""
    out = []
    if "datasets/" not in text:
        return out
    for match in HUB_LINK.finditer(text):
        found = repo_from_link(match.group("scheme"), match.group("path"))
        if not found:
            continue
        how = "hf-path" if match.group("scheme").startswith("hf:") else "hub-url"
        before = text[: match.start()]
        offset = before.count("\n")
        col = column + match.start() if not offset else match.start() - before.rfind("\n")
        out.append(Finding(found[0], rel, line + offset, col, how_prefix + how, found[1], cell))
    return out


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
        code = "\n".join("" if _ipython_only(l) else l for l in source.split("\n"))
        scan_python(rel, code, result, cell=index, constants=constants)


def _ipython_only(line: str) -> bool:
    """IPython syntax that is not Python: magics and shell escapes ("%pip install", "!wget"),
    help requests ("load_dataset?", "?load_dataset", "load_dataset??")."""
    text = line.strip()
    return text.startswith(("%", "!", "?")) or (text.endswith("?") and "#" not in text)


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """One finding per (dataset, file, line, cell): a loader call's literal is also a string."""
    seen, out = set(), []
    for finding in sorted(findings, key=lambda f: (f.file, f.cell or 0, f.line, f.column)):
        key = (finding.dataset, finding.file, finding.line, finding.cell)
        if key not in seen:
            seen.add(key)
            out.append(finding)
    return out
