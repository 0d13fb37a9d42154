"""The audit graph's nodes: each takes the per-dataset state and returns a partial update."""

from __future__ import annotations

import functools
import hashlib
import logging
import re
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Literal

from langgraph.runtime import Runtime

from agent.budget import budgeted
from agent.errors import DatasetError
from agent.models import Card, Conclusion, Entry, Evidence
from agent.refs import Ref, parse_ref
from agent.sources.deadline import dataset_deadline
from agent.state import AuditState, RunContext, outcome_of

log = logging.getLogger(__name__)


# Nodes that record the outcome: they run even after Ctrl-C, so what was done is committed.
_RECORDERS = ("write_entry", "write_error", "reuse_entry")


def guarded(node: Callable) -> Callable:
    """Turn any exception of one dataset into an error on its state, so the other branches go on.

    Work nodes run within the dataset's deadline (their requests are cut at it) and not at all
    once the run is stopped (Ctrl-C)."""
    recorder = node.__name__ in _RECORDERS

    @functools.wraps(node)
    def run(state: AuditState, runtime: Runtime[RunContext]) -> dict[str, Any]:
        try:
            if not recorder and runtime.context.stop.is_set():
                raise DatasetError(
                    "Interrupted", "the run was stopped (Ctrl-C) before this dataset was done"
                )
            with dataset_deadline(None if recorder else state.get("deadline")):
                return node(state, runtime)
        except DatasetError as exc:
            return {"error": {"code": exc.code, "message": exc.message}}
        except (
            Exception
        ) as exc:  # a bug must cost one entry, not the run: keep the type for the report
            log.debug("unexpected error in %s", node.__name__, exc_info=True)
            return {"error": {"code": "InternalError", "message": f"{type(exc).__name__}: {exc}"}}

    return run


def next_or_error(target: str) -> Callable[[AuditState], str]:
    """Router factory: go on to `target`, or to the error entry when the state holds an error."""

    def route(state: AuditState) -> str:
        return "write_error" if state.get("error") else target

    route.__name__ = f"to_{target}"
    return route


@guarded
def resolve_ref(state: AuditState, runtime: Runtime[RunContext]) -> dict[str, Any]:
    deadline = time.monotonic() + runtime.context.settings.dataset_timeout
    return {"ref": parse_ref(state["ref_text"]).to_dict(), "deadline": deadline}


@guarded
def fetch_card(state: AuditState, runtime: Runtime[RunContext]) -> dict[str, Any]:
    ctx = runtime.context
    ref = Ref(**state["ref"])
    if ref.kind == "local":
        from agent.sources.local import fetch_local

        card = fetch_local(ref, max_card_bytes=ctx.settings.max_card_bytes)
        card.revision = card.revision or _content_revision(card)
        reuse = None if ctx.settings.refresh else _reusable(ctx, card.dataset, card.revision)
        return {"reuse": reuse} if reuse else {"card": card.to_dict()}
    if ref.kind == "github":
        return _fetch_github(ctx, ref)
    if ctx.hub is None:  # offline: only the registry can answer
        return {"reuse": _reusable(ctx, ref.name, None) or {}}
    known = _reusable(ctx, ref.name, None) if ref.name in ctx.unchanged else None
    if known:  # the selection found it unchanged (listing sha, resolver re-check): no call
        return {"reuse": known}
    # One info request tells the revision (a listed dataset's came with the listing); an unchanged
    # one is not fetched or concluded again.
    listed = ctx.listed.get(ref.name) if ref.revision is None else None
    info = listed if listed is not None else ctx.hub.fetch_info(ref)
    # a listed revision was compared with the registry's by the selection (it is not unchanged)
    compared = listed is not None and bool(listed.get("sha"))
    reuse = None if ctx.settings.refresh or compared else _reusable(ctx, ref.name, info.get("sha"))
    if reuse:
        return {"reuse": reuse}
    card = ctx.hub.fetch_card(ref, info=info)
    if card.readme is None and not card.card_data:
        raise DatasetError(
            "EntryNotFound",
            f"{ref.name} has no README.md (dataset card) at {card.revision}: "
            "nothing states its license",
        )
    return {"card": card.to_dict()}


def _fetch_github(ctx: RunContext, ref: Ref) -> dict[str, Any]:
    """Pin the repository to its commit first: an unchanged one is not read or concluded again."""
    if ctx.github is None and not ctx.settings.offline:
        raise DatasetError("GitHubDisabled", f"{ref.name} is on GitHub and --no-github was given")
    if ctx.github is None:  # offline: only the registry can answer
        return {"reuse": _reusable(ctx, ref.name, None) or {}}
    sha = ctx.github.pin(ref)
    reuse = None if ctx.settings.refresh else _reusable(ctx, ref.name, sha)
    return {"reuse": reuse} if reuse else {"card": ctx.github.fetch_card(ref).to_dict()}


def _content_revision(card: Card) -> str:
    """Local folders have no commit: a content hash stands in, so re-audits can be skipped."""
    digest = hashlib.sha1((card.readme or "").encode("utf-8", "replace"))
    for name in sorted(card.files):
        digest.update(name.encode() + card.files[name].encode("utf-8", "replace"))
    return "content-" + digest.hexdigest()[:16]


def _reusable(ctx: RunContext, dataset: str, revision: str | None) -> dict | None:
    """The current entry when it was audited at this revision (offline: at any revision).

    Only the revision is read: an unchanged dataset must cost no evidence rows."""
    stored = ctx.store.current_revision(dataset)  # None for no entry, or an `error` one
    if stored is None or (revision is not None and stored != revision):
        return None
    return {"dataset": dataset, "revision": stored}


def route_after_fetch(state: AuditState) -> Literal["extract", "reuse_entry", "write_error"]:
    if state.get("error"):
        return "write_error"
    if state.get("reuse") is not None and not state.get("card"):
        return "reuse_entry"
    return "extract"


@budgeted
@guarded
def extract(state: AuditState, runtime: Runtime[RunContext]) -> dict[str, Any]:
    from agent.extract import extract_evidence

    card = Card.from_dict(state["card"])
    before = len(card.warnings)
    evidence = extract_evidence(card)  # may add warnings (malformed YAML header, ...)
    update: dict[str, Any] = {"evidence": [e.to_dict() for e in evidence]}
    if len(card.warnings) > before:
        update["card"] = {**state["card"], "warnings": list(card.warnings)}
    return update


@budgeted
@guarded
def map_to_spdx(state: AuditState, runtime: Runtime[RunContext]) -> dict[str, Any]:
    from agent.mapping import map_evidence

    mapped = map_evidence([Evidence.from_dict(e) for e in state["evidence"]])
    return {"evidence": [e.to_dict() for e in mapped]}


@budgeted
@guarded
def conclude(state: AuditState, runtime: Runtime[RunContext]) -> dict[str, Any]:
    from agent.conclude import conclude as conclude_card

    card = Card.from_dict(state["card"])
    conclusion = conclude_card(card, [Evidence.from_dict(e) for e in state["evidence"]])
    return {"conclusion": conclusion.to_dict()}


@guarded
def write_entry(state: AuditState, runtime: Runtime[RunContext]) -> dict[str, Any]:
    ctx = runtime.context
    card = Card.from_dict(state["card"])
    conclusion = Conclusion.from_dict(state["conclusion"])
    upstreams = state.get("upstreams") or []
    traced, untraced = _traced(upstreams, ctx.settings.max_upstreams)
    entry = Entry(
        dataset=card.dataset,
        revision=card.revision,
        declared_license=conclusion.declared_license,
        concluded_license=conclusion.concluded_license,
        confidence=round(conclusion.confidence, 4),
        status=conclusion.status,
        commercial_use=conclusion.commercial_use,
        attribution_required=conclusion.attribution_required,
        share_alike=conclusion.share_alike,
        upstream=[u["upstream"] for u in upstreams if u.get("kind") != "repository"],
        sources=[card.location]
        + [f"{card.location.rsplit('/', 1)[0]}/{name}" for name in card.files],
        evidence=[Evidence.from_dict(e) for e in state["evidence"]] + _upstream_evidence(upstreams),
        reasons=conclusion.reasons
        + card.warnings
        + _not_traced(untraced, ctx.settings.max_upstreams),
        audited_at=_now(),
    )
    if not upstreams:
        from agent.lineage.apply import settle

        settle(entry)
    elif any(u.get("kind") != "repository" for u in upstreams):
        _pending_effective(entry)
    # the edges found replace any an earlier audit of this revision left (--refresh)
    ctx.store.save(entry, readme_etag=card.readme_etag, edges=upstreams)
    return _report(ctx, state, entry, traced, settled=not upstreams)


def _hub_upstreams(edges: list[dict]) -> list[str]:
    """Hub ids of the upstream datasets among a dataset's edges: the next wave of tracing."""
    return [e["hub_id"] for e in edges if e.get("hub_id") and e.get("kind") == "dataset"]


def _traced(edges: list[dict], limit: int) -> tuple[list[str], list[str]]:
    """(the first `limit` upstream Hub ids, to trace; the rest, not traced). A card listing
    10,000 source datasets must not cost 10,000 audits; the rest make the effective use unclear."""
    ids = list(dict.fromkeys(_hub_upstreams(edges)))
    return ids[:limit], ids[limit:]


def _not_traced(untraced: list[str], limit: int) -> list[str]:
    if not untraced:
        return []
    shown = ", ".join(untraced[:5]) + (", ..." if len(untraced) > 5 else "")
    return [
        f"{len(untraced)} upstream datasets not traced: over the limit of {limit} per card "
        f"(--max-upstreams): {shown}"
    ]


def _pending_effective(entry: Entry) -> None:
    """Until the run's last step combines it with its upstreams, an entry's effective license is
    unknown: saved as such, a run that crashes or is stopped before then cannot let a later gate
    judge the dataset by its own license alone (fail closed)."""
    from agent.lineage.apply import PREFIX

    entry.effective_license, entry.effective_commercial_use = "NOASSERTION", "unclear"
    entry.reasons = entry.reasons + [
        PREFIX + "not combined with its upstreams: the run ended before "
        "its last step (re-run the audit)"
    ]


def _upstream_evidence(upstreams: list[dict]) -> list[Evidence]:
    """Each upstream's sentence or metadata line, kept on the entry as evidence."""
    return [Evidence.from_dict(u["evidence"]) for u in upstreams if u.get("evidence")]


# Failures that may pass by themselves; they never replace a good entry. Examples:
# "NetworkError: no answer from https://huggingface.co/api/datasets/x after 5 attempts",
# "HTTPError: dataset info of x: HTTP 503 service unavailable", "Timeout: ... deadline".
_TRANSIENT_CODES = {"NetworkError", "RateLimited", "Timeout", "TooManyRedirects", "InternalError"}
_SERVER_ERROR = re.compile(r"\bHTTP 5\d\d\b")  # "HTTP 502 bad gateway"


def _transient(error: dict[str, str]) -> bool:
    code = error.get("code")
    return code in _TRANSIENT_CODES or (
        code == "HTTPError" and bool(_SERVER_ERROR.search(error.get("message", "")))
    )


@guarded
def write_error(state: AuditState, runtime: Runtime[RunContext]) -> dict[str, Any]:
    ctx = runtime.context
    error = state.get("error") or {"code": "InternalError", "message": "no reason recorded"}
    card = state.get("card") or {}
    name = (state.get("ref") or {}).get("name") or state["ref_text"].strip() or "<empty>"
    if state.get("depth", 0) > 0 or error["code"] == "Interrupted":
        # A traced upstream that cannot be audited is not an entry of its own: the datasets that
        # depend on it carry the reason (their effective use becomes "unclear"). A dataset the
        # user stopped (Ctrl-C) was not judged at all: nothing to record.
        return _report(ctx, state, Entry(dataset=name, status="error", error=_reason(error)), [])
    entry = Entry(
        dataset=card.get("dataset") or name,
        revision=card.get("revision"),
        status="error",
        error=_reason(error),
        sources=[card["location"]] if card.get("location") else [],
        audited_at=_now(),
    )
    if _transient(error) and ctx.store.save_failure(entry, ctx.run_id):
        entry.error = (
            f"{entry.error} (the last good entry stays current; this attempt is recorded beside it)"
        )
    else:
        ctx.store.save(entry)
    return _report(ctx, state, entry, [])


@guarded
def reuse_entry(state: AuditState, runtime: Runtime[RunContext]) -> dict[str, Any]:
    ctx = runtime.context
    entry = ctx.store.current(state["reuse"].get("dataset") or state["ref"]["name"])
    if entry is None:
        raise DatasetError("NotInRegistry", "--offline, and this dataset was never audited before")
    edges = ctx.store.edges(entry.dataset, entry.revision)
    return _report(ctx, state, entry, _traced(edges, ctx.settings.max_upstreams)[0], reused=True)


def _reason(error: dict[str, str]) -> str:
    return f"{error['code']}: {error['message']}"


def _report(
    ctx: RunContext,
    state: AuditState,
    entry: Entry,
    upstream: list[str],
    reused: bool = False,
    settled: bool = False,
) -> dict:
    result = outcome_of(entry, state["ref_text"], state.get("depth", 0), upstream, reused, settled)
    ctx.on_done(result)
    return {"results": [result]}


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


@budgeted
@guarded
def trace_upstream(state: AuditState, runtime: Runtime[RunContext]) -> dict[str, Any]:
    """Upstream datasets, generating models and source repositories named by the card."""
    from agent.lineage.upstream import all_upstreams

    conclusion, found = all_upstreams(
        Card.from_dict(state["card"]),
        tracing_github(runtime.context),
        Conclusion.from_dict(state["conclusion"]),
    )
    return {"upstreams": [u.to_edge() for u in found], "conclusion": conclusion.to_dict()}


def tracing_github(ctx: RunContext) -> Any:
    """Where tracing reads source repositories (a GitHubSource), when upstreams are audited too
    (--depth > 0); else None: the card's own words name them and no request is made."""
    return ctx.github if ctx.settings.depth > 0 else None


def finish_run(state: Any, runtime: Runtime[RunContext]) -> dict[str, Any]:
    """Combine each audited dataset's license with its upstreams' (effective license)."""
    from agent.lineage.apply import apply_effective_licenses

    apply_effective_licenses(runtime.context.store, state.get("results", []))
    return {}
