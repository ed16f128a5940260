"""The loaded rules, as one value that is passed down, never looked up from a global.

A RuleSet is what the configuration (rule names in `select`/`ignore`/levels), the engine,
suppression comments, the formatters (SARIF's rule list) and the language server's hover
need to know about the rules. It is loaded in one place per process entry (the command
line's Session, the language server's start) and handed to everything below it.

Nothing here imports spaCy: `blamelint rules` and `explain` read a RuleSet and no parse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from blamelint.rules import Rule, load_rules

_ID_PREFIX = re.compile(r"BL\d{0,2}", re.IGNORECASE)


@dataclass(frozen=True, eq=False)  # one loaded set is one value: compared by identity
class RuleSet:
    rules: tuple[Rule, ...]
    by_id: dict = field(init=False, repr=False, compare=False)  # rule id -> Rule
    _names: dict = field(init=False, repr=False, compare=False)  # lower-case id, name or alias -> ids

    def __post_init__(self):
        object.__setattr__(self, "rules", tuple(self.rules))
        object.__setattr__(self, "by_id", {rule.id: rule for rule in self.rules})
        names: dict[str, tuple[str, ...]] = {}
        for rule in self.rules:
            for key in (rule.id, rule.name, *rule.aliases):  # an alias may name the parts of a split rule
                names[key.lower()] = names.get(key.lower(), ()) + (rule.id,)
        object.__setattr__(self, "_names", names)

    @classmethod
    def load(cls, directory: Path | None = None, parsed=None) -> RuleSet:
        """The rule files of `directory` (default: the built-in rules); RuleError when one is bad.
        `parsed`: rule files parsed before (cache.ParsedRuleFiles), or None."""
        return cls(tuple(load_rules(directory, parsed)))

    def __iter__(self):
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def extended_with(self, rules) -> RuleSet:
        """These rules and `rules` (a team's own, rules-dir:) as one set, so that an id prefix
        in a config file stands for the same rules as on the command line (BL1: BL190 too)."""
        return RuleSet((*self.rules, *rules)) if rules else self

    def resolve(self, name: str) -> tuple[str, ...]:
        """The rule ids an id, name or alias stands for (several for the id of a split rule),
        or () for an unknown one."""
        return self._names.get(name.lower(), ())

    def resolve_selection(self, name: str) -> tuple[str, ...]:
        """Rule ids for a select/ignore entry: an id, a name, an alias, or an id prefix ("BL1")."""
        rule_ids = self.resolve(name)
        if rule_ids:
            return rule_ids
        if _ID_PREFIX.fullmatch(name):
            return tuple(r.id for r in self.rules if r.id.startswith(name.upper()))
        return ()
