"""Property-based reliability suite (hypothesis) with a fixed small budget for CI; the long
mode is `python scripts/fuzz.py --documents 20000`.

Every generated document lints without an exception (a BlamelintError for a refused input is
allowed), with exact offsets and line numbers that agree with an independent count, in a
time bounded per character; fixing it never changes its Markdown structure."""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import HealthCheck, given, settings

from blamelint.budget import BudgetError
from blamelint.config import Config
from blamelint.errors import BlamelintError
from blamelint.fixer import fix_text, structure_of
from fuzz_strategies import DOCUMENTS

_BUDGET = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _expected_line(text: str, offset: int) -> int:
    return len(_LINE_BREAK.findall(text[:offset])) + 1


def check_document(linter, text: str) -> None:
    """The properties of one document; shared with scripts/fuzz.py."""
    started = time.monotonic()
    try:
        findings = linter.lint_text(text, "fuzz.md", Config())
    except BudgetError:
        raise
    except BlamelintError:
        return  # a refused input (nesting, budget) is a clear error, not a crash
    for finding in findings:
        assert finding.text == text[finding.offset : finding.end_offset]
        assert finding.line == _expected_line(text, finding.offset), finding
    # generous (a shared machine): linear time is far below; a quadratic blow-up far above
    assert time.monotonic() - started < 10 + len(text) / 100


@pytest.fixture(scope="module", autouse=True)
def loaded(linter):
    """Load the spaCy pipeline before the timed examples."""
    linter.lint_text("Bob forgot the step.\n", "warm.md", Config())


@_BUDGET
@given(text=DOCUMENTS)
def test_generated_documents_lint_with_exact_lines(linter, text):
    check_document(linter, text)


@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=DOCUMENTS)
def test_fixes_keep_the_markdown_structure(linter, text):
    try:
        fixed = fix_text(linter, text, "fuzz.md", Config(), unsafe=True)
    except BlamelintError:
        return
    assert structure_of(fixed.fixed) == structure_of(text)
