"""Every rule's `bad` examples fire it and its `good` examples do not (the docs are the tests)."""

from __future__ import annotations

import re

import pytest

from blamelint.config import config_from_mapping
from conftest import RULES

BAD = [(rule, example) for rule in RULES for example in rule.bad]
GOOD = [(rule, example) for rule in RULES for example in rule.good]


def _ids(pairs):
    return [f"{rule.id}-{i}" for i, (rule, _) in enumerate(pairs)]


def _config(linter, example):
    """The configuration an example runs under (its `config:`), validated like a file."""
    return config_from_mapping(example.config, f"{example.text[:30]!r}", linter.ruleset) if example.config else None


@pytest.mark.parametrize(("rule", "example"), BAD, ids=_ids(BAD))
def test_bad_example_fires(lint, linter, rule, example):
    findings = [f for f in lint(example.text, _config(linter, example)) if f.rule == rule.id]
    assert findings, f"{rule.id} did not fire on: {example.text!r}"
    if example.span:
        assert example.span in [f.text for f in findings], [f.text for f in findings]
    if example.suggestion:
        assert example.suggestion in [f.suggestion for f in findings]
    if example.level:
        assert example.level in [str(f.level) for f in findings]


@pytest.mark.parametrize(("rule", "example"), GOOD, ids=_ids(GOOD))
def test_good_example_is_silent(lint, linter, rule, example):
    fired = [f.text for f in lint(example.text, _config(linter, example)) if f.rule == rule.id]
    assert not fired, f"{rule.id} fired on {fired} in: {example.text!r}"


def test_structure_messages_are_what_users_see(lint, linter):
    """A structure rule's words come from its file: every finding of a bad example reads as one
    of the rule's templates with the check's values filled in, never a stray "{name}"."""
    for rule in (r for r in RULES if r.is_structural):
        templates = [rule.message] + [v["message"] for v in rule.variants.values() if "message" in v]
        for example in rule.bad:
            for finding in (f for f in lint(example.text, _config(linter, example)) if f.rule == rule.id):
                assert "{" not in finding.message and "{" not in (finding.suggestion or ""), finding.message
                assert any(_fits(template, finding.message) for template in templates), (rule.id, finding.message)


def _fits(template: str, text: str) -> bool:
    pattern = re.escape(" ".join(template.split()))
    pattern = re.sub(r"\\\{\w+\\\}", ".+?", pattern)
    return re.fullmatch(pattern, " ".join(text.split())) is not None


def test_every_rule_has_examples_and_docs():
    for rule in RULES:
        assert rule.bad and rule.good, rule.id
        assert rule.docs["what"].strip() and rule.docs["why"].strip(), rule.id


def test_rule_files_are_named_after_their_rule():
    for rule in RULES:
        assert rule.source.endswith((f"{rule.id}-{rule.name}.yaml", f"{rule.id}-{rule.name}.yml")), rule.source


@pytest.mark.parametrize(("rule", "example"), [p for p in BAD if p[0].family == "blame"],
                         ids=_ids([p for p in BAD if p[0].family == "blame"]))
def test_blame_findings_carry_a_rewording(lint, rule, example):
    """Every blame finding suggests a rewording, and never just hands the sentence back."""
    for finding in (f for f in lint(example.text) if f.rule == rule.id):
        assert finding.suggestion, f"{rule.id} gave no suggestion for {example.text!r}"
        assert finding.suggestion.strip().rstrip(".") != example.text.strip().rstrip(".")
        assert "\0" not in finding.suggestion and "{" not in finding.suggestion
