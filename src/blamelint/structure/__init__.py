"""Structural rules: Python checks over the whole Document, with metadata in rules/*.yaml.

Each check is registered under its rule name and yields (start, end, message, suggestion)
with absolute offsets; the engine turns them into findings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from blamelint.structure import sections as _sections

StructuralResult = tuple[int, int, str, str | None]
CHECKS: dict[str, Callable[..., Iterator[StructuralResult]]] = {
    "missing-root-cause-section": _sections.missing_root_cause_section,
}


def run_structural(rule, document, config) -> Iterator[StructuralResult]:
    check = CHECKS.get(rule.name)
    if check is None:
        return iter(())
    return check(rule, document, config)
