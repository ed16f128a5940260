"""A blamelint-disable comment that suppresses no finding (ruff's unused noqa, RUF100).

The engine runs this check after every other rule, with their findings before suppression.
A comment that names rules is checked name by name, and only for names whose rules all ran
(a rule switched off by select, ignore or the config finds nothing, so the comment may still
be needed elsewhere); a comment without names is unused when no finding of any rule is in its
range. A name of this rule itself is never reported.
"""

from __future__ import annotations

from bisect import bisect_left

from blamelint.structure.check import Check, Result
from blamelint.suppress import KINDS, directives

EVERY_RULE = "every-rule"


def run(document, config, findings, suppressions, resolve, rule_id):
    used = _used(findings, suppressions)
    for directive in directives(document):
        if directive.kind not in KINDS or directive.kind == "enable":  # an unknown kind is BL316's
            continue
        origin = directive.start
        if not directive.names:
            if (origin, None) not in used:
                yield Result(directive.start, directive.end, variant=EVERY_RULE)
            continue
        for name, start, end in directive.names:
            rule_ids = resolve(name)
            # an unknown name is BL316's finding; a switched-off rule may be needed elsewhere
            if not rule_ids or rule_id in rule_ids or not all(config.enabled(r) for r in rule_ids):
                continue
            if not any((origin, r) in used for r in rule_ids):
                yield Result(start, end, {"rule": name})


def _used(findings, suppressions) -> set[tuple[int, str | None]]:
    """(comment offset, rule id or None for every rule) of each suppression that covers a
    finding, by bisection over the sorted offsets of each rule's findings."""
    offsets: dict[str | None, list[int]] = {None: [f.offset for f in findings]}
    for finding in findings:
        offsets.setdefault(finding.rule, []).append(finding.offset)
    for rule, values in offsets.items():
        values.sort()
    used = set()
    for suppression in suppressions:
        for rule in suppression.rules or (None,):
            values = offsets.get(rule, [])
            index = bisect_left(values, suppression.start)
            if index < len(values) and values[index] < suppression.end:
                used.add((suppression.origin, rule))
    return used


CHECK = Check("unused-suppression", run, supplies=frozenset({"rule"}), variants=frozenset({"default", EVERY_RULE}),
              needs=frozenset({"findings"}))
