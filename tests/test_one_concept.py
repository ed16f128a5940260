"""One concept, one rule: on the real corpus no two rules of a family flag the same words.

Two findings of one family on the very same text ask the writer the same question twice:
"human error" under Root cause used to be BL104 and BL304, "remind the team" BL109 and BL305.
Findings that anchor on the document's title (missing sections: one finding per section) are
about different sections, so they may share that anchor.
"""

from __future__ import annotations

from collections import Counter

import pytest

from blamelint.config import Config
from conftest import CORPUS, needs_shared

# Findings about the document as a whole point at its title (or the heading they are about).
_ANCHORED = {"BL301", "BL302", "BL313"}


@pytest.fixture(scope="module")
def corpus_findings(linter):
    paths = sorted(CORPUS.glob("*.md"))
    return [(path, linter.lint_text(path.read_text(encoding="utf-8"), str(path), Config())) for path in paths]


def _same_words(findings):
    seen: dict[tuple, set] = {}
    for finding in findings:
        if finding.rule in _ANCHORED:
            continue
        key = (finding.family, finding.offset, finding.end_offset)
        seen.setdefault(key, set()).add(finding.rule)
    return {key: rules for key, rules in seen.items() if len(rules) > 1}


@needs_shared
def test_no_two_rules_of_a_family_flag_the_same_words(corpus_findings):
    doubles = Counter()
    for path, findings in corpus_findings:
        for (family, start, end), rules in _same_words(findings).items():
            doubles[(path.name, family, start, tuple(sorted(rules)))] += 1
    assert not doubles, sorted(doubles)[:5]


@needs_shared
def test_the_concepts_that_used_to_be_flagged_twice_are_owned_by_one_rule(corpus_findings):
    """BL104 owns "human error", BL109 owns people-directed action items: the structure checks
    that used to report them too no longer exist (BL305, BL306 are groups now)."""
    rules = Counter(f.rule for _, findings in corpus_findings for f in findings)
    assert rules["BL104"] > 0 and rules["BL109"] > 0
    assert rules["BL305"] == rules["BL306"] == 0
    messages = {f.message for _, findings in corpus_findings for f in findings if f.rule == "BL304"}
    assert not any("human error" in m.lower() for m in messages), messages


def test_the_check_for_doubles_can_fail(lint):
    """The helper above finds a double when one exists (a guard against a test that cannot fail)."""
    from dataclasses import replace

    finding = next(f for f in lint("# X\n\nKenji was careless.\n") if f.family == "blame")
    assert _same_words([finding, replace(finding, rule="BL199")])
