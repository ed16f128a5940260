"""A Document with one sentence of a paragraph replaced, made without parsing the Markdown again.

Checking a rewording (engine.Linter._blame_after) lints the document as it would read with the
new sentence in place. Parsing the whole file's Markdown again for each rewording was 4% of
the CPU of a corpus run, to learn what is almost always known already: the same sections and
blocks, those after the sentence moved by the change in length, and the paragraph's masked
text with the new sentence in it.

`spliced` makes that Document only where nothing else can follow, and returns None otherwise
(the caller then parses the new text). It must be what parse_document gives for the new
source, field for field (tests/test_splice.py compares both on every rewording of the corpus
and on generated edits). The replaced text and the new one must:

- lie in one paragraph block outside a table, be neither empty nor padded with whitespace, and
  hold no line break: the lines, and so every line number, stay as they are;
- begin with a letter: a line that began with a word still does, so it starts no list item,
  heading, quote, fence, HTML block or thematic break, and stays a line of the paragraph;
- hold none of the characters Markdown's block or inline syntax, or our masking, turns on
  (backquote, * _ ~ [ ] ( ) < > ! \\ | & /), and have whitespace or the block's edge on either
  side: no code span, link, image, emphasis, URL, HTML or table cell can begin, end or change
  inside or across them, so masking leaves the new sentence as it is, as it left the old;
- not be masked in the paragraph's text already (inside a link's target or a code span);
- not be in a paragraph cut into several blocks for its length (document.MAX_BLOCK_CHARS):
  where the cuts fall could move.
"""

from __future__ import annotations

import dataclasses

from blamelint.document import MAX_BLOCK_CHARS, Block, Document, Section
from blamelint.lineindex import LineIndex

# What can begin, end or change Markdown syntax or masking (masking.py) inside a line.
_SYNTAX = frozenset("`*_~[]()<>!\\|&/\r\n")
_SPACE = " \t"


def spliced(document: Document, start: int, end: int, text: str) -> Document | None:
    """The Document of `document.source` with [start, end) replaced by `text`, or None where it
    cannot be made without parsing (see the module's docstring)."""
    block = _paragraph_holding(document, start, end)
    if block is None or not _plain(text) or not _plain(document.source[start:end]):
        return None
    if block.text[start - block.start : end - block.start] != document.source[start:end]:
        return None  # masked where it stands: inside a link target or a code span
    if not _edged(document.source, block, start, end) or _cut(document, block):
        return None
    if len(block.text) + len(text) - (end - start) > MAX_BLOCK_CHARS:
        return None
    return _moved(document, block, start, end, text)


def _paragraph_holding(document: Document, start: int, end: int) -> Block | None:
    for block in document.blocks:
        if block.start <= start and end <= block.end:
            return block if block.kind == "paragraph" and block.column is None else None
    return None


def _plain(text: str) -> bool:
    return bool(text) and text[0].isalpha() and text == text.strip() and _SYNTAX.isdisjoint(text)


def _edged(source: str, block: Block, start: int, end: int) -> bool:
    """Whitespace or the block's edge on either side of [start, end)."""
    return (start == block.start or source[start - 1] in _SPACE) and (end == block.end or source[end] in _SPACE)


def _cut(document: Document, block: Block) -> bool:
    """Whether a neighbouring block is another piece of the same paragraph: only whitespace,
    on the same or the next line, lies between them."""
    index = document.blocks.index(block)
    neighbours = document.blocks[max(index - 1, 0) : index] + document.blocks[index + 1 : index + 2]
    for other in (other for other in neighbours if other.kind == "paragraph"):
        between = document.source[min(block.end, other.end) : max(block.start, other.start)]
        if not between.strip() and between.count("\n") <= 1:
            return True
    return False


def _moved(document: Document, block: Block, start: int, end: int, text: str) -> Document:
    delta = len(text) - (end - start)
    source = document.source[:start] + text + document.source[end:]

    def at(offset: int) -> int:  # where an offset of the old source is in the new one
        return offset + delta if offset >= end else offset

    def span(pair: tuple[int, int]) -> tuple[int, int]:
        return at(pair[0]), at(pair[1])

    def moved_block(other: Block) -> Block:
        if other is not block:
            return dataclasses.replace(other, start=at(other.start), end=at(other.end))
        inner = block.text[: start - block.start] + text + block.text[end - block.start :]
        return dataclasses.replace(block, end=block.end + delta, text=inner)

    def moved_section(section: Section) -> Section:
        return dataclasses.replace(section, heading_start=at(section.heading_start),
                                   heading_end=at(section.heading_end), start=at(section.start), end=at(section.end))

    return Document(
        path=document.path,
        source=source,
        lines=LineIndex(source),
        sections=[moved_section(section) for section in document.sections],
        blocks=[moved_block(other) for other in document.blocks],
        skipped=[span(pair) for pair in document.skipped],
        comments=[span(pair) for pair in document.comments],
        rows=[span(pair) for pair in document.rows],
        front_matter=document.front_matter,
    )
