"""The text screen (screen.py) never turns away a block the prefilter would pass: the blocks it
rejects are never tokenised, so a block wrongly rejected would be a finding silently lost."""

from __future__ import annotations

import itertools
import re
import random

import pytest

from blamelint.config import Config
from blamelint.document import parse_document
from blamelint.inputs import walk
from blamelint.lemmas import LemmaCandidates
from blamelint.prose import block_words
from blamelint.scope import block_in_scope
from blamelint.screen import TextScreen
from conftest import CORPUS, SHARED, needs_shared


@pytest.fixture(scope="module")
def setup(linter):
    nlp, _, triggers = linter._pipeline(None)
    return nlp, triggers, [r.id for r in linter.rules if not r.is_structural]


def _passes(nlp, triggers, text, ids) -> bool:
    return bool(triggers.sentence_patterns(block_words(nlp, text), ids))


# --- the screen on its own: words, runs, bits ---------------------------------------------------
def _screen():
    words = {"cause": [0], "error": [1], "n't": [2], "co-worker": [3], "-": [4]}
    return TextScreen(words, always=[], alternatives={"R1": [frozenset({0, 1})], "R2": [frozenset({2, 3})],
                                                      "R3": [frozenset({4})]})


def test_an_alternative_passes_only_with_every_one_of_its_words():
    screen = _screen()
    assert screen.may_match("An error was the cause.", ["R1"])
    assert not screen.may_match("An error, and nothing else.", ["R1"])
    assert not screen.may_match("The cause was unclear.", ["R1"])


def test_a_word_is_found_inside_longer_words_and_in_any_case():
    # the screen knows nothing of how the tokenizer splits: a piece of a word counts
    screen = _screen()
    assert screen.may_match("Because of ERRORS", ["R1"])
    assert screen.may_match("CAUSE-ERROR", ["R1"])


def test_words_with_other_characters_are_looked_for_in_the_whole_text():
    screen = _screen()
    assert screen.may_match("didn't call a coworker", ["R2"])  # "co-worker" by its run "worker"
    assert not screen.may_match("did not call a coworker", ["R2"])
    assert screen.may_match("a well-known issue", ["R3"])
    assert not screen.may_match("a well known issue", ["R3"])


def test_a_rule_the_screen_has_no_alternatives_for_always_passes():
    screen = _screen()
    assert screen.may_match("nothing at all", ["R1", "R9"])
    assert not screen.may_match("nothing at all", ["R1", "R2"])


def test_slots_it_cannot_read_count_as_filled():
    screen = TextScreen({"error": [1]}, always=[0], alternatives={"R": [frozenset({0, 1})]})
    assert screen.may_match("an error", ["R"])
    assert not screen.may_match("a warning", ["R"])


def test_casefolding_keeps_a_tokens_fold_inside_its_blocks():
    # str.casefold folds each character on its own, and the fold of a word's lower case is the
    # fold of the word: the two facts the screen rests on, checked on characters that change
    # length or case by context
    rng = random.Random(7)
    alphabet = "aAßẞİıΣσςﬁǅΩω Kk-'’\u0307é"
    for _ in range(2000):
        word = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 6)))
        around = "".join(rng.choice(alphabet) for _ in range(3))
        assert word.lower().casefold() == word.casefold()
        assert word.casefold() in (around + word + around).casefold()


# --- the lemmas' inverse ---------------------------------------------------------------------
def test_words_for_a_lemma_hold_every_word_given_it(nlp_words):
    candidates, words = nlp_words
    for word in words:
        for lemma in candidates.of_word(word):
            listed = candidates.words_for(lemma)
            assert listed is None or word in listed or word.lower() in listed, (word, lemma)


@pytest.fixture(scope="module")
def nlp_words(setup):
    nlp = setup[0]
    rng = random.Random(3)
    words = ["went", "was", "Were", "checkes", "mistakes", "BROKE", "'s", "ca", "n't", "children", "data",
             "failing", "forgot", "overlooked", "misconfigured", "i", "Is", "been", "better", "worst"]
    letters = "abcdefghijklmnopqrstuvwxyz"
    words += ["".join(rng.choice(letters) for _ in range(rng.randint(2, 9))) + suffix
              for suffix in ("", "s", "es", "ed", "ing", "ies", "er", "est") for _ in range(40)]
    return LemmaCandidates.of(nlp), words


def test_a_lemma_the_attribute_ruler_gives_by_a_test_has_no_list(setup):
    nlp = setup[0]
    candidates = LemmaCandidates.of(nlp)
    candidates._ruler.tested.append((lambda text: True, "zzlemma"))
    try:
        assert candidates.words_for("zzlemma") is None
    finally:
        candidates._ruler.tested.pop()


# --- the screen of the rules: never stricter than the prefilter ------------------------------
_SUBJECTS = ("Bob", "Kenji", "The on-call engineer", "She", "@dana", "We", "Nobody", "CANNOT", "İlkay")
_PHRASES = ("forgot to run the migration", "didn’t check the logs", "cannot have known", "should've caught it",
            "was careless", "made a mistake", "fat-fingered the 5km config", "had they done it",
            "was probably the cause", "ΣΑΣ broke it", "noticed the ﬁle", "re-ran the job", "is gonna fail",
            "cannot be trusted", "cannot confirm it")  # "cannot": two tokens inside one run of letters
_TAILS = ("", ".", " because of human error.", " — obviously!", ", and they'd rushed it.", " " + "x" * 300)


def test_the_screen_passes_every_generated_block_the_prefilter_passes(setup):
    nlp, triggers, ids = setup
    passed = 0
    for subject, phrase, tail in itertools.product(_SUBJECTS, _PHRASES, _TAILS):
        text = f"{subject} {phrase}{tail}"
        if _passes(nlp, triggers, text, ids):
            passed += 1
            assert triggers.text_may_match(text, ids), text
    assert passed > 100  # the templates reach the rules' words


def test_the_screen_turns_away_blocks_without_the_rules_words(setup):
    nlp, triggers, ids = setup
    for text in ("Latency rose to 900 ms at 14:05.", "The cache was warmed and traffic moved back."):
        assert not _passes(nlp, triggers, text, ids)
        assert not triggers.text_may_match(text, ids), text


@pytest.mark.corpus
@needs_shared
def test_the_screen_passes_every_corpus_block_the_prefilter_passes(setup, linter):
    """Every block in scope of the shared corpus, with the rules in scope of it: the prefilter's
    own answer on its tokens, against the screen's on its text."""
    nlp, triggers, _ = setup
    config = Config()
    rules = [r for r in linter.rules if not r.is_structural]
    paths = sorted(walk(CORPUS, ("*.md",), (), None)) + sorted(walk(SHARED / "corpus" / "extra", ("*.md",), (), None))
    screened = kept = 0
    for path in paths:
        document = parse_document(path.read_text(encoding="utf-8"), str(path), config.vocabulary)
        for block in document.blocks:
            ids = {r.id for r in rules if block_in_scope(r, document, block)}
            if not ids:
                continue
            if _passes(nlp, triggers, block.text, ids):
                kept += 1
                assert triggers.text_may_match(block.text, ids), (str(path), block.start)
            elif not triggers.text_may_match(block.text, ids):
                screened += 1
    assert kept > 1000 and screened > 1000


# --- runs of letters read as whole words (split_runs) ----------------------------------------------
def test_a_run_of_letters_is_one_word_unless_a_special_case_cuts_it():
    words = {"he": [0], "can": [1], "miss": [2]}
    alternatives = {"R0": [frozenset({0})], "R1": [frozenset({1})], "R2": [frozenset({2})]}
    whole = TextScreen(words, [], alternatives, split_runs=frozenset({"cannot"}))
    assert not whole.may_match("the mission", ["R0"]) and not whole.may_match("the mission", ["R2"])
    assert whole.may_match("He left", ["R0"]) and whole.may_match("we MISS it", ["R2"])
    assert whole.may_match("it cannot", ["R1"])  # a special case cuts "cannot": its pieces count
    assert whole.may_match("job_he_ran", ["R0"]) and whole.may_match("10he", ["R0"])  # "_" and digits cut
    assert not whole.may_match("scant", ["R1"])
    anywhere = TextScreen(words, [], alternatives)  # a tokenizer not known: every piece of a run
    assert anywhere.may_match("the mission", ["R0"]) and anywhere.may_match("scant", ["R1"])


def test_the_shipped_tokenizer_cuts_runs_of_letters_only_in_special_cases(setup):
    from blamelint.screen import split_runs

    nlp = setup[0]
    cut = split_runs(nlp.tokenizer)
    assert cut is not None and {"cannot", "don", "gonna", "can"} <= cut
    assert "the" not in cut and "mission" not in cut


def test_no_affix_of_the_shipped_tokenizer_cuts_between_two_letters(setup):
    """Every letter of Unicode, as a prefix, a suffix or an infix between letters: none is split
    off (what split_runs takes from spaCy's English rules, checked on the loaded tokenizer)."""
    import sys

    tokenizer = setup[0].tokenizer
    letters = [chr(point) for point in range(sys.maxunicode + 1) if chr(point).isalpha()]
    assert len(letters) > 100_000
    assert [c for c in letters if tokenizer.prefix_search(c + "a")] == []
    assert [c for c in letters if tokenizer.suffix_search("a" + c)] == []
    assert [c for c in letters if next(tokenizer.infix_finditer("a" + c + "a"), None) is not None] == []


_CUT_PROBES = ("don't", "Can't", "cannot", "gonna", "y'all", "10km", "5pm", "US$5", "_init_", "snake_case", "re-run",
               "a/b", "o'clock", "Nguyễn's", "İstanbul", "Straße", "fix🔥now", "ΣΑΣ", "e.g.", "U.S.", "'em", "ol'",
               "whaddya", "lemme", "wanna", "he'd've", "“quoted”", "(parens)", "x:y", "3x4", "km²", "µg", "Ⅻ",
               "ﬁle", "naïve", "ǅemal", "2nd", "1st", "and/or", "w/o", "c'mon", "'cause", "ma'am", "'tis")


def test_every_token_cut_out_of_a_run_of_letters_is_in_a_run_split_runs_names(setup):
    """Over generated probes and their pairs, every token of \\w characters that is only a piece of a
    run of letters of its text lies in a run that split_runs names."""
    from blamelint.screen import split_runs

    nlp = setup[0]
    cut = split_runs(nlp.tokenizer)
    texts = [" ".join(pair) for pair in itertools.product(_CUT_PROBES, repeat=2)] + ["".join(pair) for pair in itertools.product(_CUT_PROBES, repeat=2)]
    pieces = 0
    for text in texts:
        runs = [(m.start(), m.end()) for m in re.finditer(r"\w+", text)]
        for token in nlp.tokenizer(text):
            if not re.fullmatch(r"\w+", token.text):
                continue
            start, end = token.idx, token.idx + len(token.text)
            run = next((a, b) for a, b in runs if a <= start and end <= b)
            if run != (start, end) and text[run[0]:run[1]].isalpha():
                pieces += 1
                assert text[run[0]:run[1]].casefold() in cut, (text, token.text)
    assert pieces > 50  # the probes do cut runs


def test_a_fold_that_joins_or_splits_runs_reads_the_folded_text():
    """U+0345 (not a word character) folds to a letter and joins two runs; "İ" folds to "i" and a
    combining dot, which splits one. A word found in the folded text is found, in both modes."""
    joined = "\u03b1\u0345\u03b4\u03b7\u03c2"  # NFD "ᾳδης": one run once folded, two as written
    turkish = "İlkay"
    words = {joined: [0], turkish.lower(): [1]}
    alternatives = {"R0": [frozenset({0})], "R1": [frozenset({1})]}
    for cut in (None, frozenset()):
        screen = TextScreen(words, [], alternatives, split_runs=cut)
        assert screen.may_match(f"x {joined} y", ["R0"]), cut
        assert screen.may_match(f"{turkish} forgot", ["R1"]), cut
        assert not screen.may_match("x \u03b1 \u03b4\u03b7\u03c2 y", ["R0"]), cut


def test_every_character_whose_fold_changes_its_runs_is_caught():
    import sys

    from blamelint.screen import _folds_run_by_run

    word = re.compile(r"\w")
    movers = [chr(point) for point in range(sys.maxunicode + 1)
              if any(bool(word.match(part)) != bool(word.match(chr(point))) for part in chr(point).casefold())]
    assert "\u0345" in movers and "İ" in movers
    for mover in movers:
        text = f"ab{mover}cd ef"
        assert not _folds_run_by_run(text, text.casefold()), hex(ord(mover))
    assert _folds_run_by_run("Straße ΣΑΣ naïve", "Straße ΣΑΣ naïve".casefold())
