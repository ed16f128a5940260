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


def _matched_patterns(nlp, linter, text, rule_id):
    """The indices of the rule's patterns that match in the parsed `text`, all patterns run."""
    compiled = linter._pipeline(None)[1]
    doc = nlp(text)
    return {m.pattern_index for m in compiled.match(doc, [rule_id])[0]}


def test_a_sentence_is_given_the_patterns_that_may_match_in_it(triggers, nlp, linter):
    from blamelint.prose import block_words

    words = block_words(nlp, "Latency rose. Sekou forgot to rotate the key. We should have staged it.")
    found = triggers.sentence_patterns(words, ["BL101", "BL102", "BL203"])
    assert [index for index, _ in found] == [1, 2]
    forgot, should = found[0][1], found[1][1]
    assert set(forgot) == {"BL101"} and set(should) == {"BL102"}
    labels = [linter.by_id["BL101"].patterns[i].get("label", "") for i in forgot["BL101"]]
    assert any("whatever the tagger made of it" in label for label in labels)
    assert len(forgot["BL101"]) < len(linter.by_id["BL101"].patterns)  # not every pattern: most cannot match here
    assert triggers.sentences_of_words(words, ["BL101", "BL102", "BL203"]) == [(1, {"BL101"}), (2, {"BL102"})]


def test_every_pattern_that_matches_a_bad_example_is_among_those_it_is_given(triggers, nlp, linter):
    from blamelint.prose import block_words

    checked = 0
    for rule in _pattern_rules(linter):
        for example in rule.bad:
            matched = _matched_patterns(nlp, linter, example.text, rule.id)
            words = block_words(nlp, example.text)
            given = set().union(*(patterns.get(rule.id) or () for _, patterns in triggers.sentence_patterns(words, [rule.id])))
            assert matched <= given, (rule.id, example.text, matched - given)
            checked += bool(matched)
    assert checked > 50


def test_matching_some_patterns_gives_their_matches_in_the_order_all_patterns_give_them(nlp, linter):
    compiled = linter._pipeline(None)[1]
    doc = nlp("Ayşe forgot the flag and neglected the runbook; she was careless and did not check the alert.")
    for rule_id in ("BL101", "BL103"):
        every, every_exceptions = compiled.match(doc, [rule_id])
        indices = sorted({m.pattern_index for m in every})
        assert indices, rule_id
        tokens = {index for index, _, _ in compiled.tokens[rule_id]}
        for keep in (indices[:1], indices[1:], indices):
            some, _ = compiled.match(doc, {rule_id: frozenset(keep)})
            # the indices choose among token patterns; phrases and dependency patterns always run
            assert some == [m for m in every if m.pattern_index in keep or m.pattern_index not in tokens]
        assert compiled.match(doc, {rule_id: None}) == (every, every_exceptions)
        if all(m.pattern_index in tokens for m in every):  # then no pattern matches, and no exception is looked for
            assert compiled.match(doc, {rule_id: frozenset()}) == ([], [])
