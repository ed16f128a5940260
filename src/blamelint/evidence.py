"""Does a claim have evidence nearby: a link, a log or code excerpt, a metric, a quote?"""

from __future__ import annotations

import re

_EVIDENCE = re.compile(
    r"https?://|\]\(|\[\^|`"  # link, link markup, footnote, code span
    r"|\"[^\"\n]*\s[^\"\n]*\s[^\"\n]*\"|“[^”\n]*\s[^”\n]*\s[^”\n]*”"  # a quotation of three words or more
    r"|\b\d+(?:[.,]\d+)?\s?(?:%|x\b|ms\b|s\b|sec|min|h\b|hours?|minutes?|seconds?|days?|[kmgt]i?b\b|rps|qps|req|requests|errors|users|nodes|pods|builds)"
    r"|\b(?:see|per|according to|as shown|graph|dashboard|logs? show|metrics? show|screenshot)\b",
    re.IGNORECASE,
)
# How far after a block a code block may start and still count as its excerpt.
_EXCERPT_GAP = 3


def has_evidence(text: str) -> bool:
    return bool(_EVIDENCE.search(text))


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
