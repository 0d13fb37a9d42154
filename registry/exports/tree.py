"""`registry show DATASET --tree`: the upstream dependency tree drawn from the stored edges."""

from __future__ import annotations

from agent.terminal import terminal_text


def render_tree(store, dataset: str, max_depth: int = 10) -> str:
    """Each upstream under its dataset, with its license and why it is there; cycles marked."""
    lines = [_label(store, dataset, None)]
    _walk(store, dataset, prefix="", path={dataset}, lines=lines, depth=max_depth)
    return terminal_text(lines)


def _walk(store, dataset: str, prefix: str, path: set[str], lines: list[str], depth: int) -> None:
    edges = store.edges(dataset)
    parent = store.current(dataset)
    for i, edge in enumerate(edges):
        last = i == len(edges) - 1
        name = edge.get("hub_id") or edge.get("upstream") or edge.get("name") or "?"
        branch, child_prefix = ("└── ", "    ") if last else ("├── ", "│   ")
        cycle = name in path
        label = _label(store, name, edge, _why_missing(parent, name)) + (
            "  (cycle: already above)" if cycle else ""
        )
        lines.append(prefix + branch + label)
        if not cycle and depth > 1 and edge.get("kind", "dataset") == "dataset":
            _walk(store, name, prefix + child_prefix, path | {name}, lines, depth - 1)


def _why_missing(parent, name: str) -> str:
    """The reason the dependent's entry gives for an upstream that has no entry of its own."""
    marker = f"upstream {name} "
    for reason in parent.reasons if parent else []:
        if marker in reason and (
            "could not" in reason or "not a Hub dataset" in reason or "not audited" in reason
        ):
            return reason.split(marker, 1)[1][:100]
    return ""


def _label(store, name: str, edge: dict | None, missing: str = "") -> str:
    entry = (
        store.current(name) if edge is None or edge.get("kind", "dataset") == "dataset" else None
    )
    if entry is not None and entry.status != "error":
        text = f"{name}  {entry.concluded_license} ({entry.status}, commercial: {entry.commercial_use})"
    elif entry is not None:
        text = f"{name}  error: {entry.error}"
    elif edge is not None and edge.get("license"):
        text = f"{name}  {edge['license']}"
    else:
        text = f"{name}  {missing or 'not audited'}"
    if edge is not None:
        text += f"  [{edge.get('kind', 'dataset')}, {edge.get('relation') or 'upstream'}]"
    return text
