"""`blamelint rules --check-examples`: a rule file's `bad` examples must fire its rule (with
the span, suggestion and level they give) and its `good` examples must not, as
tests/test_rule_examples.py requires of the built-in rules. For a team's own rules
(`rules-dir:`), which have no test suite of ours."""

from __future__ import annotations

from pathlib import Path

from blamelint.config import Config, config_from_mapping
from blamelint.errors import RuleError
from blamelint.yamlsource import load_located


def example_problems(linter, rules) -> list[str]:
    """One line per failing example, naming its file and line."""
    problems = []
    for rule in rules:
        lines = _example_lines(rule.source)
        for index, example in enumerate(rule.bad):
            where = f"{rule.source}:{lines.line_of(('examples', 'bad', index))}"
            for problem in _bad_problems(linter, rule, example):
                problems.append(f"{where}: {rule.id} bad example {index + 1}: {problem}")
        for index, example in enumerate(rule.good):
            fired = [f.text for f in _findings(linter, rule, example)]
            if fired:
                where = f"{rule.source}:{lines.line_of(('examples', 'good', index))}"
                problems.append(f"{where}: {rule.id} good example {index + 1} is flagged at {fired[0]!r}")
    return problems


def _bad_problems(linter, rule, example) -> list[str]:
    found = _findings(linter, rule, example)
    if not found:
        return [f"not flagged: {example.text.strip()[:80]!r}"]
    problems = []
    if example.span and example.span not in [f.text for f in found]:
        problems.append(f"flagged at {found[0].text!r}, not at span {example.span!r}")
    if example.suggestion and example.suggestion not in [f.suggestion for f in found]:
        problems.append(f"its suggestion is {found[0].suggestion!r}, not {example.suggestion!r}")
    if example.level and example.level not in [str(f.level) for f in found]:
        problems.append(f"flagged at level {found[0].level}, not {example.level}")
    return problems


def _findings(linter, rule, example):
    config = config_from_mapping(example.config, rule.source, linter.ruleset) if example.config else Config()
    return [f for f in linter.lint_text(example.text, "example.md", config) if f.rule == rule.id]


def _example_lines(source: str):
    return load_located(Path(source).read_text(encoding="utf-8"), source, RuleError, fast=True)
