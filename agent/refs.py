"""Parse the DATASET references users type into Hub or local references."""

from __future__ import annotations

import os
import re
from dataclasses import asdict, dataclass
from urllib.parse import unquote, urlparse

from agent.errors import DatasetError

# Hub repo ids: "squad", "org/name"; letters, digits, "-", "_", "." (no "--" or ".." runs)
_REPO_ID = re.compile(r"^(?:[A-Za-z0-9][\w.-]{0,95}/)?[A-Za-z0-9][\w.-]{0,95}$")
# "hf:org/name@revision" and "org/name@revision"
_WITH_REVISION = re.compile(r"^(?:hf:)?(?P<repo>[^@\s]+?)(?:@(?P<rev>[^@\s]+))?$")
# Characters git refuses in a ref name (git check-ref-format): controls, space, ~ ^ : ? * [ \ and DEL.
# Example: "main", "v1.0", "refs/pr/1", a 40-hex sha are revisions; "..", "a b", "x~1" are not.
_BAD_REVISION_CHAR = re.compile(r"[\x00-\x20~^:?*\[\\\x7f]")


@dataclass(frozen=True)
class Ref:
    """A dataset reference: on the Hub (repo_id, revision) or a local path."""

    kind: str  # "hub" | "local"
    name: str  # registry key: repo id for the Hub, folder name for local
    repo_id: str | None = None
    revision: str | None = None
    path: str | None = None  # local README.md path

    def to_dict(self) -> dict:
        return asdict(self)


def parse_ref(text: str) -> Ref:
    """Turn one reference into a Ref, or raise DatasetError(InvalidReference)."""
    raw = text.strip()
    if not raw:
        raise DatasetError("InvalidReference", "empty dataset reference")
    if raw.startswith(("http://", "https://")):
        return _from_url(raw)
    local = _local_readme(raw)
    if local:
        return local
    return _from_repo_text(raw)


def _local_readme(raw: str) -> Ref | None:
    """A folder holding README.md, or a README.md path; None when raw is not a local path."""
    # A bare name ("squad") is always a Hub id, even if a folder of that name is here.
    explicit = raw.startswith((".", "/", "~")) or raw.endswith(".md")
    path = os.path.expanduser(raw)
    if not explicit and not (os.sep in raw and os.path.exists(path)):
        return None
    if os.path.isdir(path):
        readme = os.path.join(path, "README.md")
        return Ref("local", _local_name(path), path=readme)
    if os.path.isfile(path):
        return Ref("local", _local_name(os.path.dirname(path) or "."), path=path)
    raise DatasetError("InvalidReference", f"no such file or folder: {raw}")


def _local_name(folder: str) -> str:
    return os.path.basename(os.path.abspath(folder)) or "."


def _from_repo_text(raw: str) -> Ref:
    match = _WITH_REVISION.match(raw)
    repo = match.group("repo") if match else raw
    if repo.startswith("datasets/"):
        repo = repo[len("datasets/"):]
    if not match or not _valid_repo_id(repo):
        raise DatasetError("InvalidReference", f"not a dataset id, Hub URL or local path: {raw!r}")
    return Ref("hub", repo, repo_id=repo, revision=_revision(match.group("rev"), raw))


def _valid_repo_id(repo: str) -> bool:
    return bool(_REPO_ID.match(repo)) and "--" not in repo and ".." not in repo


def _from_url(raw: str) -> Ref:
    """https://huggingface.co/datasets/org/name[/tree|blob|resolve/REV[/...]]"""
    parts = [unquote(p) for p in urlparse(raw).path.split("/") if p]
    if len(parts) < 2 or parts[0] != "datasets":
        raise DatasetError("InvalidReference", f"not a Hub dataset URL: {raw}")
    rest = parts[1:]
    cut = next((i for i, p in enumerate(rest) if p in ("tree", "blob", "resolve", "raw")), len(rest))
    repo = "/".join(rest[:cut][:2])
    revision = rest[cut + 1] if cut + 1 < len(rest) else None
    if not _valid_repo_id(repo):
        raise DatasetError("InvalidReference", f"not a Hub dataset URL: {raw}")
    return Ref("hub", repo, repo_id=repo, revision=_revision(revision, raw))


def _revision(revision: str | None, raw: str) -> str | None:
    """A branch, tag, "refs/pr/N" or commit sha, by git's ref-name rules; else InvalidReference.

    A revision becomes a path segment of Hub URLs ("/resolve/REV/README.md") and a registry
    field: ".", "..", "a/../b", "/x", "x/", "a//b", ".hidden/x", "x.lock" must never reach them."""
    if revision is None:
        return None
    parts = revision.split("/")
    bad = (_BAD_REVISION_CHAR.search(revision) or "@{" in revision or revision == "@" or ".." in revision
           or revision.endswith((".", ".lock")) or any(not p or p.startswith(".") or p.endswith(".lock")
                                                      for p in parts))
    if bad or len(revision) > 255:
        raise DatasetError("InvalidReference", f"not a valid revision {revision!r} in {raw!r}")
    return revision
