"""One concept, one rule: on the real corpus no two rules of a family flag the same words.

Two findings of one family on the very same text ask the writer the same question twice:
"human error" under Root cause used to be BL104 and BL304, "remind the team" BL109 and BL305.
Findings that anchor on the document's title (missing sections: one finding per section) are
about different sections, so they may share that anchor.
"""

from __future__ import annotations

from collections import Counter

import pytest

from conftest import needs_shared

# Findings about the document as a whole point at its title (or the heading they are about).
_ANCHORED = {"BL301", "BL302", "BL313"}


def _same_words(findings):
    """{(family, start, end): rules} for the words two rules of one family both flag."""
    seen: dict[tuple, set] = {}
    for finding in findings:
        if finding["rule"] in _ANCHORED:
            continue
        key = (finding["family"], finding["offset"], finding["end_offset"])
        seen.setdefault(key, set()).add(finding["rule"])
    return {key: rules for key, rules in seen.items() if len(rules) > 1}


@pytest.mark.corpus
@needs_shared
def test_no_two_rules_of_a_family_flag_the_same_words(corpus_report):
    doubles = Counter()
    for entry in corpus_report["files"]:
        for (family, start, end), rules in _same_words(entry["findings"]).items():
            doubles[(entry["path"], family, start, tuple(sorted(rules)))] += 1
    assert not doubles, sorted(doubles)[:5]


@pytest.mark.corpus
@needs_shared
def test_the_concepts_that_used_to_be_flagged_twice_are_owned_by_one_rule(corpus_report):
    """BL104 owns "human error", BL109 owns people-directed action items: the structure checks
    that used to report them too no longer do (BL305 and BL306 are groups of split rules now)."""
    findings = [f for entry in corpus_report["files"] for f in entry["findings"]]
    rules = Counter(f["rule"] for f in findings)
    assert rules["BL104"] > 0 and rules["BL109"] > 0
    assert rules["BL305"] == rules["BL306"] == 0
    messages = {f["message"] for f in findings if f["rule"] == "BL304"}
    assert not any("human error" in m.lower() for m in messages), messages


def test_the_check_for_doubles_can_fail():
    """The helper above finds a double when one exists (a guard against a test that cannot fail)."""
    one = {"rule": "BL103", "family": "blame", "offset": 3, "end_offset": 9}
    assert _same_words([one, dict(one, rule="BL199")]) and not _same_words([one, dict(one, rule="BL301")])
