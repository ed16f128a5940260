"""Whether a rule applies to a block and to a match inside it (sections, quotes, tables)."""

from __future__ import annotations

import re

from blamelint.document import Block, Document
from blamelint.rules import Rule
from blamelint.speech import is_speech

# Table columns that hold people by design: an owner column names who does the work.
# Whole words: "Driver" or "Whole picture" are not owner columns.
OWNER_COLUMN = re.compile(r"\b(?:owners?|assignees?|assigned(?: to)?|who|responsible|dri|accountable|team|lead|contact)\b")


def block_in_scope(rule: Rule, document: Document, block: Block) -> bool:
    scope = rule.scope
    kinds = document.section_of(block).kinds
    include = scope.get("include-sections")
    if include and not kinds.intersection(include):
        return False
    if kinds.intersection(scope.get("exclude-sections", ())):
        return False
    if scope.get("skip-quotes", True) and block.in_quote:
        return False
    if scope.get("skip-headings", True) and block.kind == "heading":
        return False
    if scope.get("skip-tables", False) and block.kind == "table_cell":
        return False
    if scope.get("list-items-only", False) and not block.in_list and block.kind != "table_cell":
        return False
    if block.column and _excluded_column(block.column, scope.get("exclude-columns")):
        return False
    return True


def _excluded_column(column: str, words: list[str] | None) -> bool:
    if words is None:
        return bool(OWNER_COLUMN.search(column))
    return any(re.search(rf"\b{re.escape(word)}\b", column) for word in words)


def inside_quotation(document: Document, block: Block, start: int, end: int, speech_only: bool = False) -> bool:
    """True when [start, end) sits inside quotes in the block. `speech_only` (the blame rules):
    only quotations that are someone else's words count, not the writer's scare quotes or
    terms ("human error" given as the cause); speech.py tells them apart."""
    return any(q_start <= start and end <= q_end
               and (not speech_only or is_speech(document.source, q_start, q_end, block.start))
               for q_start, q_end in document.quoted_spans(block.start, block.end))
