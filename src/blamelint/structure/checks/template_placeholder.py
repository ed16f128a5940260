"""TBD, TODO, XX:XX, YYYY-MM-DD, <...> left in the prose."""

from __future__ import annotations

import re

from blamelint.document import split_row
from blamelint.sections import normalize_heading
from blamelint.structure.check import Check, Result
from blamelint.structure.content import PLACEHOLDER, raw_span, without_code

_SECTION_NAMES = {"todo", "to do", "tbd"}  # a heading that *is* "TODO" names an action-items section
# Which words the suggestion takes, by the kind of placeholder; the last one is dates and times.
_KINDS = (("unknown", re.compile(r"TBD|TBA|TBC")), ("unfinished", re.compile(r"TODO|FIXME")),
          ("value", re.compile(r"<.*", re.DOTALL)), ("number", re.compile(r"\?.*", re.DOTALL)))


# A literal every placeholder PLACEHOLDER finds has ("YYYY" in every date, "??" in every
# question-mark run): text without one of them is not searched (blanking code only removes
# text). Searching every block with PLACEHOLDER itself took 0.46 s over ../shared/corpus/docs.
_ANY_PLACEHOLDER = re.compile(r"TB[DAC]|TODO|FIXME|XX:|HH:MM|hh:mm|YYYY|\?\?|<")


def run(document, config):
    seen: set[int] = set()
    for lo, hi in _spans(document):
        if not _ANY_PLACEHOLDER.search(document.source, lo, hi):
            continue
        text = without_code(document.source[lo:hi])
        for match in PLACEHOLDER.finditer(text):
            start, end = lo + match.start(), lo + match.end()
            if start in seen:
                continue
            seen.add(start)
            found = match.group(0)
            kind = next((name for name, pattern in _KINDS if pattern.fullmatch(found)), "date")
            yield Result(start, end, {"placeholder": found}, kind)


def _spans(document):
    """The raw text of every block, then of every table cell: a cell that holds only
    "<owner>" (read as an HTML tag, so masked to nothing) makes no block."""
    source = document.source
    for block in document.blocks:
        if block.kind == "heading" and normalize_heading(source[block.start:block.end]) in _SECTION_NAMES:
            continue
        yield raw_span(document, block)
    for start, end in document.rows:
        yield from split_row(source, start, end)


CHECK = Check("template-placeholder", run, supplies=frozenset({"placeholder"}),
              variants=frozenset({"unknown", "unfinished", "value", "number", "date"}))
