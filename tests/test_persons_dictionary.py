"""persons.is_english_word reads lemminflect's files itself (its first getAllLemmas call parses
every lemma, half a second of every process): it must agree with getAllLemmas on every word."""

from __future__ import annotations

import gzip

from lemminflect import config, getAllLemmas

from blamelint.persons import is_english_word


def _file_words() -> set[str]:
    with gzip.open(config.lemma_lu_fn, "rt", encoding="utf-8") as table:
        words = {line.split(",")[0] for line in table}
    with open(config.lemma_overrides_fn, encoding="utf-8") as overrides:
        words |= {line.split(",")[0] for line in overrides if "," in line and not line.startswith("#")}
    return words


def test_it_agrees_with_getalllemmas_on_every_word_of_lemminflects_files():
    words = _file_words()
    assert len(words) > 50_000
    disagree = [w for w in words if is_english_word(w) != bool(getAllLemmas(w))]
    assert disagree == []


def test_it_agrees_on_names_from_many_languages_typos_and_case():
    words = ["Kenji", "kenji", "Oluwaseun", "siobhán", "Nguyễn", "priyanka", "zainab", "MARK", "Grace",
             "will", "checkes", "the", "Monitoring", "deploy", "k8s", "", "it's", "'d", "all", "another"]
    assert [is_english_word(w) for w in words] == [bool(getAllLemmas(w)) for w in words]
    assert is_english_word("Monitoring") and not is_english_word("Kenji")
