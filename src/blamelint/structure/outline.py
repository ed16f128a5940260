"""Where a document's sections are: headings, bold labels and front-matter keys.

A *part* is one place that opens a section of some kind:
- a heading at any level (its kinds come from the parse, sub-headings inherit);
- a bold label at the start of a paragraph or list item, "**Root cause:** ..." or
  "**What happened?**:" or a line that is only "**Timeline**";
- a top-level front-matter key ("summary: ...", "root_cause: ...").
Each part knows the span of its title (what a finding points at) and of its body.

List items, table rows and the placeholder vocabulary are in content.py.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

import yaml

from blamelint.sections import normalize_heading
from blamelint.structure.content import LINE_LEAD
from blamelint.yamlsource import bounded_load

_LABEL = re.compile(
    r"(?:\*\*|__)[ \t]*(?P<label>[^*_\n][^*\n]{0,80}?)[ \t]*"
    r"(?::[ \t]*(?:\*\*|__)|\?[ \t]*(?:\*\*|__)[ \t]*:?|(?:\*\*|__)[ \t]*:|(?:\*\*|__)[ \t]*(?=\r?\n|$))"
)
_MAX_LABEL_WORDS = 7


@dataclass(frozen=True)
class Part:
    kinds: frozenset[str]
    title: str
    title_start: int  # the heading text, the label, or the front-matter key
    title_end: int
    body_start: int
    body_end: int
    origin: str  # heading | label | front-matter
    level: int = 0  # heading level; labels and keys: 0
    own_kinds: frozenset[str] = frozenset()  # kinds named by this title itself, not inherited


def once_per_document(document, name: str, vocabulary, compute) -> list:
    """`compute(document, vocabulary)`, computed once per document and vocabulary and shared
    by the checks (and the report) that ask for it under `name`; a fresh list each time."""
    # the vocabulary is kept with the view: alive, its id stays unique
    _, view = document.derive((name, id(vocabulary)), lambda: (vocabulary, compute(document, vocabulary)))
    return list(view)


def parts(document, vocabulary) -> list[Part]:
    """Every heading, bold label and front-matter key, with kinds (possibly empty). Every
    structural check asks for it."""
    return once_per_document(document, "outline.parts", vocabulary, _find_parts)


def _find_parts(document, vocabulary) -> list[Part]:
    found: list[Part] = []
    heading_blocks = {b.start: b for b in document.blocks if b.kind == "heading"}
    block_starts = sorted(heading_blocks)  # bisected: a file may hold thousands of headings
    headings = [s for s in document.sections if s.level]
    title = headings[0] if headings and headings[0].level == 1 and sum(s.level == 1 for s in headings) == 1 else None
    stack: list[Part] = []
    for section in headings:
        at = bisect_left(block_starts, section.heading_start)
        inside = at < len(block_starts) and block_starts[at] < section.heading_end
        block = heading_blocks[block_starts[at]] if inside else None
        start, end = (block.start, block.end) if block else (section.heading_start, section.heading_end)
        while stack and stack[-1].level >= section.level:
            stack.pop()
        own = frozenset() if section is title else heading_kinds(section.title, vocabulary)
        parent = stack[-1] if stack else None
        kinds = own
        if parent is not None and parent.kinds and (not own or _entry_of_timeline(parent, section.title) or (
                parent.kinds & CONTAINER_KINDS and "timeline" not in parent.kinds
                and not _strong_kinds(section.title, own, vocabulary))):
            kinds = parent.kinds  # a sub-heading of a timeline, action items or lessons belongs to it
        part = Part(kinds, section.title, start, end, section.start, section.end, "heading", section.level, own)
        if section is not title:
            stack.append(part)
            found.append(part)
    found = _continue_timelines(found)
    found.extend(_label_parts(document, vocabulary))
    found.extend(_front_matter_parts(document, vocabulary))
    return sorted(found, key=lambda p: (p.title_start, -p.body_end))


CONTAINER_KINDS = frozenset({"timeline", "action-items", "lessons"})
_GENERIC_CAUSAL = {"analysis", "investigation", "cause", "causes", "fault"}


def heading_kinds(title: str, vocabulary) -> frozenset[str]:
    """Kinds a heading or label names. "Impact analysis" is impact: a generic causal word
    ("analysis", "investigation", "cause") does not add causes to a heading that already
    names another kind, and a long sentence-like heading needs more than one such word."""
    kinds = vocabulary.kinds_of(title)
    if "causes" in kinds:
        padded = f" {normalize_heading(title)} "
        matched = [w for w in vocabulary.synonyms.get("causes", []) if w and f" {w} " in padded]
        generic_only = all(w in _GENERIC_CAUSAL for w in matched)
        if generic_only and (len(kinds) > 1 or len(padded.split()) > 5):
            kinds = kinds - {"causes"}
    return kinds


_STRONG = frozenset({"summary", "impact", "causes", "action-items"})


def _strong_kinds(title: str, own: frozenset[str], vocabulary) -> frozenset[str]:
    """Own kinds that hold even under a timeline, action-items or lessons heading: "### Causes"
    under "## Timeline" opens a causal section; "### Investigation" under "## Action items" does not."""
    strong = own & _STRONG
    if "causes" in strong:
        padded = f" {normalize_heading(title)} "
        matched = [w for w in vocabulary.synonyms.get("causes", []) if w and f" {w} " in padded]
        if all(w in {"analysis", "investigation", "fault"} for w in matched):
            strong = strong - {"causes"}
    return strong


def outermost(part_list: list[Part]) -> list[Part]:
    """Drop parts nested in the body of another part of the list."""
    kept = []
    for part in part_list:
        if any(o is not part and o.body_start <= part.title_start < o.body_end for o in part_list):
            continue
        kept.append(part)
    return kept


STAMP_TITLE = re.compile(
    r"^\W{0,3}(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}(?:/\d{2,4})?|\d{1,2}:\d{2}|\d{1,2}\s*[ap]\.?m\b"
    r"|(?:mon|tues|wednes|thurs|fri|satur|sun)day\b"
    r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b)",
    re.IGNORECASE,
)


def _entry_of_timeline(parent: Part, title: str) -> bool:
    """A sub-heading of a timeline that opens with a date or a time ("### 4:09-4:56 PM: Follow-up")
    is one of its entries, whatever section its words would name on their own."""
    return "timeline" in parent.kinds and STAMP_TITLE.match(title) is not None


def _continue_timelines(headings: list[Part]) -> list[Part]:
    """A timeline whose entries are headings at its own level ("## Timeline", "## May 12",
    "### 20:15") runs on through those date and time headings."""
    result = list(headings)
    for index, part in enumerate(result):
        if "timeline" not in part.own_kinds:
            continue
        end = part.body_end
        for later in range(index + 1, len(result)):
            other = result[later]
            if other.level < part.level:
                break
            if other.level == part.level:
                if other.own_kinds or not STAMP_TITLE.match(other.title):
                    break
                end = other.body_end
            if other.title_start < end and not other.own_kinds:
                result[later] = Part(part.kinds, other.title, other.title_start, other.title_end, other.body_start,
                                     other.body_end, other.origin, other.level, other.own_kinds)
        if end != part.body_end:
            result[index] = Part(part.kinds, part.title, part.title_start, part.title_end, part.body_start, end,
                                 part.origin, part.level, part.own_kinds)
    return result


def _label_parts(document, vocabulary) -> list[Part]:
    source = document.source
    labels = []
    for block in document.blocks:
        if block.kind != "paragraph" or block.in_quote:
            continue
        line_start = source.rfind("\n", 0, block.start) + 1
        lead = LINE_LEAD.match(source, line_start, block.start)
        line_end = source.find("\n", block.start)
        match = _LABEL.match(source, lead.end() if lead else block.start, len(source) if line_end == -1 else line_end)
        if not match:
            continue
        label = match.group("label").strip()
        if not label or len(label.split()) > _MAX_LABEL_WORDS:
            continue
        kinds = heading_kinds(label, vocabulary)
        labels.append((block, match, label, kinds))
    result = []
    boundaries = sorted({b.start for b in document.blocks if b.kind == "heading"} | {b.start for b, *_ in labels})
    for block, match, label, kinds in labels:
        if not kinds:
            continue
        section_end = document.sections[block.section].end
        following = [b for b in boundaries if b > block.start]
        end = min([section_end, *following[:1]]) if following else section_end
        end = max(end, match.end())
        label_start = match.start("label")
        result.append(Part(kinds, label, label_start, label_start + len(label), match.end(), _trim_end(source, match.end(), end),
                           "label", 0, kinds))
    return result


def _trim_end(source: str, start: int, end: int) -> int:
    while end > start and source[end - 1] in " \t\r\n":
        end -= 1
    return end


def _front_matter_parts(document, vocabulary) -> list[Part]:
    if not document.front_matter:
        return []
    try:
        _, data = bounded_load(document.front_matter)  # no alias bombs from a document either
    except (yaml.YAMLError, RecursionError):  # front matter is the author's, not ours to reject
        return []
    if not isinstance(data, dict):
        return []
    region_start = document.source.find(document.front_matter)
    region_end = region_start + len(document.front_matter)
    keys = list(re.finditer(r"^([A-Za-z_][\w -]*?)[ \t]*:", document.source[region_start:region_end], re.MULTILINE))
    result = []
    for index, match in enumerate(keys):
        key = match.group(1)
        if key not in data:
            continue
        kinds = heading_kinds(key.replace("_", " ").replace("-", " "), vocabulary)
        if not kinds:
            continue
        start = region_start + match.start(1)
        body_end = region_start + keys[index + 1].start() if index + 1 < len(keys) else region_end
        result.append(Part(kinds, key, start, start + len(key), region_start + match.end(),
                           _trim_end(document.source, region_start + match.end(), body_end), "front-matter", 0, kinds))
    return result


# --- content ------------------------------------------------------------------------
