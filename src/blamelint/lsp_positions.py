"""Positions for the language server: code-point offsets <-> LSP line/character."""

from __future__ import annotations

from lsprotocol import types

from blamelint.lineindex import LineIndex


class PositionMap:
    """Code-point offsets <-> LSP positions for one text.

    Lines end at \\n, \\r\\n or \\r (the LSP definition, and LineIndex's); `character`
    counts code units of the negotiated encoding: UTF-16 unless the client asked for utf-8
    or utf-32.
    """

    def __init__(self, text: str, encoding: str = types.PositionEncodingKind.Utf16):
        self.text = text
        self.encoding = str(encoding)
        self.lines = LineIndex(text, count_bom=True)  # a client that sends a mark counts it

    def units(self, chars: str) -> int:
        if self.encoding == types.PositionEncodingKind.Utf32:
            return len(chars)
        if self.encoding == types.PositionEncodingKind.Utf8:
            return len(chars.encode("utf-8", "surrogatepass"))
        return len(chars) + sum(1 for c in chars if ord(c) > 0xFFFF)

    def line_of(self, offset: int) -> int:
        """0-based line holding `offset`."""
        return self.lines.line_col(max(0, min(offset, len(self.text))))[0] - 1

    def line_start(self, line: int) -> int:
        """Offset of the first character of 0-based `line`."""
        return self.lines.line_start(line + 1)

    def position(self, offset: int) -> types.Position:
        offset = max(0, min(offset, len(self.text)))
        line = self.line_of(offset)
        return types.Position(line=line, character=self.units(self.text[self.line_start(line):offset]))

    def range(self, start: int, end: int) -> types.Range:
        return types.Range(start=self.position(start), end=self.position(end))

    def offset(self, position: types.Position) -> int:
        """The code-point offset of `position`; past the end of a line clamps to the line end."""
        if position.line >= self.lines.line_count:
            return len(self.text)
        start = self.line_start(position.line)
        last = position.line + 1 >= self.lines.line_count
        end = len(self.text) if last else self.line_start(position.line + 1)
        line = self.text[start:end].rstrip("\r\n")
        counted = 0
        for index, char in enumerate(line):
            if counted >= position.character:
                return start + index
            counted += self.units(char)
        return start + len(line)
