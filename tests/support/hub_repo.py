"""The Hub stand-in's view of one dataset folder: files, sha, cardData, tags, access rules."""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

import yaml

from agent.extract.safe_yaml import load_header

SIDECAR = ".hub.json"  # {"gated": "manual", "private": true, "disabled": true, "readers": [...],
#                        "approved": [...], "readme_gated": true, "fail_first": 1,
#                        "throttle_first": 1, "retry_after": 1, "lfs": true, "refs": ["v1.0"],
#                        "moved_to": "org/new-name"}
# huggingface_hub's own front-matter pattern (repocard.py): '---\nlicense: mit\n---\n# Title'
_YAML_BLOCK = re.compile(r"^(\s*---[\r\n]+)([\S\s]*?)([\r\n]+---(\r\n|\n|$))")
# Card keys the Hub repeats as "key:value" tags, e.g. license: [mit] -> "license:mit"
TAG_KEYS = (
    "annotations_creators",
    "language_creators",
    "language",
    "license",
    "multilinguality",
    "size_categories",
    "source_datasets",
    "task_categories",
    "task_ids",
)
ALWAYS_READABLE = ("README.md", ".gitattributes")  # readable in a gated repo
GITATTRIBUTES = b"*.parquet filter=lfs diff=lfs merge=lfs -text\n"


def is_dataset_dir(path: str) -> bool:
    """A dataset folder holds at least one regular file (README.md, .hub.json, LICENSE...)."""
    try:
        return any(e.is_file() for e in os.scandir(path))
    except OSError:
        return False


def git_blob_sha(data: bytes) -> str:
    """The id git gives a file's content; the Hub's ETag of a non-LFS file."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def parse_card_data(text: str):
    """cardData as the Hub reports it: the YAML header as a mapping, else None."""
    match = _YAML_BLOCK.match(text)
    if not match:
        return None
    try:
        data, _ = load_header(
            match.group(2)
        )  # the client's loader: an alias bomb is refused, not served
    except yaml.YAMLError:
        return None
    if not isinstance(data, dict):
        return None
    return json.loads(json.dumps(data, default=str))  # dates and other YAML types -> JSON


def card_tags(card_data: dict | None) -> list[str]:
    tags = []
    for key in TAG_KEYS:
        values = (card_data or {}).get(key)
        for value in values if isinstance(values, list) else [values]:
            if isinstance(value, (str, int, float)) and not isinstance(value, bool):
                tags.append(f"{key}:{value}")
    return tags + ["region:us"]


@dataclass
class Repo:
    """One dataset as the stand-in serves it; built once from its folder."""

    repo_id: str
    folder: str
    files: dict[str, str] = field(default_factory=dict)  # rfilename -> absolute path
    meta: dict = field(default_factory=dict)
    sha: str = ""
    info: dict = field(default_factory=dict)
    readme_tail: bytes = b""  # appended to README.md as served (distinct copies of one card)

    @classmethod
    def load(cls, repo_id: str, folder: str, readme_tail: bytes = b"") -> Repo:
        repo = cls(repo_id, folder, readme_tail=readme_tail)
        for base, dirs, names in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in names:
                path = os.path.join(base, name)
                rel = os.path.relpath(path, folder).replace(os.sep, "/")
                if rel != SIDECAR:
                    repo.files[rel] = path
        sidecar = os.path.join(folder, SIDECAR)
        if os.path.isfile(sidecar):
            with open(sidecar, encoding="utf-8") as handle:
                repo.meta = json.load(handle)
        repo._build_info()
        return repo

    def read(self, rfilename: str) -> bytes | None:
        if rfilename == ".gitattributes" and rfilename not in self.files:
            return GITATTRIBUTES
        path = self.files.get(rfilename)
        if path is None:
            return None
        with open(path, "rb") as handle:
            return handle.read() + (self.readme_tail if rfilename == "README.md" else b"")

    def _build_info(self) -> None:
        digest = hashlib.sha1(self.repo_id.encode())
        mtimes = []
        for rel in sorted(self.files):
            digest.update(rel.encode() + b"\0" + git_blob_sha(self.read(rel)).encode())
            mtimes.append(os.path.getmtime(self.files[rel]))
        self.sha = digest.hexdigest()
        readme = self.read("README.md")
        card_data = (
            parse_card_data(readme.decode("utf-8", "replace")) if readme is not None else None
        )
        stamp = datetime.fromtimestamp(max(mtimes, default=0), UTC)
        org = self.repo_id.split("/")[0] if "/" in self.repo_id else None
        info = {
            "_id": hashlib.md5(self.repo_id.encode()).hexdigest()[:24],
            "id": self.repo_id,
            "author": org,
            "sha": self.sha,
            "lastModified": stamp.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
            "private": bool(self.meta.get("private", False)),
            "gated": self.meta.get("gated", False),
            "disabled": bool(self.meta.get("disabled", False)),
            "tags": card_tags(card_data),
            "downloads": 0,
            "likes": 0,
            "siblings": [{"rfilename": n} for n in sorted({".gitattributes", *self.files})],
            "createdAt": "2022-03-02T23:29:22.000Z",
            "usedStorage": 0,
        }
        if card_data is not None:
            info["cardData"] = card_data
            if isinstance(card_data.get("paperswithcode_id"), str):
                info["paperswithcode_id"] = card_data["paperswithcode_id"]
        self.info = info

    def info_json(self, expand: list[str], blobs: bool) -> dict:
        """The info, narrowed like the Hub's expand[] (id and _id always kept)."""
        info = dict(self.info)
        if blobs:
            info["siblings"] = [
                {"rfilename": s["rfilename"], **self.blob(s["rfilename"])} for s in info["siblings"]
            ]
        if expand:
            info = {k: v for k, v in info.items() if k in expand or k in ("_id", "id")}
        return info

    def blob(self, rfilename: str) -> dict:
        data = self.read(rfilename) or b""
        return {"blobId": git_blob_sha(data), "size": len(data)}

    def knows_revision(self, revision: str) -> bool:
        return revision in ("main", self.sha) or revision in self.meta.get("refs", [])

    def can_see(self, token: str | None) -> bool:
        return not self.meta.get("private") or (
            token is not None and token in self.meta.get("readers", [])
        )

    def gated_for(self, rfilename: str, token: str | None) -> bool:
        if not self.meta.get("gated"):
            return False
        if rfilename in ALWAYS_READABLE and not (
            rfilename == "README.md" and self.meta.get("readme_gated")
        ):
            return False
        return token is None or token not in self.meta.get("approved", [])
