"""The audit as a LangGraph graph: a per-dataset pipeline fanned out over many datasets."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from langgraph.graph import END, START, StateGraph
from langgraph.runtime import Runtime
from langgraph.types import Send

from agent import nodes
from agent.state import AuditState, RunContext, RunState


def build_dataset_graph():
    """resolve ref → fetch card → extract evidence → map to SPDX → conclude → trace → write."""
    graph = StateGraph(AuditState, context_schema=RunContext)
    steps = [
        ("resolve_ref", nodes.resolve_ref),
        ("fetch_card", nodes.fetch_card),
        ("extract", nodes.extract),
        ("map_to_spdx", nodes.map_to_spdx),
        ("conclude", nodes.conclude),
        ("trace_upstream", nodes.trace_upstream),
        ("write_entry", nodes.write_entry),
    ]
    for name, node in steps:
        graph.add_node(name, node)
    for name, node in [("write_error", nodes.write_error), ("reuse_entry", nodes.reuse_entry)]:
        graph.add_node(name, node)
    graph.add_edge(START, "resolve_ref")
    graph.add_conditional_edges(
        "resolve_ref", nodes.next_or_error("fetch_card"), ["fetch_card", "write_error"]
    )
    graph.add_conditional_edges(
        "fetch_card", nodes.route_after_fetch, ["extract", "reuse_entry", "write_error"]
    )
    for (name, _), (following, _) in zip(steps[2:-1], steps[3:], strict=False):
        graph.add_conditional_edges(
            name, nodes.next_or_error(following), [following, "write_error"]
        )
    # offline and never audited: the reuse fails and becomes an error entry like any other
    graph.add_conditional_edges("reuse_entry", nodes.next_or_error(END), [END, "write_error"])
    for last in ("write_entry", "write_error"):
        graph.add_edge(last, END)
    return graph.compile()


# Steps one dataset's graph can take: each of its 9 nodes runs at most once on a path (no loops).
DATASET_STEPS = 9


# Sends per super-step. LangGraph's runner waits on every pending future of a step each time one
# finishes, so one step of N branches costs O(N^2): 3,612 datasets spent a third of the run there.
BATCH = 512


def fan_out(state: RunState) -> list[Send]:
    """One branch per reference of this batch; `max_concurrency` in the run config bounds them."""
    depth = state.get("depth", 0)
    return [
        Send("audit_dataset", {"ref_text": ref, "level": depth})
        for ref in state.get("refs", [])[:BATCH]
    ]


def next_wave(state: RunState, runtime: Runtime[RunContext]) -> dict[str, Any]:
    """The rest of this wave's references; then the upstream datasets found in this wave that are
    not audited yet, within the depth limit."""
    if len(state.get("refs", [])) > BATCH:
        return {"refs": state["refs"][BATCH:]}
    results = state.get("results", [])
    depth = state.get("depth", 0) + 1
    seen = {r["dataset"] for r in results} | {r["ref"] for r in results}
    if depth > runtime.context.settings.depth:
        return {"refs": [], "depth": depth}
    wave = [r for r in results if r.get("depth", 0) == depth - 1]
    refs = sorted({u for r in wave for u in r.get("upstream") or [] if u not in seen})
    return {"refs": refs, "depth": depth}


def fan_out_or_finish(state: RunState) -> list[Send] | str:
    return fan_out(state) if state.get("refs") else "finish"


def build_run_graph():
    """Fan out the datasets, then trace their upstreams wave by wave, then combine licenses."""
    graph = StateGraph(RunState, context_schema=RunContext)
    graph.add_node("audit_dataset", build_dataset_graph())
    graph.add_node("next_wave", next_wave)
    graph.add_node("finish", nodes.finish_run)
    graph.add_conditional_edges(START, fan_out_or_finish, ["audit_dataset", "finish"])
    graph.add_edge("audit_dataset", "next_wave")
    graph.add_conditional_edges("next_wave", fan_out_or_finish, ["audit_dataset", "finish"])
    graph.add_edge("finish", END)
    return graph.compile()


@lru_cache(maxsize=1)
def run_graph():
    """The compiled graph, built once per process."""
    return build_run_graph()


def mermaid() -> str:
    """The real compiled graph drawn as Mermaid (for the README)."""
    return run_graph().get_graph(xray=True).draw_mermaid()
