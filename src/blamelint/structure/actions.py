"""Helpers of the action-item checks (checks/action_item_*.py, checks/owner_not_a_role.py):
what an action item is (a top-level list item or a table row in an action-items section),
its owner, its tracking reference, whether it is done, and a vague leading verb. Items aimed
at people's behaviour ("remind the team") are BL109's."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from blamelint.structure.content import PLACEHOLDER, Item, items
from blamelint.structure.outline import once_per_document, outermost, parts
from blamelint.scope import OWNER_COLUMN

_OWNER_COLUMN = OWNER_COLUMN
_TRACKING_COLUMN = re.compile(r"\b(?:tickets?|issues?|bugs?|tracking|jira|links?|pr|mr|tasks?|references?|status)\b")
_TRACKING = re.compile(
    r"\b[A-Z][A-Z0-9]{1,9}-\d+\b"  # JIRA-style key
    r"|(?<![\w&/])#\d+\b"  # #123
    r"|\]\([^)\s]+\)|\]\[[^\]]*\]|<https?://|\bhttps?://"  # a link
    r"|\b(?:issue|ticket|bug|pr|mr|pull request|merge request|story|task)\s*#?\s*\d+\b"
    r"|\b[\w.-]+/[\w.-]+#\d+\b",
    re.IGNORECASE,
)
_OWNER = re.compile(
    r"\b(?:owners?|assignees?|assigned to|dri|responsible|accountable|poc)\s*[:=\-–—]\s*[^\s,;)\]|][^,;)\]|\n]*"
    r"|(?<![\w@])@[A-Za-z0-9][\w.-]*"  # @handle
    r"|[(\[]\s*(?:@?[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,2}|[\w -]{1,30}\bteam)\s*[)\]]\s*[.;]?\s*$"  # "(Alice)", "[SRE team]"
    r"|[-–—]\s*(?:@?[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+)?|the [\w -]{1,30} team)\s*[.;]?\s*$",  # "... - Alice"
    re.MULTILINE,
)
_DONE = re.compile(r"^\s*~~|\b(?:done|completed|complete|fixed|merged|resolved|shipped|deployed)\b\s*[.)\]]?\s*$|✅|✔",
                   re.IGNORECASE | re.MULTILINE)

# Items that report work already done: "We enabled 2FA", "Added an alert", "Rolled back".
_REPORTED = re.compile(
    r"^[\W]*(?:(?:we|they|i)\s+(?:have\s+|'ve\s+|had\s+)?(?:also\s+)?(?:\w+ed|made|built|set|wrote|put|ran|shut|took|began|"
    r"rolled|moved)\b|(?:added|enabled|disabled|removed|fixed|updated|upgraded|rolled back|reverted|created|deployed|"
    r"migrated|moved|increased|decreased|raised|lowered|implemented|introduced|changed|replaced|rotated|revoked|deleted|"
    r"patched|released|merged|published|wrote|documented|restored)\b)",
    re.IGNORECASE,
)
_VAGUE = re.compile(
    r"^(?:improve|enhance|investigate|look (?:into|at)|explore|consider|revisit|think about|discuss|evaluate|"
    r"research|figure out|work on|optimi[sz]e|better|review (?:and|whether|if|how|ways)|try to|attempt to|"
    r"assess|reconsider|understand)\b",
    re.IGNORECASE,
)
_END_STATE = re.compile(
    r"\bso (?:that|we|it|they)\b|\bsuch that\b|\bin order to\b|\bto (?:ensure|make sure|guarantee|prevent|avoid|"
    r"detect|alert|stop|block|reject|catch|fail|page|reduce|keep|allow|enable|support)\b|\buntil\b|\bby (?:adding|"
    r"making|moving|using|replacing|removing|setting|creating|enabling|introducing|automating|requiring)\b"
    r"|\bfrom \S+ to \S+|\d+\s*(?:%|ms|s\b|sec|seconds|min|minutes|h\b|hours|days|x\b)|\b(?:below|under|above|at least|"
    r"at most|within)\s+\d|\bwhether\b.{0,80}\band (?:decide|adopt|implement|fix)|\bwith (?:a|an) (?:alert|check|test)\b",
    re.IGNORECASE,
)
_ROLE_WORDS = re.compile(r"\b(?:team|group|squad|on-?call|eoc|imoc|cmoc|sre|owner|manager|lead|engineer|developer|dri|"
                         r"infra\w*|platform|security|support|ops|database|db|reliability|delivery|product)\b",
                         re.IGNORECASE)


@dataclass(frozen=True)
class ActionItem:
    """An action item and what the checks (and the archive report) read off it."""

    item: Item
    owner: tuple | None  # (start, end, text) of the owner
    tracked: bool  # a ticket, issue or link, on the item or on its sub-heading
    done: bool  # checked, marked done, or reporting work already done
    action: tuple[int, int]  # the span of the action's wording


def action_items(document, vocabulary) -> list[ActionItem]:
    """Every action item of the document's action-items sections, template leftovers left out;
    read once per document for the three action-item checks and the report."""
    return once_per_document(document, "actions.items", vocabulary, _find_action_items)


def _find_action_items(document, vocabulary) -> list[ActionItem]:
    found = outermost([p for p in parts(document, vocabulary) if "action-items" in p.kinds])
    source = document.source
    result = []
    for part in found:
        for item in items(document, part.body_start, part.body_end):
            plain = _plain(item.text)
            if not plain.strip() or PLACEHOLDER.fullmatch(plain.strip()):
                continue
            done = item.checked or bool(_DONE.search(item.text)) or bool(_REPORTED.match(plain))
            tracked = _tracked(item, source) or _heading_tracked(document, item)
            result.append(ActionItem(item, _owner(item, source), tracked, done, _action_text(item, source)))
    return result


def _plain(text: str) -> str:
    text = re.sub(r"\]\([^)]*\)", "]", text)
    return re.sub(r"\*\*|__|[*_`\[\]]", "", text)


def _owner(item: Item, source: str):
    """(start, end, text) of the owner, or None."""
    if item.kind == "row":
        owner_cells = [(c, a, b) for c, a, b in item.cells if c and _OWNER_COLUMN.search(c)]
        if owner_cells:
            for _, a, b in owner_cells:
                value = source[a:b].strip()
                if value and not PLACEHOLDER.fullmatch(value) and value.lower() not in ("-", "?", "n/a", "none", "tbd", "unassigned"):
                    return a, b, value
            return None
        text_start, text_end = item.start, item.end
    else:
        text_start, text_end = item.start, item.full_end
    text = source[text_start:text_end]
    for line_start, line in _lines(text):
        match = _OWNER.search(line)
        if match and not PLACEHOLDER.search(match.group(0)):
            start = text_start + line_start + match.start()
            return start, text_start + line_start + match.end(), match.group(0)
    return None


def _lines(text: str):
    position = 0
    for line in text.split("\n"):
        yield position, line
        position += len(line) + 1


def _tracked(item: Item, source: str) -> bool:
    if item.kind == "row":
        for column, a, b in item.cells:
            value = source[a:b].strip()
            if column and _TRACKING_COLUMN.search(column) and value and not PLACEHOLDER.fullmatch(value) \
                    and value.lower() not in ("-", "?", "n/a", "none", "tbd", "todo"):
                return True
    return bool(_TRACKING.search(source[item.start:item.full_end]))


def _heading_tracked(document, item: Item) -> bool:
    """A sub-heading that links its tracking issue ("### Short-term fixes (#123)") covers its items."""
    for section in document.sections:
        if section.level and section.heading_start <= item.start < section.end:
            if _TRACKING.search(document.source, section.heading_start, section.heading_end):
                return True
    return False


def vague_verb(item: Item, source: str) -> tuple[int, int, str] | None:
    """(start, end, verb) of a vague leading verb ("improve", "look into") with no end state."""
    start, end = _action_text(item, source)
    text = source[start:end]
    lead = len(text) - len(text.lstrip(" \t*_[]"))
    match = _VAGUE.match(text, lead)
    if not match or _END_STATE.search(source[item.start:item.full_end]):
        return None
    return start + match.start(), start + match.end(), match.group(0)


def _action_text(item: Item, source: str) -> tuple[int, int]:
    """The span of the action's wording: the first cell of a row (or its action column), the item's first paragraph."""
    if item.kind == "row":
        for column, a, b in item.cells:
            if column and re.search(r"\b(?:action|item|task|description|what|follow[- ]?up|remediation)\b", column):
                return a, b
        column, a, b = item.cells[0]
        return a, b
    return item.start, item.end


def is_personal_name(owner) -> bool:
    _, _, text = owner
    value = re.sub(r"^\W*(?:owners?|assignees?|assigned to|dri|responsible|poc)\s*[:=\-–—]\s*", "", text, flags=re.I)
    value = value.strip(" ()[]-–—.;")
    if not value or _ROLE_WORDS.search(value):
        return False
    return value.startswith("@") or bool(re.fullmatch(r"[A-Z][a-z'.-]+(?:\s+[A-Z][a-z'.-]+){0,2}", value))
