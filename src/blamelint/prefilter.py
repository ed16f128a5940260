"""A lossless prefilter: which rules could match a block at all, decided from its tokens alone.

A token pattern matches only where every one of its required tokens is present; a phrase
only where all its words are; a dependency pattern only where every node is. So each
pattern has a set of "slots", each a set of words (LOWER, ORTH) or lemmas (LEMMA) of which
the block must hold at least one. A block in which no pattern of a rule has all its slots
filled cannot produce a match for that rule, and a block no rule can match is never parsed.

Lemmas are known only after tagging, so they are compared the other way round: every lemma
the pipeline's lemmatizer could give a word, for any part of speech (lemmas.py), is a
candidate. A pattern with a slot we cannot read (REGEX, NORM, a POS-only token, a lemmatizer
we cannot invert) gets no slot from that token; a pattern with no slot at all makes its rule
run on every block in scope.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from blamelint.lemmas import LemmaCandidates
from blamelint.matching import _expand
from blamelint.prose import tokenizer_text

# A repeat operator that still requires the token: "+", "{2}", "{1,4}", "{3,}".
_AT_LEAST = re.compile(r"^\{(\d+)(?:,\d*)?\}$")


@dataclass(frozen=True)
class Slot:
    """At least one token of the block has one of these lower-case forms or lemmas."""

    lowers: frozenset[str] | None = None
    lemmas: frozenset[str] | None = None


class Triggers:
    """For every pattern rule, the alternatives (each a tuple of slots) one of which a block
    must fill for the rule to match; None for a rule that must always run."""

    def __init__(self, nlp, rules):
        self._tokenizer = nlp.tokenizer
        self._strings = nlp.vocab.strings
        self._lemmas = LemmaCandidates.of(nlp)  # None: lemma slots cannot be read
        self.alternatives: dict[str, tuple[tuple[Slot, ...], ...] | None] = {
            rule.id: self._rule_alternatives(nlp, rule) for rule in rules}
        self._index_slots()

    def rules_that_may_match(self, text: str, rule_ids) -> set[str]:
        """The rules among `rule_ids` whose patterns could match somewhere in `text`."""
        wanted = set(rule_ids)
        found = wanted - self._derived  # rules without slots always run
        filled = self._filled_slots(text)
        for slot in filled:
            for rule_id, needed in self._alternatives_with.get(slot, ()):
                if rule_id in wanted and rule_id not in found and needed <= filled:
                    found.add(rule_id)
        return found

    def always_run(self) -> list[str]:
        return sorted(rule_id for rule_id, alternatives in self.alternatives.items() if alternatives is None)

    def _index_slots(self) -> None:
        """Number the distinct slots and index them by the words and lemmas that fill them, and
        the alternatives by their slots, so that a block costs one lookup per distinct token and
        one test per alternative it could fill, not a test of every pattern."""
        numbers: dict[Slot, int] = {}
        self._alternatives_with: dict[int, list[tuple[str, frozenset[int]]]] = {}
        self._derived = {rule_id for rule_id, alternatives in self.alternatives.items() if alternatives is not None}
        for rule_id in self._derived:
            for slots in self.alternatives[rule_id]:
                needed = frozenset(numbers.setdefault(s, len(numbers)) for s in slots)
                for number in needed:
                    self._alternatives_with.setdefault(number, []).append((rule_id, needed))
        self._by_lower: dict[str, set[int]] = {}
        self._by_lemma: dict[str, set[int]] = {}
        for slot, number in numbers.items():
            index, words = (self._by_lower, slot.lowers) if slot.lowers is not None else (self._by_lemma, slot.lemmas)
            for word in words:
                index.setdefault(word, set()).add(number)
        self._by_orth: dict[int, frozenset[int]] = {}  # a token's text (as a string-store hash) -> the slots it fills

    def _filled_slots(self, text: str) -> set[int]:
        from spacy.attrs import IS_SPACE, ORTH

        # the text the parser will see (pathological punctuation and lone surrogates tamed, as
        # prose.make_docs does), so the words are the same and the tokenizer stays linear
        tokens = self._tokenizer(tokenizer_text(text)).to_array([ORTH, IS_SPACE]).tolist()  # no Token objects: every block
        filled: set[int] = set()
        for orth in {orth for orth, is_space in tokens if not is_space}:  # as prose.make_docs builds the Doc
            filled |= self._slots_of(orth)
        return filled

    def _slots_of(self, orth: int) -> frozenset[int]:
        found = self._by_orth.get(orth)
        if found is None:
            text = self._strings[orth]
            slots = set(self._by_lower.get(text.lower(), ()))
            if self._lemmas is not None and self._by_lemma:
                for lemma in self._lemmas.of_word(text):
                    slots.update(self._by_lemma.get(lemma, ()))
            found = self._by_orth[orth] = frozenset(slots)
        return found

    # --- deriving the slots ------------------------------------------------------------
    def _rule_alternatives(self, nlp, rule):
        alternatives = []
        for entry in rule.patterns:
            for slots in self._entry_alternatives(nlp, entry, rule):
                if not slots:
                    return None  # this pattern could match anywhere: the rule always runs
                alternatives.append(tuple(slots))
        return tuple(alternatives)

    def _entry_alternatives(self, nlp, entry: dict, rule) -> list[list[Slot]]:
        if "phrases" in entry:
            return [[Slot(lowers=frozenset({t.lower_})) for t in nlp.make_doc(str(p)) if not t.is_space]
                    for p in entry["phrases"]]
        if "tokens" in entry:
            pattern = _expand(entry["tokens"], rule)
            patterns = pattern if isinstance(pattern[0], list) else [pattern]
            return [[s for s in map(self._token_slot, p) if s is not None] for p in patterns]
        nodes = _expand(entry["dependency"], rule)
        return [[s for s in (self._attrs_slot(n.get("RIGHT_ATTRS", {})) for n in nodes) if s is not None]]

    def _token_slot(self, token: dict) -> Slot | None:
        if not _is_required(token):
            return None
        return self._attrs_slot(token)

    def _attrs_slot(self, attrs: dict) -> Slot | None:
        upper = {str(key).upper(): value for key, value in attrs.items()}
        for key in ("LOWER", "ORTH", "TEXT"):
            values = _values(upper.get(key))
            if values is not None:
                return Slot(lowers=frozenset(v.lower() for v in values))
        values = _values(upper.get("LEMMA"))
        if values is not None and self._lemmas is not None:
            return Slot(lemmas=frozenset(values))
        return None


def _is_required(token: dict) -> bool:
    """A token that must occur for the pattern to match: no operator, "1", "+" or {n,...} with n >= 1."""
    op = token.get("OP")
    if op is None or op in ("1", "+"):
        return True
    match = _AT_LEAST.match(str(op))
    return bool(match) and int(match.group(1)) >= 1


def _values(value) -> list[str] | None:
    """The strings an attribute must equal one of; None when it is not a plain value or an IN list."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        inside = {str(k).upper(): v for k, v in value.items()}.get("IN")
        if isinstance(inside, list) and inside and all(isinstance(v, str) for v in inside):
            return list(inside)
    return None
