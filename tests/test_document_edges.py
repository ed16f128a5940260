"""Documents as other tools write them: a byte order mark first, HTML headings from an export."""

from __future__ import annotations

import pytest

from blamelint.document import parse_document

BOM = "\ufeff"


def test_heading_after_a_byte_order_mark_is_a_heading(lint):
    text = BOM + "## Contributing factors\n\nThe disk filled up.\n"
    document = parse_document(text)
    assert [(s.title, s.level) for s in document.sections if s.level] == [("Contributing factors", 2)]
    assert "causes" in document.sections[1].kinds
    assert "BL301" not in {f.rule for f in lint(text)}


@pytest.mark.parametrize("prefix", ["", "## Summary\n\n"])
def test_offsets_count_the_mark_and_columns_do_not(lint, prefix):
    plain = prefix + "The engineer was careless.\n"
    with_bom = BOM + plain
    [before] = [f for f in lint(plain) if f.rule == "BL103"]
    [after] = [f for f in lint(with_bom) if f.rule == "BL103"]
    assert after.offset == before.offset + 1 and after.end_offset == before.end_offset + 1
    assert with_bom[after.offset:after.end_offset] == after.text == "careless"
    assert (after.line, after.column, after.end_line, after.end_column) == \
           (before.line, before.column, before.end_line, before.end_column)


HTML_EXPORT = """<h1>Checkout outage</h1>

<h2 id="summary">Summary</h2>

Checkout failed for 20 minutes.

<h3>What happened?</h3>
<p>A deploy filled the disk.</p>

<H2>Contributing factors</H2>

The disk had no alert.
"""


def test_html_headings_open_sections_of_their_level():
    document = parse_document(HTML_EXPORT)
    assert [(s.title, s.level) for s in document.sections if s.level] == [
        ("Checkout outage", 1), ("Summary", 2), ("What happened?", 3), ("Contributing factors", 2)]
    summary, what, causes = document.sections[2:]
    assert "summary" in summary.kinds and "causes" in causes.kinds
    assert what.path == ("Checkout outage", "Summary", "What happened?")
    assert HTML_EXPORT[what.heading_start:what.start] == "What happened?"
    paragraph = next(b for b in document.blocks if "deploy" in b.text)
    assert paragraph.section == what.index and paragraph.text == "A deploy filled the disk."


def test_html_headings_count_for_the_structure_checks(lint):
    rules = {f.rule for f in lint(HTML_EXPORT)}
    assert "BL301" not in rules  # the causes section is found
    missing = {f.message for f in lint(HTML_EXPORT) if f.rule == "BL302"}
    assert not any('"Summary"' in message for message in missing)
    empty = lint("<h2>Summary</h2>\n\n<h2>Contributing factors</h2>\n\nThe disk had no alert.\n")
    assert [f.text for f in empty if f.rule == "BL303"] == ["Summary"]
