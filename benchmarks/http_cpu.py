"""CPU of one GET: the run's HTTP client against the layers under it, on the Hub stand-in.

    python -m benchmarks.http_cpu [--n 300] [--corpus DIR]

Each client GETs the same N corpus READMEs from a stand-in process on 127.0.0.1 (no latency),
one at a time on one kept-alive connection, and the user + system time of this thread is divided
by N. The clients: `agent.sources.http.HttpClient` (what a run uses: retries, quotas, deadlines,
size caps, over requests' HTTPAdapter with redirects followed by agent.sources.transport), a bare
`requests.Session` (what the client used before 2026-12-01), urllib3's connection pool (under
requests' adapter) and `http.client` (under urllib3). The gaps say what each layer costs per
request, and so what a leaner transport could save per dataset (a listed dataset makes one GET).
"""

from __future__ import annotations

import argparse
import http.client
import os
import time
from collections.abc import Callable

import requests
import urllib3

from agent.sources.http import HttpClient
from benchmarks.scale import DEFAULT_CORPUS, StandIn, dataset_ids

PATH = "/datasets/{}/resolve/main/README.md"
WARM = 20  # GETs before the clock starts: connections opened, code paths warm


def clients(url: str, port: int) -> dict[str, Callable[[str], bytes]]:
    ours, bare = HttpClient(), requests.Session()
    pool = urllib3.HTTPConnectionPool("127.0.0.1", port, maxsize=1)
    raw = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def raw_get(path: str) -> bytes:
        raw.request("GET", path)
        return raw.getresponse().read()

    return {
        "HttpClient (the run's)": lambda path: ours.get(url + path).body,
        "requests.Session": lambda path: bare.get(url + path).content,
        "urllib3 pool": lambda path: pool.request("GET", path, retries=False).data,
        "http.client": raw_get,
    }


def cpu_per_get(get: Callable[[str], bytes], paths: list[str]) -> float:
    for path in paths[:WARM]:
        get(path)
    start = time.thread_time()
    for path in paths:
        if not get(path):
            raise SystemExit(f"empty answer for {path}: is the stand-in serving the corpus?")
    return (time.thread_time() - start) / len(paths)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=300, help="GETs per client (default 300)")
    parser.add_argument(
        "--corpus",
        default=os.environ.get("LICENSETRACE_CORPUS", DEFAULT_CORPUS),
        help="folder of <name>/README.md cards (default ../shared/corpus/cards)",
    )
    args = parser.parse_args(argv)
    refs, copies = dataset_ids(args.corpus, args.n)
    paths = [PATH.format(ref) for ref in refs]
    hub = StandIn(args.corpus, copies, latency_ms=0)
    try:
        measured = {
            name: cpu_per_get(get, paths) for name, get in clients(hub.url, hub.port).items()
        }
    finally:
        hub.stop()
    ours = measured["HttpClient (the run's)"]
    print(f"CPU per GET of a corpus README, {len(paths)} GETs each, one thread, kept alive:")
    for name, seconds in measured.items():
        print(f"  {name:<24}{seconds * 1000:6.2f} ms  ({seconds / ours:.2f} of the run's client)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
