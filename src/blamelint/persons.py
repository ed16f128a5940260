"""Who is a person: decided from the sentence and the document, never from a name's NER type.

The small English model types many names as places or organisations ("Kenji" comes out
GPE, "Oluwaseun" ORG) and tags some sentence-initial names as common nouns ("Sven").
A linter that trusted those types would see blame only when the blamed person has an
English-sounding name. So a capitalised word that reads as a name counts as a person
whatever the NER says, unless the word or the document shows it is a thing: a product
or vendor we know, an acronym or camelCase word, a word the document also writes in
lower case or in code, or one written after "the". The one place a model's type still
counts is an English dictionary word at the start of a sentence ("Mark", "Monitoring"),
which is a name only when the tagger and NER agree it is one.
"""

from __future__ import annotations

import re
from functools import lru_cache

from blamelint.lexicon import words
from blamelint.prose import entity_type

# Mc/Mac/O' names keep an inner capital; other camelCase words are products (GitHub, PagerDuty).
_INNER_CAPITAL_NAME = re.compile(r"^(?:Mc|Mac|O'|O’|D'|D’|De|Di|Da|La|Le|Van|Von)[A-Z]")
_NAME_CHARS = re.compile(r"^[^\W\d_]+(?:['’-][^\W\d_]+)*$")
# A lower-case word standing alone in a chunk of text: not part of a path, a dotted name or a
# hyphenated word ("/kenji", "kenji.dev" and "kenji-tanaka" are not uses of the word).
_LOWER_WORD = re.compile(r"(?:^|(?<=[^\w/.@-]))[a-z][a-z0-9]*(?=$|[^\w/.@-])")
_CALENDAR = frozenset("monday tuesday wednesday thursday friday saturday sunday january february march april "
                      "may june july august september october november december today tomorrow yesterday".split())
_OWN_GROUPS = ("team", "teams", "squad", "department", "ops", "folks", "management", "leadership", "qa")
_PERCEPTION = ("notice", "see", "spot", "realise", "realize", "experience", "feel", "observe", "detect")
_DETERMINERS = ("the", "a", "an", "this", "that", "our", "their", "its")


def agent_kind(token, document=None) -> str | None:
    """first-person | person | team | None for the token that does a verb."""
    if token is None:
        return None
    lower = token.lower_
    if lower in words("first_person_pronouns"):
        return "first-person"
    if lower.startswith("@") and len(lower) > 1:
        return "person"
    if lower in words("third_person_pronouns") or _is_nobody(token):
        return "person"
    if token.lemma_.lower() in words("team_nouns") or lower in words("team_nouns"):
        # "our team failed to ..." is the writer's own team: first person, not a blame shift;
        # "our vendor", "our contractor" are still another party
        own = any(child.dep_ == "poss" and child.lower_ in ("our", "my") for child in token.children)
        return "first-person" if own and token.lemma_.lower() in _OWN_GROUPS else "team"
    if token.lemma_.lower() in words("affected_people") and token.head.lemma_.lower() in _PERCEPTION:
        return None  # "customers didn't notice" describes the impact, not an omission
    if _names_role(token):
        return "person"
    return _proper_noun_kind(token, document)


def _is_nobody(token) -> bool:
    """"no one", "not one person": the determiner makes "one" a person."""
    return token.lower_ == "one" and any(child.lower_ in ("no", "every", "any") for child in token.children)


def _names_role(token) -> bool:
    lemma = token.lemma_.lower()
    if lemma in words("role_nouns") or token.lower_ in words("role_nouns"):
        return True
    # "the on-call" is tokenised as on / - / call with "call" as the head noun
    return lemma == "call" and any(t.lower_ == "on" for t in token.lefts)


def _proper_noun_kind(token, document) -> str | None:
    if token.lower_ in _CALENDAR:
        return None  # "by Friday", "in March"
    word = name_word(token)
    lower = word.lower()
    if lower in words("vendor_names"):
        kind = "team"
    elif lower in words("system_names") or not looks_like_a_name(token, word):
        return None
    elif document is not None and lower in _document_things(document):
        return None
    else:
        kind = "person"
    # a date or a time ("by Tuesday"): asked last, since it runs the entity recogniser on the block
    return None if entity_type(token) in ("DATE", "TIME") else kind


def name_word(token) -> str:
    """The word a token is part of, hyphenated names joined ("Jae-won", "Min-jun")."""
    doc, start, end = token.doc, token.i, token.i + 1
    while start >= 2 and doc[start - 1].text in ("-", "‐") and not doc[start - 1].whitespace_ \
            and not doc[start - 2].whitespace_:
        start -= 2
    while end + 1 < len(doc) and doc[end].text in ("-", "‐") and not doc[end - 1].whitespace_ \
            and not doc[end].whitespace_:
        end += 2
    return doc[start:end].text


def looks_like_a_name(token, word: str) -> bool:
    """Capitalised, letters only, not an acronym, no product-style inner capital, no article."""
    if not word[:1].isupper() or not _NAME_CHARS.match(word) or len(word) < 2:
        return False
    if word.isupper() or (any(c.isupper() for c in word[1:]) and not _inner_capital_allowed(word)):
        return False
    if token.pos_ not in ("PROPN", "NOUN", "ADJ", "X", "VERB", "NUM", "INTJ", "ADV"):
        return False
    before = token.doc[token.i - 1] if token.i > 0 else None
    if before is not None and before.lower_ in _DETERMINERS and before.head.i == token.i:
        return False  # "the Vault", "the Deploy Pipeline" (not "the upgrade Sakura", a misparse)
    return not _common_word_at_sentence_start(token, word)


def _inner_capital_allowed(word: str) -> bool:
    parts = re.split(r"['’-]", word)
    return all(not any(c.isupper() for c in p[1:]) for p in parts) or bool(_INNER_CAPITAL_NAME.match(word))


def _common_word_at_sentence_start(token, word: str) -> bool:
    """A capital at the start of a sentence or list item says nothing: "Monitoring did not
    alert" is about monitoring. An English dictionary word there is a name only when the
    tagger and NER agree it is one ("Mark", "Grace")."""
    if not _at_sentence_start(token):
        return False
    if not is_english_word(word.lower()):
        return False
    return not (token.pos_ == "PROPN" and entity_type(token) == "PERSON")


def _at_sentence_start(token) -> bool:
    sentence_start = token.sent.start
    return all(not t.is_alpha for t in token.doc[sentence_start : token.i])


def _document_things(document) -> frozenset[str]:
    """thing_words of the document without its code blocks and front matter (a user name in
    a log excerpt, "Accepted publickey for kenji", is no lower-case use of the name),
    computed once per document."""
    return document.derive("persons.things", lambda: thing_words(_without_skipped(document)))


def _without_skipped(document) -> str:
    text = list(document.source)
    for start, end in document.skipped:
        text[start:end] = " " * (end - start)
    return "".join(text)


def is_english_word(word: str) -> bool:
    """Whether lemminflect's getAllLemmas knows the word (its lemma table or its overrides)."""
    return word.lower() in _dictionary_words()


def read_dictionary() -> None:
    """Read the dictionary now (before forking workers that share it)."""
    _dictionary_words()


@lru_cache(maxsize=1)
def _dictionary_words() -> frozenset[str]:
    """The words of lemminflect's lemma table and overrides, read from its own files: getAllLemmas
    gives lemmas exactly for these (in lower case), but with lemminflect's own loader its first
    call parses every lemma of the table (0.5 s of every process), and lazily (lemmatables.py)
    it decodes a word at a time; only the words are needed here, and take 0.05 s.
    tests/test_persons_dictionary.py checks the two agree on every word of both files."""
    from lemminflect import config

    from blamelint.lemmatables import table_lines

    found = {line.strip().split(",")[0] for line in table_lines(config.lemma_lu_fn)}  # "word,category,lemma/lemma"
    with open(config.lemma_overrides_fn, encoding="utf-8") as overrides:  # "word,pos,lemma", "#" comments
        found.update(line.strip().split(",")[0] for line in overrides if line.strip() and not line.strip().startswith("#"))
    return frozenset(found)


def thing_words(source: str) -> frozenset[str]:
    """Capitalised words the document itself shows to be things: written in lower case
    elsewhere (not as an @handle), inside code, or after an article ("the Hermes service").
    Only words that are not English dictionary words are read from lower case: "will" in
    lower case says nothing about a person called Will."""
    found: set[str] = set()
    for chunk in source.split():  # linear: no pattern here backtracks over a long run of letters
        if "://" in chunk or "@" in chunk:
            continue  # a name in a link or an address ("github.com/kenji") is no lower-case use
        for word in _LOWER_WORD.findall(chunk):
            if not is_english_word(word):
                found.add(word)
    for match in re.finditer(r"`([^`\n]+)`", source):
        found.update(w.lower() for w in re.findall(r"[^\W\d_]{2,}", match.group(1)))
    for match in re.finditer(r"\b(?:the|a|an|our|their|this)\s+([A-Z][a-z]+)\b", source):
        found.add(match.group(1).lower())
    return frozenset(found)
