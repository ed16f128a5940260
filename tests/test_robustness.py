"""Property-based robustness: any text lints without an exception and with exact offsets."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from blamelint.document import parse_document

# Markdown building blocks mixed with blaming phrases, odd whitespace and non-ASCII text,
# so that generated documents exercise headings, lists, tables, code and quotes.
PIECES = st.sampled_from([
    "# Title\n", "## Root cause\n", "## Timeline\n", "## Action items\n", "- ", "1. ", "> ", "| a | b |\n|---|---|\n",
    "```\ncode\n```\n", "`x`", "<!-- c -->", "**", "_", "[link](http://e.x/y)", "\r\n", "\n", "\t", "  ",
    "Bob forgot to run the migration.", "We should have caught this.", "human error", "probably",
    "Ana paged the on-call.", "🚀", "é", "日本", "\u200b", "---\n", "TBD", "14:02", "!!",
])
DOCUMENTS = st.lists(st.one_of(PIECES, st.text(max_size=12)), max_size=30).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=DOCUMENTS)
def test_any_text_lints_with_exact_offsets(lint, text):
    for finding in lint(text):
        assert finding.text == text[finding.offset : finding.end_offset]
        assert 0 <= finding.offset <= finding.end_offset <= len(text)
        assert finding.line >= 1 and finding.column >= 1


def test_a_verb_that_ends_in_a_hyphen_lints(lint):
    """Found by the test above: "probably-" tagged as a verb was inflected as its empty last
    part, and lemminflect fails on an empty word."""
    from blamelint.rewrite.words import inflect, lemma

    assert [f.rule for f in lint("probably- human error") if f.rule == "BL104"] == ["BL104"]
    assert (inflect("probably-", "VBG"), inflect("-", "VBD"), lemma("-")) == ("probably-", "-", "-")
    assert inflect("double-checked", "VBG") == "double-checking"


@settings(max_examples=200, deadline=None)
@given(text=DOCUMENTS)
def test_blocks_mirror_the_source(text):
    document = parse_document(text, "p.md")
    for block in document.blocks:
        assert len(block.text) == block.end - block.start
        assert 0 <= block.start <= block.end <= len(text)
