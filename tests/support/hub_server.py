"""A Hub stand-in on 127.0.0.1, faithful to HUB_API.md, with latency, faults and quotas for tests.

Serves `<root>/<name>/README.md` as dataset `name` and `<root>/<org>/<name>/...` as `org/name`.
Run it: `python -m tests.support.hub_server --root DIR --port N [--latency-ms X] [--fail-rate P]
[--api-quota N --resolve-quota N --window S --ratelimit-headers always|429]`, or in-process with `HubStandIn(root).start()`.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import re
import threading
import time
from collections import Counter
from http.server import ThreadingHTTPServer

from tests.support.hub_handler import HubHandler
from tests.support.hub_listing import PAGE_SIZE, all_ids, decode_cursor
from tests.support.hub_repo import Repo, is_dataset_dir


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # bursts of new connections from a 32-connection pool
    allow_reuse_address = True

    def handle_error(self, request, client_address) -> None:
        pass  # injected resets and clients that hang up are expected here, not worth a traceback


class HubStandIn:
    """The server and its options; `counts` tallies requests per path, quota class and status."""

    def __init__(
        self,
        root: str,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        latency_ms: float = 0,
        fail_rate: float = 0.0,
        seed: int = 0,
        api_quota: int | None = None,
        resolve_quota: int | None = None,
        window: float = 300.0,
        tokens: set[str] | None = None,
        cdn_url: str | None = None,
        always_ratelimit_headers: bool = True,
        copies: int = 0,
        copy_size: int | None = None,
        distinct_copies: bool = False,
        list_faults: dict[int, int] | None = None,
    ):
        self.root = os.path.abspath(root)
        self.copies = copies  # serve every dataset again as copy0/<name> .. copy<N-1>/<name>
        self.copy_size = copy_size  # ... only the first N datasets (sorted) in each copy
        # ... each copy's README ending in its own number of blank lines: no two copies read the
        # same, so what a run remembers of a whole card does not carry over to its copies
        self.distinct_copies = distinct_copies
        self.list_faults = dict(list_faults or {})  # list page number -> its first N answer 500
        self.page_size = PAGE_SIZE  # the largest list page it serves (the Hub: 1,000)
        self._listing: list[str] | None = None
        self._copied: set[str] | None = None
        self.latency = latency_ms / 1000.0
        self.fail_rate, self.rng = fail_rate, random.Random(seed)
        self.quotas = {"api": api_quota, "resolve": resolve_quota}
        self.window, self.tokens = window, tokens
        self.always_ratelimit_headers = always_ratelimit_headers
        self.counts: Counter = Counter()
        self.lock = threading.Lock()
        self._repos: dict[str, Repo | None] = {}
        self._window_counts: Counter = Counter()
        self._started = time.monotonic()
        self.httpd = _Server((host, port), HubHandler)
        self.httpd.standin = self
        self.url = f"http://{host}:{self.httpd.server_address[1]}"
        # Like the Hub's CDN, large files are served from another host name: the token must not follow.
        other = "localhost" if host == "127.0.0.1" else "127.0.0.1"
        self.cdn_url = cdn_url or f"http://{other}:{self.httpd.server_address[1]}"
        self._thread: threading.Thread | None = None

    # -- lifecycle -------------------------------------------------------------------------
    def start(self) -> HubStandIn:
        self._thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> HubStandIn:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- state -----------------------------------------------------------------------------
    def repo(self, repo_id: str) -> Repo | None:
        """The dataset `repo_id`, loaded once (None when there is no such folder)."""
        if repo_id in self._repos:
            return self._repos[repo_id]
        parts = repo_id.split("/")
        ok = 1 <= len(parts) <= 2 and all(p and not p.startswith(".") for p in parts)
        copy = re.fullmatch(r"copy(\d+)", parts[0]) if len(parts) == 2 else None
        tail = b""
        if copy and int(copy.group(1)) < self.copies:  # "copy7/squad" serves <root>/squad
            parts = parts[1:] if self._in_copies(parts[1]) else ["."]
            tail = b"\n" * (int(copy.group(1)) + 1) if self.distinct_copies else b""
        folder = os.path.join(self.root, *parts) if ok else ""
        repo = Repo.load(repo_id, folder, tail) if ok and is_dataset_dir(folder) else None
        with self.lock:
            self._repos[repo_id] = repo
        return repo

    def listing(self) -> list[str]:
        """Every dataset id served, sorted (scanned once): what `GET /api/datasets` pages through."""
        if self._listing is None:
            self._listing = all_ids(self.root, self.copies, self.copy_size)
        return self._listing

    def _in_copies(self, name: str) -> bool:
        """Whether <name> is one of the datasets the copies serve (all, or the first copy_size)."""
        if self.copy_size is None:
            return True
        if self._copied is None:
            self._copied = {i.split("/", 1)[1] for i in self.listing() if i.startswith("copy0/")}
        return name in self._copied

    def fail_list_page(self, cursor: str) -> bool:
        """Whether this request of list page N is one of the first list_faults[N] (answered 500)."""
        decoded = decode_cursor(cursor)
        failures = self.list_faults.get(decoded[0] if decoded else 0, 0)
        return bool(failures) and self.count(f"list_page:{cursor}") <= failures

    def count(self, *keys: str) -> int:
        """Bump counters and return the first one's new value."""
        with self.lock:
            for key in keys:
                self.counts[key] += 1
            return self.counts[keys[0]]

    def take_quota(self, quota: str) -> tuple[bool, int, int]:
        """Spend one request of a fixed-window quota: (allowed, remaining, seconds to reset)."""
        limit = self.quotas.get(quota)
        elapsed = time.monotonic() - self._started
        index = int(elapsed // self.window)
        reset = max(1, math.ceil((index + 1) * self.window - elapsed))
        if limit is None:
            return True, -1, reset
        with self.lock:
            used = self._window_counts[(quota, index)]
            if used >= limit:  # tallied per window: benchmarks check "at most one 429 per window"
                self.counts[f"throttled:{quota}:w{index}"] += 1
                return False, 0, reset
            self._window_counts[(quota, index)] = used + 1
            return True, limit - used - 1, reset

    def draw_fault(self) -> str | None:
        """With probability fail_rate, one of 500/502/503/reset/truncate (seeded)."""
        if not self.fail_rate:
            return None
        with self.lock:
            if self.rng.random() >= self.fail_rate:
                return None
            return self.rng.choice(["500", "502", "503", "reset", "truncate"])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", required=True, help="folder of dataset folders")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=18765)
    parser.add_argument("--latency-ms", type=float, default=0)
    parser.add_argument("--fail-rate", type=float, default=0.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--api-quota", type=int)
    parser.add_argument("--resolve-quota", type=int)
    parser.add_argument("--quota", type=int, help="same quota for api and resolve")
    parser.add_argument("--window", type=float, default=300.0)
    parser.add_argument(
        "--copies",
        type=int,
        default=0,
        help="also serve each dataset as copy0/<name> .. copy<N-1>/<name> (scale runs)",
    )
    parser.add_argument(
        "--copy-size", type=int, help="serve only the first N datasets (sorted) in each copy"
    )
    parser.add_argument(
        "--distinct-copies",
        action="store_true",
        help="end each copy's README in its own number of blank lines (no two copies alike)",
    )
    parser.add_argument(
        "--token", action="append", help="a valid token (repeatable); others get 401"
    )
    parser.add_argument(
        "--ratelimit-headers",
        choices=["always", "429"],
        default="always",
        help="send RateLimit/RateLimit-Policy on every answer, or only on 429s",
    )
    args = parser.parse_args(argv)
    hub = HubStandIn(
        args.root,
        args.host,
        args.port,
        latency_ms=args.latency_ms,
        fail_rate=args.fail_rate,
        seed=args.seed,
        window=args.window,
        api_quota=args.api_quota or args.quota,
        resolve_quota=args.resolve_quota or args.quota,
        tokens=set(args.token) if args.token else None,
        copies=args.copies,
        copy_size=args.copy_size,
        distinct_copies=args.distinct_copies,
        always_ratelimit_headers=args.ratelimit_headers == "always",
    )
    print(f"Hub stand-in serving {hub.root} at {hub.url}", flush=True)
    try:
        hub.httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        hub.httpd.server_close()


if __name__ == "__main__":
    main()
