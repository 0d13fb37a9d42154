"""Hub ids, Hub URLs, hf:// paths, GitHub repositories and local folders: parse the references users
type, in one place.

Registry keys never collide across kinds: a Hub dataset is keyed by its repo id ("squad",
"org/name"); a GitHub repository by "github.com/owner/repo" (three segments: no Hub id has them);
a local folder by "local:" and its resolved absolute path ("local:/home/me/data/glue"), which no
Hub id can spell (a Hub id has no ":").
"""

from __future__ import annotations

import contextlib
import difflib
import os
import re
from dataclasses import asdict, dataclass
from urllib.parse import unquote, urlsplit

from agent.errors import DatasetError

LOCAL_PREFIX = "local:"  # registry key of a local folder: "local:/abs/path/to/folder"
# The Hub's web hosts; a URL on another host is not a Hub reference (the endpoint's host aside).
HUB_HOSTS = ("huggingface.co", "www.huggingface.co", "hf.co")
# Hub repo ids: "squad", "org/name"; letters, digits, "-", "_", "." (no "--" or ".." runs)
_REPO_ID = re.compile(r"^(?:[A-Za-z0-9][\w.-]{0,95}/)?[A-Za-z0-9][\w.-]{0,95}$")
# "hf:org/name@revision" and "org/name@revision"
_WITH_REVISION = re.compile(r"^(?:hf:)?(?P<repo>[^@\s]+?)(?:@(?P<rev>[^@\s]+))?$")
# A Hub dataset link inside any text: "https://hf.co/datasets/org/name/blob/main/x.json",
# "hf://datasets/org/name@v1/train.parquet". The path stops at quotes, spaces and brackets.
HUB_LINK = re.compile(
    r"(?P<scheme>https?://(?:www\.)?(?:huggingface\.co|hf\.co)/datasets/|hf://datasets/)"
    r"(?P<path>[^\s\"'<>()\[\]{}`,;|\\]+)"
)
# URL parts after the repo: /tree/REV, /blob/REV/file, /resolve/REV/file; pages: /viewer, ...
_REVISION_PARTS = ("tree", "blob", "resolve", "raw")
_PAGES = {"viewer", "discussions", "commits", "edit", "settings", "discussion", "files"}
# hf:// revisions that hold a "/": "refs/convert/parquet", "refs/pr/12" (as HfFileSystem)
_SPECIAL_REVISION = re.compile(r"^(?:refs/convert/\w+|refs/pr/\d+)")
# A path segment that is a file, not a repository name: "train.parquet", "*.jsonl", "data-00.h5".
# A version-like suffix ("dclm-baseline-1.0") is not an extension: it needs a letter.
_FILE_SEGMENT = re.compile(r"[*?\[]|\.[A-Za-z][A-Za-z0-9]{0,9}$")
# Characters git refuses in a ref name (git check-ref-format): controls, space, ~ ^ : ? * [ \ and DEL.
# Example: "main", "v1.0", "refs/pr/1", a 40-hex sha are revisions; "..", "a b", "x~1" are not.
_BAD_REVISION_CHAR = re.compile(r"[\x00-\x20~^:?*\[\\\x7f]")
# GitHub repositories: "github:allenai/Break", "github:tatsu-lab/stanford_alpaca@v1.0"
_GITHUB_REF = re.compile(r"^github:(?P<owner>[^/@\s]+)/(?P<repo>[^/@\s]+?)(?:@(?P<rev>[^@\s]+))?$")
# GitHub owners (users, orgs): "allenai", "tatsu-lab"; repositories: "stanford_alpaca", "GPT-4-LLM"
_GITHUB_OWNER = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$")
_GITHUB_REPO = re.compile(r"^[\w.-]{1,100}$")
_GITHUB_HOSTS = ("github.com", "www.github.com")


@dataclass(frozen=True)
class Ref:
    """A dataset reference: on the Hub (repo_id, revision) or a local path."""

    kind: str  # "hub" | "github" | "local"
    name: str  # registry key: repo id (Hub), "github.com/owner/repo" (GitHub), "local:/abs/folder" (local)
    repo_id: str | None = None  # "org/name" on the Hub, "owner/repo" on GitHub
    revision: str | None = None  # Hub revision or GitHub branch/tag/sha
    path: str | None = None  # local README path; a GitHub repository's sub-folder

    def to_dict(self) -> dict:
        return asdict(self)


def is_repo_id(text: str) -> bool:
    """A Hub repo id: "squad", "allenai/c4" -> True; "a--b", "x/y/z", "local:/x" -> False."""
    return bool(_REPO_ID.match(text)) and "--" not in text and ".." not in text


def local_key(folder: str) -> str:
    """The registry key of a local dataset folder: "./data/glue" -> "local:/home/me/data/glue"."""
    return LOCAL_PREFIX + os.path.realpath(os.path.expanduser(folder))


def parse_ref(text: str) -> Ref:
    """Turn one reference into a Ref, or raise DatasetError(InvalidReference)."""
    raw = text.strip()
    if not raw:
        raise DatasetError("InvalidReference", "empty dataset reference")
    if raw.startswith("github:"):
        match = _GITHUB_REF.match(raw)
        if not match:
            raise DatasetError(
                "InvalidReference", f"not a GitHub reference (github:owner/repo[@ref]): {raw!r}"
            )
        return github_ref(match["owner"], match["repo"], _revision(match["rev"], raw))
    if raw.startswith(("http://", "https://")):
        host = (urlsplit(raw).hostname or "").lower()
        return _from_github_url(raw) if host in _GITHUB_HOSTS else _from_url(raw)
    if raw.startswith("hf://"):
        return _from_link(raw)
    if raw.startswith(LOCAL_PREFIX):
        return _local_readme(raw[len(LOCAL_PREFIX) :], explicit=True) or _not_found(raw)
    local = _local_readme(raw)
    if local:
        return local
    return _from_repo_text(raw)


def _not_found(raw: str) -> Ref:
    raise DatasetError("InvalidReference", f"no such file or folder: {raw}")


def _local_readme(raw: str, explicit: bool = False) -> Ref | None:
    """A folder holding README.md, or a README.md path; None when raw is not a local path."""
    # Anything spelled like a Hub id ("squad", "org/name") is the Hub dataset, even when a folder
    # of that name is here: a folder must never hide the Hub dataset that code loads. Write
    # "./org/name" (or "local:org/name") for the folder.
    explicit = explicit or raw.startswith((".", "/", "~")) or raw.endswith(".md")
    path = os.path.expanduser(raw)
    if not explicit and (_hub_like(raw) or not (os.sep in raw and os.path.exists(path))):
        return None
    if os.path.isdir(path):
        return Ref("local", local_key(path), path=os.path.join(path, "README.md"))
    if os.path.isfile(path):
        return Ref("local", local_key(os.path.dirname(path) or "."), path=path)
    return _not_found(raw)


def reference_keys(text: str) -> list[str]:
    """Registry keys `text` may name, most likely first: what parse_ref makes of it, then the
    other reading (Hub id or local folder), then the text itself (keys of older registries,
    which keyed a local folder by its bare name).

    "https://hf.co/datasets/org/x" -> ["org/x", ...]; "./cards/dyk" -> ["local:/abs/cards/dyk", ...]
    """
    raw = text.strip()
    keys = []
    with contextlib.suppress(DatasetError):
        keys.append(parse_ref(raw).name)
    if raw.startswith(LOCAL_PREFIX):
        keys.append(local_key(raw[len(LOCAL_PREFIX) :]))
    elif os.path.exists(os.path.expanduser(raw)):
        path = os.path.expanduser(raw)
        keys.append(local_key(path if os.path.isdir(path) else os.path.dirname(path) or "."))
    keys.append(raw)
    return [k for k in dict.fromkeys(keys) if k]


def _hub_like(raw: str) -> bool:
    """Spelled like a Hub id, with an optional "@revision": "org/name", "squad@v1"."""
    match = _WITH_REVISION.match(raw)
    return match is not None and is_repo_id(match.group("repo"))


def _from_repo_text(raw: str) -> Ref:
    match = _WITH_REVISION.match(raw)
    repo = match.group("repo") if match else raw
    if repo.startswith("datasets/"):
        repo = repo[len("datasets/") :]
    if not match or not is_repo_id(repo):
        raise DatasetError("InvalidReference", f"not a dataset id, Hub URL or local path: {raw!r}")
    return Ref("hub", repo, repo_id=repo, revision=_revision(match.group("rev"), raw))


def _from_url(raw: str) -> Ref:
    """https://huggingface.co/datasets/org/name[/tree|blob|resolve/REV[/...]] (or the endpoint's host)."""
    parts = urlsplit(raw)
    host = (parts.hostname or "").lower()
    endpoint = urlsplit(os.environ.get("HF_ENDPOINT") or "").hostname
    if host not in HUB_HOSTS and host != (endpoint or "").lower():
        raise DatasetError("InvalidReference", f"not a Hub dataset URL (host {host or '?'}): {raw}")
    path = parts.path.lstrip("/")
    found = (
        repo_from_link("https://", path[len("datasets/") :])
        if path.startswith("datasets/")
        else None
    )
    if not found:
        raise DatasetError("InvalidReference", f"not a Hub dataset URL: {raw}")
    return Ref("hub", found[0], repo_id=found[0], revision=_revision(found[1], raw))


def _from_link(raw: str) -> Ref:
    match = HUB_LINK.fullmatch(raw)
    found = repo_from_link(match.group("scheme"), match.group("path")) if match else None
    if not found:
        raise DatasetError("InvalidReference", f"not a Hub dataset path: {raw}")
    return Ref("hub", found[0], repo_id=found[0], revision=_revision(found[1], raw))


def repo_from_link(scheme: str, path: str) -> tuple[str, str | None] | None:
    """(repo id, revision) of a HUB_LINK match, or None: web URLs and hf:// paths differ.

    "https://" + "squad/viewer" -> ("squad", None); "https://" + "org/x/tree/v1" -> ("org/x", "v1");
    "hf://datasets/" + "NAME/train.parquet" -> ("NAME", None) (as huggingface_hub's HfFileSystem).
    """
    path = path.split("?", 1)[0].split("#", 1)[0]
    found = _hf_path(path) if scheme.startswith("hf:") else _web_path(path)
    if not found:
        return None
    repo = found[0].rstrip(".-")  # a link ending a sentence: ".../datasets/org/name."
    return (repo, found[1]) if is_repo_id(repo) else None


def hf_path_alternative(scheme: str, path: str) -> str | None:
    """The other repository an hf:// path may name, or None when it is unambiguous.

    HfFileSystem reads "hf://datasets/a/b/c.parquet" as the repository "a/b" first and, when the
    Hub has no such repository, as "a" holding "b/c.parquet": only the Hub can tell which.
    "hf://datasets/" + "NAME/data/train.parquet" -> "NAME"; "org/name@v1/x" -> None.
    """
    if not scheme.startswith("hf:") or "@" in path:
        return None
    parts = [p for p in path.split("?", 1)[0].split("/") if p]
    if len(parts) < 3 or _FILE_SEGMENT.search(parts[1]) or not is_repo_id(parts[0]):
        return None
    return parts[0]


def _web_path(path: str) -> tuple[str, str | None] | None:
    parts = [unquote(p) for p in path.split("/") if p]
    cut = next((i for i, p in enumerate(parts) if p in _REVISION_PARTS or p in _PAGES), len(parts))
    if cut == 0:
        return None
    revision = parts[cut + 1] if cut < len(parts) - 1 and parts[cut] in _REVISION_PARTS else None
    return "/".join(parts[: min(cut, 2)]), revision


def _hf_path(path: str) -> tuple[str, str | None] | None:
    """HfFileSystem's reading: "REPO@REV/file"; else "org/name/..." unless the 2nd part is a file."""
    if "@" in path:
        repo, _, rest = path.partition("@")
        special = _SPECIAL_REVISION.match(rest)
        revision = special.group(0) if special else rest.split("/", 1)[0]
        return repo, unquote(revision) or None
    parts = [p for p in path.split("/") if p]
    if not parts:
        return None
    if len(parts) == 1 or _FILE_SEGMENT.search(parts[1]):
        return parts[0], None  # "NAME/train.parquet": a dataset without an org
    return "/".join(parts[:2]), None


def near_keys(text: str, keys, limit: int = 3) -> list[str]:
    """Registry keys close to `text`, for "did you mean": by whole key or by last part.

    "dyk" -> ["local:/home/me/cards/dyk"]; "kor_qpar" -> ["local:/home/me/cards/kor_qpair"]
    """

    def tail(key: str) -> str:
        return key.strip().rstrip("/").rsplit("/", 1)[-1].lower()

    def score(key: str) -> float:
        whole = difflib.SequenceMatcher(None, text.strip().lower(), key.lower()).ratio()
        return max(whole, difflib.SequenceMatcher(None, tail(text), tail(key)).ratio())

    scored = sorted(((score(k), k) for k in keys), key=lambda pair: (-pair[0], pair[1]))
    return [k for value, k in scored[:limit] if value >= 0.75]


def _revision(revision: str | None, raw: str) -> str | None:
    """A branch, tag, "refs/pr/N" or commit sha, by git's ref-name rules; else InvalidReference.

    A revision becomes a path segment of Hub URLs ("/resolve/REV/README.md") and a registry
    field: ".", "..", "a/../b", "/x", "x/", "a//b", ".hidden/x", "x.lock" must never reach them."""
    if revision is None:
        return None
    parts = revision.split("/")
    bad = (
        _BAD_REVISION_CHAR.search(revision)
        or "@{" in revision
        or revision == "@"
        or ".." in revision
        or revision.endswith((".", ".lock"))
        or any(not p or p.startswith(".") or p.endswith(".lock") for p in parts)
    )
    if bad or len(revision) > 255:
        raise DatasetError("InvalidReference", f"not a valid revision {revision!r} in {raw!r}")
    return revision


def github_ref(
    owner: str, repo: str, revision: str | None = None, folder: str | None = None
) -> Ref:
    """A GitHub repository (or one of its folders) as a Ref keyed "github.com/owner/repo[/folder]"."""
    repo = repo[:-4] if repo.lower().endswith(".git") else repo
    if not _GITHUB_OWNER.match(owner) or not _GITHUB_REPO.match(repo) or repo in (".", ".."):
        raise DatasetError("InvalidReference", f"not a GitHub repository: {owner}/{repo}")
    folder = "/".join(p for p in (folder or "").split("/") if p) or None
    if folder and any(p in (".", "..") for p in folder.split("/")):
        raise DatasetError("InvalidReference", f"not a folder of the repository: {folder}")
    name = f"github.com/{owner}/{repo}" + (f"/{folder}" if folder else "")
    return Ref("github", name, repo_id=f"{owner}/{repo}", revision=revision, path=folder)


def _from_github_url(raw: str) -> Ref:
    """https://github.com/owner/repo[.git][/tree/REF[/folder]] (a branch with "/" in it: use github:...@REF)."""
    parts = [unquote(p) for p in urlsplit(raw).path.split("/") if p]
    if len(parts) < 2 or (len(parts) > 2 and (parts[2] != "tree" or len(parts) < 4)):
        raise DatasetError(
            "InvalidReference",
            "not a GitHub repository URL "
            f"(https://github.com/owner/repo[/tree/REF[/folder]]): {raw}",
        )
    revision = _revision(parts[3], raw) if len(parts) > 3 else None
    return github_ref(parts[0], parts[1], revision, "/".join(parts[4:]))
