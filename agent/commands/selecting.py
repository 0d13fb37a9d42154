"""`audit run` options that choose datasets by listing the Hub, and the plan printed before a run."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from agent.errors import UsageError
from agent.terminal import say

PLAN_FROM = (
    100  # datasets given from which a run is long enough to print its plan (listings: always)
)


def add_selection_options(run) -> None:
    """--author (repeatable), --search, --all, --limit: datasets chosen by the Hub's listing."""
    run.add_argument(
        "--author",
        action="append",
        default=[],
        metavar="ORG",
        help="audit the datasets of this user or organisation, listed by the Hub (repeatable)",
    )
    run.add_argument(
        "--search", metavar="TEXT", help="audit the datasets whose id contains TEXT (Hub listing)"
    )
    run.add_argument(
        "--all", dest="list_all", action="store_true", help="audit every dataset the Hub lists"
    )
    run.add_argument(
        "--limit",
        type=_count,
        metavar="N",
        help="with --author/--search/--all: at most N datasets in all",
    )


def _count(text: str) -> int:
    import argparse

    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1: {text}")
    return int(text)


def is_listing(args) -> bool:
    return bool(args.author or args.search or args.list_all)


def listing_from(args):
    """The Listing the options ask for; UsageError when they do not go together."""
    from agent.select.hub_list import ListQuery
    from agent.select.selection import Listing

    if args.datasets or args.from_file or args.discover:
        raise UsageError(
            "give datasets (or --from/--discover) or a listing (--author/--search/--all), not both"
        )
    if args.offline:
        raise UsageError("--author/--search/--all list datasets on the Hub: not with --offline")
    if args.list_all and args.author:
        raise UsageError("--all lists every dataset: not with --author")
    authors = tuple(dict.fromkeys(a.strip() for a in args.author if a.strip()))
    if args.author and not authors:
        raise UsageError("--author needs a user or organisation name")
    label = (
        f"author {', '.join(authors)}"
        if authors
        else ("the whole Hub" if not args.search else "the Hub")
    ) + (f" matching {args.search!r}" if args.search else "")
    return Listing(ListQuery(authors, args.search or None, args.limit), label=label)


def check_limit(args) -> None:
    if args.limit is not None and not is_listing(args):
        raise UsageError("--limit goes with --author, --search or --all")


def on_start(progress, quiet: bool) -> Callable[[Any, Any], None]:
    """The runner's start hook: print the plan (unless --quiet); show the quotas on progress.

    The plan is printed before any call, so with the documented quotas; when the server then
    announces its own (RateLimit-Policy), the quota line is printed again, once per change."""

    def start(context, selection) -> None:
        if context.hub is None:
            return
        http, endpoint = context.hub.http, context.hub.endpoint
        progress.watch(lambda: _left(http, endpoint))
        if quiet or not _long(selection):
            return
        plan, printed = build_plan(context, selection), [quotas(http, endpoint)]
        for line in format_plan_lines(plan, printed[0]):
            say("plan", line)

        def replan() -> None:
            now = quotas(http, endpoint)
            if now != printed[0] and any(q.source == "RateLimit-Policy" for q in now):
                printed[0] = now
                say("plan", "the server announced its quota: " + format_plan_lines(plan, now)[-1])

        progress.hooks.append(replan)

    return start


def _long(selection) -> bool:
    from agent.select.selection import Given

    return not isinstance(selection, Given) or len(selection.refs) >= PLAN_FROM


def build_plan(context, selection):
    """The calls this run expects by kind (agent.select.plan)."""
    from agent.select.plan import plan_given, plan_listing
    from agent.select.selection import Given

    if isinstance(selection, Given):
        known = context.store.current_revisions() if not context.settings.refresh else {}
        return plan_given(len(selection.refs), sum(1 for ref in selection.refs if ref in known))
    return plan_listing(selection.query.limit, len(selection.query.authors))


def plan_lines(context, selection) -> list[str]:
    """The plan of this run with the quotas known now (announced, else documented)."""
    from agent.select.plan import format_plan

    return format_plan(
        build_plan(context, selection), *quotas(context.hub.http, context.hub.endpoint)
    )


def format_plan_lines(plan, known) -> list[str]:
    from agent.select.plan import format_plan

    return [line.removeprefix("plan: ") for line in format_plan(plan, *known)]


def quotas(http, endpoint: str) -> tuple:
    """(API quota, resolver quota) as known now: announced by the server, else documented."""
    return _quota(http, endpoint, "api"), _quota(http, endpoint, "resolve")


def _quota(http, endpoint: str, kind: str):
    from agent.select.plan import Quota, documented

    url = f"{endpoint}/api/" if kind == "api" else f"{endpoint}/datasets/"
    limiter = http.limiter(url, kind)
    if limiter.announced and limiter.limit is not None:
        return Quota(limiter.limit, limiter.window, "RateLimit-Policy")
    return documented(kind, http.has_token)


def _left(http, endpoint: str) -> dict[str, int | None]:
    return {
        "api": http.limiter(f"{endpoint}/api/", "api").left(),
        "resolve": http.limiter(f"{endpoint}/datasets/", "resolve").left(),
    }
