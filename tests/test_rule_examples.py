"""Every rule's `bad` examples fire it and its `good` examples do not (the docs are the tests)."""

from __future__ import annotations

import pytest

from conftest import RULES

BAD = [(rule, example) for rule in RULES for example in rule.bad]
GOOD = [(rule, text) for rule in RULES for text in rule.good]


def _ids(pairs):
    return [f"{rule.id}-{i}" for i, (rule, _) in enumerate(pairs)]


@pytest.mark.parametrize(("rule", "example"), BAD, ids=_ids(BAD))
def test_bad_example_fires(lint, rule, example):
    findings = [f for f in lint(example.text) if f.rule == rule.id]
    assert findings, f"{rule.id} did not fire on: {example.text!r}"
    if example.suggestion:
        assert example.suggestion in [f.suggestion for f in findings]
    if example.level:
        assert example.level in [str(f.level) for f in findings]


@pytest.mark.parametrize(("rule", "text"), GOOD, ids=_ids(GOOD))
def test_good_example_is_silent(lint, rule, text):
    fired = [f.text for f in lint(text) if f.rule == rule.id]
    assert not fired, f"{rule.id} fired on {fired} in: {text!r}"


def test_every_rule_has_examples_and_docs():
    for rule in RULES:
        assert rule.bad and rule.good, rule.id
        assert rule.docs["what"].strip() and rule.docs["why"].strip(), rule.id


def test_rule_files_are_named_after_their_rule():
    for rule in RULES:
        assert rule.source.endswith(f"{rule.id}-{rule.name}.yaml"), rule.source


@pytest.mark.parametrize(("rule", "example"), [p for p in BAD if p[0].family == "blame"],
                         ids=_ids([p for p in BAD if p[0].family == "blame"]))
def test_blame_findings_carry_a_rewording(lint, rule, example):
    """Every blame finding suggests a rewording, and never just hands the sentence back."""
    for finding in (f for f in lint(example.text) if f.rule == rule.id):
        assert finding.suggestion, f"{rule.id} gave no suggestion for {example.text!r}"
        assert finding.suggestion.strip().rstrip(".") != example.text.strip().rstrip(".")
        assert "\0" not in finding.suggestion and "{" not in finding.suggestion
