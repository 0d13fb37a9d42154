"""CPU and memory parts of the scale benchmark (issue 14 points 4-5).

    python -m benchmarks.scale --parts cpu --n 10000 --baseline-code /path/to/main --repeat 2
    python -m benchmarks.scale --parts memory --memory-n 100000

cpu: CPU (user + system, wait4() of the audit process) per dataset and peak RSS of a first run,
this checkout and, with --baseline-code, another checkout (e.g. main) run back to back, --repeat
times alternating (the machine is shared: only side-by-side figures compare). The registries of
both are exported to CSV (by this checkout) and compared byte for byte without `audited_at`:
no result may change.
memory: peak RSS of runs over N/10 and N references (N = --memory-n), the stand-in serving the
corpus cards under N distinct ids: streamed in batches, the peak must not grow with N.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys

from benchmarks.scale import ROOT, Registries, Run, StandIn, audit, dataset_ids

TIMESTAMP = "audited_at"


def cpu_part(args, registries: Registries) -> dict[str, Run]:
    refs, copies = dataset_ids(args.corpus, args.n)
    codes = [("cpu", os.path.abspath(args.code))]
    if args.baseline_code:
        codes.insert(0, ("cpu-base", os.path.abspath(args.baseline_code)))
    runs: dict[str, Run] = {}
    exports: dict[str, bytes] = {}
    hub = StandIn(args.corpus, copies, args.latency_ms)
    try:
        for i in range(args.repeat):
            for label, code in codes:
                db = registries.fresh(f"{label.replace('-', '_')}{i}")
                runs[f"{label}#{i + 1}"] = audit(
                    f"{label}#{i + 1}", refs, db, hub, args.concurrency, code=code
                )
                exports.setdefault(label, export_without_timestamps(db))
    finally:
        hub.stop()
    args.csv_check = _compare(exports)
    return runs


def export_without_timestamps(registry: str) -> bytes:
    """`registry export --format csv` (this checkout's exporter), the `audited_at` column removed."""
    out = subprocess.run(
        [sys.executable, "-m", "agent.cli", "registry", "export", "--format", "csv"]
        + ["--registry", registry, "--output", "-"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout
    rows = list(csv.reader(io.StringIO(out.decode("utf-8"), newline="")))
    drop = rows[0].index(TIMESTAMP) if rows and TIMESTAMP in rows[0] else None
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    for row in rows:
        writer.writerow([v for i, v in enumerate(row) if i != drop])
    return buffer.getvalue().encode("utf-8")


def _compare(exports: dict[str, bytes]) -> str:
    if len(exports) < 2:
        return "CSV check: no baseline (--baseline-code) to compare with"
    base, mine = exports["cpu-base"], exports["cpu"]
    rows = base.count(b"\n") - 1
    if base == mine:
        return f"CSV check: identical byte for byte ({rows} entries, {TIMESTAMP} left out)"
    a, b = base.splitlines(), mine.splitlines()
    differ = sum(1 for x, y in zip(a, b, strict=False) if x != y) + abs(len(a) - len(b))
    return f"CSV check: DIFFERENT ({differ} of {rows} rows differ)"


def memory_part(args, registries: Registries) -> dict[str, Run]:
    runs: dict[str, Run] = {}
    for n in (args.memory_n // 10, args.memory_n):
        refs, copies = dataset_ids(args.corpus, n)
        hub = StandIn(args.corpus, copies, args.memory_latency_ms)
        try:
            label = f"memory-{n}"
            registry = registries.fresh(f"memory{n}")
            runs[label] = audit(
                label, refs, registry, hub, args.concurrency, code=args.code, workers=args.workers
            )
        finally:
            hub.stop()
    return runs


def cpu_lines(runs: dict[str, Run], args) -> list[str]:
    """CPU ms per dataset and peak RSS of each run; this checkout's against the baseline's."""
    out = []
    for run in runs.values():
        if run.label.startswith(("cpu", "memory")):
            out.append(
                f"{run.label}: {run.cpu / run.n * 1000:.2f} ms CPU per dataset (user+sys), "
                f"peak RSS {run.rss_mb:.0f} MB, wall {run.wall:.1f} s, N={run.n}, exit {run.exit_code}"
            )
    mine = [r for k, r in runs.items() if k.startswith("cpu#")]
    base = [r for k, r in runs.items() if k.startswith("cpu-base#")]
    if mine and base:
        ratios = [m.cpu / b.cpu for m, b in zip(mine, base, strict=False) if b.cpu]
        out.append(
            "CPU this/baseline, run by run: "
            + ", ".join(f"{r:.2f}" for r in ratios)
            + f" (target: <= 5 ms per dataset; baseline {min(b.cpu / b.n for b in base) * 1000:.1f})"
        )
    if getattr(args, "csv_check", None):
        out.append(args.csv_check)
    memory = [r for k, r in runs.items() if k.startswith("memory-")]
    if len(memory) == 2:
        out.append(
            f"memory: peak RSS {memory[0].rss_mb:.0f} MB at N={memory[0].n}, {memory[1].rss_mb:.0f} MB "
            f"at N={memory[1].n} (target <= 300 MB)"
        )
    return out
