"""A team's own rules (`rules-dir:` in the configuration): rule files in the format of rules/,
loaded and validated exactly as the built-in ones, that may not take a built-in id or name.

The configuration resolves the rule names in the rest of its file against the RuleSet of both
(RuleSet.extended_with), as the command line does; this module also gives the Linter that runs
both (`linter_with`), built once per rule set in a process.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from blamelint.errors import RuleError
from blamelint.rules import Rule, load_rules
from blamelint.ruleset import RuleSet
from blamelint.yamlsource import load_located


def load_user_rules(directory: Path, built_in: RuleSet) -> tuple[Rule, ...]:
    """The rules in `directory`. A user rule may not take an id, name or alias that already
    selects some of `built_in` (an alias `BL1` included: `select:` would silently mean two
    things). The configuration has checked that `directory` is a folder."""
    rules = load_rules(directory)
    for rule in rules:
        for key, field in ((rule.id, "id"), (rule.name, "name"), *((alias, "aliases") for alias in rule.aliases)):
            if taken := built_in.resolve_selection(key):
                raise RuleError(f"{field} {key!r} is taken by a built-in rule ({', '.join(taken)}); "
                                "give your rule an id and name of its own", rule.source, _line_of(rule.source, field))
    return tuple(rules)


def _line_of(source: str, key: str) -> int | None:
    """The line of a top-level key of a rule file (a Rule does not keep lines)."""
    located = load_located(Path(source).read_text(encoding="utf-8"), source, RuleError, fast=True)
    return located.line_of((key,))


def rules_key(rules: tuple[Rule, ...]) -> str:
    """A digest of the rules as loaded (a rule's repr holds every field read from its file)."""
    return hashlib.sha256(repr(rules).encode()).hexdigest()


def linter_with(base, rules: tuple[Rule, ...]):
    """A Linter running the rules of `base` and `rules`; `base` itself when there are none.
    Kept on `base` (not in a global): its matchers and the prefilter's trigger words are built
    once for as long as the base Linter lives."""
    if not rules:
        return base
    from blamelint.engine import Linter

    key = rules_key(rules)
    if key not in base.extended:
        base.extended[key] = Linter(base.ruleset.extended_with(rules), exhaustive=base.exhaustive)
    return base.extended[key]
