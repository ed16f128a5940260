"""Map absolute code-point offsets to 1-based line and column numbers."""

from bisect import bisect_right


class LineIndex:
    """Line starts of a text; a line ends at "\\n" (a "\\r" before it is part of the line)."""

    def __init__(self, text: str):
        self._starts = [0]
        position = text.find("\n")
        while position != -1:
            self._starts.append(position + 1)
            position = text.find("\n", position + 1)

    def line_col(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1

    def line_start(self, line: int) -> int:
        """Offset of the first character of 1-based `line`."""
        return self._starts[line - 1]

    @property
    def line_count(self) -> int:
        return len(self._starts)
