"""The tag gate is lossless: a sentence it keeps from the parser has no pattern that could match."""

from __future__ import annotations

import itertools

import pytest

from blamelint import parallel, prose, taggate
from blamelint.config import Config
from blamelint.engine import Linter
from blamelint.pipeline import load_pipeline
from blamelint.prose import block_words, piece_doc
from conftest import CORPUS, RULESET, needs_shared

PATTERN_RULES = [rule for rule in RULESET.rules if not rule.is_structural]
# Names from many languages, as CheckList's invariance tests use them: the gate reads tags, and
# a name the tagger reads otherwise must not change what it lets through.
NAMES = ["Bob", "Kenji", "Ngozi", "Łukasz", "Priya", "Tomás", "Oluwaseun", "Mei", "Aroha", "Dmitri"]


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


@pytest.fixture(scope="module")
def gate(nlp):
    made = taggate.TagGate.of(nlp, PATTERN_RULES)
    assert made is not None  # the shipped pipeline is one the gate covers
    return made


def _tagged(nlp, text: str):
    words = block_words(nlp, text)
    docs = [piece_doc(nlp, words, i) for i in range(len(words.pieces))]
    return list(nlp.pipe(docs, disable=["parser", "attribute_ruler", "lemmatizer", "ner"]))


def _all_patterns(rule_ids) -> dict:
    return dict.fromkeys(rule_ids)


def test_every_bad_example_passes_the_gate_for_its_rule(nlp, gate):
    for rule in PATTERN_RULES:
        for example in rule.bad:
            assert any(gate.may_match(doc, _all_patterns([rule.id])) for doc in _tagged(nlp, example.text)), (
                rule.id, example.text)


def test_every_match_of_a_parse_passes_the_gate(nlp, gate, linter):
    """Over written sentences with names from many cultures: wherever the full parse matches a
    pattern, the tagged sentence passes the gate for that pattern."""
    compiled = linter._pipeline(None)[1]
    templates = ["{n} forgot to run the migration before the deploy.", "Had {n} checked the flag, nothing would break.",
                 "{n} should have noticed the alert sooner.", "The outage was caused by {n}'s careless change.",
                 "{n} was probably tired, and the cache likely expired.", "We had a long meeting with {n} about it.",
                 "{n} and the team failed to escalate the page.", "It was clearly obvious to {n} that it would fail."]
    checked = 0
    for template, name in itertools.product(templates, NAMES):
        text = template.format(n=name)
        for tagged, parsed in zip(_tagged(nlp, text), _full(nlp, text)):
            for match in compiled.match(parsed)[0]:
                assert gate.may_match(tagged, {match.rule: frozenset([match.pattern_index])}), (text, match)
                checked += 1
    assert checked > 40


def test_a_sentence_whose_tags_rule_out_every_pattern_is_refused(nlp, gate):
    # "had" followed by a noun phrase and no verb: "Had <someone> done" cannot match, whatever the parse
    refused = _tagged(nlp, "We had a long meeting about the database.")[0]
    assert not gate.may_match(refused, {"BL102": frozenset([5])})
    kept = _tagged(nlp, "Had the team checked the flag, the outage would have been short.")[0]
    assert gate.may_match(kept, {"BL102": frozenset([5])})
    assert gate.may_match(refused, {"BL102": None, "no-such-rule": None})  # a rule it does not know: parsed


def test_the_gate_is_not_used_where_the_pipeline_is_another_shape(nlp):
    import copy

    other = copy.deepcopy(nlp)
    other.remove_pipe("lemmatizer")
    assert taggate.TagGate.of(other, PATTERN_RULES) is None


def test_parsing_after_the_gate_gives_the_parse_of_the_whole_pipeline(nlp):
    text = ("Kenji forgot to rotate the key. The on-call engineer should have paged the team. "
            "We had lunch. Had Ngozi known, she would have rolled back.")
    words = block_words(nlp, text)
    pieces = list(range(len(words.pieces)))
    whole = list(prose.parse_pieces(nlp, [(text, words, pieces)]))[0][1]
    gated = list(prose.parse_pieces(nlp, [(text, words, pieces)], gate=lambda _, index, doc: index != 2))[0][1]
    assert gated[2] is None
    for left, right in ((w, g) for i, (w, g) in enumerate(zip(whole, gated)) if i != 2):
        assert [(t.tag_, t.pos_, t.dep_, t.head.i, t.lemma_, t.is_sent_start) for t in left] == [
            (t.tag_, t.pos_, t.dep_, t.head.i, t.lemma_, t.is_sent_start) for t in right]


def test_a_batch_lint_finds_what_a_lint_without_the_gate_finds(linter):
    texts = {f"{name}.md": f"# Outage\n\n## Root cause\n\n{name} forgot to run the migration. We had a meeting. "
                           f"Had {name} checked the flag, it would have held.\n\n- The dashboard was clearly fine.\n"
             for name in NAMES}
    works = [parallel.Work(text, path, Config()) for path, text in texts.items()]
    gated = list(parallel.in_batches(Linter(RULESET), works))
    assert gated == [Linter(RULESET, exhaustive=True).lint_text(text, path, Config()) for path, text in texts.items()]
    assert all(any(f.rule == "BL101" for f in found) for found in gated)


def _full(nlp, text: str):
    words = block_words(nlp, text)
    return list(prose.parse_pieces(nlp, [(text, words, None)]))[0][1]


@pytest.mark.corpus
@needs_shared
def test_no_sentence_the_gate_refuses_over_the_corpus_could_match(nlp, monkeypatch):
    """Every sentence of a batch lint of the corpus that the gate keeps from the parser, parsed
    after all and matched against the patterns it was refused for: none matches."""
    refused, real = [], taggate.TagGate.may_match

    def recording(self, doc, patterns):
        passes = real(self, doc, patterns)
        if not passes:
            refused.append(([t.text for t in doc], [bool(t.whitespace_) for t in doc], patterns))
        return passes

    monkeypatch.setattr(taggate.TagGate, "may_match", recording)
    linter = Linter(RULESET)
    works = [parallel.Work(p.read_text(encoding="utf-8"), p.name, Config()) for p in sorted(CORPUS.glob("*.md"))]
    for _ in parallel.in_batches(linter, works):
        pass
    assert len(refused) > 100  # the gate is at work over the corpus
    compiled = linter._pipeline(None)[1]
    from spacy.tokens import Doc

    from blamelint.docdata import DocData, attach

    unparsed = []
    for words, spaces, patterns in refused:
        doc = Doc(nlp.vocab, words=words, spaces=spaces)
        attach(doc, DocData(offsets=[(t.idx, t.idx + len(t)) for t in doc]))
        unparsed.append((doc, patterns))
    for doc, patterns in prose._parsed(nlp, iter(unparsed), 64):
        assert compiled.match(doc, patterns)[0] == [], (doc.text, patterns)
