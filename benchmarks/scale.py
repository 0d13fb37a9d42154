"""Scale benchmark: the real `audit run` CLI against a Hub stand-in process with latency, quotas, faults.

    python -m benchmarks.scale                      # all parts, N=3,612 (issue 6 acceptance 1-3)
    python -m benchmarks.scale --quick              # N=514, CI-sized
    python -m benchmarks.scale --parts first,second --concurrency 16 --registry postgresql://...

Parts: first (fresh registry), second (nothing changed), baseline (concurrency 1 on a subset),
quota (stand-in enforcing a scaled-down quota), fault (10% of requests fail), list (10,000
datasets listed from 20 organisations, then the unchanged re-run; benchmarks/scale_list.py),
list-quota (a listing under a 100 API / 600 resolver per 5 s stand-in quota), cpu and memory
(CPU per dataset against a baseline checkout, peak RSS over 100,000 references;
benchmarks/scale_cpu.py). Figures come from
the stand-in's own counters (/_standin/stats), the registry, and wait4() of the audit process.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections import Counter
from dataclasses import dataclass, field

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# ../shared/corpus/cards beside the checkout, as the other benchmarks (--corpus to point elsewhere)
DEFAULT_CORPUS = os.path.join(os.path.dirname(ROOT), "shared", "corpus", "cards")
PARTS = ("first", "second", "baseline", "quota", "fault", "list", "list-quota", "cpu", "memory")


# -- the stand-in, in its own process ------------------------------------------------------------
class StandIn:
    """`python -m tests.support.hub_server` on a free loopback port; `.counts()` reads its tallies."""

    def __init__(self, corpus: str, copies: int, latency_ms: float, **options):
        self.port = _free_port()
        argv = [
            sys.executable,
            "-m",
            "tests.support.hub_server",
            "--root",
            corpus,
            "--port",
            str(self.port),
            "--latency-ms",
            str(latency_ms),
            "--copies",
            str(copies),
        ]
        for key, value in options.items():  # fail_rate=0.1 -> --fail-rate 0.1, flag=True -> --flag
            flag = f"--{key.replace('_', '-')}"
            if value is True:
                argv.append(flag)
            elif value is not None and value is not False:
                argv += [flag, str(value)]
        self.proc = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.PIPE, text=True)
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc.stdout.readline()  # "Hub stand-in serving ... at ..." once it listens

    def counts(self) -> Counter:
        with urllib.request.urlopen(f"{self.url}/_standin/stats", timeout=10) as resp:
            return Counter(json.load(resp)["counts"])

    def cpu(self) -> float:
        """User + system seconds the stand-in process has used (it shares the machine's cores)."""
        try:
            with open(f"/proc/{self.proc.pid}/stat", encoding="ascii") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, ValueError, IndexError):
            return 0.0

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def dataset_ids(corpus: str, n: int) -> tuple[list[str], int]:
    """N distinct ids over the corpus cards: copy0/<name>, copy1/<name>, ... (and the copies needed)."""
    names = sorted(
        d for d in os.listdir(corpus) if os.path.isfile(os.path.join(corpus, d, "README.md"))
    )
    if not names:
        raise SystemExit(f"no <name>/README.md cards under {corpus}")
    copies = math.ceil(n / len(names))
    return [f"copy{i}/{name}" for i in range(copies) for name in names][:n], copies


# -- registries ------------------------------------------------------------------------------------
class Registries:
    """Fresh registries: SQLite files in a temporary folder, or new databases on a PostgreSQL server."""

    def __init__(self, base: str | None):
        self.base, self.tmp, self.made = base, tempfile.mkdtemp(prefix="lt-scale-"), []

    def fresh(self, label: str) -> str:
        if not self.base:
            return os.path.join(self.tmp, f"{label}.db")
        import psycopg

        name = f"lt_scale_{label}_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(self.base, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        self.made.append(name)
        url = self.base.rsplit("/", 1)[0] + "/" + name
        from registry.store.opener import open_registry

        open_registry(url).close()  # the schema in place, so the counts before the first run work
        return url

    def drop_all(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)  # SQLite files: 60-160 MB a 10,000-run
        if not self.base:
            return
        import psycopg

        with psycopg.connect(self.base, autocommit=True) as conn:
            for name in self.made:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


def registry_counts(location: str) -> dict[str, int]:
    """Rows, current entries, datasets with a current entry, errors, and the integrity check."""
    queries = {
        "rows": "SELECT count(*) FROM entries",
        "current": "SELECT count(*) FROM entries WHERE is_current = {t}",
        "datasets": "SELECT count(DISTINCT dataset) FROM entries WHERE is_current = {t}",
        "errors": "SELECT count(*) FROM entries WHERE is_current = {t} AND status = 'error'",
    }
    if location.startswith(("postgresql://", "postgres://")):
        import psycopg

        with psycopg.connect(location) as conn:
            out = {k: conn.execute(q.format(t="TRUE")).fetchone()[0] for k, q in queries.items()}
        out["integrity"] = "n/a"
        return out
    conn = sqlite3.connect(location)
    try:
        out = {k: conn.execute(q.format(t="1")).fetchone()[0] for k, q in queries.items()}
        out["integrity"] = conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()
    return out


# -- one audit run -----------------------------------------------------------------------------------
@dataclass
class Run:
    """What one `audit run` cost and left behind."""

    label: str
    n: int
    concurrency: int
    wall: float = 0.0
    rss_mb: float = 0.0
    cpu: float = 0.0  # user + system seconds of the audit process
    hub_cpu: float = 0.0  # ... and of the stand-in during the run
    exit_code: int = 0
    requests: int = 0
    reused: int = 0
    statuses: Counter = field(default_factory=Counter)
    served: Counter = field(default_factory=Counter)  # the stand-in's counters during this run
    registry: dict = field(default_factory=dict)
    new_rows: int = 0

    @property
    def per_dataset(self) -> float:
        return self.requests / self.n if self.n else 0.0

    @property
    def missing(self) -> int:
        return self.n - self.registry.get("datasets", 0)


def audit(
    label: str,
    refs: list[str],
    registry: str,
    hub: StandIn,
    concurrency: int,
    cache: str | None = None,
    select: list[str] | None = None,
    n: int | None = None,
    code: str = ROOT,
    workers: int = 1,
) -> Run:
    """Run `licensetrace audit run --from FILE` in a child process and measure it.

    `cache`: the Hub file cache folder (LICENSETRACE_CACHE); None: a fresh one (a cold start).
    `select`: listing options instead of --from (["--author", "copy0", "--limit", "500"]), for
    `n` datasets.
    `code`: the checkout whose `agent` runs (another one, e.g. main, for a baseline).
    `workers`: audit processes (`--workers`), `concurrency` / `workers` datasets at once each, so
    that `concurrency` requests are in flight in all, as with one process.
    """
    run = Run(label, n if select else len(refs), concurrency)
    before_rows = registry_counts(registry)["rows"] if _exists(registry) else 0
    before, hub_cpu = hub.counts(), hub.cpu()
    with tempfile.TemporaryDirectory() as tmp:
        refs_file, out_file = os.path.join(tmp, "refs.txt"), os.path.join(tmp, "out.json")
        with open(refs_file, "w", encoding="utf-8") as handle:
            handle.write("\n".join(refs) + "\n")
        argv = [
            sys.executable,
            "-m",
            "agent.cli",
            "audit",
            "run",
            *(select or ["--from", refs_file]),
            "--registry",
            registry,
            "--endpoint",
            hub.url,
            "--concurrency",
            str(concurrency // workers),
            *(["--workers", str(workers)] if workers > 1 else []),
            "--depth",
            "0",
            "--quiet",
            "--format",
            "json",
        ]
        env = {k: v for k, v in os.environ.items() if k not in ("HF_TOKEN", "HF_HOME")}
        env["HF_HOME"] = tmp  # no token file: an anonymous client, as in CI
        env["LICENSETRACE_CACHE"] = cache or os.path.join(tmp, "cache")  # never the user's own
        env["PYTHONPATH"] = code  # before the installed (editable) package
        with open(out_file, "w", encoding="utf-8") as out:
            start = time.perf_counter()
            proc = subprocess.Popen(argv, cwd=code, stdout=out, stderr=subprocess.DEVNULL, env=env)
            _, status, usage = os.wait4(proc.pid, 0)
            run.wall = time.perf_counter() - start
        proc.returncode = run.exit_code = os.waitstatus_to_exitcode(status)
        run.rss_mb = usage.ru_maxrss / 1024  # Linux: kilobytes
        run.cpu = usage.ru_utime + usage.ru_stime
        results = _results(out_file)
    run.served, run.hub_cpu = hub.counts() - before, hub.cpu() - hub_cpu
    run.requests = run.served["requests"]
    run.statuses = Counter(r.get("status") for r in results)
    run.reused = sum(1 for r in results if r.get("reused"))
    run.registry = registry_counts(registry)
    run.new_rows = run.registry["rows"] - before_rows
    return run


def _exists(registry: str) -> bool:
    return registry.startswith(("postgresql://", "postgres://")) or os.path.exists(registry)


def _results(path: str) -> list[dict]:
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle).get("results", [])
    except (OSError, ValueError):
        return []


def throttled_per_window(served: Counter) -> dict[str, int]:
    """429s the stand-in sent, per quota window: {"api:w3": 1, ...}."""
    return {k.split(":", 1)[1]: v for k, v in sorted(served.items()) if k.startswith("throttled:")}


# -- the parts ------------------------------------------------------------------------------------
def run_parts(args) -> dict[str, Run]:
    refs, copies = dataset_ids(args.corpus, args.n)
    registries, runs = Registries(args.registry), {}
    try:
        if {"first", "second", "baseline"} & args.parts:
            hub = StandIn(args.corpus, copies, args.latency_ms)
            try:
                db, cache = registries.fresh("first"), os.path.join(registries.tmp, "cache")
                if {"first", "second"} & args.parts:
                    runs["first"] = audit("first", refs, db, hub, args.concurrency, cache)
                if "second" in args.parts:  # the same registry and file cache, as a user would have
                    runs["second"] = audit("second", refs, db, hub, args.concurrency, cache)
                if "baseline" in args.parts:
                    sub = refs[: args.baseline_n]
                    runs["baseline"] = audit("baseline", sub, registries.fresh("baseline"), hub, 1)
                    runs["same-subset"] = audit(
                        "same-subset", sub, registries.fresh("subset"), hub, args.concurrency
                    )
            finally:
                hub.stop()
        if "quota" in args.parts:  # quota announced on every answer, then only on 429s
            runs["quota"] = _quota_run(args, refs, copies, registries, "always")
            runs["quota-429"] = _quota_run(args, refs, copies, registries, "429")
        if {"list", "list-quota"} & args.parts:
            from benchmarks.scale_list import run_list_parts

            runs.update(run_list_parts(args, registries))
        if "fault" in args.parts:
            hub = StandIn(
                args.corpus, copies, args.latency_ms, fail_rate=args.fail_rate, seed=args.seed
            )
            try:
                runs["fault"] = audit(
                    "fault", refs[: args.fault_n], registries.fresh("fault"), hub, args.concurrency
                )
            finally:
                hub.stop()
        from benchmarks.scale_cpu import cpu_part, memory_part

        if "cpu" in args.parts:
            runs.update(cpu_part(args, registries))
        if "memory" in args.parts:
            runs.update(memory_part(args, registries))
    finally:
        registries.drop_all()
    return runs


def _quota_run(args, refs: list[str], copies: int, registries: Registries, headers: str) -> Run:
    hub = StandIn(
        args.corpus,
        copies,
        args.latency_ms,
        api_quota=args.api_quota,
        window=args.window,
        resolve_quota=args.resolve_quota,
        ratelimit_headers=headers,
    )
    label = "quota" if headers == "always" else "quota-429"
    try:
        return audit(label, refs[: args.quota_n], registries.fresh(label), hub, args.concurrency)
    finally:
        hub.stop()


# -- the report -----------------------------------------------------------------------------------
def report(runs: dict[str, Run], args) -> list[str]:
    lines = [
        f"{'run':<12}{'N':>6}{'conc':>5}{'wall s':>9}{'ideal s':>9}{'ratio':>7}{'req':>7}"
        f"{'req/ds':>7}{'RSS MB':>8}{'cpu s':>7}{'hub cpu':>8}{'audited':>8}{'errors':>7}{'missing':>8}{'reused':>7}"
        f"{'new rows':>9}{'429':>5}{'exit':>5}"
    ]
    for run in runs.values():
        ideal = run.n * run.per_dataset * args.latency_ms / 1000 / run.concurrency
        audited = run.registry.get("datasets", 0) - run.registry.get("errors", 0)
        lines.append(
            f"{run.label:<12}{run.n:>6}{run.concurrency:>5}{run.wall:>9.1f}{ideal:>9.1f}"
            f"{run.wall / ideal if ideal else 0:>7.2f}{run.requests:>7}{run.per_dataset:>7.2f}"
            f"{run.rss_mb:>8.0f}{run.cpu:>7.1f}{run.hub_cpu:>8.1f}{audited:>8}{run.registry.get('errors', 0):>7}{run.missing:>8}"
            f"{run.reused:>7}{run.new_rows:>9}{run.served['status:429']:>5}{run.exit_code:>5}"
        )
    lines += _comparisons(runs, args)
    if {"list-first", "quota-ids", "list-quota"} & set(runs):
        from benchmarks.scale_list import list_comparisons

        lines += list_comparisons(runs, args)
    return lines


def _comparisons(runs: dict[str, Run], args) -> list[str]:
    out = []
    first, second = runs.get("first"), runs.get("second")
    if first and second:
        out.append(
            f"second/first wall time: {second.wall / first.wall:.2f} (target <= 0.60); second run: "
            f"{second.per_dataset:.2f} requests/dataset, {second.new_rows} entries re-concluded; "
            f"API calls {second.served['api']} (target 0), resolver calls "
            f"{second.served['resolve']} ({second.served['status:304']} answered 304 Not Modified)"
        )
    if first:
        ideal = first.n * first.per_dataset * args.latency_ms / 1000 / first.concurrency
        out.append(
            f"first run: {first.wall / ideal:.2f}x the ideal (target <= 2), peak RSS "
            f"{first.rss_mb:.0f} MB (target < 400); integrity {first.registry.get('integrity')}"
        )
    base, same = runs.get("baseline"), runs.get("same-subset")
    if base and same:
        out.append(
            f"concurrency 1 vs {same.concurrency} on {base.n} datasets: {base.wall:.1f} s vs "
            f"{same.wall:.1f} s (speed-up {base.wall / same.wall:.1f}x; "
            f"{base.wall / base.n * 1000:.0f} vs {same.wall / same.n * 1000:.0f} ms per dataset)"
        )
    for label, how in (("quota", "on every answer"), ("quota-429", "only on 429s")):
        quota = runs.get(label)
        if quota:
            windows = throttled_per_window(quota.served)
            out.append(
                f"{label} (api {args.api_quota}, resolve {args.resolve_quota} per {args.window:g} s, "
                f"quota headers {how}): 429s per window {windows or 'none'}; max "
                f"{max(windows.values(), default=0)} (target <= 1); missing {quota.missing}"
            )
    fault = runs.get("fault")
    if fault:
        faults = {k[6:]: v for k, v in fault.served.items() if k.startswith("fault:")}
        out.append(
            f"fault run (fail rate {args.fail_rate}): injected {faults}; statuses "
            f"{dict(fault.statuses)}; missing {fault.missing} (target 0)"
        )
    return out


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, help="datasets (default 3612; --quick 514)")
    parser.add_argument(
        "--corpus",
        default=os.environ.get("LICENSETRACE_CORPUS", DEFAULT_CORPUS),
        help="folder of <name>/README.md cards (default $LICENSETRACE_CORPUS or "
        "../shared/corpus/cards beside the repository)",
    )
    parser.add_argument("--latency-ms", type=float, default=50)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument(
        "--distinct-cards",
        action="store_true",
        help="list part: no two copies of a corpus card alike (each ends in its own number of "
        "blank lines), so that what a run remembers of a whole card does not carry over",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="list, list-quota and memory parts: audit processes, --concurrency/N datasets at "
        "once each (default 1)",
    )
    parser.add_argument(
        "--registry", help="postgresql://... server (a fresh database per run); default SQLite"
    )
    parser.add_argument(
        "--parts", default="first,second,baseline,quota,fault", help=f"any of {','.join(PARTS)}"
    )
    parser.add_argument("--quick", action="store_true", help="CI-sized: N=514, smaller subsets")
    parser.add_argument("--baseline-n", type=int, help="datasets of the concurrency-1 baseline")
    parser.add_argument(
        "--quota-n", type=int, help="datasets of the quota run (default min(N, 514))"
    )
    parser.add_argument("--api-quota", type=int, default=100)
    parser.add_argument("--resolve-quota", type=int, default=500)
    parser.add_argument(
        "--window", type=float, default=5.0, help="quota window, seconds (the Hub's is 300)"
    )
    parser.add_argument("--fault-n", type=int, help="datasets of the fault run (default N)")
    parser.add_argument(
        "--list-orgs", type=int, default=20, help="organisations listed by the list parts"
    )
    parser.add_argument(
        "--list-per-org", type=int, default=500, help="datasets per organisation (list parts)"
    )
    parser.add_argument(
        "--list-quota-n", type=int, help="datasets of the list-quota run (default 2,000)"
    )
    parser.add_argument("--fail-rate", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    parser.add_argument(
        "--baseline-code", metavar="DIR", help="cpu part: also run this checkout (e.g. main)"
    )
    parser.add_argument(
        "--code",
        metavar="DIR",
        default=ROOT,
        help="cpu, memory parts: the checkout measured (default this one; a snapshot of it "
        "lets you go on editing while the benchmark runs)",
    )
    parser.add_argument("--repeat", type=int, default=1, help="cpu part: runs of each checkout")
    parser.add_argument(
        "--memory-n", type=int, help="memory part: references (default 100000; --quick 20000)"
    )
    parser.add_argument("--memory-latency-ms", type=float, default=0.0)
    args = parser.parse_args(argv)
    args.n = args.n or (514 if args.quick else 3612)
    args.baseline_n = args.baseline_n or (32 if args.quick else 100)
    args.quota_n = args.quota_n or min(args.n, 514)
    args.fault_n = args.fault_n or args.n
    args.list_quota_n = args.list_quota_n or (500 if args.quick else 2000)
    if args.quick:
        args.list_orgs, args.list_per_org = min(args.list_orgs, 4), min(args.list_per_org, 128)
    args.memory_n = args.memory_n or (20_000 if args.quick else 100_000)
    args.parts = set(p.strip() for p in args.parts.split(",") if p.strip())
    if args.parts - set(PARTS):
        parser.error(f"unknown parts: {', '.join(sorted(args.parts - set(PARTS)))}")
    if args.workers < 1 or args.concurrency % args.workers:
        parser.error("--workers must divide --concurrency (requests in flight in all)")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    runs = run_parts(args)
    print(
        f"scale benchmark: latency {args.latency_ms:g} ms, registry {args.registry or 'SQLite'}, "
        f"corpus {args.corpus}"
    )
    print("\n".join(report(runs, args)))
    from benchmarks.scale_cpu import cpu_lines

    print("\n".join(cpu_lines(runs, args)))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(
                {
                    k: {**vars(r), "served": dict(r.served), "statuses": dict(r.statuses)}
                    for k, r in runs.items()
                },
                handle,
                indent=2,
                default=str,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
