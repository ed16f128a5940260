"""What a section holds: its list items and table rows (the unit the action-item and
timeline checks judge), whether it has real content, and the placeholder vocabulary
shared by several checks."""

from __future__ import annotations

import re
from dataclasses import dataclass

from blamelint.document import MAX_BLOCK_CHARS
from blamelint.masking import code_spans

_LIST_PREFIX = re.compile(r"^([ \t>]*)(?:[-*+]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?[*_~\[!]*$")
LINE_LEAD = re.compile(r"\ufeff?[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?)?")
_DELIMITER_ROW = re.compile(r"^[ \t>]*\|?[ \t]*:?-{2,}:?[ \t]*(?:\|[ \t]*:?-{2,}:?[ \t]*)*\|?[ \t]*$")

# Template leftovers (domain-research 4.3 E10). Upper-case words only: "todo" in prose is a word.
PLACEHOLDER = re.compile(
    r"(?<![\w/-])(?:TBD|TBA|TBC|TODO|FIXME)(?![\w/-])"
    r"|(?<![\w:])(?:XX:XX|XX:YY|HH:MM(?::SS)?|hh:mm(?::ss)?)(?![\w:])"
    r"|(?<![\w/-])(?:YYYY-MM-DD|YYYY/MM/DD|DD/MM/YYYY|MM/DD/YYYY|DD\.MM\.YYYY)(?![\w/-])"
    r"|(?:(?<=\s)|(?<=^)|(?<=\|))\?{2,}(?=\s|$|\|)|(?<![\w?])(?:\d{4}-\d{2}-\?\?|\?\?:\?\?)(?![\w?])"
    r"|(?<![\w<])<(?!/?(?:a|b|br|code|details|div|em|hr|i|img|kbd|li|ol|p|pre|s|small|span|strong|sub|summary|"
    r"sup|table|td|th|tr|u|ul|center|font|h[1-6]|iframe|video|source|picture|figure|dl|dt|dd|mark|del|ins|"
    r"tbody|thead|blockquote|abbr|q|cite|wbr)\b)[A-Za-z][\w .,'/&+#-]{0,60}(?<![ -])>",
    re.MULTILINE,
)
_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_ITALIC_LINE = re.compile(r"^[ \t>]*(?:[-*+][ \t]+)?(?:_[^_\n]+_|\*[^*\n]+\*)[ \t]*$", re.MULTILINE)
_HTML_HEADING_TAG = re.compile(r"</?h[1-6]\b[^<>]*>", re.IGNORECASE)
_HEADING_LINE = re.compile(r"^[ \t>]*#{1,6}(?:[ \t].*)?$", re.MULTILINE)


@dataclass(frozen=True)
class Item:
    """A top-level list item (with everything nested in it) or a table row."""

    start: int  # the item's text (after the list marker) or the row's first cell
    end: int  # end of the item's first paragraph, or of the row's last cell
    full_end: int  # end including nested content
    text: str  # plain text of the whole item (markup as in source, code blanked)
    kind: str  # list | row | line | heading
    cells: tuple[tuple[str | None, int, int], ...] = ()  # (column, start, end) for rows
    checked: bool = False


def raw_span(document, block) -> tuple[int, int]:
    """A block's span widened to its markup: from after the list marker (or the cell's pipe)
    to the end of its line (or the next pipe), so that code spans and emphasis are whole."""
    source = document.source
    line_start = source.rfind("\n", 0, block.start) + 1
    line_end = source.find("\n", block.end)
    line_end = len(source) if line_end == -1 else line_end
    if line_end - line_start > MAX_BLOCK_CHARS:
        # a piece of a line too long to be one block: widened to the line, every piece would
        # be the whole line (a 4.3 MB line read 215 times over)
        return block.start, block.end
    if block.kind == "table_cell":
        pipe = source.rfind("|", line_start, block.start)
        start = pipe + 1 if pipe != -1 else line_start
        after = source.find("|", block.end, line_end)
        end = after if after != -1 else line_end
    else:
        lead = LINE_LEAD.match(source, line_start, block.start)
        start = lead.end() if lead else block.start
        end = line_end
    while end > block.end and source[end - 1] in " \t\r":
        end -= 1
    while start < block.start and source[start] in " \t":
        start += 1
    return min(start, block.start), max(end, block.end)


def blank(text: str, spans) -> str:
    chars = list(text)
    for start, end in spans:
        for i in range(start, end):
            if chars[i] not in "\r\n":
                chars[i] = " "
    return "".join(chars)


def without_code(text: str) -> str:
    """`text` with inline code spans and HTML comments blanked, same length."""
    text = blank(text, code_spans(text))
    return blank(text, [(m.start(), m.end()) for m in _HTML_COMMENT.finditer(text)])


def has_content(document, start: int, end: int, skip_headings: bool = True) -> bool:
    """Whether source[start:end] holds any prose or data beyond template scaffolding."""
    text = document.source[start:end]
    text = blank(text, [(m.start(), m.end()) for m in _HTML_COMMENT.finditer(text)])
    if skip_headings:
        text = _HEADING_LINE.sub("", text)
    text = _HTML_HEADING_TAG.sub(" ", text)  # a section ends on the next <hN>, and starts after </hN>
    lines = text.split("\n")
    kept = []
    for index, line in enumerate(lines):
        if _DELIMITER_ROW.match(line) and "-" in line:
            if kept and "|" in kept[-1]:
                kept.pop()  # the header row above the delimiter row
            continue
        kept.append(line)
    text = "\n".join(kept)
    text = _ITALIC_LINE.sub("", text)
    text = PLACEHOLDER.sub(" ", text)
    text = re.sub(r"\*\*|__|[|*_>#`~\[\]()]", " ", text)
    text = re.sub(r"^[ \t]*(?:[-+]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\])?", " ", text, flags=re.MULTILINE)
    text = re.sub(r"\b(?:why|what|who|when|how)\s*\?", " ", text, flags=re.IGNORECASE)  # bare template questions
    return bool(re.search(r"[^\W_]{2,}|\d|\bn/?a\b", text, re.IGNORECASE))


# --- items --------------------------------------------------------------------------
def items(document, start: int, end: int) -> list[Item]:
    """Top-level list items and table body rows whose text lies in [start, end)."""
    source = document.source
    blocks = [b for b in document.blocks if start <= b.start < end and not b.in_quote]
    found: list[Item] = []
    # table rows
    rows: dict[int, list] = {}
    for block in blocks:
        if block.kind == "table_cell" and block.row:
            rows.setdefault(document.lines.line_col(block.start)[0], []).append(block)
    for line, cells in rows.items():
        cells.sort(key=lambda b: b.start)
        row_start, row_end = cells[0].start, cells[-1].end
        found.append(Item(row_start, row_end, row_end, without_code(source[row_start:row_end]), "row",
                          tuple((c.column, c.start, c.end) for c in cells)))
    # list items: a paragraph whose line prefix is a list marker opens an item
    entries = []
    for block in blocks:
        if block.kind != "paragraph" or not block.in_list:
            continue
        line_start = source.rfind("\n", 0, block.start) + 1
        prefix = _LIST_PREFIX.match(source[line_start:block.start])
        indent = len(prefix.group(1).expandtabs(4)) if prefix else None
        checked = bool(prefix and re.search(r"\[[xX]\]", source[line_start:block.start]))
        entries.append((block, indent, checked))
    markers = [indent for _, indent, _ in entries if indent is not None]
    if markers:
        top = min(markers)
        current: list = []
        for block, indent, checked in entries:
            if indent == top:
                if current:
                    found.append(_list_item(source, current))
                current = [(block, checked)]
            elif current:
                current.append((block, checked))
        if current:
            found.append(_list_item(source, current))
    return sorted(found, key=lambda i: i.start)


def _list_item(source: str, blocks) -> Item:
    first, checked = blocks[0]
    # to the end of the last paragraph's line: a block ends at its last prose character, before
    # masked markup such as a link's target ("[Issue](https://...)"), which is part of the item
    line_end = source.find("\n", blocks[-1][0].end)
    full_end = len(source) if line_end < 0 else line_end
    return Item(first.start, first.end, full_end, without_code(source[first.start:full_end]), "list", (), checked)


def lines_of(document, start: int, end: int):
    """(line_start, line_end) for each line of source[start:end]."""
    position = start
    for line in document.source[start:end].split("\n"):
        yield position, position + len(line.rstrip("\r"))
        position += len(line) + 1
