"""Helpers of the checks on which sections a postmortem has (structure/checks/).

What a profile needs (required / recommended sections, their titles, the causal kinds,
rename hints) comes from structure/profiles.py; where sections are (headings, bold labels,
front-matter keys) from structure/outline.py.
"""

from __future__ import annotations

from blamelint.findings import Level


def level_for(need: str) -> Level | None:
    """Recommended sections are reported at level info; required ones at the rule's level."""
    return Level.INFO if need == "recommended" else None


def lower_first(text: str) -> str:
    text = text.strip()
    return text[:1].lower() + text[1:] if text else text


def anchor(document) -> tuple[int, int]:
    """The document's title heading if it has one, else its first non-blank line."""
    for block in document.blocks:
        if block.kind == "heading":
            return block.start, block.end
    offset = 0
    for line in document.source.split("\n"):
        text = line.rstrip("\r")
        if text.strip() and not any(a <= offset < b for a, b in document.skipped):
            lead = len(text) - len(text.lstrip())
            return offset + lead, offset + len(text.rstrip())
        offset += len(line) + 1
    text = document.source.split("\n", 1)[0].rstrip("\r")
    lead = len(text) - len(text.lstrip())
    return lead, max(lead, len(text.rstrip()))
