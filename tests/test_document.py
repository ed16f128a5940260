"""The document model: every block maps back to the original text exactly."""

from blamelint.document import parse_document
from blamelint.lineindex import LineIndex


def _blocks(text):
    document = parse_document(text, "t.md")
    return document, [(b.kind, document.source[b.start : b.end]) for b in document.blocks]


def test_block_text_has_the_length_of_its_source_span():
    text = "# Title\r\n\r\nAlice\tran `kubectl drain` on [node-3](https://x.example/n3) 🚀 now.\r\n- item one\r\n- item two\r\n"
    document = parse_document(text, "t.md")
    for block in document.blocks:
        assert len(block.text) == block.end - block.start
        for i, char in enumerate(block.text):
            if char not in " x":
                assert char == text[block.start + i]


def test_code_blocks_front_matter_and_html_comments_are_not_prose():
    text = "---\ntitle: Bob forgot\n---\n\n# Heading\n\n```\nBob forgot to run it\n```\n\n<!-- Bob forgot -->\n\nReal prose.\n"
    document, blocks = _blocks(text)
    prose = " ".join(b.text for b in document.blocks)
    assert "forgot" not in prose
    assert ("paragraph", "Real prose.") in blocks
    assert document.front_matter == "title: Bob forgot\n"


def test_inline_code_and_link_targets_are_masked():
    document = parse_document("We ran `rm -rf /tmp/x` per [the runbook](https://r.example/p).\n", "t.md")
    (block,) = document.blocks
    assert "rm" not in block.text and "https" not in block.text
    assert "the runbook" in block.text


def test_blockquotes_are_marked_as_quotes():
    document = parse_document("> Bob: I forgot the flag\n\nOur text.\n", "t.md")
    quoted = [b.in_quote for b in document.blocks]
    assert quoted == [True, False]


def test_table_cells_know_their_column():
    document = parse_document("| Time | Event | Owner |\n|---|---|---|\n| 10:00 | Paged | Ana |\n", "t.md")
    cells = {(b.column, document.source[b.start : b.end]) for b in document.blocks if b.row == 1}
    assert cells == {("time", "10:00"), ("event", "Paged"), ("owner", "Ana")}


def test_sections_have_kinds_from_heading_synonyms():
    document = parse_document("# X\n\n## 2. Contributing Factors\n\nA.\n\n### Details\n\nB.\n\n## Action items\n", "t.md")
    kinds = {s.title: s.kinds for s in document.sections if s.level}
    assert "causes" in kinds["2. Contributing Factors"]
    assert "causes" in kinds["Details"]  # inherited from its parent heading
    assert kinds["Action items"] == frozenset({"action-items"})


def test_line_index_counts_code_points_and_crlf():
    text = "a\r\né🚀b\nc"
    index = LineIndex(text)
    assert index.line_col(0) == (1, 1)
    assert index.line_col(text.index("b")) == (2, 3)
    assert index.line_col(text.index("c")) == (3, 1)


def test_html_paragraphs_are_prose_but_html_code_is_not():
    text = "# T\n\n<p>We forgot to restart the <code>jobs forgot</code> service.</p>\n\n<!-- Bob forgot -->\n"
    document = parse_document(text, "t.md")
    prose = [b for b in document.blocks if b.kind == "paragraph"]
    assert len(prose) == 1
    assert "We forgot to restart the" in prose[0].text and "jobs" not in prose[0].text
    assert len(prose[0].text) == prose[0].end - prose[0].start
