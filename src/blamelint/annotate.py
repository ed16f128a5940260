"""The attribute ruler and the rule lemmatizer: the same annotations, in a third of the time.

After the parser, spaCy's English pipelines run an attribute ruler (part of speech and
morphology from the tag, a few exceptions) and a rule lemmatizer. Both are Python loops over
every token: over the blocks a corpus run parses, they cost 2.7-4.3 s, more than the parser,
against about 1 s here (0.75 s once the keys are known; docs/performance.md). Almost all of
that work repeats: the ruler's answer for a one-token pattern depends only on the word, its
tag and its dependency label, and the lemmatizer's only on the word, its part of speech and
its morphology. So each answer is asked of the components' own code once per distinct key,
kept, and reused:

- the ruler's one-token patterns run in spaCy's matcher over a Doc of one token per key not
  seen before: a pattern held to words (a LOWER or ORTH value) only on keys with one of its
  words, a pattern that reads only the tag, the label and whether the word is a space once
  per (space, tag, label), any other on every new key; its patterns of several tokens run in a
  matcher of their own over the real Doc, where it holds their words; every match's
  attributes are then set in the ruler's order (by pattern number, then position), so that a
  later pattern overrides an earlier one as it does in the ruler;
- the lemmatizer's `lemmatize` is called on the first token of each (word, part of speech,
  morphology) and its answer reused, on the tokens the ruler gave no lemma, as it does.

`stand_in(nlp)` returns None, and the components run themselves, for any pipeline this exactness
argument does not cover: another component between or after them, a lemmatizer in another mode
or that overwrites, a ruler pattern that reads anything but the word, its tag and its label,
sets an extension attribute, or marks a token other than its first or last.
tests/test_annotate.py compares both on blocks of the shared corpus and on written sentences.
"""

from __future__ import annotations

import weakref

from blamelint.patternvalues import allowed_strings

# What a one-token ruler pattern may read for its answer to depend only on (word, tag, label):
# the word's lexical attributes, its tag, its dependency label.
_KEYED_ATTRS = {"ORTH", "TEXT", "LOWER", "LENGTH", "IS_ALPHA", "IS_ASCII", "IS_DIGIT", "IS_LOWER", "IS_UPPER",
                "IS_TITLE", "IS_PUNCT", "IS_SPACE", "IS_STOP", "LIKE_NUM", "SHAPE", "PREFIX", "SUFFIX",
                "TAG", "DEP"}
# What a one-token pattern not held to words may read to be probed once per (space, tag, label).
_PROJECTED_ATTRS = {"TAG", "DEP", "IS_SPACE"}
_REPLACED = ("attribute_ruler", "lemmatizer")
_stand_ins: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def stand_in(nlp) -> Annotator | None:
    """The Annotator that replaces `nlp`'s attribute ruler and lemmatizer, or None."""
    if nlp not in _stand_ins:
        _stand_ins[nlp] = _build(nlp)
    return _stand_ins[nlp]


def _build(nlp) -> Annotator | None:
    from spacy.pipeline import AttributeRuler, Lemmatizer

    names = [name for name in nlp.pipe_names if name != "ner"]  # the recogniser runs on demand, later
    if names[-2:] != list(_REPLACED):
        return None
    ruler, lemmatizer = nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer")
    if type(ruler) is not AttributeRuler or not isinstance(lemmatizer, Lemmatizer):
        return None
    if lemmatizer.mode != "rule" or lemmatizer.overwrite or lemmatizer.lemmatize != lemmatizer.rule_lemmatize:
        return None
    groups = ruler.patterns
    if not all(_keyed_group(group) for group in groups):
        return None
    return Annotator(nlp.vocab, ruler, lemmatizer, groups)


def _with_indexed_words(lemmatizer):
    """A copy of the lemmatizer whose word index per part of speech is a set, not a list.
    `rule_lemmatize` asks `form in index` of lists of up to 57,528 words (the English noun
    index): 180 microseconds a word, 1.3 s of a corpus run. `in` on a set gives the same
    answers; the tables' other uses (truth, lookups by key) are the same too."""
    import copy

    from spacy.lookups import Lookups

    lookups = Lookups()
    for name in lemmatizer.lookups.tables:
        table = lemmatizer.lookups.get_table(name)
        as_sets = name == "lemma_index"
        lookups.add_table(name, {key: frozenset(value) if as_sets and isinstance(value, list) else value
                                 for key, value in table.items()})
    clone = copy.copy(lemmatizer)
    clone.lookups, clone.cache = lookups, {}
    return clone


def _keyed_group(group: dict) -> bool:
    if "_" in group["attrs"]:
        return False
    single = [pattern for pattern in group["patterns"] if len(pattern) == 1]
    if single and group["index"] not in (0, -1):
        return False
    return all(_reads_keys_only(token) for pattern in single for token in pattern)


def _reads_keys_only(token: dict) -> bool:
    return all(str(attr).upper() in _KEYED_ATTRS for attr in token) and "OP" not in token


class Annotator:
    """The annotations of the pipeline's attribute ruler and lemmatizer, set on a parsed Doc."""

    def __init__(self, vocab, ruler, lemmatizer, groups: list[dict]):
        from spacy.matcher import Matcher

        self.vocab = vocab
        self.replaces = _REPLACED
        self._ruler, self._lemmatizer = ruler, lemmatizer
        self._lemmatize = _with_indexed_words(lemmatizer).rule_lemmatize
        self._attrs = ruler.attrs  # pattern number -> {attribute id: value}, normalised by the ruler
        self._indices = ruler.indices
        # the one-token patterns, keyed by pattern number as in the ruler, in three matchers:
        # those held to words (a LOWER/ORTH value) run only on keys with one of their words;
        # those reading no more than the tag, the label and whether the word is a space run
        # once per (space, tag, label) instead of once per word; the rest run on every key
        self._worded, self._projected, self._rest, self._multi = (Matcher(vocab) for _ in range(4))
        self._words: set[int] = set()  # lower-case hashes of the words the worded patterns name
        for number, group in enumerate(groups):
            kinds: dict[object, list] = {self._worded: [], self._projected: [], self._rest: [], self._multi: []}
            for pattern in group["patterns"]:
                kinds[self._kind(pattern)].append(pattern)
            self._words.update(vocab.strings.add(w.lower()) for p in kinds[self._worded] for w in _words_of(p[0]))
            for matcher, patterns in kinds.items():
                if patterns:
                    matcher.add(str(number), patterns)
        self._required = _required_words(vocab, [p for g in groups for p in g["patterns"] if len(p) != 1])
        self._ruled: dict[tuple, tuple] = {}  # (orth, tag, dep) -> the one-token pattern numbers that match
        self._by_projection: dict[tuple, tuple] = {}  # (is space, tag, dep) -> the projected ones that match
        self._folds: dict[tuple, dict] = {}  # (orth, tag, dep) -> the attributes those patterns set
        self._lemmas: dict[tuple, int] = {}  # (orth, pos, morph) -> lemma hash

    def _kind(self, pattern: list[dict]):
        """The matcher a ruler pattern goes to."""
        if len(pattern) != 1:
            return self._multi
        if _words_of(pattern[0]) is not None:
            return self._worded
        if {str(attr).upper() for attr in pattern[0]} <= _PROJECTED_ATTRS:
            return self._projected
        return self._rest

    def __call__(self, doc):
        from spacy.attrs import DEP, LEMMA, LOWER, MORPH, ORTH, POS, TAG

        # arrays, not Token objects: making a Token costs more than the lookups
        rows = doc.to_array([ORTH, TAG, DEP, POS, MORPH, LEMMA]).tolist()
        if any(tag == 0 or dep == 0 for _, tag, dep, *_ in rows):  # no key to learn from: the components
            return self._lemmatizer(self._ruler(doc))
        keys = [(orth, tag, dep) for orth, tag, dep, *_ in rows]
        self._learn([key for key in dict.fromkeys(keys) if key not in self._ruled])
        targeted = self._targeted(doc, doc.to_array(LOWER).tolist())
        columns = {TAG: 1, DEP: 2, POS: 3, MORPH: 4, LEMMA: 5}
        for i, key in enumerate(keys):
            attrs = self._folded(key, targeted.get(i))
            for attr, value in attrs.items():
                rows[i][columns[attr]] = value
        for row in rows:  # the lemmatizer: only tokens the ruler gave no lemma
            if row[5] == 0:
                row[5] = self._lemmas.get((row[0], row[3], row[4]), 0)
        self._set(doc, rows, [TAG, DEP, POS, MORPH, LEMMA])
        missing = [i for i, row in enumerate(rows) if row[5] == 0]
        for i in missing:  # a (word, part of speech, morphology) not seen before: ask the lemmatizer
            token = doc[i]
            key = (token.orth, token.pos, token.morph.key)
            self._lemmas[key] = token.lemma = self.vocab.strings.add(self._lemmatize(token)[0])
        return doc

    @staticmethod
    def _set(doc, rows: list[list[int]], attrs: list[int]) -> None:
        import numpy

        doc.from_array(attrs, numpy.array([row[1:] for row in rows], dtype="uint64").reshape(len(rows), len(attrs)))

    def _targeted(self, doc, lowers) -> dict[int, list[tuple[int, int, int]]]:
        """Token index -> the (pattern number, start, end) of the longer patterns that set it."""
        targeted: dict[int, list[tuple[int, int, int]]] = {}
        if self._required is not None and not self._required.intersection(lowers):
            return targeted  # none of them can match here
        for match_id, start, end in self._multi(doc, allow_missing=True):
            number = int(self.vocab.strings[match_id])
            target = doc[start:end][self._indices[number]].i
            targeted.setdefault(target, []).append((number, start, end))
        return targeted

    def _folded(self, key: tuple, longer: list | None) -> dict:
        """The attributes the ruler sets on a token, applied in its order (by pattern number, then
        position), a later match's value replacing an earlier one's."""
        if longer is None and key in self._folds:
            return self._folds[key]
        matches = [(number, 0, 1) for number in self._ruled[key]]
        if longer:
            matches = sorted(matches + longer)
        attrs: dict = {}
        for number, _, _ in matches:
            attrs.update(self._attrs[number])
        if longer is None:
            self._folds[key] = attrs
        return attrs

    def _learn(self, keys: list[tuple]) -> None:
        """The one-token pattern numbers that match each new (orth, tag, dep) key."""
        if not keys:
            return
        lexemes = {key: self.vocab[key[0]] for key in keys}
        worded = self._probe(self._worded, [k for k in keys if lexemes[k].lower in self._words])
        rest = self._probe(self._rest, keys) if len(self._rest) else {}
        projection = {key: (lexemes[key].is_space, key[1], key[2]) for key in keys}
        standing_for: dict[tuple, tuple] = {}  # a projection not seen before -> one key that has it
        for key, projected in projection.items():
            if projected not in self._by_projection:
                standing_for.setdefault(projected, key)
        probed = self._probe(self._projected, list(standing_for.values()))
        self._by_projection.update({projected: probed[key] for projected, key in standing_for.items()})
        for key in keys:
            found = {*self._by_projection[projection[key]], *worded.get(key, ()), *rest.get(key, ())}
            self._ruled[key] = tuple(sorted(found))

    def _probe(self, matcher, keys: list[tuple]) -> dict[tuple, tuple[int, ...]]:
        """The pattern numbers of `matcher` that match each key, run over a Doc of one token per key."""
        if not keys:
            return {}
        from spacy.tokens import Doc

        strings = self.vocab.strings
        probe = Doc(self.vocab, words=[strings[orth] for orth, _, _ in keys],
                    tags=[strings[tag] for _, tag, _ in keys],
                    deps=[strings[dep] for _, _, dep in keys], heads=list(range(len(keys))))
        found: dict[int, list[int]] = {i: [] for i in range(len(keys))}
        for match_id, start, _ in matcher(probe, allow_missing=True):
            found[start].append(int(strings[match_id]))
        return {key: tuple(found[i]) for i, key in enumerate(keys)}


def _required_words(vocab, patterns: list[list[dict]]) -> set[int] | None:
    """Lower-case words (hashes) a Doc must hold for any of `patterns` to match in it: from each
    pattern, the words one of its tokens must be. None when a pattern holds none to words, or
    has an operator (then every Doc is matched)."""
    words: set[int] = set()
    for pattern in patterns:
        tokens = [{str(k).upper(): v for k, v in token.items()} for token in pattern]
        if any("OP" in token for token in tokens):
            return None
        held = [found for found in map(_words_of, tokens) if found is not None]
        if not held:
            return None
        # a Doc's lower-case words are compared: an ORTH word is held in lower case too
        words.update(vocab.strings.add(word.lower()) for word in held[0])
    return words


def _words_of(token: dict) -> list[str] | None:
    """The words a pattern token is held to by its LOWER, ORTH or TEXT value, or None."""
    upper = {str(k).upper(): v for k, v in token.items()}
    for attr in ("LOWER", "ORTH", "TEXT"):
        words = allowed_strings(upper.get(attr))
        if words is not None:
            return words
    return None

