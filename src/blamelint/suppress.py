"""Inline suppressions written as HTML comments in the postmortem itself.

    <!-- blamelint-disable BL101 judgmental-language -->  ...  <!-- blamelint-enable -->
    <!-- blamelint-disable-next-line BL102 -->
A directive without rule ids applies to every rule.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate

from blamelint.errors import InputError

_COMMENT_START = re.compile(r"\s*<!--")
_DIRECTIVE = re.compile(r"<!--\s*blamelint-(disable-next-line|disable|enable)\b(.*?)-->", re.DOTALL)


@dataclass(frozen=True)
class Suppression:
    rules: frozenset[str] | None  # rule ids; None = all rules
    start: int  # offsets the suppression covers
    end: int
    origin: int = -1  # the offset of the comment it comes from (unused.py reports comments)

    def covers(self, rule_id: str, offset: int) -> bool:
        return self.start <= offset < self.end and (self.rules is None or rule_id in self.rules)


def find_suppressions(document, resolve) -> list[Suppression]:
    """Suppressions in `document`; `resolve` maps an id or name to its rule ids (() if unknown).

    Regions are kept per rule id: `disable A B` then `enable A` leaves B disabled; a second
    `disable A` inside an open region changes nothing; a bare `enable` closes every region.
    """
    suppressions: list[Suppression] = []
    open_since: dict[str | None, tuple[int, int]] = {}  # rule id (None: every rule) -> (from, comment)
    for match in directive_matches(document):
        kind, names = match.group(1), match.group(2).replace(",", " ").split()
        rules = _resolve_all(names, resolve, document, match.start())
        if kind == "disable-next-line":
            suppressions.append(_next_line(document, rules, match.end(), match.start()))
        elif kind == "disable":
            for rule in (rules or {None}):
                open_since.setdefault(rule, (match.end(), match.start()))
        else:
            for rule in list(open_since) if rules is None else [r for r in rules if r in open_since]:
                suppressions.append(_region(rule, open_since.pop(rule), match.start()))
    suppressions.extend(_region(rule, opened, len(document.source)) for rule, opened in open_since.items())
    return suppressions


def directive_matches(document) -> list[re.Match]:
    """The blamelint comments of `document` outside code, in order: group 1 is the kind
    (disable-next-line, disable, enable), group 2 the rule names."""
    in_code = _code_spans(document)
    return [match for match in _DIRECTIVE.finditer(document.source) if not in_code(match.start())]


def suppressed_by(suppressions: list[Suppression]):
    """A test `(rule id, offset) -> suppressed`, by bisection over each rule's regions: a file
    may hold thousands of suppressions and findings."""
    regions: dict[str | None, list[tuple[int, int]]] = {}
    for suppression in suppressions:
        for rule in suppression.rules or (None,):
            regions.setdefault(rule, []).append((suppression.start, suppression.end))
    index = {}
    for rule, spans in regions.items():
        spans.sort()
        index[rule] = ([start for start, _ in spans], list(accumulate((end for _, end in spans), max)))

    def covered(rule: str | None, offset: int) -> bool:
        if rule not in index:
            return False
        starts, ends = index[rule]
        at = bisect_right(starts, offset) - 1
        return at >= 0 and offset < ends[at]

    return lambda rule_id, offset: covered(rule_id, offset) or covered(None, offset)


def _next_line(document, rules: frozenset[str] | None, after: int, origin: int) -> Suppression:
    line, _ = document.lines.line_col(after)
    count = document.lines.line_count
    start = document.lines.line_start(line + 1) if line < count else len(document.source)
    end = document.lines.line_start(line + 2) if line + 1 < count else len(document.source)
    return Suppression(rules, start, end, origin)


def _region(rule: str | None, opened: tuple[int, int], end: int) -> Suppression:
    start, origin = opened
    return Suppression(None if rule is None else frozenset({rule}), start, end, origin)


def _code_spans(document):
    """A test `offset -> inside a skipped span that is not an HTML comment` (code, front matter),
    by bisection over the spans: a file may hold thousands of directives and code blocks."""
    spans = sorted((start, end) for start, end in document.skipped if not _COMMENT_START.match(document.source, start))
    starts = [start for start, _ in spans]
    ends = list(accumulate((end for _, end in spans), max))  # spans may nest (front matter, HTML)

    def inside(offset: int) -> bool:
        index = bisect_right(starts, offset) - 1
        return index >= 0 and offset < ends[index]

    return inside


def _resolve_all(names: list[str], resolve, document, offset: int) -> frozenset[str] | None:
    if not names:
        return None
    ids = set()
    for name in names:
        rule_ids = resolve(name)
        if not rule_ids:
            line, _ = document.lines.line_col(offset)
            raise InputError(f"unknown rule {name!r} in a blamelint suppression comment", document.path, line)
        ids.update(rule_ids)
    return frozenset(ids)
