"""Does a claim have evidence nearby: a link, a log or output excerpt, a metric, a quote?

Evidence is what supports the claim, not anything that looks technical: a code span that
only names a system or a command (`cache`, `kubectl drain`) is no excerpt, and a number
inside the guess itself ("we probably lost 5 minutes of writes") is part of the guess.
"""

from __future__ import annotations

import re

# Links, footnotes, and words that point at data.
_POINTER = re.compile(
    r"https?://|\]\(|\[\^"  # link, link markup, footnote
    r"|\b(?:see|per|according to|as shown|graphs?|dashboards?|logs? show(?:s|ed)?|metrics? show(?:s|ed)?"
    r"|screenshot|traces? show(?:s|ed)?|output shows?|we measured|we observed|confirmed by)\b"
    r"|\b(?:in|from|per) (?:the|our) (?:[\w-]+ ){0,2}(?:logs?|graphs?|dashboards?|metrics|traces?|output)\b",
    re.IGNORECASE,
)
# A measured quantity: a number with a unit.
_MEASURE = re.compile(
    r"\b\d+(?:[.,]\d+)?\s?(?:%|x\b|ms\b|s\b|sec|min|h\b|hours?|minutes?|seconds?|days?|[kmgt]i?b\b|rps|qps|req"
    r"|requests|errors|users|nodes|pods|builds)",
    re.IGNORECASE,
)
# A quotation; how many words it holds is counted in Python, because a pattern that counts
# spaces inside an unclosed quote backtracks cubically.
_QUOTATION = re.compile(r'"([^"\n]*)"|“([^“”\n]*)”')
_CODE_SPAN = re.compile(r"`([^`\n]+)`")
# What makes a code span an excerpt of output rather than a name: a number, a status or an
# error word, or the length of a log line.
_EXCERPT_WORDS = re.compile(
    r"\d|error|fail|refused|denied|exception|killed|oom|timeout|timed out|panic|fatal|warn|exit|status"
    r"|invalid|unable|cannot|can't|not found|unavailable|reset", re.IGNORECASE)
_CLAUSE_BOUNDARY = re.compile(r"[:;()\[\]—–]|,\s|\s-\s|\.\s")
# How far after a block a code block may start and still count as its excerpt.
_EXCERPT_GAP = 3


def has_evidence(text: str) -> bool:
    """Evidence anywhere in `text` (a neighbouring sentence)."""
    return _points_at_data(text) or bool(_MEASURE.search(text))


def has_evidence_outside(text: str, start: int, end: int) -> bool:
    """Evidence in a sentence that holds a claim at text[start:end]: links, quotes and
    excerpts count anywhere; a measured number only outside the claim's own clause."""
    if _points_at_data(text):
        return True
    clause_start, clause_end = _clause_around(text, start, end)
    return bool(_MEASURE.search(text[:clause_start]) or _MEASURE.search(text[clause_end:]))


def _points_at_data(text: str) -> bool:
    if _POINTER.search(text):
        return True
    if any(len((m.group(1) or m.group(2) or "").split()) >= 3 for m in _QUOTATION.finditer(text)):
        return True
    return any(_is_excerpt(m.group(1)) for m in _CODE_SPAN.finditer(text))


def _is_excerpt(code: str) -> bool:
    return len(code.split()) >= 4 or bool(_EXCERPT_WORDS.search(code))


def _clause_around(text: str, start: int, end: int) -> tuple[int, int]:
    before = [m.end() for m in _CLAUSE_BOUNDARY.finditer(text, 0, start)]
    after = _CLAUSE_BOUNDARY.search(text, end)
    return (before[-1] if before else 0), (after.start() if after else len(text))


def excerpt_follows(document, block_end: int) -> bool:
    """A fenced or indented code block (a log excerpt) right after the block."""
    for start, _end in document.skipped:
        gap = document.source[block_end:start]
        if 0 <= start - block_end and gap.count("\n") <= _EXCERPT_GAP and _is_code_block(document.source, start):
            return True
    return False


def _is_code_block(source: str, start: int) -> bool:
    line = source[start : source.find("\n", start) if "\n" in source[start:] else len(source)]
    return line.lstrip().startswith(("```", "~~~")) or line.startswith(("    ", "\t"))
