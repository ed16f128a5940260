"""Same-length masking of Markdown markup inside a prose block.

The parser sees the masked text; because every masked character is replaced by exactly
one character, an offset into the masked text is also an offset into the original file.
Markup that carries no words (link targets, emphasis markers, HTML) becomes spaces; code
and bare URLs become a run of "x" so the sentence keeps a noun where they stood.
"""

import re

_CODE_SPAN = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_LINK = re.compile(r"\[((?:[^\[\]\n]|\[[^\]\n]*\])*)\](\([^)\n]*\)|\[[^\]\n]*\])")
_FOOTNOTE_REF = re.compile(r"\[\^[^\]\n]+\]")
_AUTOLINK = re.compile(r"<(?:https?|mailto|ftp):[^>\s]*>", re.IGNORECASE)
_BARE_URL = re.compile(r"\bhttps?://[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'\"]", re.IGNORECASE)
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_EMPHASIS = re.compile(r"\*+|(?<![A-Za-z0-9])_+|_+(?![A-Za-z0-9])|~~")
_NEWLINE = re.compile(r"[\r\n]")

# Why "x": a placeholder of letters parses as one noun, keeping "we ran `kubectl drain`"
# a grammatical sentence for the parser.
_PLACEHOLDER = "x"


def _blank(chars: list[str], start: int, end: int, fill: str = " ") -> None:
    for i in range(start, end):
        chars[i] = fill


def mask_inline(text: str) -> str:
    """Return `text` with markup masked, same length, one line. Each pattern runs only where the
    text holds a character every match of it has (most blocks are plain prose: the nine patterns
    on every block were a tenth of parsing the corpus's Markdown)."""
    masked = text
    if "`" in text:
        chars = list(text)
        for match in _CODE_SPAN.finditer(text):
            ticks = len(match.group(1))
            _blank(chars, match.start(), match.start() + ticks)
            _blank(chars, match.start(2), match.end(2), _PLACEHOLDER)
            _blank(chars, match.end() - ticks, match.end())
        masked = "".join(chars)
    for pattern, needs in ((_HTML_COMMENT, "<!--"), (_IMAGE, "!["), (_FOOTNOTE_REF, "[^"), (_AUTOLINK, "<")):
        if needs in masked:
            masked = pattern.sub(_spaces, masked)
    if "[" in masked:
        masked = _LINK.sub(_mask_link, masked)
    if "://" in masked:
        masked = _BARE_URL.sub(lambda m: _PLACEHOLDER * len(m.group(0)), masked)
    if "<" in masked:
        masked = _HTML_TAG.sub(_spaces, masked)
    if "*" in masked or "_" in masked or "~~" in masked:
        masked = _EMPHASIS.sub(_spaces, masked)
    if "\n" in masked or "\r" in masked:
        masked = _NEWLINE.sub(" ", masked)
    return masked


def _spaces(match: re.Match) -> str:
    return " " * len(match.group(0))


def _mask_link(match: re.Match) -> str:
    label = match.group(1)
    return " " + label + " " * (len(match.group(0)) - len(label) - 1)


def code_spans(text: str) -> list[tuple[int, int]]:
    """Spans of inline code in `text` (relative offsets)."""
    return [(m.start(), m.end()) for m in _CODE_SPAN.finditer(text)]
