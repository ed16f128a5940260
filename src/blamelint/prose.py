"""Turn a masked prose block into a spaCy Doc without the whitespace runs masking leaves.

Masking keeps offsets exact by replacing markup with spaces, but runs of spaces become
SPACE tokens that split phrases ("is   never a root cause") and disturb the parser. We
tokenise, drop the whitespace tokens, and build a Doc of the remaining words, keeping for
every token its (start, end) offsets in the block so findings still point at the source.
"""

from __future__ import annotations

_OFFSETS = "blamelint_offsets"
# The entity recogniser of a Doc parsed without it, until a check asks for an entity type.
_PENDING_NER = "blamelint_pending_ner"
# Components run only on demand: the NER has its own tok2vec, so running it later on a Doc
# gives the entities it would have given inside the pipeline.
_ON_DEMAND = ("ner",)


def make_docs(nlp, texts: list[str], batch_size: int = 64):
    """Parsed Docs for `texts`, in order; entities are found when first asked for (entity_type)."""
    from spacy.tokens import Doc

    prepared = []
    for text in texts:
        tokens = [t for t in nlp.tokenizer(text) if not t.is_space]
        words = [t.text for t in tokens]
        spaces = [bool(t.whitespace_) or _followed_by_space(t) for t in tokens]
        doc = Doc(nlp.vocab, words=words, spaces=spaces)
        doc.user_data[_OFFSETS] = [(t.idx, t.idx + len(t.text)) for t in tokens]
        prepared.append(doc)
    later = [name for name in _ON_DEMAND if name in nlp.pipe_names]
    for doc in nlp.pipe(prepared, batch_size=batch_size, disable=later):
        if later:
            doc.user_data[_PENDING_NER] = nlp.get_pipe("ner")
        yield doc


def entity_type(token) -> str:
    """The token's entity label ("PERSON", "DATE", or ""), running the recogniser on its Doc
    the first time one is asked for."""
    recogniser = token.doc.user_data.pop(_PENDING_NER, None)
    if recogniser is not None:
        recogniser(token.doc)
    return token.ent_type_


def _followed_by_space(token) -> bool:
    nxt = token.i + 1
    return nxt < len(token.doc) and token.doc[nxt].is_space


def token_start(doc, i: int) -> int:
    """Offset in the block of token i's first character."""
    return doc.user_data[_OFFSETS][i][0]


def token_end(doc, i: int) -> int:
    """Offset in the block just after token i."""
    return doc.user_data[_OFFSETS][i][1]


def span_offsets(span) -> tuple[int, int]:
    """Block offsets of a spaCy Span (or Doc slice); (0, 0) for an empty one."""
    if len(span) == 0:
        return 0, 0
    return token_start(span.doc, span.start), token_end(span.doc, span.end - 1)
