"""The import graph keeps its layers: no cycles, and the registry depends only on the kernel.

Read statically with grimp (imports inside functions count too), so a cycle or a layering breach
fails here before it can make an import order matter at run time.
"""

from __future__ import annotations

import grimp
import pytest

# What `registry/` may use of `agent/`: the shared kernel (plain data, errors, terminal-safe text,
# small user files) and the SPDX license knowledge; never the graph, the sources or the steps.
KERNEL = ("agent", "agent.errors", "agent.models", "agent.terminal", "agent.textfile")
KNOWLEDGE = "agent.spdx"


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph("agent", "registry", cache_dir=None)  # no cache folder in the tree


def _cycles(graph) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan, iterative)."""
    edges = {m: sorted(graph.find_modules_directly_imported_by(m)) for m in graph.modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(edges[root]))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(edges.get(child, []))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(sorted(group))
    return groups


def test_no_import_cycles(graph):
    assert _cycles(graph) == []


def test_the_cycle_finder_sees_a_cycle():
    class Fake:
        modules = {"a", "b", "c"}

        @staticmethod
        def find_modules_directly_imported_by(module):
            return {"a": {"b"}, "b": {"a"}, "c": set()}[module]

    assert _cycles(Fake()) == [["a", "b"]]


def test_the_registry_uses_only_the_kernel_and_the_license_knowledge(graph):
    breaches = sorted(
        (module, imported)
        for module in graph.modules
        if module.startswith("registry")
        for imported in graph.find_modules_directly_imported_by(module)
        if imported.startswith("agent")
        and imported not in KERNEL
        and not imported.startswith(KNOWLEDGE + ".")
        and imported != KNOWLEDGE
    )
    assert breaches == []


def test_the_license_knowledge_does_not_import_the_pipeline(graph):
    pipeline = (
        "agent.graph",
        "agent.nodes",
        "agent.runner",
        "agent.sources",
        "agent.extract",
        "agent.mapping",
        "agent.conclude",
        "agent.lineage",
        "agent.commands",
        "registry",
    )
    breaches = sorted(
        (module, imported)
        for module in graph.modules
        if module.startswith(KNOWLEDGE)
        for imported in graph.find_modules_directly_imported_by(module)
        if imported.startswith(pipeline)
    )
    assert breaches == []
