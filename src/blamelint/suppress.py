"""Inline suppressions written as HTML comments in the postmortem itself.

    <!-- blamelint-disable BL101 judgmental-language -->  ...  <!-- blamelint-enable -->
    <!-- blamelint-disable-next-line BL102 -->
A directive without rule ids applies to every rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from blamelint.errors import InputError

_DIRECTIVE = re.compile(r"<!--\s*blamelint-(disable-next-line|disable|enable)\b(.*?)-->", re.DOTALL)


@dataclass(frozen=True)
class Suppression:
    rules: frozenset[str] | None  # rule ids; None = all rules
    start: int  # offsets the suppression covers
    end: int

    def covers(self, rule_id: str, offset: int) -> bool:
        return self.start <= offset < self.end and (self.rules is None or rule_id in self.rules)


def find_suppressions(document, resolve) -> list[Suppression]:
    """Suppressions in `document`; `resolve` maps an id or name to a rule id (None if unknown)."""
    suppressions: list[Suppression] = []
    open_regions: dict[str | None, int] = {}
    for match in _DIRECTIVE.finditer(document.source):
        if any(start <= match.start() < end for start, end in document.skipped if _is_code(document, start)):
            continue
        kind, names = match.group(1), match.group(2).replace(",", " ").split()
        rules = _resolve_all(names, resolve, document, match.start())
        if kind == "disable-next-line":
            line, _ = document.lines.line_col(match.end())
            start = document.lines.line_start(line + 1) if line < document.lines.line_count else len(document.source)
            end = document.lines.line_start(line + 2) if line + 1 < document.lines.line_count else len(document.source)
            suppressions.append(Suppression(rules, start, end))
        elif kind == "disable":
            open_regions[_key(rules)] = match.end()
        else:
            suppressions.extend(_close(open_regions, rules, match.start()))
    suppressions.extend(_close(open_regions, None, len(document.source)))
    return suppressions


def _is_code(document, start: int) -> bool:
    return not document.source[start:].lstrip().startswith("<!--")


def _key(rules: frozenset[str] | None) -> str | None:
    return None if rules is None else " ".join(sorted(rules))


def _close(open_regions: dict, rules: frozenset[str] | None, at: int) -> list[Suppression]:
    closed = []
    for key in list(open_regions):
        if rules is None or key is None or set(key.split()) <= rules:
            start = open_regions.pop(key)
            closed.append(Suppression(None if key is None else frozenset(key.split()), start, at))
    return closed


def _resolve_all(names: list[str], resolve, document, offset: int) -> frozenset[str] | None:
    if not names:
        return None
    ids = set()
    for name in names:
        rule_id = resolve(name)
        if rule_id is None:
            line, _ = document.lines.line_col(offset)
            raise InputError(f"unknown rule {name!r} in a blamelint suppression comment", document.path, line)
        ids.add(rule_id)
    return frozenset(ids)
