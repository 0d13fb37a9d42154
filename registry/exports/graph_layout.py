"""Layout of the upstream graph drawn in the HTML report: columns by depth, upstreams to the left."""

from __future__ import annotations

from dataclasses import dataclass, field

MAX_NODES = 400  # past this the drawing stops being readable: the table and sections have the rest
COLUMN = 250  # px between columns
ROW = 30  # px between nodes of a column
NODE_W, NODE_H = 210, 22
LABEL = 30  # characters of a name drawn in a node (the full name is its tooltip)


@dataclass
class Node:
    key: str
    label: str
    kind: str  # dataset | model | repository
    verdict: str  # yes | no | unclear | error | outside (not in the registry)
    anchor: str | None  # the dataset's section in the report
    x: int = 0
    y: int = 0

    @property
    def short(self) -> str:
        return self.label if len(self.label) <= LABEL else self.label[: LABEL - 1] + "…"


@dataclass
class Graph:
    nodes: list[Node] = field(default_factory=list)
    edges: list[tuple[Node, Node, str]] = field(
        default_factory=list
    )  # (upstream, dataset, relation)
    width: int = 0
    height: int = 0
    omitted: int = 0  # datasets with upstreams left out to keep the drawing readable


def build_graph(views, edges_of: dict[str, list[dict]]) -> Graph:
    """Nodes for every dataset with upstreams and for each upstream; edges upstream -> dataset."""
    by_name = {v.entry.dataset: v for v in views}
    graph, nodes = Graph(), {}

    def node(name: str, kind: str) -> Node:
        key = f"{kind}:{name}" if kind != "dataset" else name
        if key not in nodes:
            view = by_name.get(name) if kind == "dataset" else None
            nodes[key] = Node(
                key, name, kind, view.verdict if view else "outside", view.anchor if view else None
            )
        return nodes[key]

    for view in views:
        links = edges_of.get(view.entry.dataset) or [
            {"upstream": u} for u in view.entry.upstream or []
        ]
        if not links:
            continue
        if len(nodes) + 1 + len(links) > MAX_NODES:
            graph.omitted += 1
            continue
        target = node(view.entry.dataset, "dataset")
        for link in links:
            source = node(str(link.get("upstream") or "?"), str(link.get("kind") or "dataset"))
            if source is not target:
                graph.edges.append((source, target, str(link.get("relation") or "")))
    graph.nodes = list(nodes.values())
    _place(graph)
    return graph


def _depths(graph: Graph) -> dict[str, int]:
    """Longest path from a node without upstreams; a cycle is cut where it is met."""
    ups: dict[str, list[str]] = {}
    for source, target, _ in graph.edges:
        ups.setdefault(target.key, []).append(source.key)
    depth: dict[str, int] = {}
    for start in [n.key for n in graph.nodes]:
        stack, on_path = [(start, False)], set()
        while stack:  # iterative DFS: a 400-long chain must not hit the recursion limit
            key, done = stack.pop()
            if done:
                on_path.discard(key)
                depth[key] = 1 + max(
                    (depth.get(u, 0) for u in ups.get(key, []) if u in depth), default=-1
                )
                continue
            if key in depth or key in on_path:
                continue
            on_path.add(key)
            stack.append((key, True))
            stack += [(u, False) for u in ups.get(key, []) if u not in depth and u not in on_path]
    return depth


def _place(graph: Graph) -> None:
    """Columns by depth; within a column, nodes sit near the mean row of their upstreams
    (one barycenter pass, left to right), which keeps most edges short and uncrossed."""
    depth = _depths(graph)
    ups: dict[str, list[Node]] = {}
    for source, target, _ in graph.edges:
        ups.setdefault(target.key, []).append(source)
    columns: dict[int, list[Node]] = {}
    for n in sorted(graph.nodes, key=lambda n: (n.kind, n.label.lower())):
        columns.setdefault(depth.get(n.key, 0), []).append(n)
    for column in sorted(columns):
        nodes = columns[column]
        if column:

            def centre(n: Node, column: int = column) -> float:
                placed = [u.y for u in ups.get(n.key, []) if depth.get(u.key, 0) < column]
                return sum(placed) / len(placed) if placed else float("inf")

            nodes.sort(key=centre)  # stable: ties keep the name order
        for row, n in enumerate(nodes):
            n.x, n.y = 10 + column * COLUMN, 10 + row * ROW
    graph.width = 20 + (max(columns) + 1) * COLUMN if columns else 0
    graph.height = 20 + max(len(c) for c in columns.values()) * ROW if columns else 0
