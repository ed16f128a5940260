"""Map absolute code-point offsets to 1-based line and column numbers."""

import re
from bisect import bisect_right

# Line breaks as Markdown (and markdown-it) count them: CRLF, LF, or a lone CR.
_BREAK = re.compile(r"\r\n|\r|\n")


BOM = "\ufeff"


class LineIndex:
    """Line starts of a text, breaking lines where Markdown does (CRLF, LF or a lone CR).

    A byte order mark is not part of line 1: its first column is the character after it, as an
    editor shows it. Offsets still count the mark (they index the text as read). `count_bom`:
    the mark is a character of line 1 (LSP positions count every code unit of the text sent)."""

    def __init__(self, text: str, count_bom: bool = False):
        first = 1 if text.startswith(BOM) and not count_bom else 0
        self._starts = [first] + [m.end() for m in _BREAK.finditer(text)]

    def line_col(self, offset: int) -> tuple[int, int]:
        line = max(bisect_right(self._starts, offset) - 1, 0)  # the mark itself is at line 1, column 1
        return line + 1, max(offset - self._starts[line], 0) + 1

    def line_start(self, line: int) -> int:
        """Offset of the first character of 1-based `line`."""
        return self._starts[line - 1]

    @property
    def line_count(self) -> int:
        return len(self._starts)
