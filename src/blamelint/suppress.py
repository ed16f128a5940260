"""Inline suppressions written as HTML comments in the postmortem itself (docs/suppressions.md).

    <!-- blamelint-disable BL101 judgmental-language -->  ...  <!-- blamelint-enable -->
    <!-- blamelint-disable-next-line BL102 -->   the next line, and the whole block it is part of
    Dana skipped the check. <!-- blamelint-disable-line BL101 -->   this line and its block
A directive without rule ids applies to every rule. Only real HTML comments count (the ones
markdown-it reads: Document.comments), never one written in a code span or a code block.
A name that is no rule, or a directive that does not exist, suppresses nothing: the
unknown-suppression rule (BL316) reports it on the comment, and the file is still linted.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import accumulate

_DIRECTIVE = re.compile(r"<!--\s*blamelint-([A-Za-z][\w-]*)(.*?)-->", re.DOTALL)
_NAME = re.compile(r"[^\s,]+")
KINDS = ("disable", "enable", "disable-line", "disable-next-line")


@dataclass(frozen=True)
class Suppression:
    rules: frozenset[str] | None  # rule ids; None = all rules
    start: int  # offsets the suppression covers
    end: int
    origin: int = -1  # the offset of the comment it comes from

    def covers(self, rule_id: str, offset: int) -> bool:
        return self.start <= offset < self.end and (self.rules is None or rule_id in self.rules)


@dataclass(frozen=True)
class Directive:
    kind: str  # one of KINDS, or the unknown word written after "blamelint-"
    kind_span: tuple[int, int]
    names: tuple[tuple[str, int, int], ...]  # each rule name with its offsets
    start: int  # the comment
    end: int


@dataclass(frozen=True)
class Problem:
    """A directive or rule name in a suppression comment that blamelint does not know."""
    start: int
    end: int
    name: str
    what: str  # "rule" or "directive"


def directives(document) -> list[Directive]:
    """The blamelint directives in the document's real HTML comments, in order (unknown kinds
    too). Read once per document: the suppressions, BL316 and BL315 all go through them."""
    kept = document.derive("suppress.directives", lambda: tuple(_read_directives(document)))
    return list(kept)  # a fresh list: the kept one is shared


def _read_directives(document) -> list[Directive]:
    found = []
    for match in _all_matches(document):
        names = tuple((m.group(0), match.start(2) + m.start(), match.start(2) + m.end())
                      for m in _NAME.finditer(match.group(2)))
        found.append(Directive(match.group(1).lower(), match.span(1), names, match.start(), match.end()))
    return found


def _all_matches(document) -> list[re.Match]:
    matches = (_DIRECTIVE.match(document.source, start, end) for start, end in document.comments)
    return [match for match in matches if match is not None]


def suppression_problems(document, resolve) -> list[Problem]:
    """Unknown directives and rule names; `resolve` maps an id or name to its rule ids (() if unknown)."""
    problems = []
    for directive in directives(document):
        if directive.kind not in KINDS:
            problems.append(Problem(*directive.kind_span, f"blamelint-{directive.kind}", "directive"))
            continue
        problems.extend(Problem(start, end, name, "rule") for name, start, end in directive.names if not resolve(name))
    return problems


def find_suppressions(document, resolve) -> list[Suppression]:
    """Suppressions in `document`; `resolve` maps an id or name to its rule ids (() if unknown).

    Regions are kept per rule id: `disable A B` then `enable A` leaves B disabled; a second
    `disable A` inside an open region changes nothing; a bare `enable` closes every region.
    Unknown names are left out (suppression_problems reports them): a directive naming only
    unknown rules suppresses nothing, it never stands for every rule.
    """
    suppressions: list[Suppression] = []
    open_since: dict[str | None, tuple[int, int]] = {}  # rule id (None: every rule) -> (from, comment)
    cover = _LineCover(document)
    for directive in directives(document):
        if directive.kind not in KINDS:
            continue
        rules = _resolve_all(directive.names, resolve)
        if rules == frozenset():
            continue
        if directive.kind == "disable-next-line":
            line, _ = document.lines.line_col(directive.end)
            suppressions.append(Suppression(rules, *cover.span(line + 1), directive.start))
        elif directive.kind == "disable-line":
            line, _ = document.lines.line_col(directive.start)
            suppressions.append(Suppression(rules, *cover.span(line), directive.start))
        elif directive.kind == "disable":
            for rule in (rules or {None}):
                open_since.setdefault(rule, (directive.end, directive.start))
        else:
            for rule in list(open_since) if rules is None else [r for r in rules if r in open_since]:
                suppressions.append(_region(rule, open_since.pop(rule), directive.start))
    suppressions.extend(_region(rule, opened, len(document.source)) for rule, opened in open_since.items())
    return suppressions


class _LineCover:
    """What a line directive covers: the line, widened to every block (paragraph, list item,
    heading, table cell) it is part of, so that a wrapped paragraph is covered whole."""

    def __init__(self, document):
        self.document = document
        spans = sorted((block.start, block.end) for block in document.blocks)
        self.starts = [start for start, _ in spans]
        self.ends = [end for _, end in spans]
        self.reach = list(accumulate(self.ends, max))  # the furthest end of the blocks so far

    def span(self, line: int) -> tuple[int, int]:
        lines, size = self.document.lines, len(self.document.source)
        if line > lines.line_count:
            return size, size
        start = lines.line_start(line)
        end = lines.line_start(line + 1) if line < lines.line_count else size
        if not self.document.source[start:end].strip():
            return start, end  # a blank line holds no block
        first = bisect_left(self.reach, start + 1)  # the first block that ends after the line starts
        last = bisect_right(self.starts, max(start, end - 1)) - 1  # the last block starting on the line
        for index in range(first, last + 1):
            if self.ends[index] > start:
                start, end = min(start, self.starts[index]), max(end, self.ends[index])
        return start, end


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


def _region(rule: str | None, opened: tuple[int, int], end: int) -> Suppression:
    start, origin = opened
    return Suppression(None if rule is None else frozenset({rule}), start, end, origin)


def _resolve_all(names, resolve) -> frozenset[str] | None:
    """The rule ids the names stand for; None (every rule) when no name is given."""
    if not names:
        return None
    return frozenset(rule_id for name, _, _ in names for rule_id in resolve(name))
