"""The parser gets one sentence at a time, and only the sentences that hold a trigger word
(prose.parse_pieces, prefilter.sentences_that_may_match): the sentences are split where the
next one visibly begins (prose.sentence_ranges), a sentence is parsed as it would be alone,
and what a rule reads around a sentence (the evidence next to a claim) is there though it was
not parsed."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from blamelint import engine
from blamelint.config import Config
from blamelint.document import parse_document
from blamelint.pipeline import load_pipeline
from blamelint.prose import block_words, make_docs, parse_pieces
from blamelint.scope import block_in_scope


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def _sentences(nlp, text: str) -> list[str]:
    words = block_words(nlp, text)
    return [" ".join(words.words[start:end]) for start, end in words.pieces]


@pytest.mark.parametrize(("text", "expected"), [
    ("Bob forgot the flag. Then the cache expired! Why? Nobody knew.",
     ["Bob forgot the flag .", "Then the cache expired !", "Why ?", "Nobody knew ."]),
    ('She said "it is fine." Then it was not. Done', ['She said " it is fine . "', "Then it was not .", "Done"]),
    ('Alice checked the logs. "We are fine," he said.', ["Alice checked the logs .", '" We are fine , " he said .']),
    ("At 14:05 it failed. 3 nodes restarted.", ["At 14:05 it failed .", "3 nodes restarted ."]),
    # not a sentence's end: the next word is lower case, or no space comes first
    ("The engineer (again!) failed to notice the alert.", ["The engineer ( again ! ) failed to notice the alert ."]),
    ("Yahoo! engineers should have checked the logs.", ["Yahoo ! engineers should have checked the logs ."]),
    ("The on-call engineer, surprisingly?, ignored the page.",
     ["The on - call engineer , surprisingly ? , ignored the page ."]),
    ("The deploy failed.Bob forgot to run the migration.", None),  # one sentence, however it is tokenised
    ("No full stop here", ["No full stop here"]),
    ("", [""]),
])
def test_a_sentence_ends_where_the_next_one_visibly_begins(nlp, text, expected):
    found = _sentences(nlp, text)
    assert found == expected if expected is not None else len(found) == 1


PIECES = st.sampled_from(["we", "Bob", "forgot", "It", "3", ".", "!", "?", "...", '"', ")", "(", ",", "。", "e.g.",
                          "3.5", "\n", "  ", "-", "—"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parts=st.lists(PIECES, max_size=14), joiners=st.lists(st.sampled_from(["", " "]), min_size=14, max_size=14))
def test_sentences_cover_the_words_and_start_only_after_an_end(nlp, parts, joiners):
    text = "".join(part + joiner for part, joiner in zip(parts, joiners))
    words = block_words(nlp, text)
    assert words.pieces[0][0] == 0 and words.pieces[-1][1] == len(words.words)
    assert all(end == start for (_, end), (start, _) in zip(words.pieces, words.pieces[1:]))  # contiguous
    for start, end in words.pieces[1:]:
        assert end > start and words.spaces[start - 1]  # whitespace before every new sentence
        assert any(w in ".!?。" for w in words.words[:start])  # an ending before it
        first = next(w for w in words.words[start:end] if any(c.isalnum() for c in w))
        assert first[:1].isupper() or first[:1].isdigit()


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

    def recording(nlp, requests, *rest, **named):
        requested.extend((text, list(indices)) for text, _, indices in requests)
        return original(nlp, requests, *rest, **named)
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
    asked = [("One. Two. Three.", [0, 2]), ("Nothing here", []), ("", None), ("Up. Down.", None)]
    out = list(parse_pieces(nlp, [(text, block_words(nlp, text), indices) for text, indices in asked]))
    assert [text for text, _ in out] == [text for text, _ in asked]
    assert [[d.text.strip() for d in docs] for _, docs in out] == [["One.", "Three."], [], [""], ["Up.", "Down."]]


def _lint(linter, paragraph: str) -> list:
    text = f"# Incident\n\n## Root cause\n\n{paragraph}\n"
    return [f for f in engine.Linter(linter.ruleset).lint_text(text, "a.md", Config()) if f.family != "structure"], text


def test_two_alike_findings_in_one_block_get_their_own_rewordings(linter):
    """Token numbers start again in every sentence parsed: the rewording memo keys on the
    match's place in the block, or the second sentence got the first one's rewording."""
    findings, text = _lint(linter, "Bob forgot to run the migration. Bob forgot to restart the server.")
    blame = sorted((f for f in findings if f.rule == "BL101"), key=lambda f: f.offset)
    assert len(blame) == 2 and "migration" in blame[0].rewrite and "server" in blame[1].rewrite
    for finding in blame:  # each fix edits its own sentence
        (edit,) = finding.fix.edits
        assert edit.start <= finding.offset < finding.end_offset <= edit.end
        assert text[edit.start:edit.end].count(".") == 1


def test_a_rewording_stays_within_its_sentence(linter):
    findings, text = _lint(linter, 'Alice should have checked the logs. "We are fine," he said.')
    (finding,) = [f for f in findings if f.rule == "BL102"]
    (edit,) = finding.fix.edits
    assert text[edit.start:edit.end] == "Alice should have checked the logs."


@pytest.mark.parametrize("paragraph", [
    "The engineer (again!) failed to notice the alert.",
    "Our DBA (yes, really!) forgot to run the migration.",
    "The on-call engineer, surprisingly?, ignored the page.",
])
def test_an_exclamation_inside_a_sentence_does_not_split_it(linter, paragraph):
    findings, _ = _lint(linter, paragraph)
    assert any(f.family == "blame" for f in findings)


def test_a_sentence_is_parsed_the_same_with_or_without_one_after_it(linter):
    """The last word of a sentence parsed alone has no space after it, as at a block's end."""
    sentence = "She gave the diff only a cursory glance."
    alone, _ = _lint(linter, sentence)
    followed, _ = _lint(linter, f"{sentence} Sam did not deploy without review; the approval is in the ticket.")
    assert [(f.rule, f.rewrite) for f in alone] == [(f.rule, f.rewrite) for f in followed if f.offset < 60]
    assert any(f.rewrite for f in alone)


def test_the_match_budget_counts_a_block_before_judging_any_of_it(linter, monkeypatch):
    from blamelint import budget
    from blamelint.budget import BudgetError

    judged = []
    original = engine.Linter._judge
    monkeypatch.setattr(engine.Linter, "_judge", lambda self, *a, **k: judged.append(1) or original(self, *a, **k))
    monkeypatch.setattr(engine, "MAX_MATCHES_PER_BLOCK", 3)
    paragraph = " ".join(f"Bob forgot to run migration {n}." for n in range(5))
    with pytest.raises(BudgetError):
        _lint(linter, paragraph)
    assert judged == [] and budget.MAX_MATCHES_PER_BLOCK > 3  # stopped before the first judgement


def test_a_rewording_is_checked_by_parsing_its_own_sentences_only(linter, monkeypatch):
    parsed_for_rewordings, real_parse = [], engine.Linter._parse

    def spy(self, model, nlp, requests, before_parse=None, keep=True, gate=None):
        requests = list(requests)
        if not keep:  # a rewording being checked (its parses are not kept)
            parsed_for_rewordings.extend(len(indices) for _, _, indices in requests)
        return real_parse(self, model, nlp, requests, before_parse, keep, gate)

    monkeypatch.setattr(engine.Linter, "_parse", spy)
    checked, real_blame_after = [], engine.Linter._blame_after
    monkeypatch.setattr(engine.Linter, "_blame_after",
                        lambda self, *args: checked.append(args[1]) or real_blame_after(self, *args))
    text = ("# Outage\n\nKwame forgot to renew the certificate. Then Mei ignored the expiry alert. "
            "Nobody checked the dashboard.\n")
    findings = engine.Linter(linter.ruleset).lint_text(text, "a.md", Config())
    reworded = [f for f in findings if f.rule == "BL101" and f.fix is not None and f.fix.edits]
    assert len(reworded) == 3 and len(checked) >= 3  # each blaming sentence's rewording is checked
    # the other two blaming sentences of the paragraph are not parsed again for it
    assert all(count <= 1 for count in parsed_for_rewordings)
    # every sentence of the block checked, as before: the same findings, rewordings and fixes
    monkeypatch.setattr(engine, "_overlapping", lambda block, words, sentences, within: sentences)
    assert findings == engine.Linter(linter.ruleset).lint_text(text, "a.md", Config())
