"""The prefilter is lossless: it never skips a block a rule could match."""

from __future__ import annotations

import dataclasses

import pytest

from blamelint.config import Config
from blamelint.engine import Linter
from blamelint.inputs import walk
from blamelint.lemmas import LemmaCandidates
from blamelint.pipeline import load_pipeline
from blamelint.prefilter import Triggers
from conftest import CORPUS, SHARED, needs_shared


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


@pytest.fixture(scope="module")
def triggers(nlp, linter):
    return Triggers(nlp, [r for r in linter.rules if not r.is_structural])


def _pattern_rules(linter):
    return [r for r in linter.rules if not r.is_structural]


def test_every_pattern_rule_has_triggers(triggers, linter):
    # none of today's rules has a pattern that could match anywhere; a new one would run always
    assert triggers.always_run() == []
    assert set(triggers.alternatives) == {r.id for r in _pattern_rules(linter)}


def test_every_bad_example_holds_its_rules_triggers(triggers, linter):
    for rule in _pattern_rules(linter):
        for example in rule.bad:
            assert rule.id in triggers.rules_that_may_match(example.text, [rule.id]), (rule.id, example.text)


def test_a_block_without_trigger_words_is_skipped(triggers, linter):
    ids = [r.id for r in _pattern_rules(linter)]
    assert triggers.rules_that_may_match("Latency rose to 900 ms at 14:05.", ids) == set()
    assert "BL101" in triggers.rules_that_may_match("Latency rose after the engineer forgot the flag.", ids)


def test_a_pattern_without_a_readable_word_makes_its_rule_always_run(nlp, linter):
    rule = dataclasses.replace(linter.by_id["BL103"], id="BL999", patterns=({"tokens": [{"POS": "ADJ"}, {"LOWER": {"REGEX": "^x"}}]},))
    triggers = Triggers(nlp, [rule])
    assert triggers.always_run() == ["BL999"]
    assert triggers.rules_that_may_match("Nothing here.", ["BL999"]) == {"BL999"}


def test_optional_tokens_give_no_trigger(nlp, linter):
    pattern = [{"LOWER": "never", "OP": "?"}, {"LOWER": "checked"}]
    rule = dataclasses.replace(linter.by_id["BL103"], id="BL998", patterns=({"tokens": pattern},))
    triggers = Triggers(nlp, [rule])
    assert triggers.rules_that_may_match("They checked it.", ["BL998"]) == {"BL998"}
    assert triggers.rules_that_may_match("They never looked.", ["BL998"]) == set()


SENTENCES = (
    "Ana's deploys were checkes by nobody; the on-call had been paging, and they'd rushed it.",
    "The CIs weren't re-ran. Whoever wrote it mis-configured the proxies' caches!",
    "She's been ignoring alerts. Grace didn't double-check, we'd assumed it was fine.",
)


def test_the_lemma_the_parse_gives_is_always_a_candidate(nlp):
    candidates = LemmaCandidates.of(nlp)
    assert candidates is not None
    for doc in nlp.pipe(SENTENCES):
        for token in doc:
            assert token.lemma_ in candidates.of_word(token.text), (token.text, token.pos_, token.lemma_)


def test_suffix_rules_reach_forms_no_dictionary_lists(nlp):
    assert "check" in LemmaCandidates.of(nlp).of_word("checkes")  # a typo the lemmatizer still reads as "check"


def _corpus_texts():
    paths = sorted(walk(CORPUS, ("*.md",), (), None)) + sorted(walk(SHARED / "corpus" / "extra", ("*.md",), (), None))
    return [(str(p), p.read_text(encoding="utf-8")) for p in paths]


@pytest.mark.corpus
@needs_shared
def test_prefiltered_and_exhaustive_findings_are_identical_on_the_corpus(linter):
    """Slow (two runs over every corpus document): the prefilter's guarantee, checked. The
    session's linter (prefiltered) has most corpus parses already (conftest.corpus_report)."""
    exhaustive = Linter(linter.rules, exhaustive=True)
    prefiltered = linter
    differing = []
    for path, text in _corpus_texts():
        if prefiltered.lint_text(text, path, Config()) != exhaustive.lint_text(text, path, Config()):
            differing.append(path)
    assert differing == []
