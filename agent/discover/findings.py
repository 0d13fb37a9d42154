"""What discovery finds: a Hub dataset reference and where it is, and the text rules that read one."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from agent.refs import HUB_LINK, hf_path_alternative, is_repo_id, repo_from_link
from agent.terminal import printable

# datasets' packaged builders are formats, not Hub datasets: load_dataset("json", data_files=...)
PACKAGED = {
    "json",
    "csv",
    "parquet",
    "text",
    "arrow",
    "pandas",
    "imagefolder",
    "audiofolder",
    "videofolder",
    "pdffolder",
    "niftifolder",
    "webdataset",
    "sql",
    "generator",
    "xml",
    "spark",
    "cache",
    "hdf5",
    "lance",
    "eval",
    "folder_based_builder",
}


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
    alternative: str | None = None  # hf:// paths: the org-less repository it may name instead

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

    def resolve_ambiguous(self, exists) -> list[str]:
        """Ask the Hub about hf:// paths that may name either of two repositories (as HfFileSystem
        does): `exists(repo_id) -> bool`. Returns one line per path read the other way."""
        changed = []
        for index, finding in enumerate(self.findings):
            if finding.alternative and not exists(finding.dataset) and exists(finding.alternative):
                self.findings[index] = replace(
                    finding, dataset=finding.alternative, alternative=None
                )
                changed.append(
                    f"{finding.file}:{finding.line}: no Hub dataset {finding.dataset}; "
                    f"the path names {finding.alternative}"
                )
        return changed

    def references(self) -> list[str]:
        """datasets() as explicit Hub references ("hf:org/name@rev"): the code loads the Hub
        dataset, so a local folder that happens to be called "org/name" must not stand in."""
        return ["hf:" + ref for ref in self.datasets()]

    def report_skipped(self, stream=None) -> None:
        """One stderr line per file that was not read or not parsed, so nothing is skipped silently."""
        for warning in self.warnings:
            print(
                f"licensetrace: warning: discovery: {printable(warning)}", file=stream or sys.stderr
            )

    def locations(self) -> dict[str, list[Finding]]:
        out: dict[str, list[Finding]] = {}
        for finding in self.findings:
            out.setdefault(finding.dataset, []).append(finding)
        return out


def alternative_of(text: str) -> str | None:
    """The other repository an hf:// path in `text` may name (see refs.hf_path_alternative)."""
    match = HUB_LINK.match(text.strip())
    return hf_path_alternative(match.group("scheme"), match.group("path")) if match else None


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


def strings_in(
    text: str, rel: str, line: int, column: int, cell=None, how_prefix=""
) -> list[Finding]:
    """hf:// paths and Hub dataset URLs inside one string; lines counted from `line`."""
    out: list[Finding] = []
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
        other = hf_path_alternative(match.group("scheme"), match.group("path"))
        out.append(
            Finding(found[0], rel, line + offset, col, how_prefix + how, found[1], cell, other)
        )
    return out
