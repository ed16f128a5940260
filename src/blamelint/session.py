"""What one entry point loads, at most once, and passes down: the RuleSet and the Linter.

The command line makes one Session per invocation (cli.main); `blamelint lsp` hands its
RuleSet to the server it starts (lsp.serve). Nothing below them looks rules up for itself. Loading is lazy, so a command that
needs no rules (`--help`, `init`, `cache dir`) reads no rule file, and one that needs the
rules but no parse (`rules`, `explain`, `config`) never imports the engine or spaCy.

A caller that already holds a Linter (the test suite's, whose parses are kept for the whole
session) passes it in, and every command of that Session uses it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from blamelint.engine import Linter
    from blamelint.ruleset import RuleSet


class Session:
    def __init__(self, linter: Linter | None = None, rules: RuleSet | None = None):
        self._linter = linter
        self._rules = linter.ruleset if linter is not None else rules
        self.parsed_rule_files = None  # cache.ParsedRuleFiles, where a command uses the cache

    def rules(self) -> RuleSet:
        """The built-in rules, loaded on first use (RuleError when a rule file is bad)."""
        if self._rules is None:
            from blamelint.ruleset import RuleSet  # `--help` and `init` read no rule file

            self._rules = RuleSet.load(parsed=self.parsed_rule_files)
        return self._rules

    def linter(self) -> Linter:
        """The Linter over `rules()`, made on first use (its pipeline loads when it first parses)."""
        if self._linter is None:
            from blamelint.engine import Linter  # the engine imports spaCy's helpers: not for `rules`

            self._linter = Linter(self.rules())
        return self._linter
