"""Excerpts of a document as a reader sees them: sentences without Markdown markup, and
where a finding's words are in them."""

from __future__ import annotations

import re

from blamelint.masking import code_spans
from blamelint.report.facts import Example

_SENTENCE_END = re.compile(r"[.!?][\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")
_MAX_EXAMPLE = 280


def example(document, block, finding) -> Example:
    """The sentence around a finding (in `block`, None outside prose), without markup, and
    where the finding is in it."""
    if block is None:  # a structural finding on a line outside prose (front matter)
        lo, hi = finding.offset, finding.end_offset
    else:
        lo, hi = whole_code(document.source, *_sentence_around(block, finding.offset - block.start))
    end = min(max(finding.end_offset, finding.offset), hi)
    before = plain(document.source[lo:finding.offset], keep_edges=True).lstrip()
    hit = plain(document.source[finding.offset:end], keep_edges=True)
    after = plain(document.source[end:hi], keep_edges=True).rstrip()
    before, after = _shorten(before, after, len(hit))
    return Example(before + hit + after, (len(before), len(before) + len(hit)), finding.line, finding.message)


def _sentence_around(block, offset: int) -> tuple[int, int]:
    start, end = 0, len(block.text)
    for match in _SENTENCE_END.finditer(block.text):
        if match.end() <= offset:
            start = match.end()
        elif match.start() >= offset:
            end = match.start() + 1
            break
    return block.start + start, block.start + end


def _shorten(before: str, after: str, hit: int) -> tuple[str, str]:
    room = max(_MAX_EXAMPLE - hit, 40) // 2
    if len(before) > room:
        before = "…" + before[-room:].lstrip()
    if len(after) > room:
        after = after[:room].rstrip() + "…"
    return before, after


_LINK = re.compile(r"!?\[((?:[^\[\]\n]|\[[^\]\n]*\])*)\](?:\([^)\n]*\)|\[[^\]\n]*\])")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|<!--.*?-->", re.DOTALL)
_EMPHASIS = re.compile(r"\*+|(?<![A-Za-z0-9])_+|_+(?![A-Za-z0-9])|~~")


_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)


def plain(markdown: str, keep_edges: bool = False) -> str:
    """Inline Markdown as a reader sees it: link labels, no emphasis or tags, one space between
    words; code spans are kept as written, with their backticks."""
    pieces, position = [], 0
    for code in _CODE.finditer(markdown):
        pieces.append(_unmarked(markdown[position:code.start()]) + code.group(0))
        position = code.end()
    text = re.sub(r"\s+", " ", "".join(pieces) + _unmarked(markdown[position:]))
    return text if keep_edges else text.strip()


def _unmarked(text: str) -> str:
    text = _LINK.sub(lambda m: m.group(1), text)
    return _EMPHASIS.sub("", _TAG.sub("", text))


def whole_code(source: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) widened so that it does not cut a code span: a block's masked text begins
    after a heading's opening backtick, which masking turned into a space."""
    line_start = source.rfind("\n", 0, start) + 1
    line_end = source.find("\n", end)
    line_end = len(source) if line_end == -1 else line_end
    for a, b in code_spans(source[line_start:line_end]):
        a, b = a + line_start, b + line_start
        start = a if a < start < b else start
        end = b if a < end < b else end
    return start, end
