"""What blamelint keeps on a parsed spaCy Doc: one typed record in one registered extension.

`doc._.blamelint` holds a DocData (set by prose.make_docs). A misspelt field is an
AttributeError (the dataclass has slots), and so is a misspelt extension name (spaCy refuses
an unregistered one), where string keys in `doc.user_data` gave a silent None.

The extension is registered by `register()`, which `attach` calls for every Doc that
make_docs makes (in the main process, a --jobs worker, a language-server thread), so it
exists wherever a Doc is made; registering again is a no-op. Docs never cross processes (a worker
sends back findings), so the record is not made to survive pickling (the recogniser it may
hold is a pipeline component).

spaCy is imported only when a Doc is made, as in prose.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field

EXTENSION = "blamelint"


@dataclass(slots=True)
class DocData:
    # each token's (start, end) offsets in the block's masked text (whitespace tokens dropped)
    offsets: list[tuple[int, int]]
    # the entity recogniser not yet run on this Doc; None once run (prose.entity_type)
    pending_ner: object | None = None
    # rule id -> (pattern matches, exception matches): a cached parse is matched once per rule
    matches: dict = field(default_factory=dict)
    # a sentence parsed on its own (prose.piece_doc): the block offsets of the sentences before
    # and after it, None at the block's start or end (the evidence check reads their text)
    before: tuple[int, int] | None = None
    after: tuple[int, int] | None = None


def register() -> None:
    """Register `Doc._.blamelint` (default None) once per process."""
    from spacy.tokens import Doc

    if not Doc.has_extension(EXTENSION):
        Doc.set_extension(EXTENSION, default=None)


def attach(doc, data: DocData) -> None:
    register()  # in this process, whichever it is (the main one, a --jobs worker)
    doc._.blamelint = data


def data_of(doc) -> DocData:
    """The Doc's record; a Doc that make_docs did not make is a clear error, not a None."""
    data = doc._.blamelint
    if data is None:
        raise LookupError("this spaCy Doc was not made by blamelint.prose.make_docs (it has no offsets)")
    return data


def data_if_any(doc) -> DocData | None:
    """The Doc's record, or None for a Doc of the whole pipeline (`nlp(text)`: a test, a script)."""
    register()
    return doc._.blamelint
