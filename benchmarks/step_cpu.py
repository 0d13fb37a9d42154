"""Where a listed dataset's CPU goes: each graph step's CPU time, summed over the run's threads.

    python -m benchmarks.step_cpu [--n 2000] [--concurrency 16] [--latency-ms 50] [--corpus DIR]

Runs `audit run --author copy0 ... --limit N` in this process against a Hub stand-in process
(the scale benchmark's, with --list-per-org 500), every step of the graph (agent.batch.over_batch)
wrapped to add up the thread CPU time (time.thread_time) it takes for each dataset. Prints, per
dataset: the process's CPU since the run began, each step's share, and what no step accounts for
(LangGraph's bookkeeping, the listing, the summary; the interpreter's start-up is not counted).
The corpus cards repeat every 514 datasets: memos of card readings hit across the copies, unless
--distinct-cards makes each copy's text its own.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import math
import os
import tempfile
import threading
import time
from collections import Counter

import agent.graph
from agent.batch import over_batch
from agent.cli import main as cli
from benchmarks.scale import DEFAULT_CORPUS, StandIn

PER_ORG = 500


def timed_steps(spent: Counter):
    """over_batch whose steps add their thread CPU time to spent[step name]."""
    lock = threading.Lock()

    def wrapped(name, step, route, network=None):
        def timed(item, runtime):
            start = time.thread_time()
            try:
                return step(item, runtime)
            finally:
                with lock:
                    spent[name] += time.thread_time() - start

        return over_batch(name, timed, route, network)

    return wrapped


def run(args) -> tuple[float, Counter]:
    orgs = math.ceil(args.n / PER_ORG)
    hub = StandIn(
        args.corpus, orgs, args.latency_ms, copy_size=PER_ORG, distinct_copies=args.distinct_cards
    )
    spent: Counter = Counter()
    original = agent.graph.over_batch
    agent.graph.over_batch = timed_steps(spent)  # the graph is built on first use, below
    try:
        with tempfile.TemporaryDirectory() as tmp:
            os.environ["LICENSETRACE_CACHE"] = os.path.join(tmp, "cache")  # never the user's
            os.environ["HF_HOME"] = tmp  # no token file: an anonymous client, as in CI
            argv = ["audit", "run", *[f"--author=copy{i}" for i in range(orgs)]]
            argv += ["--limit", str(args.n), "--registry", os.path.join(tmp, "r.db")]
            argv += ["--endpoint", hub.url, "--concurrency", str(args.concurrency)]
            argv += ["--depth", "0", "--quiet", "--format", "json"]
            start = time.process_time()
            with contextlib.redirect_stdout(io.StringIO()):
                code = cli(argv)
            total = time.process_time() - start
    finally:
        agent.graph.over_batch = original
        hub.stop()
    if code != 0:
        raise SystemExit(f"the audit ended with exit {code}")
    return total, spent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=2000, help="datasets listed (default 2000)")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--latency-ms", type=float, default=50)
    parser.add_argument(
        "--distinct-cards",
        action="store_true",
        help="no two copies of a corpus card alike (the scale benchmark's option of that name)",
    )
    parser.add_argument(
        "--corpus",
        default=os.environ.get("LICENSETRACE_CORPUS", DEFAULT_CORPUS),
        help="folder of <name>/README.md cards (default ../shared/corpus/cards)",
    )
    args = parser.parse_args(argv)
    os.environ.pop("HF_TOKEN", None)
    total, spent = run(args)
    per = 1000 / args.n
    print(f"{args.n} listed datasets, concurrency {args.concurrency}: CPU per dataset (ms)")
    print(f"  the whole run      {total * per:6.2f}")
    for name, seconds in spent.most_common():
        print(f"  {name:<18} {seconds * per:6.2f}")
    print(f"  outside the steps  {(total - sum(spent.values())) * per:6.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
