"""Turn a masked prose block into parsed spaCy Docs, one per sentence, without the whitespace
runs masking leaves.

Masking keeps offsets exact by replacing markup with spaces, but runs of spaces become
SPACE tokens that split phrases ("is   never a root cause") and disturb the parser. We
tokenise, drop the whitespace tokens, and build a Doc of the remaining words, keeping for
every token its (start, end) offsets in the block so findings still point at the source.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

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


class Words(NamedTuple):
    """A block's words as the parser gets them (whitespace tokens and over-long punctuation
    runs left out), each with its offsets in the block and its string-store hash, and the
    sentences the parser is given one at a time: (first word, end) of each (sentence_ranges)."""

    words: list[str]
    spaces: list[bool]
    offsets: list[tuple[int, int]]
    orths: list[int]
    pieces: list[tuple[int, int]]


def block_words(nlp, text: str) -> Words:
    return split_words(nlp.tokenizer, nlp.vocab.strings, text)


def split_words(tokenizer, strings, text: str) -> Words:
    """The words of `text` and its sentences, read from the tokenizer's arrays (no Token
    objects). The prefilter and the parser both take their words and sentences from here, so
    a sentence the prefilter passes is exactly the one parsed."""
    from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, ORTH, SPACY

    rows = tokenizer(tokenizer_text(text)).to_array([ORTH, IDX, SPACY, IS_SPACE, IS_PUNCT]).tolist()
    words, spaces, offsets, orths, puncts, run = [], [], [], [], [], 0
    for i, (orth, start, space, is_space, is_punct) in enumerate(rows):
        if is_space:
            continue
        run = run + 1 if is_punct else 0
        if run > MAX_PUNCT_TOKENS:  # punctuation past MAX_PUNCT_TOKENS in a row ("!! !! !! ..."): the
            continue  # matcher's longest-match filter costs the square of such a run, and no rule reads past it
        word = strings[orth]
        words.append(word)
        spaces.append(bool(space) or (i + 1 < len(rows) and bool(rows[i + 1][3])))  # or a whitespace token next
        offsets.append((start, start + len(word)))
        orths.append(orth)
        puncts.append(bool(is_punct))
    return Words(words, spaces, offsets, orths, sentence_ranges(words, puncts, spaces))


@lru_cache(maxsize=1)
def sentence_enders() -> frozenset[str]:
    """The characters that end a sentence for spaCy's rule-based sentencizer."""
    from spacy.pipeline.sentencizer import Sentencizer

    return frozenset(Sentencizer.default_punct_chars)


def sentence_ranges(words: list[str], puncts: list[bool], spaces: list[bool]) -> list[tuple[int, int]]:
    """(first, end) word indices of each sentence. A sentence ends after one of the characters
    spaCy's sentencizer ends sentences with (".", "!", "?" ...) and the punctuation that closes
    up to it ('."', '?)'), but only where the next word begins with a capital or a digit after
    whitespace: "The engineer (again!) failed", "Yahoo! engineers", "surprisingly?, ignored",
    "failed.Bob" stay one sentence, as the parser took them when it was given whole blocks.
    Punctuation after the whitespace opens the next sentence ('logs. "We are fine'). A block
    without words is one empty range, so that every block has one. Splitting less than the
    parser would only makes a parsed unit longer; both --exhaustive and the prefilter use this."""
    enders = sentence_enders()
    starts, seen_end, opening = [0], False, None
    for i, (word, punct) in enumerate(zip(words, puncts)):
        if word in enders:
            seen_end, opening = True, None
        elif seen_end and punct:
            if opening is None and spaces[i - 1]:
                opening = i  # after the whitespace: it opens what follows
        elif seen_end:
            start = i if opening is None else opening
            if spaces[start - 1] and (word[:1].isupper() or word[:1].isdigit()):
                starts.append(start)
            seen_end, opening = False, None
    return list(zip(starts, starts[1:] + [len(words)]))


def piece_doc(nlp, words: Words, index: int):
    """The unparsed Doc of sentence `index` of a block, its offsets in the block, and the
    block offsets of the sentences before and after it (the evidence check reads them). Its
    last word has no space after it, as at the end of a block: the tagger reads that space."""
    from spacy.tokens import Doc

    start, end = words.pieces[index]
    spaces = words.spaces[start:end]
    if spaces:
        spaces[-1] = False
    doc = Doc(nlp.vocab, words=words.words[start:end], spaces=spaces)
    attach(doc, DocData(offsets=words.offsets[start:end], before=_piece_span(words, index - 1),
                        after=_piece_span(words, index + 1)))
    return doc


def _piece_span(words: Words, index: int) -> tuple[int, int] | None:
    if not 0 <= index < len(words.pieces):
        return None
    start, end = words.pieces[index]
    return (words.offsets[start][0], words.offsets[end - 1][1]) if end > start else None


def parse_pieces(nlp, requests, before_parse=None, batch_size: int = 64, gate=None):
    """For each (text, its Words, sentence indices or None for all) of `requests`, in order:
    (text, the parsed Docs of those sentences), a generator. Each sentence is parsed on its own:
    the unit the prefilter passes or not, with or without `--exhaustive`, so both give the same
    parses. `before_parse(text, tokens)` is called for each text before it is parsed (it may
    raise, to stop). `gate(text, index, tagged Doc)`: whether to parse that sentence once it is
    tagged (taggate.py); one it refuses is None in its request's Docs."""
    requests = list(requests)

    def unparsed():
        for n, (text, words, indices) in enumerate(requests):
            chosen = range(len(words.pieces)) if indices is None else indices
            docs = [piece_doc(nlp, words, i) for i in chosen]
            if before_parse is not None:
                before_parse(text, sum(len(doc) for doc in docs))
            yield from ((doc, (n, i)) for doc, i in zip(docs, chosen))

    passes = None if gate is None else (lambda doc, at: gate(requests[at[0]][0], at[1], doc))
    group: list = []
    current = 0
    for doc, (n, _) in _parsed(nlp, unparsed(), batch_size, passes):
        while n != current:  # the sentences of request `current` are all parsed
            yield requests[current][0], group
            group, current = [], current + 1
        group.append(doc)
    while current < len(requests):
        yield requests[current][0], group
        group, current = [], current + 1


def _parsed(nlp, pairs, batch_size: int, passes=None):
    """(parsed Doc, context) for each (unparsed Doc, context) of `pairs`; entities are found
    when first asked for (entity_type). `passes(tagged Doc, context)`: whether to parse it once
    tagged (a pipeline taggate.TagGate covers); one it refuses comes as (None, context)."""
    from blamelint.annotate import stand_in

    later = [name for name in _ON_DEMAND if name in nlp.pipe_names]
    annotator = stand_in(nlp)  # the attribute ruler and lemmatizer, faster, where it gives the same
    replaced = list(annotator.replaces) if annotator is not None else []
    if passes is None:
        for doc, context in nlp.pipe(pairs, batch_size=batch_size, disable=later + replaced, as_tuples=True):
            yield _finished(nlp, doc, annotator, later), context
        return
    # tok2vec and the tagger first; the parser, which reads the tensor tok2vec left on each Doc,
    # then parses the sentences the gate lets through, a batch at a time
    parser = nlp.get_pipe("parser")
    tagged = nlp.pipe(pairs, batch_size=batch_size, disable=["parser", *later, *replaced], as_tuples=True)
    for batch in _batched(tagged, batch_size):
        kept = [passes(doc, context) for doc, context in batch]
        parsed = iter(parser.pipe([doc for (doc, _), keep in zip(batch, kept) if keep], batch_size=batch_size))
        for (doc, context), keep in zip(batch, kept):
            yield (_finished(nlp, next(parsed), annotator, later) if keep else None), context


def _finished(nlp, doc, annotator, later: list[str]):
    import numpy

    if annotator is not None:
        annotator(doc)
    # the tok2vec tensor (384 bytes a token) is read by no rule; parses are cached, so drop it
    doc.tensor = numpy.zeros((0,), dtype="float32")
    if later:
        data_of(doc).pending_ner = nlp.get_pipe("ner")
    return doc


def _batched(pairs, size: int):
    batch: list = []
    for pair in pairs:
        batch.append(pair)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def make_docs(nlp, texts: list[str], batch_size: int = 64, before_parse=None):
    """One parsed Doc for each of `texts`, in order (a generator: the caller may stop between
    Docs): its sentences parsed one by one (parse_pieces) and joined. Each carries its DocData
    (docdata.py: token offsets, the pending recogniser, the rules' matches)."""
    requests = [(text, block_words(nlp, text), None) for text in texts]
    for (_, words, _), (_, docs) in zip(requests, parse_pieces(nlp, requests, before_parse, batch_size)):
        yield joined(nlp, words, docs)


def joined(nlp, words: Words, docs: list):
    """The block's Doc from the parsed Docs of all its sentences."""
    if len(docs) == 1:
        return docs[0]
    from spacy.tokens import Doc

    doc = Doc.from_docs(docs, ensure_whitespace=False, exclude=["tensor", "user_data"])
    attach(doc, DocData(offsets=list(words.offsets)))
    if "ner" in nlp.pipe_names:
        data_of(doc).pending_ner = nlp.get_pipe("ner")
    return doc


def words_doc(nlp, text: str):
    """The unparsed Doc of the whole of `text`: its words, without whitespace tokens or
    over-long punctuation runs, each with its offsets in the block."""
    from spacy.tokens import Doc

    words = block_words(nlp, text)
    doc = Doc(nlp.vocab, words=words.words, spaces=words.spaces)
    attach(doc, DocData(offsets=words.offsets))
    return doc


def entity_type(token) -> str:
    """The token's entity label ("PERSON", "DATE", or ""), running the recogniser on its Doc
    the first time one is asked for (a Doc of the whole pipeline, `nlp(text)`, has them)."""
    data = data_if_any(token.doc)
    if data is not None and data.pending_ner is not None:
        recogniser, data.pending_ner = data.pending_ner, None
        recogniser(token.doc)
    return token.ent_type_


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
