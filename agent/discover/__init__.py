"""Find the Hub datasets a code base uses: load_dataset calls (Python AST), hf:// paths, Hub URLs.

A package: findings (what is found), python (modules, notebooks), config (YAML/JSON/TOML);
this module walks the tree and reads each file, regular files only and bounded.
"""

from __future__ import annotations

import os

from agent.discover.config import scan_config
from agent.discover.findings import (
    DiscoveryResult,
    Finding,
    Unresolved,
    dataset_from_text,
    strings_in,
)
from agent.discover.python import scan_notebook, scan_python
from agent.textfile import UnreadableFile, read_bytes

__all__ = [
    "DiscoveryResult",
    "Finding",
    "Unresolved",
    "dataset_from_text",
    "discover",
    "scan_python",
    "strings_in",
]

SKIP_DIRS = {"node_modules", "__pycache__", "site-packages", "venv", "env", "build", "dist"}
EXTENSIONS = {".py", ".ipynb", ".yaml", ".yml", ".json", ".toml"}
MAX_BYTES = 5_000_000  # larger files are data, not code or configuration
# A Python file is parsed only if it contains one of these (keeps big trees fast).
_PY_TRIGGERS = (
    "load_dataset",
    "get_dataset",
    "datasets/",
    "snapshot_download",
    "hf_hub_download",
    "list_repo_files",
    "dataset_info",
)


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
            result.warnings.append(
                f"{rel}: skipped: larger than {MAX_BYTES:,} bytes (data, not code)"
            )
            continue
        text = data.decode("utf-8", errors="replace")
        result.files_scanned += 1
        _scan(rel, text, result)
    result.findings = _dedupe(result.findings)
    result.unresolved.sort(key=lambda u: (u.file, u.cell or 0, u.line))
    return result


def _walk(root: str):
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(
            d
            for d in dirs
            if not d.startswith(".")
            and d not in SKIP_DIRS
            and not os.path.exists(os.path.join(folder, d, "pyvenv.cfg"))
        )
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
        scan_config(rel, text, ext, result)


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """One finding per (dataset, file, line, cell): a loader call's literal is also a string."""
    seen, out = set(), []
    for finding in sorted(findings, key=lambda f: (f.file, f.cell or 0, f.line, f.column)):
        key = (finding.dataset, finding.file, finding.line, finding.cell)
        if key not in seen:
            seen.add(key)
            out.append(finding)
    return out
