"""Turn a masked prose block into a spaCy Doc without the whitespace runs masking leaves.

Masking keeps offsets exact by replacing markup with spaces, but runs of spaces become
SPACE tokens that split phrases ("is   never a root cause") and disturb the parser. We
tokenise, drop the whitespace tokens, and build a Doc of the remaining words, keeping for
every token its (start, end) offsets in the block so findings still point at the source.
"""

from __future__ import annotations

import re

from blamelint.docdata import DocData, attach, data_if_any, data_of

# Components run only on demand: the NER has its own tok2vec, so running it later on a Doc
# gives the entities it would have given inside the pipeline.
_ON_DEMAND = ("ner",)

# spaCy's tokenizer strips prefixes and suffixes one at a time, so a long unbroken run of
# punctuation ("=====", "'s's's") costs time quadratic in its length (5,000 "=" took 36 s).
# The tokenizer is given a same-length copy in which such runs are tamed: a run of
# punctuation keeps its first characters and the rest become spaces; an unbroken string
# longer than any word (a hash, a path, a run of symbols) becomes one placeholder noun, as
# code does in masking.py. Offsets stay exact: every character stands where it was.
MAX_PUNCT_RUN = 64
MAX_WORD = 256
MAX_PUNCT_TOKENS = 16
_PUNCT_RUN = re.compile(r"[^\w\s]{%d,}" % (MAX_PUNCT_RUN + 1))
_LONG_WORD = re.compile(r"\S{%d,}" % (MAX_WORD + 1))
# A lone surrogate (possible in text from the API or an editor, never in decoded UTF-8) cannot
# be encoded by spaCy; U+FFFD is one code point too.
_SURROGATE = re.compile("[\ud800-\udfff]")


def without_surrogates(text: str) -> str:
    """`text` with each lone surrogate replaced by U+FFFD: same length, same offsets."""
    return _SURROGATE.sub("\ufffd", text)


def tokenizer_text(text: str) -> str:
    """`text` with pathological runs tamed for the tokenizer; same length, same offsets."""
    text = without_surrogates(text)
    text = _PUNCT_RUN.sub(lambda m: m.group(0)[:MAX_PUNCT_RUN] + " " * (len(m.group(0)) - MAX_PUNCT_RUN), text)
    return _LONG_WORD.sub(lambda m: "x" * len(m.group(0)), text)


def make_docs(nlp, texts: list[str], batch_size: int = 64, before_parse=None):
    """Parsed Docs for `texts`, in order (a generator: the caller may stop between Docs);
    entities are found when first asked for (entity_type). Each carries its DocData
    (docdata.py: token offsets, the pending recogniser, the rules' matches).
    `before_parse(text, tokens)` is called for each text once it is tokenised, before it is
    parsed (it may raise, to stop)."""
    import numpy

    from blamelint.annotate import stand_in

    prepared = (_announced(words_doc(nlp, text), text, before_parse) for text in texts)  # built as parsed
    later = [name for name in _ON_DEMAND if name in nlp.pipe_names]
    annotator = stand_in(nlp)  # the attribute ruler and lemmatizer, faster, where it gives the same
    replaced = list(annotator.replaces) if annotator is not None else []
    for doc in nlp.pipe(prepared, batch_size=batch_size, disable=later + replaced):
        if annotator is not None:
            annotator(doc)
        # the tok2vec tensor (384 bytes a token) is read by no rule; parses are cached, so drop it
        doc.tensor = numpy.zeros((0,), dtype="float32")
        if later:
            data_of(doc).pending_ner = nlp.get_pipe("ner")
        yield doc


def _announced(doc, text: str, before_parse):
    if before_parse is not None:
        before_parse(text, len(doc))
    return doc


def words_doc(nlp, text: str):
    """The unparsed Doc the parser is given for `text`: its words, without whitespace tokens
    or over-long punctuation runs, each with its offsets in the block. The prefilter matches
    relaxed patterns on exactly this token sequence."""
    from spacy.tokens import Doc

    tokens = _collapsed([t for t in nlp.tokenizer(tokenizer_text(text)) if not t.is_space])
    words = [t.text for t in tokens]
    spaces = [bool(t.whitespace_) or _followed_by_space(t) for t in tokens]
    doc = Doc(nlp.vocab, words=words, spaces=spaces)
    attach(doc, DocData(offsets=[(t.idx, t.idx + len(t.text)) for t in tokens]))
    return doc


def entity_type(token) -> str:
    """The token's entity label ("PERSON", "DATE", or ""), running the recogniser on its Doc
    the first time one is asked for (a Doc of the whole pipeline, `nlp(text)`, has them)."""
    data = data_if_any(token.doc)
    if data is not None and data.pending_ner is not None:
        recogniser, data.pending_ner = data.pending_ner, None
        recogniser(token.doc)
    return token.ent_type_


def _collapsed(tokens: list) -> list:
    """The tokens without the punctuation past MAX_PUNCT_TOKENS in a row ("!! !! !! ..."): the
    matcher's longest-match filter costs the square of such a run, and no rule reads past it."""
    kept, run = [], 0
    for token in tokens:
        run = run + 1 if token.is_punct else 0
        if run <= MAX_PUNCT_TOKENS:
            kept.append(token)
    return kept


def _followed_by_space(token) -> bool:
    nxt = token.i + 1
    return nxt < len(token.doc) and token.doc[nxt].is_space


def token_start(doc, i: int) -> int:
    """Offset in the block of token i's first character."""
    return data_of(doc).offsets[i][0]


def token_end(doc, i: int) -> int:
    """Offset in the block just after token i."""
    return data_of(doc).offsets[i][1]


def span_offsets(span) -> tuple[int, int]:
    """Block offsets of a spaCy Span (or Doc slice); (0, 0) for an empty one."""
    if len(span) == 0:
        return 0, 0
    return token_start(span.doc, span.start), token_end(span.doc, span.end - 1)
