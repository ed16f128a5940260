"""Checks on which sections a postmortem has."""

from __future__ import annotations

from collections.abc import Iterator

CAUSAL_KINDS = ("causes", "trigger")


def missing_root_cause_section(rule, document, config) -> Iterator[tuple[int, int, str, str | None]]:
    """No heading (at any level) whose wording means causal analysis."""
    if any(section.kinds.intersection(CAUSAL_KINDS) for section in document.sections if section.level):
        return
    if not document.source.strip():
        return
    start, end = _anchor(document)
    yield start, end, rule.message, rule.suggestion


def _anchor(document) -> tuple[int, int]:
    """The document's title heading if it has one, else its first line."""
    for block in document.blocks:
        if block.kind == "heading":
            return block.start, block.end
    first_line_end = document.source.find("\n")
    end = len(document.source) if first_line_end == -1 else first_line_end
    text = document.source[:end].rstrip("\r")
    lead = len(text) - len(text.lstrip())
    return lead, max(lead, len(text))
