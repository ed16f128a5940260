"""Markdown -> Document: sections, prose blocks and skipped spans, all as absolute offsets.

markdown-it-py gives the block structure (line ranges). The prose of each block is the
original text of those lines with markup masked character for character (masking.py), so
an offset into a block's text plus the block's start is an offset into the file.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from blamelint.errors import InputError
from blamelint.lineindex import BOM, LineIndex
from blamelint.masking import code_spans, mask_inline
from blamelint.sections import SectionVocabulary, default_vocabulary

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_LINE_PREFIX = re.compile(r"^[ \t]*(?:>[ \t]?)*[ \t]*")
_LIST_MARKER = re.compile(r"^[ \t]*(?:>[ \t]?)*[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]+\[[ xX]\])?(?=[ \t]|$)")
_ATX = re.compile(r"^[ \t]*(?:>[ \t]?)*[ \t]*(?:[-*+][ \t]+)?#{1,6}(?=[ \t]|$)")
_ATX_CLOSE = re.compile(r"[ \t]+#+[ \t]*$")
# HTML whose content is not prose: code, scripts, styles, and comments.
_HTML_VERBATIM = re.compile(r"<(pre|code|script|style|kbd|samp)\b.*?</\1\s*>|<!--.*?-->", re.DOTALL | re.IGNORECASE)
_HTML_ENTITY = re.compile(r"&#?\w+;")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# An HTML heading element; its body holds no other heading (the tempered dot keeps it linear).
_HTML_HEADING = re.compile(r"<h([1-6])\b[^<>]*>(?:(?!</?h[1-6]\b).)*?</h\1\s*>", re.DOTALL | re.IGNORECASE)
# Quotations: straight double quotes that open after a space, bracket or line start (so the
# inch mark of "a 19" rack" never opens one), curly quotes, and single quotes that open after
# such a character and close before a non-word one, with apostrophes inside ("don't") kept.
# A quotation may run over the line break of a wrapped paragraph, not over a blank line.
# Every alternative is linear: its body cannot match its own closing quote.
_LINE = r"(?:\n(?![ \t]*\n))"
_QUOTED = re.compile(
    r'(?:(?<=[\s(\[{:])|^)"(?:[^"\n]|' + _LINE + r')+"(?!\w)'
    r"|“(?:[^“”\n]|" + _LINE + r")+”"
    r"|‘(?:[^‘’\n]|’(?=\w)|" + _LINE + r")+’(?!\w)"
    r"|(?:(?<=[\s(\[{:])|^)'(?:[^'\n]|'(?=\w)|" + _LINE + r")+'(?!\w)",
    re.MULTILINE,
)


# Block nesting markdown-it follows (a list level counts two: the list and its item); past it,
# markdown-it drops the rest of the document, so such a file is refused with a clear error.
MAX_NESTING = 200
# A paragraph longer than this (no real one comes near: the corpus's longest is about 5,000
# characters) is linted as several blocks, cut after a sentence or at a space, so that a
# 5 MB single line is parsed in pieces with bounded memory instead of as one spaCy Doc.
MAX_BLOCK_CHARS = 20_000
_CUT = re.compile(r"[.!?][)\]\"']*\s+|\s+")


@dataclass(frozen=True)
class Section:
    index: int
    title: str
    level: int  # 0 for the part before the first heading
    path: tuple[str, ...]
    kinds: frozenset[str]
    heading_start: int
    heading_end: int
    start: int  # first offset after the heading
    end: int  # where the next heading of the same or a higher level starts


@dataclass(frozen=True)
class Block:
    kind: str  # heading | paragraph | table_cell
    start: int
    end: int
    text: str  # masked, len(text) == end - start
    section: int
    in_quote: bool = False
    in_list: bool = False
    column: str | None = None  # header of the table column, for a table cell
    row: int | None = None


@dataclass
class Document:
    path: str
    source: str
    lines: LineIndex
    sections: list[Section] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    skipped: list[tuple[int, int]] = field(default_factory=list)  # code blocks, html blocks, front matter
    # real HTML comments (html_block / html_inline for markdown-it), never one written in code:
    # only these can hold a suppression (suppress.py)
    comments: list[tuple[int, int]] = field(default_factory=list)
    # every table row, header included: a cell holding only markup or an HTML-like
    # "<owner>" makes no block, but a check may still need to read it (template-placeholder)
    rows: list[tuple[int, int]] = field(default_factory=list)
    front_matter: str | None = None
    derived: dict = field(default_factory=dict)  # views computed once and shared by the checks

    def section_of(self, block: Block) -> Section:
        return self.sections[block.section]

    def derive(self, name, compute):
        """`compute()`, computed once per document under `name` and kept in `derived`: a view
        several checks (and the report) read."""
        if name not in self.derived:
            self.derived[name] = compute()
        return self.derived[name]

    def quoted_spans(self, start: int, end: int) -> list[tuple[int, int]]:
        # finditer(pos, endpos) reports positions in the whole source already
        return [(m.start(), m.end()) for m in _QUOTED.finditer(self.source, start, end)]


def parse_document(source: str, path: str = "<stdin>", vocabulary: SectionVocabulary | None = None) -> Document:
    vocabulary = vocabulary or default_vocabulary()
    document = Document(path=path, source=source, lines=LineIndex(source))
    markdown_source = _blank_front_matter(document)
    if source.startswith(BOM):
        # markdown-it reads "\ufeff## Causes" as a paragraph; its maps count lines, so dropping
        # the mark moves nothing, and the blocks start after it (LineIndex puts line 1 there)
        markdown_source = markdown_source[1:]
    markdown, env = markdown_parser(), {}
    tokens = markdown.parse(markdown_source, env)
    if any(token.level >= MAX_NESTING - 1 for token in tokens):
        # markdown-it stops parsing at its nesting limit and drops the rest of the document:
        # linting what is left would report a false "no root cause section"
        raise InputError(f"lists or quotes nested more than {MAX_NESTING // 2} levels deep; not linted", path)
    _Walker(document, vocabulary, lambda token: _inline_children(markdown, env, token)).walk(tokens)
    return document


_parsers = threading.local()


def markdown_parser() -> MarkdownIt:
    """This thread's Markdown parser, without its inline pass. Building a parser cost 1 ms a
    document, and the inline pass (emphasis, links, code spans: 30% of markdown-it's time) is
    read only for HTML comments, so it runs only on text that holds "<!--" (_inline_children).
    One a thread: the language server parses in worker threads."""
    if not hasattr(_parsers, "markdown"):
        # imported on the first parse: rule loading imports this module, a cached run parses nothing
        from markdown_it import MarkdownIt

        _parsers.markdown = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING}).enable("table").disable("inline")
    return _parsers.markdown


def _inline_children(markdown: MarkdownIt, env: dict, token) -> list:
    """The children markdown-it's inline pass gives an inline token: the same call on the same
    text with the document's env (its link references), as that pass makes. Text without
    "<!--" holds no HTML comment, and is not parsed."""
    if not token.children and "<!--" in token.content:
        token.children = []
        markdown.inline.parse(token.content, markdown, env, token.children)
    return token.children or []


def _blank_front_matter(document: Document) -> str:
    match = _FRONT_MATTER.match(document.source)
    if not match:
        return document.source
    document.front_matter = match.group(1) or ""
    document.skipped.append((0, match.end()))
    # every line break stays (a lone CR too: markdown-it counts it as one), so line numbers agree
    blanked = re.sub(r"[^\r\n]", " ", match.group(0))
    return blanked + document.source[match.end():]


class _Walker:
    """Turns the token stream into sections and blocks, tracking quote/list nesting."""

    def __init__(self, document: Document, vocabulary: SectionVocabulary, children):
        self.doc = document
        self.vocabulary = vocabulary
        self.children = children  # an inline token -> its children (parse_document's _inline_children)
        self.quote_depth = 0
        self.list_depth = 0
        self.item_first_paragraph = False
        self.table_header: list[str] = []
        self.row = 0
        self.in_thead = False
        self.open_stack: list[Section] = []
        self._open_section(title="", level=0, start=0, end=0)

    def walk(self, tokens) -> None:
        comments: set[tuple[int, int]] = set()  # a table row's cells share the row's line span
        for token in tokens:
            handler = getattr(self, f"_on_{token.type}", None)
            if handler:
                handler(token)
            if token.type in ("html_block", "inline") and token.map:
                comments.update(self._comments(token))
        self.doc.comments = sorted(comments)
        self._close_sections(len(self.doc.source))

    def _comments(self, token) -> list[tuple[int, int]]:
        """The HTML comments markdown-it reads in `token`: an html_block, or the html_inline
        children of an inline token, whose code spans hold none."""
        if token.type == "inline" and not any(
                child.type == "html_inline" and child.content.startswith("<!--") for child in self.children(token)):
            return []
        start, end = self._line_span(*token.map)
        raw = self.doc.source[start:end]
        if "<!--" not in raw:
            return []
        if token.type == "inline":
            excluded = code_spans(raw)
        else:
            excluded = [(m.start(), m.end()) for m in _HTML_VERBATIM.finditer(raw) if not m.group(0).startswith("<!--")]
        return [(start + m.start(), start + m.end()) for m in _COMMENT.finditer(raw)
                if not any(a < m.end() and m.start() < b for a, b in excluded)]

    # --- line helpers -------------------------------------------------------------
    def _line_span(self, first: int, last: int) -> tuple[int, int]:
        """Offsets of lines first..last-1 (0-based, markdown-it's map), without the final newline."""
        start = self.doc.lines.line_start(first + 1)
        end = self.doc.lines.line_start(last + 1) if last < self.doc.lines.line_count else len(self.doc.source)
        while end > start and self.doc.source[end - 1] in "\r\n":
            end -= 1
        return start, end

    def _masked_lines(self, start: int, end: int, first_line_marker: re.Pattern | None) -> str:
        raw = self.doc.source[start:end]
        lines = raw.split("\n")
        masked_lines = []
        for number, line in enumerate(lines):
            prefix = (first_line_marker if number == 0 and first_line_marker else _LINE_PREFIX).match(line)
            cut = prefix.end() if prefix else 0
            masked_lines.append(" " * cut + line[cut:])
        return mask_inline("\n".join(masked_lines))

    def _add_block(self, kind: str, start: int, end: int, text: str, **extra) -> None:
        lead = len(text) - len(text.lstrip())
        trail = len(text) - len(text.rstrip())
        if lead + trail >= len(text):
            return
        if len(text) - lead - trail > MAX_BLOCK_CHARS:  # parse memory grows with a block's length
            for a, b in _pieces(text, lead, len(text) - trail):
                self._add_block(kind, start + a, start + b, text[a:b], **extra)
            return
        self.doc.blocks.append(
            Block(
                kind=kind,
                start=start + lead,
                end=end - trail,
                text=text[lead : len(text) - trail],
                section=len(self.doc.sections) - 1,
                in_quote=self.quote_depth > 0,
                in_list=self.list_depth > 0,
                **extra,
            )
        )

    # --- sections -------------------------------------------------------------
    def _open_section(self, title: str, level: int, start: int, end: int) -> None:
        # the open sections, kept as a stack so that each heading costs O(depth), not O(headings)
        while self.open_stack and self.open_stack[-1].level >= level:
            self.open_stack.pop()
        parents = list(self.open_stack)
        path = tuple(s.title for s in parents if s.level > 0) + ((title,) if level else ())
        kinds = self.vocabulary.kinds_of(title) if title else frozenset()
        if not kinds and parents:
            kinds = parents[-1].kinds  # a sub-heading without its own meaning inherits its parent's
        self.doc.sections.append(Section(len(self.doc.sections), title, level, path, kinds, start, end, end, -1))
        self.open_stack.append(self.doc.sections[-1])

    def _close_sections(self, at: int) -> None:
        sections = self.doc.sections
        for i, section in enumerate(sections):
            if section.end != -1:
                continue
            end = at
            for later in sections[i + 1 :]:
                if later.level <= section.level and later.level > 0:
                    end = later.heading_start
                    break
            sections[i] = Section(**{**section.__dict__, "end": max(end, section.start)})

    # --- token handlers ---------------------------------------------------------
    def _on_heading_open(self, token) -> None:
        level = int(token.tag[1])
        first, last = token.map
        if token.markup.startswith("#"):
            start, end = self._line_span(first, first + 1)
            raw = self.doc.source[start:end]
            head = _ATX.match(raw)
            cut = head.end() if head else 0
            close = _ATX_CLOSE.search(raw)
            tail = close.start() if close and close.start() >= cut else len(raw)
            text = " " * cut + mask_inline(raw[cut:tail]) + " " * (len(raw) - tail)
        else:  # setext: the last line is the underline
            start, end = self._line_span(first, last - 1)
            text = self._masked_lines(start, end, None)
        title = " ".join(text.split())
        lead = len(text) - len(text.lstrip())
        self._open_section(title, level, start + lead, end)
        self._add_block("heading", start, end, text)

    def _on_paragraph_open(self, token) -> None:
        start, end = self._line_span(*token.map)
        marker = _LIST_MARKER if self.item_first_paragraph else None
        self.item_first_paragraph = False
        self._add_block("paragraph", start, end, self._masked_lines(start, end, marker))

    def _on_blockquote_open(self, token) -> None:
        self.quote_depth += 1

    def _on_blockquote_close(self, token) -> None:
        self.quote_depth -= 1

    def _on_bullet_list_open(self, token) -> None:
        self.list_depth += 1

    _on_ordered_list_open = _on_bullet_list_open

    def _on_bullet_list_close(self, token) -> None:
        self.list_depth -= 1

    _on_ordered_list_close = _on_bullet_list_close

    def _on_list_item_open(self, token) -> None:
        self.item_first_paragraph = True

    def _on_fence(self, token) -> None:
        self.doc.skipped.append(self._line_span(*token.map))

    _on_code_block = _on_fence

    def _on_html_block(self, token) -> None:
        """HTML is kept byte for byte (skipped), but the words of <p>, <li>, <td>... are prose,
        and an <h1>..<h6> is a heading of its level (exported write-ups are full of them)."""
        start, end = self._line_span(*token.map)
        self.doc.skipped.append((start, end))
        raw = self.doc.source[start:end]
        if raw.lstrip().startswith("<!--"):
            return
        text = _HTML_VERBATIM.sub(lambda m: " " * len(m.group(0)), raw)
        text = _HTML_ENTITY.sub(lambda m: " " * len(m.group(0)), text)
        at = 0
        for heading in _HTML_HEADING.finditer(text):
            self._add_block("paragraph", start + at, start + heading.start(), mask_inline(text[at : heading.start()]))
            self._html_heading(start + heading.start(), int(heading.group(1)), mask_inline(heading.group(0)))
            at = heading.end()
        self._add_block("paragraph", start + at, end, mask_inline(text[at:]))

    def _html_heading(self, start: int, level: int, text: str) -> None:
        """A section opened by <hN>: `text` is the element with its tags masked."""
        lead = len(text) - len(text.lstrip())
        end = start + len(text.rstrip())
        self._open_section(" ".join(text.split()), level, start + lead, end)
        self._add_block("heading", start, end, text[: end - start])

    def _on_thead_open(self, token) -> None:
        self.in_thead, self.table_header, self.row = True, [], 0

    def _on_thead_close(self, token) -> None:
        self.in_thead = False

    def _on_tr_open(self, token) -> None:
        if not token.map:
            return
        start, end = self._line_span(*token.map)
        self.doc.rows.append((start, end))
        cells = split_row(self.doc.source, start, end)
        if self.in_thead:
            self.table_header = [" ".join(mask_inline(self.doc.source[a:b]).split()).lower() for a, b in cells]
        else:
            self.row += 1
        for index, (a, b) in enumerate(cells):
            column = self.table_header[index] if index < len(self.table_header) else None
            self._add_block("table_cell", a, b, mask_inline(self.doc.source[a:b]), column=column, row=self.row)


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """[start, end) of `text` cut into pieces of at most MAX_BLOCK_CHARS, after the last sentence
    end in the window, else at its last space, else (no space at all) at the limit."""
    pieces = []
    while end - start > MAX_BLOCK_CHARS:
        limit = start + MAX_BLOCK_CHARS
        cuts = [m for m in _CUT.finditer(text, start + MAX_BLOCK_CHARS // 2, limit) if m.end() <= limit]
        sentence_ends = [m for m in cuts if not m.group(0)[0].isspace()]
        cut = (sentence_ends or cuts)[-1].end() if cuts else limit
        pieces.append((start, cut))
        start = cut
    pieces.append((start, end))
    return pieces


def split_row(source: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cell spans of a table row, splitting on pipes that are not escaped or in code."""
    cells, cell_start, in_code, i = [], start, False, start
    line = source[start:end]
    lead = len(line) - len(line.lstrip(" \t>"))
    if source[start + lead : start + lead + 1] == "|":
        cell_start = start + lead + 1
        i = cell_start
    while i < end:
        char = source[i]
        if char == "\\":
            i += 2
            continue
        if char == "`":
            in_code = not in_code
        elif char == "|" and not in_code:
            cells.append((cell_start, i))
            cell_start = i + 1
        i += 1
    if source[cell_start:end].strip():
        cells.append((cell_start, end))
    return cells
