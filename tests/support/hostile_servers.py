"""Hostile servers on 127.0.0.1 (ephemeral ports) for the run's tests: a Hub stand-in that trickles
some datasets one byte at a time, and a GitHub API stand-in whose `loop` repository redirects to itself."""

from __future__ import annotations

import base64
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.support.hub_handler import HubHandler
from tests.support.hub_server import HubStandIn

TRICKLE_EVERY_S = 0.2  # a byte this often: every socket read succeeds, the answer never ends


class _TrickleHandler(HubHandler):
    def _serve(self, head: bool) -> None:
        hub = self.server.standin
        if any(f"/{name}" in self.path for name in hub.slow):
            hub.count("trickled")
            return self._trickle(hub)
        return super()._serve(head)

    def _trickle(self, hub: TrickleHub) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", "100000")
        self.end_headers()
        try:
            while not hub.stopping.is_set():
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(TRICKLE_EVERY_S)
        except OSError:
            pass  # the client hung up, as its deadline should make it


class TrickleHub(HubStandIn):
    """The Hub stand-in, except that every path naming one of `slow` trickles forever."""

    def __init__(self, root: str, slow: tuple[str, ...] = ()):
        super().__init__(root)
        self.httpd.RequestHandlerClass = _TrickleHandler
        self.slow, self.stopping = slow, threading.Event()

    def stop(self) -> None:
        self.stopping.set()
        super().stop()


class _GitHubHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        self.server.hits.append(self.path)
        parts = self.path.strip("/").split("/")  # repos/<owner>/<repo>/license
        if len(parts) == 4 and parts[2] == "loop":
            return self._send(302, b"", {"Location": self.path})
        text = b"MIT License\n\nCopyright (c) 2024 lt-org\n\nPermission is hereby granted, free of charge..."
        body = json.dumps(
            {
                "license": {"spdx_id": "MIT", "name": "MIT License"},
                "path": "LICENSE",
                "encoding": "base64",
                "content": base64.b64encode(text).decode(),
            }
        ).encode()
        self._send(200, body, {"Content-Type": "application/json"})

    def _send(self, status: int, body: bytes, headers: dict) -> None:
        self.send_response(status)
        for name, value in {**headers, "Content-Length": str(len(body))}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


class GitHubStandIn:
    """GET /repos/{owner}/{repo}/license: MIT for any repository, a redirect loop for `loop`."""

    def __init__(self) -> None:
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _GitHubHandler)
        self.httpd.daemon_threads = True
        self.httpd.hits = []
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    @property
    def hits(self) -> list[str]:
        return self.httpd.hits

    def __enter__(self) -> GitHubStandIn:
        threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def closed_port_url() -> str:
    """A URL on 127.0.0.1 where nothing listens: connections are refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"
