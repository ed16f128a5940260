"""Every lemma the pipeline could give a word, whatever part of speech the tagger picks.

The prefilter runs before tagging, so it cannot ask a token for its lemma; it asks which
lemmas are possible. spaCy's rule lemmatizer gives a word one of: the word itself (as
written, or in lower case), a suffix rule's output for some part of speech, or an entry of
its exception table; the attribute ruler, before it, may set a lemma for some words
("'s" -> "be"). The union of those, over every part of speech, holds the lemma the parse will
give. Inflection tables (lemminflect) list only dictionary forms, so they would miss what
the suffix rules make of a typo or a rare word ("checkes" -> "check").

Where a pipeline lemmatizes some other way (lookup mode, a trained lemmatizer, a component
we do not know), `LemmaCandidates.of` returns None and the prefilter ignores lemma slots.
"""

from __future__ import annotations

import re

from blamelint.patternvalues import allowed_strings

# Components that set no lemma, or whose lemmas are read below.
_KNOWN_COMPONENTS = {"tok2vec", "tagger", "parser", "ner", "senter", "morphologizer", "attribute_ruler", "lemmatizer"}


class LemmaCandidates:
    def __init__(self, rules: list, exceptions: list[dict], ruler: list):
        self._rules = rules  # (old suffix, new suffix) of every part of speech
        self._exceptions = exceptions  # word -> lemmas, one table per part of speech
        self._ruler = ruler  # (word predicate, lemma) set by the attribute ruler
        self._cache: dict[str, frozenset[str]] = {}
        self._listed: dict[str, set[str]] | None = None  # lemma -> the words the tables list for it

    @classmethod
    def of(cls, nlp) -> LemmaCandidates | None:
        from spacy.pipeline import AttributeRuler, Lemmatizer

        if any(name not in _KNOWN_COMPONENTS for name in nlp.pipe_names):
            return None
        lemmatizer = nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.pipe_names else None
        if lemmatizer is not None and not (
                isinstance(lemmatizer, Lemmatizer) and lemmatizer.mode == "rule"
                and type(lemmatizer).rule_lemmatize is Lemmatizer.rule_lemmatize):
            return None
        ruler = _RulerLemmas()
        if "attribute_ruler" in nlp.pipe_names:
            attribute_ruler = nlp.get_pipe("attribute_ruler")
            if not isinstance(attribute_ruler, AttributeRuler):
                return None
            ruler = _ruler_lemmas(attribute_ruler)
        rules, exceptions = [], []
        if lemmatizer is not None:
            rules = [tuple(rule) for table in lemmatizer.lookups.get_table("lemma_rules", {}).values() for rule in table]
            exceptions = list(lemmatizer.lookups.get_table("lemma_exc", {}).values())
        return cls(rules, exceptions, ruler)

    def of_word(self, text: str) -> frozenset[str]:
        found = self._cache.get(text)
        if found is None:
            found = self._cache[text] = frozenset(self._candidates(text))
        return found

    def _candidates(self, text: str) -> set[str]:
        lower = text.lower()
        found = {text, lower}
        for old, new in self._rules:
            if lower.endswith(old):
                found.add(lower[: len(lower) - len(old)] + new)
        for table in self._exceptions:
            found.update(table.get(lower, ()))
        found.update(self._ruler.exact.get(lower, ()))
        found.update(lemma for applies, lemma in self._ruler.tested if applies(text))
        found.discard("")
        return found

    def words_for(self, lemma: str) -> frozenset[str] | None:
        """Every word `of_word` could give `lemma` for, in lower case or as written (the inverse of
        _candidates); None where no list is possible: an attribute-ruler pattern that tests the
        word some other way sets it. A suffix rule (old, new) gives `lemma` for exactly the
        word `lemma` with `new` taken off its end and `old` put on."""
        if any(tested == lemma for _, tested in self._ruler.tested):
            return None
        if self._listed is None:
            self._listed = {}
            for table in [*self._exceptions, self._ruler.exact]:
                for word, lemmas in table.items():
                    for listed in lemmas:
                        self._listed.setdefault(listed, set()).add(word)
        words = {lemma, *self._listed.get(lemma, ())}
        words.update(lemma[: len(lemma) - len(new)] + old for old, new in self._rules if lemma.endswith(new))
        words.discard("")
        return frozenset(words)


class _RulerLemmas:
    """The lemmas the attribute ruler sets: by lower-case word where its pattern names the
    word, else (a regular expression, no word at all) behind a test on the word."""

    def __init__(self):
        self.exact: dict[str, set[str]] = {}
        self.tested: list = []  # (predicate on the word's text, lemma)

    def add(self, token: dict, lemma: str) -> None:
        upper = {str(key).upper(): value for key, value in token.items()}
        value = upper.get("LOWER")
        words = allowed_strings(value)
        if words is not None:
            for word in words:
                self.exact.setdefault(word, set()).add(lemma)
        else:
            self.tested.append((_word_predicate(upper), lemma))


def _ruler_lemmas(attribute_ruler) -> _RulerLemmas:
    """The lemma of every attribute-ruler pattern that sets one, with the word it applies to."""
    found = _RulerLemmas()
    for entry in attribute_ruler.patterns:
        lemma = entry["attrs"].get("LEMMA")
        if lemma is None:
            continue
        for pattern in entry["patterns"]:
            found.add(pattern[entry.get("index", 0)] if pattern else {}, lemma)
    return found


def _word_predicate(upper: dict):
    """A test on a word's text that every token this pattern token matches passes."""
    for key, transform in (("LOWER", str.lower), ("ORTH", str), ("TEXT", str)):
        if key in upper:
            return _value_predicate(upper[key], transform)
    return lambda text: True


def _value_predicate(value, transform):
    if isinstance(value, str):
        return lambda text: transform(text) == value
    if isinstance(value, dict):
        inner = {str(k).upper(): v for k, v in value.items()}
        if isinstance(inner.get("IN"), list):
            allowed = frozenset(inner["IN"])
            return lambda text: transform(text) in allowed
        if isinstance(inner.get("REGEX"), str):
            compiled = re.compile(inner["REGEX"])
            return lambda text: bool(compiled.search(transform(text)))
    return lambda text: True
