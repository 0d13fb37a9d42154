"""Before a long run: the calls it expects by kind, and the time the known quotas imply."""

from __future__ import annotations

import math
from dataclasses import dataclass

from agent.sources.ratelimit import HUB_QUOTAS, HUB_QUOTAS_SOURCE

PER_PAGE = 1000  # datasets per list call (the Hub's largest page)


@dataclass(frozen=True)
class Quota:
    """One quota class as known before the run: (calls, window seconds) and where it came from."""

    calls: int
    window: float
    source: str  # "RateLimit-Policy" or the documented defaults


@dataclass(frozen=True)
class Plan:
    """Expected calls by kind, as (fewest, most): the fewest when nothing changed."""

    datasets: int | None  # None: a listing without --limit (its size is known as it goes)
    list_pages: tuple[int, int] = (0, 0)
    rechecks: int = 0  # resolver: README with If-None-Match for ids in the registry
    info: tuple[int, int] = (0, 0)  # API: dataset info
    files: tuple[int, int] = (0, 0)  # resolver: README of each audited dataset (+ LICENSE files)

    def api(self, which: int) -> int:
        return self.list_pages[which] + self.info[which]

    def resolver(self, which: int) -> int:
        return self.rechecks + self.files[which]


def plan_given(count: int, in_registry: int) -> Plan:
    """Ids given: those in the registry are re-checked on the resolver; the others (and the
    changed ones) cost an info call and their files."""
    new = count - in_registry
    return Plan(datasets=count, rechecks=in_registry, info=(new, count), files=(new, count))


def plan_listing(limit: int | None, authors: int) -> Plan:
    """A listing: one call per 1,000 datasets (per author); no info call; files only for the
    changed or new ones."""
    if limit is None:
        return Plan(datasets=None, list_pages=(max(1, authors), max(1, authors)))
    pages = math.ceil(limit / PER_PAGE)
    fewest, most = max(pages, authors), pages + max(0, authors - 1)  # each author's last page
    return Plan(datasets=limit, list_pages=(fewest, most), files=(0, limit))


def quota_wait(calls: int, quota: Quota | None) -> float:
    """Seconds the quota alone makes a run of `calls` wait: every full window after the first."""
    if quota is None or calls <= quota.calls:
        return 0.0
    return (math.ceil(calls / quota.calls) - 1) * quota.window


def documented(kind: str, has_token: bool) -> Quota:
    """The documented default of a quota class ("api" or "resolve")."""
    calls, window = HUB_QUOTAS["token" if has_token else "anonymous"][kind]
    who = "with a token" if has_token else "anonymous"
    return Quota(calls, window, f"{HUB_QUOTAS_SOURCE}, {who}")


def format_plan(plan: Plan, api: Quota, resolver: Quota) -> list[str]:
    """The plan as lines for stderr, e.g.
    plan: 3,612 datasets: API calls 0 list pages + 12-3,612 info; resolver calls 3,600 re-checks
    + 12-3,612 README reads (+ LICENSE files of audited datasets)
    plan: quota (...): API 500 per 300 s, resolver 3,000 per 300 s: the quota alone needs
    5 min (nothing changed) to 35 min"""
    same = api.source == resolver.source
    quota = (
        f"plan: quota{f' ({api.source})' if same else ''}: API {api.calls:,} per {api.window:g} s"
        f"{'' if same else f' ({api.source})'}, resolver {resolver.calls:,} per "
        f"{resolver.window:g} s{'' if same else f' ({resolver.source})'}"
    )
    if plan.datasets is None:
        return [
            "plan: a listing, its size known as it goes: API calls 1 per 1,000 listed datasets "
            f"(at least {plan.list_pages[0]:,}), no info call; resolver calls: the README "
            "(+ LICENSE files) of each changed or new dataset",
            f"{quota}: at most about {resolver.calls:,} changed or new datasets, or "
            f"{api.calls * PER_PAGE:,} unchanged ones, per {api.window:g} s",
        ]
    waits = [
        max(quota_wait(plan.api(i), api), quota_wait(plan.resolver(i), resolver)) for i in (0, 1)
    ]
    needs = duration(waits[0]) + (
        "" if waits[1] == waits[0] else f" (nothing changed) to {duration(waits[1])}"
    )
    return [
        f"plan: {plan.datasets:,} datasets: API calls {_span(plan.list_pages)} list pages + "
        f"{_span(plan.info)} info; resolver calls {plan.rechecks:,} re-checks + "
        f"{_span(plan.files)} README reads (+ LICENSE files of audited datasets)",
        f"{quota}: the quota alone needs {needs}",
    ]


def _span(pair: tuple[int, int]) -> str:
    return f"{pair[0]:,}" if pair[0] == pair[1] else f"{pair[0]:,}-{pair[1]:,}"


def duration(seconds: float) -> str:
    """90 -> "1 min 30 s"; 7200 -> "2 h 0 min"; 0 -> "no wait"."""
    if seconds <= 0:
        return "no wait"
    minutes, secs = divmod(int(round(seconds)), 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours} h {minutes} min"
    if minutes:
        return f"{minutes} min" + (f" {secs} s" if secs else "")
    return f"{secs} s"
