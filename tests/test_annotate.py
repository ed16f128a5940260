"""annotate.py stands in for the pipeline's attribute ruler and lemmatizer: every token must get
the tag, part of speech, morphology, lemma and dependency label the components give it."""

from __future__ import annotations

import copy
import itertools

import pytest

from blamelint.annotate import Annotator, stand_in
from blamelint.document import parse_document
from blamelint.pipeline import load_pipeline
from blamelint.prose import words_doc
from conftest import CORPUS, needs_shared

NLP = load_pipeline(None)
SKIPPED = ["ner", "attribute_ruler", "lemmatizer"]

# Words the ruler's patterns of several tokens name ("gon na", "ai n't", "let's", "y'all",
# "there is"), contractions, inflections, names from many languages, and a typo the suffix rules
# lemmatise ("checkes").
SENTENCES = [
    "We're gonna roll back the deploy, ain't we?",
    "Let's say y'all were paged twice; c'mon, there is no runbook for it.",
    "There are three replicas and there were two alerts that nobody saw.",
    "Kenji checkes the dashboards daily; Oluwaseun had restarted the workers.",
    "The caches were warmed, the queues drained, and the leaders re-elected.",
    "Gotta admit the failover got ta the standby before Zainab's script did.",
    "@ana.souza didn't see the alert because it wasn't routed to her team.",
    "It's been said that the DNS TTLs are longer than we'd thought.",
    "Siobhán and Nguyễn were investigating while Priyanka's deploy was running.",
    "Better monitoring would've caught it; the worst outages are the quietest.",
]


def _parsed(texts: list[str], nlp=NLP):
    return list(nlp.pipe([words_doc(nlp, text) for text in texts], disable=SKIPPED))


def _annotations(doc) -> list[tuple]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i) for t in doc]


def _compare(texts: list[str], nlp=NLP) -> int:
    """Token count; fails on the first token whose annotations differ."""
    by_components, by_stand_in = _parsed(texts, nlp), _parsed(texts, nlp)
    annotator = stand_in(nlp)
    assert annotator is not None
    ruler, lemmatizer = nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer")
    tokens = 0
    for text, expected, actual in zip(texts, by_components, by_stand_in):
        lemmatizer(ruler(expected))
        annotator(actual)
        assert _annotations(actual) == _annotations(expected), text
        tokens += len(expected)
    return tokens


def test_the_stand_in_gives_the_components_annotations_on_written_sentences():
    assert _compare(SENTENCES) > 100


def test_the_stand_in_gives_the_same_annotations_when_a_word_is_seen_in_new_company():
    # the caches are keyed by (word, tag, label) and (word, part of speech, morphology): a word
    # met again under another tag must be annotated afresh, not from what was kept
    texts = [f"{a} {b}." for a, b in itertools.product(["Fix", "Fixes", "Fixed"], ["the alert", "were late", "ran"])]
    assert _compare(texts + list(reversed(texts))) > 20


@needs_shared
@pytest.mark.corpus
def test_the_stand_in_gives_the_components_annotations_on_corpus_blocks():
    texts = []
    for path in sorted(CORPUS.glob("*.md"))[::6]:
        texts.extend(block.text for block in parse_document(path.read_text(encoding="utf-8")).blocks)
    assert _compare(texts) > 10_000


def test_a_ruler_pattern_of_several_tokens_is_applied_in_the_rulers_order():
    # "gon na": one pattern sets "go" on "gon", another "to" on "na"
    doc = _parsed(["We are gon na fix it."])[0]
    stand_in(NLP)(doc)
    assert [t.lemma_ for t in doc][2:4] == ["go", "to"]


def test_patterns_of_each_kind_the_stand_in_sorts_are_applied_as_the_ruler_applies_them():
    # held to a word, reading only the tag and label (one probe per tag and label), reading
    # something else (a regular expression, punctuation: probed for every word), and a later
    # pattern overriding an earlier one on the same token
    def more_patterns(nlp):
        ruler = nlp.get_pipe("attribute_ruler")
        ruler.add([[{"LOWER": {"REGEX": "^dep"}}]], {"POS": "X"})
        ruler.add([[{"IS_PUNCT": True, "TAG": ","}]], {"MORPH": "PunctType=Comm|Foo=Bar"})
        ruler.add([[{"TAG": "NNP", "DEP": "nsubj"}]], {"LEMMA": "someone"})
        ruler.add([[{"ORTH": "Kenji"}]], {"LEMMA": "kenji-lemma"})
    variant = _variant(more_patterns)
    assert _compare(SENTENCES + ["Kenji deployed it, then the deploy failed; Kenji paged."], variant) > 100


def _variant(change) -> object:
    nlp = copy.deepcopy(NLP)
    change(nlp)
    return nlp


@pytest.mark.parametrize("change", [
    lambda nlp: setattr(nlp.get_pipe("lemmatizer"), "overwrite", True),
    lambda nlp: nlp.get_pipe("attribute_ruler").add([[{"IS_SENT_START": True}]], {"POS": "X"}),
    lambda nlp: nlp.get_pipe("attribute_ruler").add([[{"LOWER": "x"}]], {"POS": "X"}, index=1),
    lambda nlp: nlp.remove_pipe("lemmatizer"),
], ids=["lemmatizer-overwrites", "reads-sentence-start", "odd-index", "no-lemmatizer"])
def test_no_stand_in_where_exactness_is_not_argued(change):
    assert stand_in(_variant(change)) is None


def test_the_stand_in_is_made_once_per_pipeline():
    assert isinstance(stand_in(NLP), Annotator)
    assert stand_in(NLP) is stand_in(NLP)
