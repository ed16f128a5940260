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
