"""Text output, modelled on ruff's `full` and `concise` formats.

full (`text`, the default):

    path:line:col: ID name: message [level]
       |
    12 | The deploy ran without error, but Kenji forgot to renew the certificate.
       |                                   ^^^^^^^^^^^^
       = rewrite: <the sentence proposed in place of the flagged one>

with `= suggestion: ...` instead of `= rewrite: ...` when the finding has no rewrite, a blank
line after each finding, and the summary line last. The first line of each finding is the
concise line, so tools that read `path:line:col:` lines read both formats alike.

concise: only the first line of each finding, then the summary line (for errorformat).

The source lines come from `options["sources"]` (path -> the text that was linted); without
it, or when the text there does not hold the finding's span, the source excerpt is left out.
"""

from __future__ import annotations

import re
import unicodedata

import click

from blamelint.formatters.summary import summary_line
from blamelint.lineindex import LineIndex

MAX_WIDTH = 120  # terminal cells of a shown source line, "..." marks included
MAX_LINES = 3  # source lines shown for a span over more lines; then "..."
TAB_STOP = 4
ELISION = "..."
_NEWLINES = re.compile(r"\r\n|\r|\n")


def render(results, options=None) -> str:
    """The full format: each finding with its source lines, the span underlined with ^."""
    sources = (options or {}).get("sources") or {}
    color = bool((options or {}).get("color"))
    body = "".join(render_file(path, findings, sources.get(path), color) for path, findings in results)
    return body + summary_line(results) + "\n"


def render_file(path, findings, text=None, color=False) -> str:
    """One file's part of the full format (streamed output prints it as soon as the file is done)."""
    source = _Source.of(text) if findings else None
    lines: list[str] = []
    for f in findings:
        lines.append(header(f, color))
        excerpt = snippet(f, source)
        lines.extend(excerpt)
        # the = of a note sits under the gutter's bar (under the line number's place without one)
        bar = excerpt[0].index("|") if excerpt else len(str(f.line)) + 1
        if f.rewrite is not None:  # "" is a rewording that removes the sentence
            lines.extend(_note("rewrite", f.rewrite or "(remove this sentence)", bar))
        elif f.suggestion:
            lines.extend(_note("suggestion", f.suggestion, bar))
        lines.append("")
    return "".join(line + "\n" for line in lines)


def render_concise(results, options=None) -> str:
    """One `path:line:col: ID name: message [level]` line per finding, then the summary line."""
    color = bool((options or {}).get("color"))
    body = "".join(render_concise_file(path, findings, None, color) for path, findings in results)
    return body + summary_line(results) + "\n"


def render_concise_file(path, findings, text=None, color=False) -> str:
    return "".join(header(f, color) + "\n" for f in findings)


def render_footer(results) -> str:
    """The summary line both text formats end with."""
    return summary_line(results) + "\n"


# Colours on a terminal (--color): the level and the rule id in the level's colour, the location bold.
LEVEL_COLOURS = {"error": "red", "warning": "yellow", "info": "cyan"}


def header(f, color: bool = False) -> str:
    """The one-line form of a finding; a line break in the message becomes a space."""
    location, rule, level = f"{f.path}:{f.line}:{f.column}:", f.rule, f"[{f.level}]"
    if color:
        hue = LEVEL_COLOURS.get(str(f.level))
        location = click.style(location, bold=True)
        rule = click.style(rule, fg=hue, bold=True)
        level = click.style(level, fg=hue)
    return f"{location} {rule} {f.name}: {_one_line(f.message)} {level}"


def _one_line(text: str) -> str:
    return _NEWLINES.sub(" ", text)


# --- the source excerpt --------------------------------------------------------------------------
class _Source:
    """A linted text and its line starts (line breaks as the linter counts them)."""

    def __init__(self, text: str):
        self.text = text
        self.lines = LineIndex(text)

    @classmethod
    def of(cls, text):
        return cls(text) if isinstance(text, str) else None

    def line_span(self, number: int) -> tuple[int, int]:
        """Offsets of the content of 1-based line `number`, without its line break."""
        start = self.lines.line_start(number)
        end = self.lines.line_start(number + 1) if number < self.lines.line_count else len(self.text)
        while end > start and self.text[end - 1] in "\r\n":
            end -= 1
        return start, end


def snippet(f, source: _Source | None) -> list[str]:
    """The gutter, each line the span touches (at most MAX_LINES) and the ^ under the span."""
    if source is None or not _matches(f, source.text):
        return []
    first = source.lines.line_col(f.offset)[0]
    last = source.lines.line_col(max(f.offset, f.end_offset - 1))[0]  # a span ending at a line break
    shown = range(first, min(last, first + MAX_LINES - 1) + 1)
    width = len(str(shown[-1]))
    gutter = " " * width + " |"
    out = [gutter]
    for number in shown:
        start, end = source.line_span(number)
        caret_start = max(f.offset, start) - start
        caret_end = min(f.end_offset, end) - start
        text, carets = _underline(source.text[start:end], caret_start, max(caret_start, caret_end))
        out.append(f"{number:>{width}} | {text}".rstrip())
        out.append(f"{gutter} {carets}")
    if last > shown[-1]:
        out.append(ELISION)
    return out


def _matches(f, text: str) -> bool:
    """Whether `text` is the text the finding was made on (not a file changed or mixed up since)."""
    return 0 <= f.offset <= f.end_offset <= len(text) and text[f.offset:f.end_offset] == f.text


def _underline(line: str, start: int, end: int) -> tuple[str, str]:
    """The line as shown (tabs expanded, controls made visible, a window around [start, end) when it is
    too wide) and the ^ line under code points [start, end); an empty span gets one ^."""
    shown, widths = _cells(line)
    lo, hi = 0, len(line)
    if sum(widths) > MAX_WIDTH:
        lo, hi = _window(widths, start, end)
    left = ELISION if lo > 0 else ""
    right = ELISION if hi < len(line) else ""
    text = left + "".join(shown[lo:hi]) + right
    start, end = min(max(start, lo), hi), min(max(end, lo), hi)
    pad = len(left) + sum(widths[lo:start])
    length = sum(widths[start:end])
    return text, " " * pad + "^" * max(1, length)


def _cells(line: str) -> tuple[list[str], list[int]]:
    """What each code point of `line` shows as in a terminal, and how many cells that takes."""
    shown, widths = [], []
    column = 0
    for char in line:
        if char == "\t":
            text = " " * (TAB_STOP - column % TAB_STOP)
            width = len(text)
        else:
            text, width = _glyph(char)
        shown.append(text)
        widths.append(width)
        column += width
    return shown, widths


def _glyph(char: str) -> tuple[str, int]:
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code), 1  # a control character as its control picture (␛ for ESC)
    if code == 0x7F:
        return "\u2421", 1
    if 0x80 <= code < 0xA0:
        return "\ufffd", 1
    category = unicodedata.category(char)
    if category == "Cf":
        return "", 0  # zero-width and direction controls: left out, so they cannot move the carets
    if category in ("Mn", "Me"):
        return char, 0  # combining marks sit on the character before
    return char, 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _window(widths: list[int], start: int, end: int) -> tuple[int, int]:
    """Code points [lo, hi) to show of a line wider than MAX_WIDTH: the span, centred when it fits,
    and as much around it as fits with a "..." at each cut end."""
    room = MAX_WIDTH - 2 * len(ELISION)
    cell_starts = [0]
    for width in widths:
        cell_starts.append(cell_starts[-1] + width)
    total = cell_starts[-1]
    span_from, span_to = cell_starts[start], cell_starts[end]
    if span_to - span_from <= room:
        first_cell = span_from - (room - (span_to - span_from)) // 2
    else:
        first_cell = span_from - 10  # a span wider than the window: its start and a little before
    first_cell = max(0, min(first_cell, total - room))
    lo = next(i for i, cell in enumerate(cell_starts) if cell >= first_cell)
    hi = lo
    while hi < len(widths) and cell_starts[hi + 1] <= cell_starts[lo] + room:
        hi += 1
    return lo, hi


def _note(label: str, text: str, bar: int) -> list[str]:
    """`= label: text` with the = in column `bar`; more lines of `text` are indented to match."""
    first, *more = _NEWLINES.split(text.strip())
    lead = " " * bar + "= "
    indent = " " * (len(lead) + len(label) + 2)
    return [f"{lead}{label}: {first}".rstrip()] + [f"{indent}{line}".rstrip() for line in more]
