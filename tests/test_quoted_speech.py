"""Quoted speech is someone else's words, and the blame rules leave it alone; the writer's own
scare quotes and terms are still the writer's voice (speech.py)."""

from __future__ import annotations

import pytest

from blamelint.speech import is_speech

SPEECH = [
    'The on-call said: "I was rushed and careless."',
    'The on-call said, "I was rushed and careless."',
    "The on-call said: \u201cI was rushed and careless.\u201d",
    'She told us "I was careless and should have checked first."',
    '"I was careless," she said.',
    '"Careless of me", the engineer wrote.',
    'The engineer wrote in chat: "careless of me, sorry"',
]
SCARE_QUOTES = [
    ('The root cause was "human error".', "BL104"),
    ('Root cause: "human error".', "BL104"),
    ('The outage was caused by "human error" on the part of the operator.', "BL104"),
    ('The engineer was "careless".', "BL103"),
    ("The engineer's \u2018fix\u2019 was careless.", "BL103"),
    ('It was a "careless mistake".', "BL103"),
]


def _blame(lint, sentence: str):
    return [f for f in lint("## Summary\n\n" + sentence + "\n") if f.family == "blame"]


@pytest.mark.parametrize("sentence", SPEECH)
def test_quoted_speech_is_not_the_writers_blame(lint, sentence):
    assert _blame(lint, sentence) == []
    # the same words, unquoted, are flagged: the quotation is what spares them
    unquoted = sentence.replace('"', "").replace("\u201c", "").replace("\u201d", "")
    assert _blame(lint, unquoted), unquoted


@pytest.mark.parametrize("sentence, rule", SCARE_QUOTES)
def test_scare_quotes_do_not_hide_the_writers_blame(lint, sentence, rule):
    found = [f for f in _blame(lint, sentence) if f.rule == rule]
    assert found, sentence
    text = "## Summary\n\n" + sentence + "\n"
    assert all(text[f.offset:f.end_offset] == f.text for f in found)  # offsets stay exact


@pytest.mark.parametrize("text, expected", [
    ('he said "no"', True),            # a speech verb introduces even a word
    ('the "fix" failed', False),       # one word: a scare quote
    ('got "Failed to create a user" errors', True),  # a message of its own (capital)
    ('it was "a careless slip by someone"', False),  # a lower-case fragment of the writer's sentence
    ('the log: "connection refused by the peer"', True),  # after a colon
    ('was reported as "human error"', False),  # a label the writer repeats
])
def test_what_counts_as_someone_elses_words(text, expected):
    start = text.index('"')
    end = text.index('"', start + 1) + 1
    assert is_speech(text, start, end) is expected
