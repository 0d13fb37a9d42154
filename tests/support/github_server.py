"""A GitHub REST API stand-in on 127.0.0.1, faithful to GITHUB_API.md, serving a folder of repositories.

`<root>/<owner>__<repo>/` is repository owner/repo: its files (a flattened `data__LICENSE` is
served as `data/LICENSE`) and `.license.json` ({"path", "spdx_id"}: the root license file GitHub
detects). `<root>/.github.json` may hold {"renamed": {"old/name": "new/name"}, "blocked": [...],
"private": [...]}; an empty folder is an empty repository (409). Answers carry ETags (304 on a
match, not counted), X-RateLimit-* headers and spend a quota (403 once spent; 429 + Retry-After
for `secondary` requests). Run: `python -m tests.support.github_server --root DIR --port N`.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

LARGE = 1_000_000  # past this, contents answers carry no content, only download_url (as GitHub)


class Repo:
    """One repository folder: files by path, its commit sha, GitHub's detected license."""

    def __init__(self, folder: str, full_name: str):
        self.full_name = full_name
        self.files: dict[str, bytes] = {}
        for name in sorted(os.listdir(folder)):
            path = os.path.join(folder, name)
            if os.path.isfile(path) and not name.startswith("."):
                with open(path, "rb") as handle:
                    self.files[name.replace("__", "/")] = handle.read()
        meta = os.path.join(folder, ".license.json")
        self.detected = (
            json.loads(Path(meta).read_text(encoding="utf-8"))
            if os.path.exists(meta)
            else {"path": None, "spdx_id": None}
        )
        digest = hashlib.sha1(full_name.encode())
        for path, data in self.files.items():
            digest.update(path.encode() + b"\0" + data)
        self.sha = digest.hexdigest()

    def listing(self, folder: str) -> list[dict] | None:
        prefix = folder + "/" if folder else ""
        names: dict[str, str] = {}
        for path in self.files:
            if path.startswith(prefix):
                head = path[len(prefix) :].split("/", 1)
                names[head[0]] = "dir" if len(head) > 1 else "file"
        return (
            [
                {
                    "name": n,
                    "path": prefix + n,
                    "type": t,
                    "sha": self.sha,
                    "size": len(self.files.get(prefix + n, b"")),
                }
                for n, t in sorted(names.items())
            ]
            if names
            else None
        )


class GitHubStandIn:
    """The server; `counts` tallies (status, path kind); `quota` requests per `window` seconds."""

    def __init__(
        self,
        root: str,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        quota: int = 5000,
        anonymous_quota: int = 60,
        window: float = 3600,
        tokens: dict[str, int] | set[str] | None = None,
        secondary: set[str] | None = None,
        raw_host: str = "localhost",
        large: int = LARGE,
    ):
        self.root, self.quota, self.window = os.path.abspath(root), quota, window
        self.large = large  # GitHub's 1 MB; tests lower it to keep cassettes small
        self.anonymous_quota = anonymous_quota
        # token -> its quota (a set: every token gets `quota`)
        self.tokens = dict(tokens) if isinstance(tokens, dict) else {t: quota for t in tokens or ()}
        self.secondary = set(secondary or ())
        self.used: dict[str, int] = {}
        self.counts: dict[str, int] = {}
        self.lock = threading.Lock()
        self.reset_at = int(time.time() + window)
        config = os.path.join(self.root, ".github.json")
        self.config = (
            json.loads(Path(config).read_text(encoding="utf-8")) if os.path.exists(config) else {}
        )
        self.httpd = ThreadingHTTPServer((host, port), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.standin = self
        self.port = self.httpd.server_address[1]
        self.url = f"http://{host}:{self.port}"
        self.raw_url = (
            f"http://{raw_host}:{self.port}/raw"  # another host name: no token goes there
        )
        self._thread: threading.Thread | None = None

    def start(self) -> GitHubStandIn:
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def repo(self, full_name: str) -> Repo | None:
        folder = os.path.join(self.root, full_name.replace("/", "__"))
        return Repo(folder, full_name) if os.path.isdir(folder) else None


class _Handler(BaseHTTPRequestHandler):
    server_version = "GitHub.com"

    def log_message(self, *args) -> None:
        pass

    @property
    def s(self) -> GitHubStandIn:
        return self.server.standin

    def do_GET(self) -> None:  # noqa: N802 - http.server API
        url = urlsplit(self.path)
        parts = [unquote(p) for p in url.path.split("/") if p]
        if parts[:2] == ["api", "v3"]:  # GitHub Enterprise Server's prefix: https://HOST/api/v3
            parts = parts[2:]
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        if parts[:1] == ["raw"]:
            return self._raw(parts[1:])
        if not self.headers.get("User-Agent"):
            return self._send(
                403,
                {
                    "message": "Request forbidden by administrative rules. "
                    "Please make sure your request has a User-Agent header"
                },
            )
        token = (self.headers.get("Authorization") or "").removeprefix("Bearer ").strip()
        if token and token not in self.s.tokens:
            return self._send(401, {"message": "Bad credentials"})
        if len(parts) < 3 or parts[0] != "repos":
            return self._send(404, {"message": "Not Found"})
        key = token or self.client_address[0]
        self._answer(
            f"{parts[1]}/{parts[2]}", parts[3:], query, key, bool(token)
        )  # quota per token or address

    def _answer(self, full: str, rest: list[str], query: dict, key: str, authed: bool) -> None:
        limit = self.s.tokens.get(key, self.s.quota) if authed else self.s.anonymous_quota
        with self.s.lock:
            used = self.s.used.get(key, 0)
        if used >= limit:
            return self._send(403, {"message": "API rate limit exceeded"}, limit=limit, used=used)
        if full in self.s.secondary:
            self.s.secondary.discard(full)  # once: the client must honour Retry-After, then retry
            return self._send(
                429,
                {"message": "You have exceeded a secondary rate limit"},
                extra={"Retry-After": "1"},
            )
        cfg = self.s.config
        renamed = cfg.get("renamed", {}).get(full)
        if renamed:
            tail = "/" + "/".join(rest) if rest else ""
            query_text = ("?" + "&".join(f"{k}={v}" for k, v in query.items())) if query else ""
            return self._send(
                301,
                {"message": "Moved Permanently"},
                limit=limit,
                used=used,
                extra={"Location": f"{self.s.url}/repos/{renamed}{tail}{query_text}"},
            )
        if full in cfg.get("blocked", []):
            return self._send(451, {"message": "Repository access blocked"}, limit=limit, used=used)
        repo = self.s.repo(full)
        if repo is None or (full in cfg.get("private", []) and not authed):
            return self._send(404, {"message": "Not Found"}, limit=limit, used=used)
        status, body = _route(self.s, repo, rest, query)
        self._send(status, body, limit=limit, used=used, key=key)

    def _raw(self, parts: list[str]) -> None:
        repo = self.s.repo("/".join(parts[:2])) if len(parts) > 3 else None
        data = repo.files.get("/".join(parts[3:])) if repo else None
        if data is None:
            return self._send(404, {"message": "Not Found"})
        self._reply(200, data, "text/plain; charset=utf-8", {})

    def _send(
        self,
        status: int,
        body,
        *,
        limit: int | None = None,
        used: int = 0,
        key: str | None = None,
        extra: dict | None = None,
    ) -> None:
        data = json.dumps(body).encode()
        etag = '"' + hashlib.sha1(data).hexdigest() + '"'
        headers = dict(extra or {})
        if status == 200:
            headers["ETag"] = etag
            if etag in (self.headers.get("If-None-Match") or ""):
                status, data = 304, b""  # a conditional hit costs no quota
            elif key is not None:
                with self.s.lock:
                    self.s.used[key] = used = used + 1
        if limit is not None:
            headers.update(
                {
                    "X-RateLimit-Limit": str(limit),
                    "X-RateLimit-Remaining": str(max(0, limit - used)),
                    "X-RateLimit-Used": str(used),
                    "X-RateLimit-Reset": str(self.s.reset_at),
                    "X-RateLimit-Resource": "core",
                }
            )
        with self.s.lock:
            self.s.counts[str(status)] = self.s.counts.get(str(status), 0) + 1
        self._reply(status, data, "application/json; charset=utf-8", headers)

    def _reply(self, status: int, data: bytes, content_type: str, headers: dict) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)


def _route(s: GitHubStandIn, repo: Repo, rest: list[str], query: dict) -> tuple[int, object]:
    """The documented endpoints of one repository."""
    if not rest:
        detected = repo.detected.get("spdx_id")
        lic = (
            {
                "key": (detected or "other").lower(),
                "name": detected or "Other",
                "spdx_id": detected,
                "url": None,
            }
            if repo.detected.get("path")
            else None
        )
        return 200, {
            "full_name": repo.full_name,
            "default_branch": "main",
            "archived": False,
            "disabled": False,
            "fork": False,
            "html_url": f"https://github.com/{repo.full_name}",
            "license": lic,
        }
    if not repo.files:
        return 409, {"message": "Git Repository is empty."}
    ref = query.get("ref", "main")
    if rest[0] == "commits" and len(rest) == 2:
        ok = rest[1] in ("main", "HEAD", repo.sha)
        return (
            (200, {"sha": repo.sha})
            if ok
            else (422, {"message": f"No commit found for SHA: {rest[1]}"})
        )
    if ref not in ("main", repo.sha):
        return 404, {"message": "No commit found for the ref " + ref}
    if rest[0] == "contents":
        return _contents(s, repo, "/".join(rest[1:]))
    if rest[0] in ("readme", "license"):
        names = [p for p in repo.files if "/" not in p and p.lower().startswith(rest[0])]
        if rest[0] == "license":
            names = [repo.detected["path"]] if repo.detected.get("path") in repo.files else []
        if not names:
            return 404, {"message": "Not Found"}
        status, body = _contents(s, repo, sorted(names)[0])
        if rest[0] == "license":
            body["license"] = {"spdx_id": repo.detected.get("spdx_id")}
        return status, body
    if rest[:2] == ["git", "trees"]:
        return 200, {
            "sha": repo.sha,
            "truncated": False,
            "tree": [{"path": p, "type": "blob", "size": len(d)} for p, d in repo.files.items()],
        }
    return 404, {"message": "Not Found"}


def _contents(s: GitHubStandIn, repo: Repo, path: str) -> tuple[int, object]:
    data = repo.files.get(path)
    if data is None:
        listing = repo.listing(path)
        return (200, listing) if listing is not None else (404, {"message": "Not Found"})
    large = len(data) > s.large
    return 200, {
        "type": "file",
        "name": path.rsplit("/", 1)[-1],
        "path": path,
        "size": len(data),
        "sha": repo.sha,
        "encoding": "none" if large else "base64",
        "content": "" if large else base64.encodebytes(data).decode(),
        "download_url": f"{s.raw_url}/{repo.full_name}/{repo.sha}/{path}",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", required=True)
    parser.add_argument("--port", type=int, default=18780)
    args = parser.parse_args()
    server = GitHubStandIn(args.root, port=args.port).start()
    print(f"GitHub stand-in on {server.url} serving {args.root}", flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    main()
