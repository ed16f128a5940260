"""Read YAML with safe_load semantics while remembering the line of every mapping key,
so that validation errors can name the file and line of a mistake."""

from __future__ import annotations

import yaml

from blamelint.errors import BlamelintError


class LocatedYaml:
    """Parsed data plus `line_of(path)` for a key path such as ("scope", "exclude-sections")."""

    def __init__(self, data, lines: dict[tuple, int]):
        self.data = data
        self._lines = lines

    @property
    def lines(self) -> dict[tuple, int]:
        """The line of every key path (a copy)."""
        return dict(self._lines)

    def line_of(self, path: tuple) -> int | None:
        while path:
            if path in self._lines:
                return self._lines[path]
            path = path[:-1]
        return self._lines.get((), None)


class BoundedLoader(yaml.SafeLoader):
    """safe_load, refusing an alias of a list or mapping.

    Aliases of collections nest: nine lines of `b: [*a, *a, ...]` stand for billions of
    items, and anything that walks or prints the data (validation's str(value)) expands
    them: a 450-byte "YAML bomb" took 2.5 GB. An alias of a plain value (a shared message
    template) is one string, and stays allowed.
    """

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            node = self.anchors.get(event.anchor)
            if node is not None and not isinstance(node, yaml.ScalarNode):
                raise yaml.composer.ComposerError(
                    None, None, f"an alias (*{event.anchor}) of a list or mapping is not allowed (aliases can expand "
                                "exponentially); write the values out", event.start_mark)
        return super().compose_node(parent, index)


def bounded_load(text: str):
    """(root node, data) of one YAML document, with BoundedLoader; raises yaml.YAMLError."""
    return _node_and_data(BoundedLoader, text)


class _SharedCollection(Exception):
    """The composed document reaches a list or mapping twice: an alias of it."""


def _node_and_data(loader_class, text: str, check=None):
    """The document composed once, and its data built from that node (not parsed again).
    `check(node)` runs on the composed document before its data is built, and may raise."""
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is not None and check is not None:
            check(node)
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


# libyaml's parser, where PyYAML was built with it: ten times faster than the Python one.
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)


def load_data(text: str):
    """safe_load of a data file we ship (word lists, sections), with libyaml where it is there."""
    return yaml.load(text, Loader=_FAST_LOADER or yaml.SafeLoader)


def load_located(text: str, where: str, error: type[BlamelintError], fast: bool = False) -> LocatedYaml:
    """`fast`: parse with libyaml when it is there (the rule files, read on every run). An alias
    of a list or mapping, which BoundedLoader refuses, is one node reached twice in the composed
    document: such a text, and any problem, is parsed again by BoundedLoader, so that errors
    read the same."""
    if fast and _FAST_LOADER is not None:
        try:
            return _located(*_node_and_data(_FAST_LOADER, text, check=_refuse_shared_collections), where, error)
        except (yaml.YAMLError, RecursionError, _SharedCollection):
            pass
    try:
        node, data = bounded_load(text)
    except RecursionError:
        raise error("malformed YAML: nested too deeply", where) from None
    except yaml.YAMLError as problem:
        mark = getattr(problem, "problem_mark", None)
        line = mark.line + 1 if mark else None
        reason = getattr(problem, "problem", None) or str(problem).splitlines()[0]
        raise error(f"malformed YAML: {reason}", where, line) from None
    return _located(node, data, where, error)


def _refuse_shared_collections(root) -> None:
    """Raise _SharedCollection where a list or mapping node is reached twice, each node walked once."""
    seen: set[int] = set()
    waiting = [root]
    while waiting:
        node = waiting.pop()
        if isinstance(node, yaml.ScalarNode):
            continue
        if id(node) in seen:
            raise _SharedCollection
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            waiting.extend(part for pair in node.value for part in pair)
        else:
            waiting.extend(node.value)


def _located(node, data, where: str, error: type[BlamelintError]) -> LocatedYaml:
    lines: dict[tuple, int] = {}
    if node is not None:
        try:
            _collect(node, (), lines)
        except _Duplicate as duplicate:
            raise error(f"duplicate key {duplicate.key!r}", where, duplicate.line) from None
    return LocatedYaml(data, lines)


class _Duplicate(Exception):
    def __init__(self, key, line: int):
        super().__init__(key)
        self.key, self.line = key, line


def _collect(node, path: tuple, lines: dict[tuple, int], visited: set | None = None) -> None:
    # An alias points at a node seen before; walking it again would loop (a: &a [*a]) or
    # multiply the work (nested aliases): each node is walked once.
    visited = set() if visited is None else visited
    if id(node) in visited:
        return
    visited.add(id(node))
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen = set()
        for key, value in node.value:
            child = path + (key.value,)
            if key.value in seen:  # safe_load keeps the last one silently; a typo hides there
                raise _Duplicate(key.value, key.start_mark.line + 1)
            seen.add(key.value)
            lines[child] = key.start_mark.line + 1
            _collect(value, child, lines, visited)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _collect(item, path + (index,), lines, visited)
