"""TBD, TODO, XX:XX, YYYY-MM-DD, <...> left in the prose."""

from __future__ import annotations

import re

from blamelint.sections import normalize_heading
from blamelint.structure.check import Check, Result
from blamelint.structure.content import PLACEHOLDER, raw_span, without_code

_SECTION_NAMES = {"todo", "to do", "tbd"}  # a heading that *is* "TODO" names an action-items section
# Which words the suggestion takes, by the kind of placeholder; the last one is dates and times.
_KINDS = (("unknown", re.compile(r"TBD|TBA|TBC")), ("unfinished", re.compile(r"TODO|FIXME")),
          ("value", re.compile(r"<.*", re.DOTALL)), ("number", re.compile(r"\?.*", re.DOTALL)))


def run(document, config):
    source = document.source
    seen: set[int] = set()
    for block in document.blocks:
        if block.kind == "heading" and normalize_heading(source[block.start:block.end]) in _SECTION_NAMES:
            continue
        lo, hi = raw_span(document, block)
        text = without_code(source[lo:hi])
        for match in PLACEHOLDER.finditer(text):
            start, end = lo + match.start(), lo + match.end()
            if start in seen:
                continue
            seen.add(start)
            found = match.group(0)
            kind = next((name for name, pattern in _KINDS if pattern.fullmatch(found)), "date")
            yield Result(start, end, {"placeholder": found}, kind)


CHECK = Check("template-placeholder", run, supplies=frozenset({"placeholder"}),
              variants=frozenset({"unknown", "unfinished", "value", "number", "date"}))
