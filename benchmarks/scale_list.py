"""Scale benchmark parts for datasets chosen by the Hub's listing (issue 14, points 1-3).

list: N = orgs x per-org datasets listed with `audit run --author copy0 ... --author copyK`
(the stand-in serves the first `--list-per-org` corpus cards under each copy<i>/), a first run
on a fresh registry, then the unchanged re-run (targets: first within 2x the ideal for its
request count; re-run <= 30 API calls, no file fetched, <= 0.2 of the first run's time).
list-quota: under a stand-in quota of 100 API / 600 resolver calls per 5 s window, announced
only on 429s: given ids, their unchanged re-run (resolver re-checks), and a listing (targets:
0 x 429 after the first window, every dataset audited).
"""

from __future__ import annotations

import os

from benchmarks.scale import Registries, Run, StandIn, audit, throttled_per_window

QUOTA = {"api": 100, "resolve": 600, "window": 5}  # issue 14's stand-in quota per window


def _authors(orgs: int) -> list[str]:
    return [arg for i in range(orgs) for arg in ("--author", f"copy{i}")]


def run_list_parts(args, registries: Registries) -> dict[str, Run]:
    runs: dict[str, Run] = {}
    n = args.list_orgs * args.list_per_org
    select = [*_authors(args.list_orgs), "--limit", str(n)]
    if "list" in args.parts:
        hub = StandIn(
            args.corpus,
            args.list_orgs,
            args.latency_ms,
            copy_size=args.list_per_org,
            distinct_copies=args.distinct_cards,
        )
        try:
            db, cache = registries.fresh("list"), os.path.join(registries.tmp, "list-cache")
            for label in ("list-first", "list-second"):
                runs[label] = audit(
                    label, [], db, hub, args.concurrency, cache, select, n, workers=args.workers
                )
        finally:
            hub.stop()
    if "list-quota" in args.parts:
        runs.update(_quota_runs(args, min(args.list_quota_n, n)))
    return runs


def _quota_runs(args, n: int) -> dict[str, Run]:
    """Under 100 API / 600 resolver calls per 5 s, announced only on a 429 (the harder case):
    given ids (info calls: the API quota binds), their unchanged re-run (resolver re-checks),
    and a listing. Each run meets a fresh stand-in, so its windows count from its own start."""
    registries, runs = Registries(args.registry), {}
    refs = [f"copy{i}/{name}" for i in range(args.list_orgs) for name in _names(args)][:n]
    select = [*_authors(args.list_orgs), "--limit", str(n)]
    ids_db = registries.fresh("quota-ids")
    plans = [
        ("quota-ids", ids_db, None),
        ("quota-recheck", ids_db, None),
        ("list-quota", registries.fresh("list-quota"), select),
    ]
    try:
        for label, db, how in plans:
            hub = StandIn(
                args.corpus,
                args.list_orgs,
                args.latency_ms,
                copy_size=args.list_per_org,
                api_quota=QUOTA["api"],
                resolve_quota=QUOTA["resolve"],
                window=QUOTA["window"],
                ratelimit_headers="429",
            )
            try:
                runs[label] = audit(
                    label, refs, db, hub, args.concurrency, select=how, n=n, workers=args.workers
                )
            finally:
                hub.stop()
    finally:
        registries.drop_all()
    return runs


def _names(args) -> list[str]:
    names = sorted(
        d
        for d in os.listdir(args.corpus)
        if os.path.isfile(os.path.join(args.corpus, d, "README.md"))
    )
    return names[: args.list_per_org]


def list_comparisons(runs: dict[str, Run], args) -> list[str]:
    out = []
    first, second = runs.get("list-first"), runs.get("list-second")
    if first:
        ideal = first.requests * args.latency_ms / 1000 / first.concurrency
        out.append(
            f"list-first: {first.n} datasets from {args.list_orgs} organisations, "
            f"{first.requests} requests ({first.served['api']} API: list pages, "
            f"{first.served['resolve']} resolver), {first.wall:.1f} s = "
            f"{first.wall / ideal:.2f}x the ideal {ideal:.1f} s (target <= 2); CPU "
            f"{first.cpu / max(first.n, 1) * 1000:.1f} ms per dataset; peak RSS "
            f"{first.rss_mb:.0f} MB; missing {first.missing}"
        )
    if first and second:
        out.append(
            f"list-second (nothing changed): {second.served['api']} API calls in all (target "
            f"<= 30), {second.served['resolve']} files fetched (target 0), {second.new_rows} "
            f"entries re-concluded, {second.wall:.1f} s = {second.wall / first.wall:.2f} of the "
            f"first run (target <= 0.2)"
        )
    for label in ("quota-ids", "quota-recheck", "list-quota"):
        quota = runs.get(label)
        if quota:
            windows = throttled_per_window(quota.served)
            out.append(
                f"{label} ({QUOTA['api']} API / {QUOTA['resolve']} resolver per "
                f"{QUOTA['window']} s, announced on 429s only): {quota.n} datasets in "
                f"{quota.wall:.1f} s, {quota.served['api']} API + {quota.served['resolve']} "
                f"resolver calls; 429s per window {windows or 'none'}; after the window of the "
                f"first 429 (where the client learns the quota) {_after_first(windows)} "
                f"(target 0); missing {quota.missing} (target 0), exit {quota.exit_code}"
            )
    return out


def _after_first(windows: dict[str, int]) -> int:
    """429s in windows after the first one that had any: {"api:w1": 6, "api:w3": 1} -> 1.

    The stand-in's windows count from its own start, before the audit process is up, so the
    run's first window is the first one it was throttled in, not always w0."""
    index = {key: int(key.rsplit(":w", 1)[1]) for key in windows}
    first = min(index.values(), default=0)
    return sum(count for key, count in windows.items() if index[key] > first)
