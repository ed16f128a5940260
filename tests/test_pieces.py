"""The parser gets one sentence at a time, and only the sentences that hold a trigger word
(prose.parse_pieces, prefilter.sentences_that_may_match): the sentences are split as spaCy's
rule-based sentencizer splits them, a sentence is parsed as it would be alone, and what a rule
reads around a sentence (the evidence next to a claim) is there though it was not parsed."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc

from blamelint import engine
from blamelint.config import Config
from blamelint.document import parse_document
from blamelint.pipeline import load_pipeline
from blamelint.prose import block_words, make_docs, parse_pieces
from blamelint.scope import block_in_scope
from conftest import CORPUS, needs_shared


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def _sentencizer_ranges(nlp, text: str) -> list[tuple[int, int]]:
    """What spaCy's own component makes of the same words."""
    words = block_words(nlp, text)
    doc = Sentencizer()(Doc(nlp.vocab, words=words.words, spaces=words.spaces))
    starts = [token.i for token in doc if token.is_sent_start]
    return list(zip(starts, starts[1:] + [len(doc)])) or [(0, 0)]


WRITTEN = [
    "Bob forgot the flag. Then the cache expired! Why? Nobody knew.",
    'She said "it is fine." Then it was not (really). Done',
    "The deploy (v1.2.3) failed at 14:05, e.g. on host 3... and again.",
    "No full stop here",
    "",
    "?!. Odd start. 。Then an ideographic stop。And more",
    "Wait...what? It broke.)) Then it healed.",
]


@pytest.mark.parametrize("text", WRITTEN)
def test_sentences_are_split_as_spacys_sentencizer_splits_them(nlp, text):
    assert block_words(nlp, text).pieces == _sentencizer_ranges(nlp, text)


PIECES = st.sampled_from(["we", "Bob", "forgot", "it", ".", "!", "?", "...", '"', ")", "(", ",", "。", "e.g.", "3.5",
                          "\n", "  ", "-", "—"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parts=st.lists(PIECES, max_size=14), joiners=st.lists(st.sampled_from(["", " "]), min_size=14, max_size=14))
def test_random_texts_are_split_as_the_sentencizer_splits_them(nlp, parts, joiners):
    text = "".join(part + joiner for part, joiner in zip(parts, joiners))
    assert block_words(nlp, text).pieces == _sentencizer_ranges(nlp, text)


@pytest.mark.corpus
@needs_shared
def test_corpus_blocks_are_split_as_the_sentencizer_splits_them(nlp):
    texts = [block.text for path in sorted(CORPUS.glob("*.md"))[:60]
             for block in parse_document(path.read_text(encoding="utf-8"), str(path)).blocks]
    assert len(texts) > 1000
    assert [block_words(nlp, t).pieces for t in texts] == [_sentencizer_ranges(nlp, t) for t in texts]


def _annotations(doc) -> list[tuple]:
    return [(t.text, t.tag_, t.pos_, t.dep_, t.head.i - t.i, t.lemma_) for t in doc]


def test_a_block_is_the_parses_of_its_sentences_each_parsed_alone(nlp):
    sentences = ["The deploy went out at noon.", "Bob forgot to run the migration.", "Nobody noticed for an hour."]
    block = next(make_docs(nlp, [" ".join(sentences)]))
    alone = [next(make_docs(nlp, [s])) for s in sentences]
    assert [s.text for s in block.sents] == sentences
    assert _annotations(block) == [a for doc in alone for a in _annotations(doc)]


def _spy(monkeypatch) -> list:
    requested = []
    original = engine.parse_pieces

    def recording(nlp, requests, *rest):
        requested.extend((text, list(indices)) for text, indices in requests)
        return original(nlp, requests, *rest)
    monkeypatch.setattr(engine, "parse_pieces", recording)
    return requested


BLOCK = "Latency rose at 14:05. The engineer forgot to renew the certificate. Then traffic recovered."
DOCUMENT = f"# Outage\n\n## Root cause\n\n{BLOCK}\n"


def test_only_the_sentence_with_a_trigger_is_parsed(linter, monkeypatch):
    requested = _spy(monkeypatch)
    findings = engine.Linter(linter.ruleset).lint_text(DOCUMENT, "a.md", Config())
    assert requested == [(BLOCK, [1])]
    blame = [f for f in findings if f.rule == "BL101"]
    assert [(f.line, f.column) for f in blame] == [(5, DOCUMENT.split("\n")[4].index("The engineer") + 1)]


def test_exhaustive_parses_every_sentence_and_finds_the_same(linter, monkeypatch):
    requested = _spy(monkeypatch)
    prefiltered = engine.Linter(linter.ruleset).lint_text(DOCUMENT, "a.md", Config())
    exhaustive = engine.Linter(linter.ruleset, exhaustive=True).lint_text(DOCUMENT, "a.md", Config())
    assert (BLOCK, [0, 1, 2]) in requested and exhaustive == prefiltered


@pytest.mark.parametrize(("after", "flagged"), [
    ("Latency reached 900 ms at 14:05.", False),  # evidence (a measure) next to the claim
    ("Traffic recovered an hour later.", True),
])
def test_evidence_in_an_unparsed_next_sentence_still_counts(linter, monkeypatch, after, flagged):
    claim = "We think the cache was stale."
    requested = _spy(monkeypatch)
    findings = engine.Linter(linter.ruleset).lint_text(f"# Outage\n\n## Root cause\n\n{claim} {after}\n", "a.md",
                                                       Config())
    assert requested == [(f"{claim} {after}", [0])]  # the claim's sentence alone went to the parser
    assert any(f.rule == "BL201" for f in findings) is flagged


def test_evidence_in_an_unparsed_sentence_before_still_counts(linter, monkeypatch):
    before, claim = "The logs show 40% errors at 14:05 (https://example.com/l).", "We think the disk was full."
    findings = engine.Linter(linter.ruleset).lint_text(f"# Outage\n\n## Root cause\n\n{before} {claim}\n", "a.md",
                                                       Config())
    assert not any(f.rule == "BL201" for f in findings)
    alone = engine.Linter(linter.ruleset).lint_text(f"# Outage\n\n## Root cause\n\n{claim}\n", "a.md", Config())
    assert any(f.rule == "BL201" for f in alone)


def test_the_prefilter_names_the_sentences_that_may_match(linter):
    _, _, triggers = linter._pipeline(None)
    document = parse_document(DOCUMENT, "a.md")
    block = next(b for b in document.blocks if b.text.strip() == BLOCK)
    ids = {r.id for r in linter.rules if not r.is_structural and block_in_scope(r, document, block)}
    found = triggers.sentences_that_may_match(BLOCK, ids)
    assert [index for index, _ in found] == [1] and "BL101" in found[0][1]
    assert triggers.rules_that_may_match(BLOCK, ids) == found[0][1]
    assert triggers.sentences_that_may_match("Latency rose. Then traffic recovered.", ids) == []


def test_parse_pieces_gives_every_request_its_sentences_in_order(nlp):
    requests = [("One. Two. Three.", [0, 2]), ("Nothing here", []), ("", None), ("Up. Down.", None)]
    out = list(parse_pieces(nlp, requests))
    assert [text for text, _, _ in out] == [text for text, _ in requests]
    assert [[d.text.strip() for d in docs] for _, _, docs in out] == [["One.", "Three."], [], [""], ["Up.", "Down."]]
