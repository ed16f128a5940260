"""The per-file parse budget stops a lint before parsing what it cannot afford, and the parses
kept are bounded in characters (issue 14: a 4.3 MB line held every parse, 3.4 GB)."""

from __future__ import annotations

import pytest

from blamelint import budget, engine
from blamelint.budget import BudgetError
from blamelint.config import Config
from blamelint.engine import Linter

PARAGRAPHS = [f"On day {n} the reviewer forgot to renew the certificate, and the release went out late." for n in range(6)]
DOCUMENT = "# Outage\n\n## Root cause\n\n" + "\n\n".join(PARAGRAPHS) + "\n"


def _parsed_texts(linter: Linter) -> list[str]:
    return [text for _, text, _ in linter._parses]  # (model, block text, sentence index)


def test_the_parse_budget_stops_before_parsing_and_names_the_line(linter, monkeypatch):
    fresh = Linter(linter.rules)
    monkeypatch.setattr(budget, "MAX_PARSED_TOKENS", 40)  # two of the paragraphs (18 tokens each)
    with pytest.raises(BudgetError) as raised:
        fresh.lint_text(DOCUMENT, "long.md", Config())
    error = raised.value
    assert error.where == "long.md" and error.line == DOCUMENT[: DOCUMENT.index(PARAGRAPHS[2])].count("\n") + 1
    assert "per-file parse budget" in error.one_line() and "long.md:" in error.one_line()
    assert not any(PARAGRAPHS[2] in text for text in _parsed_texts(fresh))  # stopped before the parser ran


def test_parses_kept_are_bounded_in_characters_and_findings_unchanged(linter, monkeypatch):
    unbounded = Linter(linter.rules).lint_text(DOCUMENT, "a.md", Config())
    monkeypatch.setattr(engine, "_PARSE_CACHE_CHARS", 2 * len(PARAGRAPHS[0]))
    bounded = Linter(linter.rules)
    assert bounded.lint_text(DOCUMENT, "a.md", Config()) == unbounded
    kept = _parsed_texts(bounded)
    assert 1 <= len(kept) <= 2 and sum(map(len, kept)) <= 2 * len(PARAGRAPHS[0])
    assert len([f for f in unbounded if f.rule == "BL101"]) == len(PARAGRAPHS)  # every paragraph was linted


def test_no_rewording_is_checked_in_a_block_too_long_to_re_parse(linter):
    sentence = "The reviewer forgot to renew the certificate."
    filler = " The queue drained slowly while the cache warmed up again." * 100  # about 6,000 characters
    short = Linter(linter.rules).lint_text(f"# T\n\n## Root cause\n\n{sentence}\n", "s.md", Config())
    long = Linter(linter.rules).lint_text(f"# T\n\n## Root cause\n\n{sentence}{filler}\n", "l.md", Config())
    assert [f.rewrite is not None for f in short if f.rule == "BL101"] == [True]
    assert len(sentence + filler) > budget.MAX_REWORDING_BLOCK_CHARS
    assert [f.rewrite for f in long if f.rule == "BL101"] == [None]  # the finding stays, without a rewording
