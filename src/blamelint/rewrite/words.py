"""The writer's words, as written: token runs rendered from the original text, and verbs
re-inflected with lemminflect (spaCy's small model lemmatises "staged" as "stag")."""

from __future__ import annotations

import re
from functools import lru_cache

from blamelint.docdata import data_if_any
from blamelint.loading import collector_paused
from blamelint.prose import token_end, token_start

_SPACES = re.compile(r"\s+")
# Dependencies that make a token the subject of its head, active or passive.
SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj", "expl")
# A quoted phrase that ends in one of these was cut mid-phrase ("checking if a high-priority").
FUNCTION_POS = ("DET", "ADP", "SCONJ", "CCONJ", "PART", "AUX")


def ends_in_function_word(tokens) -> bool:
    return bool(tokens) and tokens[-1].pos_ in FUNCTION_POS


def render(tokens, raw: str) -> str:
    """The tokens' text from the block's original text `raw`: markup between the tokens of a
    run (code backticks, link targets, emphasis) comes along, and so does markup that hugs a
    run's first or last token ("[Security Device](url)")."""
    tokens = sorted(tokens, key=lambda t: t.i)
    if not tokens:
        return ""
    doc = tokens[0].doc
    pieces, run = [], [tokens[0]]
    for token in tokens[1:]:
        if token.i == run[-1].i + 1:
            run.append(token)
        else:
            pieces.append(_run_text(doc, run, raw))
            run = [token]
    pieces.append(_run_text(doc, run, raw))
    return _SPACES.sub(" ", " ".join(pieces)).strip()


def _run_text(doc, run, raw: str) -> str:
    start, end = run_bounds(doc, run, raw)
    return raw[start:end]


def run_bounds(doc, run, raw: str) -> tuple[int, int]:
    """Offsets of a run of tokens with the markup that hugs it, taken only where it closes what
    the run opens or opens what it closes ("_Friday_" whole; the "." after it without the "_")."""
    first, last = run[0].i, run[-1].i
    start, end = token_start(doc, first), token_end(doc, last)
    floor, ceiling = _neighbours(doc, first, last, raw)
    outer_start, outer_end = start, end
    while outer_start > floor and not raw[outer_start - 1].isspace():
        outer_start -= 1
    while outer_end < ceiling and not raw[outer_end].isspace():
        outer_end += 1
    options = [(outer_start, outer_end), (start, outer_end), (outer_start, end), (start, end)]
    return min(options, key=lambda o: (unbalance(raw[o[0] : o[1]]), -(o[1] - o[0])))


def _neighbours(doc, first: int, last: int, raw: str) -> tuple[int, int]:
    """Where the words before and after the run end and start: in its Doc, or for a sentence
    parsed alone (prose.piece_doc), in the sentences around it in the block."""
    data = data_if_any(doc)
    before, after = (data.before, data.after) if data is not None else (None, None)
    floor = token_end(doc, first - 1) if first > 0 else before[1] if before else 0
    ceiling = token_start(doc, last + 1) if last + 1 < len(doc) else after[0] if after else len(raw)
    return floor, ceiling


_PAIRED = ("**", "__", "~~", "`", "*", "_")
_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)")
_URL = re.compile(r"https?://[^\s()\[\]<>]+")


def unbalance(text: str) -> int:
    """How far the markup in `text` is from closed: unpaired emphasis or code markers,
    brackets and parentheses without their partner, HTML comment halves."""
    text = _URL.sub("", _CODE.sub("", text))  # inside code and URLs, markup characters are literal
    score = abs(text.count("[") - text.count("]")) + abs(text.count("(") - text.count(")"))
    score += abs(text.count("<!--") - text.count("-->"))
    rest = text
    for marker in _PAIRED:
        score += rest.count(marker) % 2
        rest = rest.replace(marker, "")
    return score


def word_tokens(doc, i: int) -> list:
    """Token i with the tokens hyphen-joined to it, no spaces between ("double-checked",
    "load-test" split by the tokenizer into three)."""
    start = end = i
    while start >= 2 and doc[start - 1].text == "-" and not doc[start - 2].whitespace_ and not doc[start - 1].whitespace_:
        start -= 2
    while end + 2 < len(doc) and doc[end + 1].text == "-" and not doc[end].whitespace_ and not doc[end + 1].whitespace_:
        end += 2
    return [doc[k] for k in range(start, end + 1)]


def lemma(word: str) -> str:
    """The base form of a verb as written ("staged" -> "stage", "double-checked" -> "double-check")."""
    from lemminflect import getLemma  # here: lemminflect imports spaCy, which --help and a cached run never need

    read_tables()
    head, _, last = word.lower().rpartition("-")
    if not last:
        return word.lower()
    forms = getLemma(last, upos="VERB")
    base = forms[0] if forms else last
    return f"{head}-{base}" if head else base


def inflect(word: str, tag: str) -> str:
    """The verb `word` in the form `tag` (VBG, VBD, VBZ), the last part of a hyphenated verb
    inflected. A word with no letters after its last hyphen ("probably-", which the tagger
    may call a verb) is given back as it is: lemminflect fails on an empty word."""
    from lemminflect import getInflection

    head, _, last = lemma(word).rpartition("-")
    if not last:
        return word
    forms = getInflection(last, tag=tag)
    form = forms[0] if forms else last
    return f"{head}-{form}" if head else form


@lru_cache(maxsize=1)
def read_tables() -> None:
    """Read lemminflect's lemma and inflection tables, once a process: lazily where lemminflect
    allows (lemmatables.py: their lines read and sorted, 0.1 s with lemminflect's import, each
    word decoded when first looked up), else whole (0.24-0.37 s with the collector paused,
    loading.py; 0.9 s without). Called before forking workers, so that they share what was
    read instead of each reading its own, and before every lookup."""
    from lemminflect import getInflection, getLemma

    from blamelint import lemmatables

    with collector_paused():
        lemmatables.install()
        getLemma("checked", upos="VERB")
        getInflection("check", tag="VBG")


def is_past(token) -> bool:
    """The verb as written is a past form ("forgot", "deleted"), whatever the tagger said."""
    if token.tag_ in ("VBD", "VBN"):
        return True
    written = token.text.lower()
    return written != lemma(written) and written in (inflect(written, "VBD"), inflect(written, "VBN"))


def sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def lower_first(tokens, text: str) -> str:
    """Lower-case the first letter of `text` when its first token is an ordinary word
    that only sentence position capitalised ("The regression" -> "the regression")."""
    if not tokens or not text:
        return text
    first = min(tokens, key=lambda t: t.i)
    if first.pos_ == "PROPN" or (len(first.text) > 1 and first.text.isupper()) or not first.text[:1].isupper():
        return text
    return text[:1].lower() + text[1:]
