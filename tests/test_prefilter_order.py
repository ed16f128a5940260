"""The prefilter's order test (prefilter._chain): a sentence is parsed only if a token pattern's
required words occur in it in its order, no further apart than it allows; never fewer sentences
than spaCy's own matcher would match on their parses."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.matcher import Matcher

from blamelint.pipeline import load_pipeline
from blamelint.prefilter import Triggers
from blamelint.prose import block_words, parse_pieces


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def _triggers(nlp, linter, *patterns):
    rule = dataclasses.replace(linter.by_id["BL103"], id="BL997", patterns=tuple({"tokens": p} for p in patterns))
    return Triggers(nlp, [rule])


def _kept(triggers, text: str) -> bool:
    return triggers.rules_that_may_match(text, ["BL997"]) == {"BL997"}


def test_words_in_the_wrong_order_are_not_parsed(nlp, linter):
    triggers = _triggers(nlp, linter, [{"LOWER": "never"}, {"LEMMA": "acknowledge"}])
    assert _kept(triggers, "The alert was acknowledged late; it never fired again.") is False
    assert _kept(triggers, "It never paged, and nobody acknowledged it.") is False  # not next to each other
    assert _kept(triggers, "They never acknowledged it.") is True
    assert triggers.coarse_rules("The alert was acknowledged late; it never fired again.", ["BL997"]) == {"BL997"}


def test_a_bounded_gap_bounds_the_distance(nlp, linter):
    triggers = _triggers(nlp, linter, [{"LOWER": "could"}, {"POS": "ADV", "OP": "{0,2}"}, {"LOWER": "have"}])
    assert _kept(triggers, "We could have paged.") is True
    assert _kept(triggers, "We could really easily have paged.") is True
    assert _kept(triggers, "We could, with far more data, have paged.") is False


def test_an_unbounded_gap_keeps_only_the_order(nlp, linter):
    triggers = _triggers(nlp, linter, [{"LOWER": "should"}, {"OP": "*"}, {"LOWER": "known"}])
    assert _kept(triggers, "We should, after all the reviews of last spring, have known.") is True
    assert _kept(triggers, "Known issues: what should we do?") is False


def test_a_negated_token_takes_one_place(nlp, linter):
    triggers = _triggers(nlp, linter, [{"LOWER": "root"}, {"POS": "DET", "OP": "!"}, {"LOWER": "cause"}])
    assert _kept(triggers, "The root cause was a typo.") is False  # "!" needs a token between them
    assert _kept(triggers, "A root level cause.") is True


def test_a_repeated_word_is_counted_from_its_last_repeat(nlp, linter):
    triggers = _triggers(nlp, linter, [{"LOWER": "very", "OP": "+"}, {"LOWER": "bad"}])
    assert _kept(triggers, "A very very very bad idea.") is True
    assert _kept(triggers, "A very good, bad idea.") is False
    assert _kept(triggers, "A bad idea, very much.") is False


def test_a_phrase_needs_its_words_side_by_side(nlp, linter):
    rule = dataclasses.replace(linter.by_id["BL103"], id="BL997", patterns=({"phrases": ["human error"]},))
    triggers = Triggers(nlp, [rule])
    assert _kept(triggers, "It was human error.") is True
    assert _kept(triggers, "An error no human saw.") is False


# few words, so that random patterns often match random texts; "." splits them into sentences
WORDS = ("we", "have", "not", "checked", ",", ".")
TEXT = st.lists(st.sampled_from(WORDS), min_size=1, max_size=9).map(" ".join)
OPS = st.sampled_from([None, "?", "*", "+", "!", "{0,2}", "{1,3}", "{2}", "{2,}"])
TOKEN = st.one_of(
    st.builds(lambda w, op: {"LOWER": w} | ({"OP": op} if op else {}), st.sampled_from(WORDS), OPS),
    st.builds(lambda w, op: {"LEMMA": w} | ({"OP": op} if op else {}), st.sampled_from(("have", "check", "be")), OPS),
    st.builds(lambda p, op: {"POS": p} | ({"OP": op} if op else {}), st.sampled_from(("VERB", "AUX", "PRON")), OPS),
    st.builds(lambda op: {"IS_PUNCT": True} | ({"OP": op} if op else {}), OPS),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pattern=st.lists(TOKEN, min_size=1, max_size=4), text=TEXT)
def test_no_sentence_the_parsed_pattern_matches_is_skipped(nlp, linter, pattern, text):
    triggers = _triggers(nlp, linter, pattern)
    if triggers.always_run():
        return  # no required word: the rule runs on every block, nothing to check
    matcher = Matcher(nlp.vocab)
    matcher.add("p", [pattern])
    kept = dict(triggers.sentences_that_may_match(text, ["BL997"]))
    words = block_words(nlp, text)
    ((_, docs),) = parse_pieces(nlp, [(text, words, None)])  # every sentence, each parsed on its own
    assert len(docs) == len(words.pieces) and set(kept) <= set(range(len(docs)))
    for index, doc in enumerate(docs):
        if matcher(doc):
            assert kept.get(index) == {"BL997"}, (pattern, text, index)
