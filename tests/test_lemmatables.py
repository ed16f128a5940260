"""lemmatables.LazyTable stands in for the dicts lemminflect's loaders make of its two tables:
every word must give what the loaders give, and lookups through lemminflect must not move."""

from __future__ import annotations

import pytest
from lemminflect import Inflections, Lemmatizer
from lemminflect.codecs.InflectionLUCodec import InflectionLUCodec
from lemminflect.codecs.LemmaLUCodec import LemmaLUCodec

from blamelint import lemmatables


@pytest.fixture(scope="module")
def tables():
    lemmatizer, inflections = Lemmatizer(), Inflections()
    eager = (LemmaLUCodec.load(lemmatizer.lemma_lu_fn), InflectionLUCodec.load(inflections.infl_lu_fn))
    fresh_lemmatizer = type("Keeper", (), {"_getLemmaDict": lambda self: None, "lemma_lu_fn": lemmatizer.lemma_lu_fn})()
    fresh_inflections = type("Keeper", (), {"_getInflDict": lambda self: None, "infl_lu_fn": inflections.infl_lu_fn})()
    assert lemmatables.install(fresh_lemmatizer, fresh_inflections)
    return eager, (fresh_lemmatizer.lemma_dict, fresh_inflections.infl_dict)


def test_every_word_of_both_tables_decodes_as_lemminflects_loaders_decode_it(tables):
    (lemmas, inflections), (lazy_lemmas, lazy_inflections) = tables
    assert len(lemmas) > 50_000 and len(inflections) > 30_000
    assert isinstance(lazy_lemmas, lemmatables.LazyTable) and isinstance(lazy_inflections, lemmatables.LazyTable)
    for eager, lazy in ((lemmas, lazy_lemmas), (inflections, lazy_inflections)):
        assert set(lazy) == set(eager)
        assert [word for word, entry in eager.items() if lazy.get(word) != entry] == []


def test_words_not_in_a_table_are_absent_and_the_hard_coded_ones_win(tables):
    _, (lazy_lemmas, lazy_inflections) = tables
    for word in ("", "kenji", "zzzqx", "check,", "Checked", 42):
        assert lazy_lemmas.get(word, {}) == {}  # the tables hold lower-case words only
    assert lazy_inflections["be"]["VBD"] == ("was", "were")  # lemminflect's updateForAuxMod
    assert lazy_inflections["can"] == {"VB": ("can",), "VBD": ("could",)}
    with pytest.raises(KeyError):
        lazy_lemmas["zzzqx"]


def test_a_keeper_that_holds_its_table_already_is_left_alone():
    keeper = type("Keeper", (), {"_getLemmaDict": lambda self: None, "lemma_lu_fn": Lemmatizer().lemma_lu_fn,
                                 "lemma_dict": {"mine": {}}})()
    other = type("Keeper", (), {"_getInflDict": lambda self: None, "infl_lu_fn": Inflections().infl_lu_fn})()
    assert not lemmatables.install(keeper, other)
    assert keeper.lemma_dict == {"mine": {}} and not hasattr(other, "infl_dict")


def test_lookups_through_lemminflect_give_the_same_words_as_its_own_tables(tables):
    """Through lemminflect's own functions, with the lazy tables in its singletons and then with
    the dicts its loaders make (whatever the singletons held before is put back)."""
    from lemminflect import getInflection, getLemma

    (lemmas, inflected), (lazy_lemmas, lazy_inflected) = tables
    words = ["checked", "forgot", "ran", "misconfigured", "was", "could", "staged", "running", "deploys", "paged"]
    lemmatizer, inflections = Lemmatizer(), Inflections()
    held = {name: vars(keeper).get(name) for keeper, name in ((lemmatizer, "lemma_dict"), (inflections, "infl_dict"))}

    def lookups(lemma_table, inflection_table):
        lemmatizer.lemma_dict, inflections.infl_dict = lemma_table, inflection_table
        return [(getLemma(w, upos="VERB"), getInflection(w, tag="VBD"), getInflection(w, tag="VBG")) for w in words]

    try:
        lazy, eager = lookups(lazy_lemmas, lazy_inflected), lookups(lemmas, inflected)
    finally:
        for keeper, name in ((lemmatizer, "lemma_dict"), (inflections, "infl_dict")):
            if held[name] is None:
                vars(keeper).pop(name, None)
            else:
                setattr(keeper, name, held[name])
    assert lazy == eager
    assert lazy[1][0] == ("forget",) and lazy[2][0] == ("run",)  # irregular forms come from the tables


def test_a_fresh_process_reads_lemminflects_tables_lazily():
    import subprocess
    import sys

    probe = ("from blamelint.rewrite.words import read_tables; read_tables()\n"
             "from lemminflect import Lemmatizer, Inflections\n"
             "from blamelint.lemmatables import LazyTable\n"
             "print(type(Lemmatizer().lemma_dict) is LazyTable, type(Inflections().infl_dict) is LazyTable)")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert result.stdout.split() == ["True", "True"], result.stderr[-500:]
