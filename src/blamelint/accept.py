"""The accept list (`accept:` in the configuration): words and phrases a team uses on purpose,
such as a tool called "git blame" or a product called "Careless".

Semantics: a term matches case-insensitively, as whole words (not inside a longer word:
"blame" does not accept "blamed" or "blameless"), its words separated by any run of white
space, a line break included. A finding is dropped when its text has at least one word and
every word of it lies inside an occurrence of an accepted term in the file; a finding that
also covers other words ("Bob ran git blame carelessly") is kept.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate

_WORD = re.compile(r"\w+")


def term_problem(term) -> str | None:
    """Why `term` cannot be an accepted term, or None."""
    if not isinstance(term, str):
        return f"{term!r} is not a string (quote it: YAML reads yes, no, on and numbers as other values)"
    if not _WORD.search(term):
        return f"{term!r} has no word in it"
    return None


def _term_pattern(term: str) -> str:
    words = term.split()
    return r"(?<!\w)" + r"\s+".join(re.escape(word) for word in words) + r"(?!\w)"


def accepted_by(source: str, terms: tuple[str, ...]):
    """A test `(start, end) -> accepted` for spans of `source`, by bisection over the
    occurrences of the terms (a file may hold many findings)."""
    if not terms:
        return lambda start, end: False
    pattern = re.compile("|".join(_term_pattern(t) for t in sorted(terms, key=len, reverse=True)), re.IGNORECASE)
    spans = sorted(m.span() for m in pattern.finditer(source))
    starts = [start for start, _ in spans]
    ends = list(accumulate((end for _, end in spans), max))

    def covered(offset: int, end: int) -> bool:
        index = bisect_right(starts, offset) - 1
        return index >= 0 and end <= ends[index]

    def accepted(start: int, end: int) -> bool:
        words = [m.span() for m in _WORD.finditer(source, start, end)]
        return bool(words) and all(covered(word_start, word_end) for word_start, word_end in words)

    return accepted
