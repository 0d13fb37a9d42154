"""Dataset references in YAML, JSON and TOML configuration files (parsed values, not comments)."""

from __future__ import annotations

import json
import tomllib

import yaml

from agent.discover.findings import Finding, dataset_from_text, strings_in
from agent.extract.safe_yaml import load_documents
from agent.refs import is_repo_id

# Keys whose value names a Hub dataset in common training configs:
# TRL/alignment-handbook "dataset_name: org/name", lm-eval "dataset_path: org/name",
# axolotl "datasets: [{path: org/name}]". Only "org/name" values count (a slash is required),
# so "dataset: train" is never taken for a dataset.
DATASET_KEYS = {
    "dataset_name",
    "dataset_id",
    "dataset_path",
    "hub_dataset_id",
    "hf_dataset",
    "dataset",
    "dataset_repo",
    "train_dataset",
    "eval_dataset",
}


def scan_config(rel: str, text: str, ext: str, result) -> None:
    """Walk the parsed data; each string value is matched, then located in the text."""
    if "dataset" not in text:
        return
    data = _parse(rel, text, ext, result)
    if data is None:
        return
    locator = _Locator(text)
    for key, value, parent in _strings(data):
        line, column = locator.find(value)
        for finding in strings_in(value, rel, line, column):
            result.findings.append(finding)
        if key in DATASET_KEYS or (key == "path" and parent == "datasets"):
            repo = value.split("@")[0]
            parsed = dataset_from_text(value) if "/" in repo and is_repo_id(repo) else None
            if parsed:
                result.findings.append(
                    Finding(parsed[0], rel, line, column, f"config:{key}", parsed[1])
                )


def _parse(rel, text, ext, result):
    try:
        if ext in (".yaml", ".yml"):
            return load_documents(
                text
            )  # aliases bounded: a crafted config cannot expand without end
        if ext == ".json":
            return json.loads(text)
        data = tomllib.loads(text)
        data.pop("policy", None)  # our own policy's waivers name datasets: not usage
        if isinstance(data.get("tool"), dict):
            data["tool"].pop("licensetrace", None)
        return data
    except (yaml.YAMLError, json.JSONDecodeError, tomllib.TOMLDecodeError, ValueError) as exc:
        result.warnings.append(f"{rel}: not parsed ({exc.__class__.__name__}); skipped")
        return None


def _strings(data, key=None, parent=None):
    """(key, string, parent key) for every string value; list items keep their list's key."""
    stack = [(key, data, parent)]
    while stack:
        key, value, parent = stack.pop()
        if isinstance(value, str):
            yield key, value, parent
        elif isinstance(value, dict):
            stack.extend((str(k), v, key) for k, v in reversed(list(value.items())))
        elif isinstance(value, list):
            stack.extend((key, v, parent if isinstance(v, str) else key) for v in reversed(value))


class _Locator:
    """Line and column of a value in the text; repeated values are found in order."""

    def __init__(self, text: str):
        self.lines = text.splitlines()
        self.cursor: dict[str, int] = {}

    def find(self, value: str) -> tuple[int, int]:
        needle = value.split("\n", 1)[0][:200]
        start = self.cursor.get(needle, 0)
        for i in range(start, len(self.lines)):
            column = self.lines[i].find(needle)
            if column >= 0:
                self.cursor[needle] = i + 1
                return i + 1, column + 1
        return 1, 1
