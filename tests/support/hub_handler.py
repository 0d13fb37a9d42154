"""Requests to the Hub stand-in: routes, the error table of HUB_API.md, quotas and injected faults."""

from __future__ import annotations

import json
import socket
import time
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, unquote, urlsplit

from tests.support.hub_listing import list_page
from tests.support.hub_repo import Repo, git_blob_sha


class HubHandler(BaseHTTPRequestHandler):
    """One connection's requests: routing, access rules, headers and bodies as the Hub sends them."""

    protocol_version = "HTTP/1.1"  # keep-alive, like the real Hub behind its CDN
    server_version = "hub-standin"
    disable_nagle_algorithm = (
        True  # headers and body go out as two writes: no 40 ms delayed-ACK stall
    )

    def log_message(self, *args) -> None:  # quiet: thousands of requests per benchmark
        pass

    def do_HEAD(self) -> None:
        self._serve(head=True)

    def do_GET(self) -> None:
        self._serve(head=False)

    # -- dispatch --------------------------------------------------------------------------
    def _serve(self, head: bool) -> None:
        hub = self.server.standin
        self.head, self.extra = head, {}
        url = urlsplit(self.path)
        segments = [unquote(s) for s in url.path.split("/") if s]
        if url.path == "/_standin/stats":
            return self._json(200, {"counts": dict(hub.counts)})
        quota = "api" if url.path.startswith("/api/") else "resolve"
        hub.count("requests", f"{quota}", f"path:{url.path}")
        if hub.latency:
            time.sleep(hub.latency)
        if not self._quota_ok(hub, quota) or self._fault(hub):
            return
        token = self._token()
        if hub.tokens is not None and token is not None and token not in hub.tokens:
            return self._json(401, {"error": "Invalid credentials in Authorization header"})
        if segments == ["api", "datasets"]:
            return self._list(hub, parse_qs(url.query), token)
        if segments[:2] == ["api", "datasets"] and len(segments) > 2:
            return self._info(hub, segments[2:], parse_qs(url.query), token)
        if segments[:1] == ["datasets"] and len(segments) > 3:
            return self._file(hub, segments[1:], token)
        if segments[:1] == ["cdn"] and len(segments) > 3:
            return self._cdn(hub, segments[1:])
        self._json(404, {"error": "Sorry, we can't find the page you are looking for."})

    def _quota_ok(self, hub, quota: str) -> bool:
        allowed, remaining, reset = hub.take_quota(quota)
        limit = hub.quotas.get(quota)
        if limit is not None and (hub.always_ratelimit_headers or not allowed):
            self.extra["RateLimit"] = f'"{quota}";r={remaining};t={reset}'
            self.extra["RateLimit-Policy"] = (
                f'"fixed window";"{quota}";q={limit};w={int(hub.window)}'
            )
        if allowed:
            return True
        self.extra["Retry-After"] = str(reset)
        self._json(
            429,
            {
                "error": f"You have exceeded our rate limit for '{quota}' requests. "
                f"Try again in {reset} seconds."
            },
        )
        return False

    def _fault(self, hub) -> bool:
        fault = hub.draw_fault()
        if fault is None:
            return False
        hub.count(f"fault:{fault}")
        if fault == "reset":
            self.close_connection = True
            self.connection.setsockopt(
                socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00"
            )
            self.connection.close()
        elif fault == "truncate":
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b"{" * 10)
            self.close_connection = True
        else:
            self._json(
                int(fault),
                {"error": "Internal Error - We're working hard to fix this as soon as possible!"},
            )
        return True

    def _token(self) -> str | None:
        value = self.headers.get("Authorization", "")
        return value[7:].strip() or None if value.startswith("Bearer ") else None

    # -- endpoints -------------------------------------------------------------------------
    def _visible(self, hub, repo_id: str, token: str | None) -> Repo | None:
        repo = hub.repo(repo_id)
        if repo is None or not repo.can_see(token):
            # 401 without a token, 404 with one: "not found, or not yours"
            self._json(
                401 if token is None else 404,
                {"error": "Repository not found"},
                code="RepoNotFound",
            )
            return None
        if repo.meta.get(
            "moved_to"
        ):  # a renamed repo: the Hub redirects the old id (squad -> org/squad)
            new = repo.meta["moved_to"]
            path = self.path.replace(f"/datasets/{repo_id}/", f"/datasets/{new}/", 1)
            if path == self.path:
                path = self.path.replace(f"/datasets/{repo_id}", f"/datasets/{new}", 1)
            self.extra["Location"] = path
            self._send(307, b"", "text/plain; charset=utf-8")
            return None
        return repo

    def _scripted(self, hub, repo: Repo) -> bool:
        """Sidecar faults: the first N requests of each path answer 500 or 429."""
        if not (repo.meta.get("fail_first") or repo.meta.get("throttle_first")):
            return False
        seen = hub.count(f"scripted:{self.path}")
        if seen <= repo.meta.get("fail_first", 0):
            self._json(500, {"error": "Internal Error"})
            return True
        if seen <= repo.meta.get("fail_first", 0) + repo.meta.get("throttle_first", 0):
            wait = repo.meta.get("retry_after", 1)
            self.extra.update({"Retry-After": str(wait), "RateLimit": f'"api";r=0;t={wait}'})
            self._json(429, {"error": "Rate limit reached"})
            return True
        return False

    def _info(self, hub, segs: list[str], query: dict, token: str | None) -> None:
        revision = None
        if len(segs) >= 3 and segs[-2] == "revision":
            segs, revision = segs[:-2], segs[-1]
        repo = self._visible(hub, "/".join(segs), token)
        if repo is None or self._scripted(hub, repo):
            return
        if revision is not None and not repo.knows_revision(revision):
            return self._json(
                404, {"error": f"Invalid rev id: {revision}"}, code="RevisionNotFound"
            )
        info = repo.info_json(
            query.get("expand[]", []) + query.get("expand", []),
            blobs=query.get("blobs", [""])[0].lower() == "true",
        )
        body = json.dumps(info).encode()
        self._send(200, body, "application/json; charset=utf-8", etag=f'W/"{git_blob_sha(body)}"')

    def _list(self, hub, query: dict, token: str | None) -> None:
        """One page of the listing; the next page's URL goes in the Link header, as on the Hub."""
        if hub.fail_list_page(query.get("cursor", [""])[0]):  # scripted: list_faults
            return self._json(500, {"error": "Internal Error"})
        status, payload, following = list_page(hub, query, token)
        if following is not None:
            self.extra["Link"] = f'<{hub.url}/api/datasets?{following}>; rel="next"'
        self._send(status, json.dumps(payload).encode(), "application/json; charset=utf-8")

    def _file(self, hub, segs: list[str], token: str | None) -> None:
        cut = next(
            (
                i
                for i in (2, 1)
                if len(segs) > i + 2
                and segs[i] in ("resolve", "raw")
                and hub.repo("/".join(segs[:i])) is not None
            ),
            None,
        )
        if cut is None:
            cut = 2 if len(segs) > 4 and segs[2] in ("resolve", "raw") else 1
        repo = self._visible(hub, "/".join(segs[:cut]), token)
        if repo is None or self._scripted(hub, repo):
            return
        revision, rfilename = segs[cut + 1], "/".join(segs[cut + 2 :])
        if not repo.knows_revision(revision):
            return self._json(
                404, {"error": f"Invalid rev id: {revision}"}, code="RevisionNotFound"
            )
        self.extra["X-Repo-Commit"] = repo.sha
        if repo.gated_for(rfilename, token):
            status = 401 if token is None else 403
            return self._json(
                status,
                {
                    "error": f"Access to dataset {repo.repo_id} is restricted. You "
                    "must have access to it and be authenticated to access it."
                },
                code="GatedRepo",
            )
        data = repo.read(rfilename)
        if data is None:
            return self._json(404, {"error": "Entry not found"}, code="EntryNotFound")
        if repo.meta.get("lfs") and rfilename not in ("README.md", ".gitattributes"):
            return self._redirect_lfs(hub, repo, rfilename, data)
        self._send(200, data, "text/plain; charset=utf-8", etag=f'"{git_blob_sha(data)}"')

    def _redirect_lfs(self, hub, repo: Repo, rfilename: str, data: bytes) -> None:
        """Large files: 302 to the CDN with the file's size and etag, as the Hub does."""
        etag = f'"{git_blob_sha(data)}"'
        self.extra.update(
            {
                "Location": f"{hub.cdn_url}/cdn/{repo.repo_id}/{repo.sha}/{rfilename}",
                "X-Linked-Size": str(len(data)),
                "X-Linked-Etag": etag,
                "ETag": etag,
            }
        )
        self._send(302, b"", "text/plain; charset=utf-8")

    def _cdn(self, hub, segs: list[str]) -> None:
        hub.count("cdn:auth" if "Authorization" in self.headers else "cdn:anonymous")
        for cut in (2, 1):
            repo = hub.repo("/".join(segs[:cut]))
            if repo is not None and len(segs) > cut + 1:
                data = repo.read("/".join(segs[cut + 1 :]))
                if data is not None:
                    return self._send(
                        200, data, "application/octet-stream", etag=f'"{git_blob_sha(data)}"'
                    )
        self._json(404, {"error": "Not found"})

    # -- writing ---------------------------------------------------------------------------
    def _json(self, status: int, payload: dict, code: str | None = None) -> None:
        if code:
            self.extra["X-Error-Code"] = code
            self.extra["X-Error-Message"] = payload.get("error", "")
        self._send(status, json.dumps(payload).encode(), "application/json; charset=utf-8")

    def _send(self, status: int, body: bytes, ctype: str, etag: str | None = None) -> None:
        hub = self.server.standin
        if etag and etag.removeprefix("W/") in [
            e.strip().removeprefix("W/") for e in self.headers.get("If-None-Match", "").split(",")
        ]:
            status, body = 304, b""
        hub.count(f"status:{status}")
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        if etag:
            self.send_header("ETag", etag)
        for name, value in self.extra.items():
            self.send_header(name, value)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not self.head and status != 304:
            self.wfile.write(body)
