"""Who is a person, what counts as evidence, where quotations are: the pieces judgment rests on."""

from __future__ import annotations

import pytest

from blamelint.document import parse_document
from blamelint.evidence import has_evidence, has_evidence_outside
from blamelint.persons import agent_kind, thing_words


def _subject(nlp_doc):
    return next(t for t in nlp_doc if t.dep_ == "nsubj")


@pytest.fixture(scope="module")
def nlp():
    from blamelint.pipeline import load_pipeline

    return load_pipeline()


@pytest.mark.parametrize("sentence, kind", [
    ("Kenji forgot the flag.", "person"),  # typed GPE by the small model
    ("Oluwaseun forgot the flag.", "person"),  # typed ORG
    ("@kim forgot the flag.", "person"),  # tagged NUM
    ("Nobody checked the logs.", "person"),
    ("We forgot the flag.", "first-person"),
    ("Our team forgot the flag.", "first-person"),
    ("The vendor forgot the flag.", "team"),
    ("GitHub dropped the webhooks.", "team"),
    ("Jenkins dropped the webhooks.", None),  # software, although it is also a surname
    ("GraphQL dropped the field.", None),  # inner capital: a product
    ("DNS dropped the record.", None),  # acronym
    ("Monitoring dropped the alert.", None),  # a common word at the start of a sentence
])
def test_agent_kind(nlp, sentence, kind):
    assert agent_kind(_subject(nlp(sentence))) == kind


def test_a_document_that_writes_a_name_in_lower_case_shows_it_is_a_thing(nlp):
    source = "Hermes forgot to flush the queue.\n\nRestart `hermes` with hermes --flush.\n"
    token = _subject(nlp("Hermes forgot to flush the queue."))
    assert "hermes" in thing_words(source)
    assert agent_kind(token, parse_document(source, "x.md")) is None
    assert agent_kind(token, parse_document("Hermes forgot to flush the queue.\n", "x.md")) == "person"


def test_a_link_to_a_profile_is_not_a_lower_case_use():
    assert "kenji" not in thing_words("Kenji forgot. See https://github.com/kenji and kenji@example.com.")


@pytest.mark.parametrize("text, expected", [
    ("See https://grafana.example.com/d/abc.", True),
    ("Memory reached 98% at 03:10.", True),
    ("The log shows `OOMKilled: exit code 137`.", True),
    ('He said "the disk was full again".', True),
    ("The `cache` node ran out.", False),  # a code span that only names a system
    ("Run `kubectl drain` first.", False),  # a command is no excerpt
])
def test_what_counts_as_evidence(text, expected):
    assert has_evidence(text) is expected


def test_a_number_inside_the_guess_is_part_of_the_guess():
    text = "We probably lost 5 minutes of writes."
    assert not has_evidence_outside(text, text.index("probably"), text.index("probably") + 8)
    text = "Memory reached 98% at 03:10, so the node probably ran out of memory."
    assert has_evidence_outside(text, text.index("probably"), text.index("probably") + 8)


def test_quoted_spans_are_offsets_into_the_source():
    source = "# T\n\nThe on-call said: \"I was careless and rushed.\" Then 'it wrapped\nover a line' here.\n"
    document = parse_document(source, "x.md")
    block = document.blocks[-1]
    spans = [source[a:b] for a, b in document.quoted_spans(block.start, block.end)]
    assert spans == ['"I was careless and rushed."', "'it wrapped\nover a line'"]


def test_thing_words_reads_a_long_unbroken_run_of_letters():
    # A regex with a trailing \S+@ backtracked quadratically here (46 s on 100 kB); the scan
    # over whitespace-separated chunks is linear, so 1 MB finishes while the test runs.
    assert "aaaa" not in thing_words("a" * 1_000_000 + "@")  # an address-like chunk is skipped
    assert "kenji" in thing_words("`kenji` " * 100_000)  # many code spans


@pytest.mark.parametrize("source, quoted", [
    ("A 19\" rack was full. Kenji forgot it. He said \"done\".", ['"done"']),  # an inch mark opens nothing
    ("She wrote 'I don't know why' in chat.", ["'I don't know why'"]),  # an apostrophe inside
    ("She wrote ‘I don’t know why’ in chat.", ["‘I don’t know why’"]),
    ("In the '90s setup Kenji forgot the flag.", []),
])
def test_quotation_edges(source, quoted):
    document = parse_document(source + "\n", "x.md")
    block = document.blocks[-1]
    assert [source[a:b] for a, b in document.quoted_spans(block.start, block.end)] == quoted


def test_an_unclosed_quote_is_checked_in_linear_time():
    # The old three-words-in-quotes pattern was cubic: 10 kB took minutes.
    assert not has_evidence('"' + "a " * 50_000)
