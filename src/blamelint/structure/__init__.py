"""Structural rules: Python checks over the whole Document, with metadata in rules/*.yaml.

Each check is registered under its rule name and yields (start, end, message, suggestion)
with absolute offsets, optionally followed by a Level cap; the engine turns them into findings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from blamelint.structure import actions as _actions
from blamelint.structure import causes as _causes
from blamelint.structure import placeholders as _placeholders
from blamelint.structure import sections as _sections
from blamelint.structure import timeline as _timeline

# (start, end, message, suggestion) and optionally a fifth item: a Level that caps the
# finding's level (recommended sections and rename hints are reported at info).
StructuralResult = tuple
CHECKS: dict[str, Callable[..., Iterator[StructuralResult]]] = {
    "missing-root-cause-section": _sections.missing_root_cause_section,
    "missing-required-section": _sections.missing_required_section,
    "empty-section": _sections.empty_section,
    "root-cause-is-a-person": _causes.root_cause_is_a_person,
    "action-item-quality": _actions.action_item_quality,
    "timeline-quality": _timeline.timeline_quality,
    "template-placeholder": _placeholders.template_placeholder,
}


def run_structural(rule, document, config) -> Iterator[StructuralResult]:
    check = CHECKS.get(rule.name)
    if check is None:
        return iter(())
    return check(rule, document, config)
