"""The one YAML loader for untrusted YAML (card headers, discovered configs): safe types, bounded aliases.

Card headers and the configuration files discovery reads are untrusted. YAML anchors and aliases let a few hundred bytes describe a billion
values ("billion laughs"): the parser shares the nodes, but anything that walks or stringifies the
result expands them. So the node graph is measured before any Python object is built, and a header
whose aliases would add more than MAX_ALIAS_EXPANSION characters and values is refused.
"""

from __future__ import annotations

import yaml

from agent.memo import CARD_CHARS, CARD_ENTRIES, CardMemo

MAX_ALIAS_EXPANSION = (
    100_000  # what aliases may add, in scalar characters + values; real cards add ~0
)
MAX_DEPTH = 200  # nesting; real headers are < 10 deep, and deeper ones exhaust Python's recursion

_BASE = getattr(
    yaml, "CSafeLoader", yaml.SafeLoader
)  # libyaml when present: same data, ~10x faster


class HeaderRefused(yaml.YAMLError):
    """A header refused before it was built (alias expansion or nesting over the limits)."""


class _Loader(_BASE):  # type: ignore[misc,valid-type]  # chosen at import: C or Python
    """Safe loader that records duplicate mapping keys instead of silently keeping the last."""

    duplicates: list[str]


def _construct_mapping(loader, node, deep=False):
    seen = set()
    for key_node, _ in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            continue  # a list or map as a key: PyYAML refuses it below ("found unhashable key")
        key = key_node.value
        if key in seen:
            loader.duplicates.append(key)
        seen.add(key)
    return yaml.SafeLoader.construct_mapping(loader, node, deep)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _own_size(node: yaml.Node) -> int:
    return 1 + (len(node.value) if isinstance(node, yaml.ScalarNode) else 0)


def check_expansion(root: yaml.Node | None) -> None:
    """Raise HeaderRefused when the fully expanded document exceeds the written one by too much.

    Sizes are memoised per node, so the walk is linear in the (shared) graph however large the
    expansion is; a node reached again while it is being measured is a recursive alias.
    """
    if root is None:
        return
    expanded: dict[int, int] = {}
    unique: set[int] = set()
    unique_size = 0
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    open_nodes: set[int] = set()
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            open_nodes.discard(key)
            expanded[key] = _own_size(node) + sum(expanded[id(c)] for c in _children(node))
            continue
        if key in expanded:
            continue
        if key in open_nodes:
            raise HeaderRefused("YAML header has a recursive alias")
        if len(open_nodes) >= MAX_DEPTH:
            raise HeaderRefused(f"YAML header nests deeper than {MAX_DEPTH} levels")
        open_nodes.add(key)
        if key not in unique:
            unique.add(key)
            unique_size += _own_size(node)
        stack.append((node, True))
        stack.extend((c, False) for c in _children(node) if id(c) not in expanded)
    extra = expanded[id(root)] - unique_size
    if extra > MAX_ALIAS_EXPANSION:
        raise HeaderRefused(
            f"YAML header aliases expand it by {extra:,} values and characters "
            f"(limit {MAX_ALIAS_EXPANSION:,})"
        )


def _checked(root: yaml.Node | None, text: str) -> None:
    """check_expansion, made cheap for the usual header: without an "&" in the text there is no
    anchor, so no alias and no node reached twice (an alias to an unknown anchor fails to compose);
    the tree then expands to itself, and only its depth is left to check."""
    if "&" in text or not _shallow_tree(root):
        check_expansion(root)  # raises what it always has: a shared node, or nesting too deep


def _shallow_tree(root: yaml.Node | None) -> bool:
    """Whether no node of the tree has MAX_DEPTH nodes above it (check_expansion's depth limit)."""
    stack = [(root, 0)] if root is not None else []
    while stack:
        node, above = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            continue
        children = _children(node)
        if children and above + 1 >= MAX_DEPTH:
            return False
        stack.extend((child, above + 1) for child in children)
    return True


# The extractor and the lineage readers each read a card's header: the headers parsed are
# remembered (PyYAML's loader takes ~1 ms a header), up to this size each.
_REMEMBERED_CHARS = 200_000


def load_header(text: str) -> tuple[object, tuple[str, ...]]:
    """(data, duplicate keys) of one YAML document; yaml.YAMLError (HeaderRefused included) on failure.
    The data is shared with every other reader of the same header (it is remembered): read it,
    never change it. A copy for each reader cost more than the readers (a Hub card's header can
    hold thousands of values, of which each reader reads a few).

    >>> load_header("license: mit\\nlicense: apache-2.0")
    ({'license': 'apache-2.0'}, ('license',))
    """
    if len(text) > _REMEMBERED_CHARS:
        data, duplicates = _load_header(text)
        return data, tuple(duplicates)
    return _remembered(text)


def _parsed(text: str) -> tuple[object, tuple[str, ...]]:
    data, duplicates = _load_header(text)  # a failure raises and is not remembered
    return data, tuple(duplicates)


# the headers of the cards in flight: tracing reads a card's header steps after extraction
_remembered = CardMemo(_parsed, len, CARD_CHARS, CARD_ENTRIES)


def _load_header(text: str) -> tuple[object, list[str]]:
    loader = _Loader(text)
    loader.duplicates = []
    try:
        node = loader.get_single_node()
        _checked(node, text)
        data = loader.construct_document(node) if node is not None else None
        return data, loader.duplicates
    except RecursionError:
        raise HeaderRefused("YAML header nests too deeply") from None
    finally:
        loader.dispose()


def load_documents(text: str) -> list:
    """Every document of a multi-document YAML file, each checked like a header.

    >>> load_documents("a: 1\\n---\\nb: &x 2\\nc: *x\\n")
    [{'a': 1}, {'b': 2, 'c': 2}]
    """
    loader = _Loader(text)
    loader.duplicates = []
    documents = []
    try:
        while loader.check_node():
            node = loader.get_node()
            _checked(node, text)
            documents.append(loader.construct_document(node))
        return documents
    except RecursionError:
        raise HeaderRefused("YAML document nests too deeply") from None
    finally:
        loader.dispose()
