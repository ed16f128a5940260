"""What blamelint keeps on a parsed Doc is one typed record (docdata.py), not string keys."""

from __future__ import annotations

import multiprocessing

import pytest

from blamelint.docdata import EXTENSION, DocData, data_of, register
from blamelint.pipeline import load_pipeline
from blamelint.prose import entity_type, make_docs, span_offsets, token_end, token_start

BLOCK = "Then   Ingrid restarted   the queue."


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def test_a_parsed_block_carries_its_record(nlp):
    doc = next(make_docs(nlp, [BLOCK]))
    data = data_of(doc)
    assert isinstance(data, DocData) and len(data.offsets) == len(doc)
    assert [BLOCK[token_start(doc, t.i):token_end(doc, t.i)] for t in doc] == [t.text for t in doc]
    assert span_offsets(doc[1:3]) == (BLOCK.index("Ingrid"), BLOCK.index("restarted") + len("restarted"))
    assert data.pending_ner is not None  # the recogniser waits until an entity type is asked for
    entity_type(doc[1])
    assert data.pending_ner is None and not doc.user_data.get("blamelint_offsets")


def test_a_misspelt_field_or_extension_is_an_error_not_none(nlp):
    doc = next(make_docs(nlp, [BLOCK]))
    with pytest.raises(AttributeError):
        data_of(doc).offset  # noqa: B018  (the field is `offsets`)
    with pytest.raises(AttributeError):
        data_of(doc).pending = None  # slots: no new attribute by accident
    with pytest.raises(AttributeError):
        doc._.blamelnt  # noqa: B018


def test_a_doc_blamelint_did_not_make(nlp):
    doc = nlp("Ingrid restarted the queue.")
    with pytest.raises(LookupError, match="make_docs"):
        token_start(doc, 0)
    assert entity_type(doc[0]) == doc[0].ent_type_  # the whole pipeline already found its entities


def test_registering_again_changes_nothing(nlp):
    from spacy.tokens import Doc

    register()
    register()
    assert Doc.has_extension(EXTENSION)
    doc = next(make_docs(nlp, [BLOCK]))
    assert data_of(doc).offsets[0] == (0, 4)


def offsets_in_a_new_process(text: str):
    """Run in a freshly started interpreter: nothing registered the extension there before."""
    import spacy

    from blamelint.prose import make_docs as parse

    doc = next(parse(spacy.blank("en"), [text]))
    return data_of(doc).offsets


def test_a_new_worker_process_registers_the_extension():
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        offsets = pool.apply(offsets_in_a_new_process, (BLOCK,))
    assert offsets[:2] == [(0, 4), (7, 13)]
