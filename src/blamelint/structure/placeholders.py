"""template-placeholder: TBD, TODO, XX:XX, YYYY-MM-DD, <...> left in the prose."""

from __future__ import annotations

import re
from collections.abc import Iterator

from blamelint.sections import normalize_heading
from blamelint.structure.content import PLACEHOLDER, raw_span, without_code

_SECTION_NAMES = {"todo", "to do", "tbd"}  # a heading that *is* "TODO" names an action-items section


def template_placeholder(rule, document, config) -> Iterator[tuple]:
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
            message = f'"{found}" looks like a template placeholder that was never filled in.'
            yield start, end, message, _suggestion(found)


def _suggestion(found: str) -> str:
    if re.fullmatch(r"TBD|TBA|TBC", found):
        return "Write what is known now, or say what is still unknown and who is finding out."
    if re.fullmatch(r"TODO|FIXME", found):
        return "Finish this part, or move the open work to an action item with an owner."
    if found.startswith("<"):
        return f"Replace {found} with the actual value."
    if found.startswith("?"):
        return "Replace the question marks with the value, or say how it will be measured."
    return "Replace the placeholder with the actual date or time (and its time zone)."
