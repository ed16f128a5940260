"""A team's own rules (`rules-dir:` in the configuration): rule files in the format of rules/,
loaded and validated exactly as the built-in ones, that may not take a built-in id or name.

The configuration resolves rule names before any Linter for these rules exists, so this
module also gives the resolver that knows both sets (`resolver_with`), and the Linter that
runs both (`linter_with`), built once per rule set in a process.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from blamelint.errors import RuleError
from blamelint.rules import Rule, load_rules
from blamelint.yamlsource import load_located

_PREFIX = re.compile(r"BL\d{0,2}", re.IGNORECASE)


def load_user_rules(directory: Path, resolve) -> tuple[Rule, ...]:
    """The rules in `directory`; `resolve` knows the built-in ones, whose ids, names and
    aliases a user rule may not take (its `select:` would silently mean two rules). The
    configuration has checked that `directory` is a folder."""
    rules = load_rules(directory)
    for rule in rules:
        for key, field in ((rule.id, "id"), (rule.name, "name"), *((alias, "aliases") for alias in rule.aliases)):
            if resolve(key):
                raise RuleError(f"{field} {key!r} is taken by a built-in rule ({', '.join(resolve(key))}); "
                                "give your rule an id and name of its own", rule.source, _line_of(rule.source, field))
    return tuple(rules)


def _line_of(source: str, key: str) -> int | None:
    """The line of a top-level key of a rule file (a Rule does not keep lines)."""
    located = load_located(Path(source).read_text(encoding="utf-8"), source, RuleError, fast=True)
    return located.line_of((key,))


def resolver_with(resolve, rules: tuple[Rule, ...]):
    """`resolve` (the built-in rules) extended with `rules`."""
    names: dict[str, tuple[str, ...]] = {}
    for rule in rules:
        for key in (rule.id, rule.name, *rule.aliases):
            names[key.lower()] = names.get(key.lower(), ()) + (rule.id,)
    return lambda name: resolve(name) or names.get(str(name).lower(), ())


def selection_ids(resolve, name: str) -> tuple[str, ...]:
    """The ids of a select/ignore entry (an id, name, alias or id prefix such as BL1), as
    Linter.resolve_selection gives them, through `resolve` alone: ids are BL and three digits,
    so the ids a prefix stands for are those of the thousand candidates that resolve to themselves."""
    rule_ids = resolve(name)
    if rule_ids or not _PREFIX.fullmatch(name):
        return rule_ids
    candidates = (f"BL{number:03d}" for number in range(1000))
    return tuple(c for c in candidates if c.startswith(name.upper()) and c in resolve(c))


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
        base.extended[key] = Linter([*base.rules, *rules], exhaustive=base.exhaustive)
    return base.extended[key]
