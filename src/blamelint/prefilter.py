"""A lossless prefilter: which rules could match a sentence at all, decided from its tokens alone.

The parser gets one sentence of a block at a time (prose.parse_pieces; the sentences are split
before any parse, prose.sentence_ranges), and only the sentences in which some rule could
match; the rest of this describes one sentence, the unit tested.

A token pattern matches only where every one of its required tokens is present; a phrase
only where all its words are; a dependency pattern only where every node is. So each
pattern has a set of "slots", each a set of words (LOWER, ORTH) or lemmas (LEMMA) of which
the sentence must hold at least one. A sentence in which no pattern of a rule has all its slots
filled cannot produce a match for that rule, and a sentence no rule can match is never parsed.

Lemmas are known only after tagging, so they are compared the other way round: every lemma
the pipeline's lemmatizer could give a word, for any part of speech (lemmas.py), is a
candidate. A pattern with a slot we cannot read (REGEX, NORM, a POS-only token, a lemmatizer
we cannot invert) gets no slot from that token; a pattern with no slot at all makes its rule
run on every sentence in scope.

A sentence that fills a pattern's slots is then checked for their order: a token pattern's
required words must occur in its order, no further apart than its other tokens allow (a
gap of "{0,3}" words, a "*" of any length), with every condition only the parse can answer
(part of speech, tag, dependency, sentence start, an optional word) taken as true. So
"acknowledged ... not" no longer sends a sentence to the parser for "not acknowledged",
nor "could" ten words before "have" for "could {0,2} have". A phrase's words must stand
next to each other; a dependency pattern's words may be anywhere (a tree is not a run).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from dataclasses import dataclass

from blamelint.lemmas import LemmaCandidates
from blamelint.matching import _expand
from blamelint.patternvalues import allowed_strings
from blamelint.prose import Words, split_words, tokenizer_text
from blamelint.screen import TextScreen, split_runs

# Any counted repeat: "{n}" (group 2 None), "{n,m}", "{n,}" (group 2 ""), "{,m}".
_REPEAT = re.compile(r"^\{(\d*)(?:,(\d*))?\}$")


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
        self._orders: dict[str, list[tuple | None]] = {}  # rule id -> each alternative's _chain of slots
        self._patterns: dict[str, list[int]] = {}  # rule id -> the pattern each alternative comes from
        self.alternatives: dict[str, tuple[tuple[Slot, ...], ...] | None] = {
            rule.id: self._rule_alternatives(nlp, rule) for rule in rules}
        self._index_slots()
        self._screen = self._text_screen()

    def text_may_match(self, text: str, rule_ids) -> bool:
        """False only where no sentence of the block `text` could pass (sentence_patterns would
        give none), decided before tokenising it (screen.py)."""
        return self._screen.may_match(tokenizer_text(text), rule_ids)

    def rules_that_may_match(self, text: str, rule_ids) -> set[str]:
        """The rules among `rule_ids` whose patterns could match in some sentence of `text`."""
        return set().union(*(rules for _, rules in self.sentences_that_may_match(text, rule_ids)))

    def sentences_that_may_match(self, text: str, rule_ids) -> list[tuple[int, set[str]]]:
        return self.sentences_of_words(split_words(self._tokenizer, self._strings, text), rule_ids)

    def sentences_of_words(self, words: Words, rule_ids) -> list[tuple[int, set[str]]]:
        """(index, rules) of each sentence of a block's `words` (prose.split_words) in which some
        of `rule_ids` could match: some pattern of theirs has its slots filled in that sentence,
        in its order where it has one. Sentences no rule can match are left out; the parser gets
        only these."""
        return [(index, set(patterns)) for index, patterns in self.sentence_patterns(words, rule_ids)]

    def sentence_patterns(self, words: Words, rule_ids) -> list[tuple[int, dict[str, frozenset[int] | None]]]:
        """As sentences_of_words, with each rule the indices of its patterns that could match in
        the sentence (None: all of them, for a rule that always runs): a pattern none of whose
        alternatives passes cannot match there, and is not matched (matching.CompiledRules)."""
        slots, ranges = self._token_slots(words.orths), words.pieces
        # a sentence holds no rule its block cannot: the block is tested first, to skip most at once
        whole = self._passing_patterns(slots, rule_ids).keys() if len(ranges) > 1 else rule_ids
        if not whole:
            return []
        found = []
        for index, (start, end) in enumerate(ranges):
            patterns = self._passing_patterns(slots if len(ranges) == 1 else slots[start:end], whole)
            if patterns:
                found.append((index, patterns))
        return found

    def _passing_patterns(self, slots: list[frozenset[int]], rule_ids) -> dict[str, frozenset[int] | None]:
        """{rule: the indices of its patterns one of whose alternatives passes the slot and order
        tests in the sentence (None: all, for a rule that always runs)} of the rules among
        `rule_ids` that may match there."""
        candidates, filled = self._coarse(slots, rule_ids)
        passing: dict[str, frozenset[int] | None] = {}
        positions = None
        for rule_id in sorted(candidates):
            if rule_id not in self._derived:
                passing[rule_id] = None
                continue
            if positions is None:
                positions = _positions(slots)
            patterns = frozenset(
                pattern for pattern, needed, chain in zip(self._patterns[rule_id], self._needed[rule_id],
                                                          self._chains[rule_id])
                if needed <= filled and (chain is None or _in_order(chain, positions)))
            if patterns:
                passing[rule_id] = patterns
        return passing

    def coarse_rules(self, text: str, rule_ids) -> set[str]:
        """The slot test alone over the whole text, without the order or the sentences (for
        measuring what they add)."""
        slots = self._token_slots(split_words(self._tokenizer, self._strings, text).orths)
        return self._coarse(slots, rule_ids)[0]

    def _token_slots(self, orths: list[int]) -> list[frozenset[int]]:
        """The slots each token fills, in order: a block's are looked up once, and its
        sentences read slices of them."""
        slots = list(map(self._by_orth.get, orths))
        for i, known in enumerate(slots):
            if known is None:
                slots[i] = self._slots_of(orths[i])
        return slots

    def _coarse(self, slots: list[frozenset[int]], rule_ids) -> tuple[set[str], set[int]]:
        wanted = set(rule_ids)
        found = wanted - self._derived  # rules without slots always run
        filled: set[int] = set().union(*slots)
        for slot in filled:
            for rule_id, needed in self._alternatives_with.get(slot, ()):
                if rule_id in wanted and rule_id not in found and needed <= filled:
                    found.add(rule_id)
        return found, filled

    def always_run(self) -> list[str]:
        return sorted(rule_id for rule_id, alternatives in self.alternatives.items() if alternatives is None)

    def _index_slots(self) -> None:
        """Number the distinct slots and index them by the words and lemmas that fill them, and
        the alternatives by their slots, so that a block costs one lookup per distinct token and
        one test per alternative it could fill, not a test of every pattern."""
        numbers: dict[Slot, int] = {}
        self._alternatives_with: dict[int, list[tuple[str, frozenset[int]]]] = {}
        self._derived = {rule_id for rule_id, alternatives in self.alternatives.items() if alternatives is not None}
        self._needed: dict[str, list[frozenset[int]]] = {}  # rule id -> the slot numbers of each alternative
        self._chains: dict[str, list[tuple | None]] = {}  # ... and their order (_chain), by slot number
        for rule_id in self._derived:
            self._needed[rule_id], self._chains[rule_id] = [], []
            for slots, chain in zip(self.alternatives[rule_id], self._orders[rule_id]):
                needed = frozenset(numbers.setdefault(s, len(numbers)) for s in slots)
                self._needed[rule_id].append(needed)
                self._chains[rule_id].append(None if chain is None else tuple(
                    (numbers[slot], least, most) for slot, least, most in chain))
                for number in needed:
                    self._alternatives_with.setdefault(number, []).append((rule_id, needed))
        self._by_lower: dict[str, set[int]] = {}
        self._by_lemma: dict[str, set[int]] = {}
        for slot, number in numbers.items():
            index, words = (self._by_lower, slot.lowers) if slot.lowers is not None else (self._by_lemma, slot.lemmas)
            for word in words:
                index.setdefault(word, set()).add(number)
        self._by_orth: dict[int, frozenset[int]] = {}  # a token's text (as a string-store hash) -> the slots it fills

    def _text_screen(self) -> TextScreen:
        """The screen of the words that fill each slot: the slot's forms, or every word one of
        its lemmas could be given for."""
        words: dict[str, set[int]] = {word: set(slots) for word, slots in self._by_lower.items()}
        always: set[int] = set()
        for lemma, slots in self._by_lemma.items():
            forms = self._lemmas.words_for(lemma)
            if forms is None:
                always.update(slots)
                continue
            for form in forms:
                words.setdefault(form, set()).update(slots)
        return TextScreen(words, always, self._needed, split_runs(self._tokenizer))

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
        alternatives, orders, patterns = [], [], []
        for index, entry in enumerate(rule.patterns):
            for slots, chain in self._entry_alternatives(nlp, entry, rule):
                if not slots:
                    return None  # this pattern could match anywhere: the rule always runs
                alternatives.append(tuple(slots))
                orders.append(chain)
                patterns.append(index)
        self._orders[rule.id] = orders
        self._patterns[rule.id] = patterns
        return tuple(alternatives)

    def _entry_alternatives(self, nlp, entry: dict, rule) -> list[tuple[list[Slot], tuple | None]]:
        """(slots, their order as a _chain, or None where order says nothing) of each alternative."""
        if "phrases" in entry:  # words next to each other (a phrase with a space token cannot match)
            slots = [[Slot(lowers=frozenset({t.lower_})) for t in nlp.make_doc(str(p)) if not t.is_space]
                     for p in entry["phrases"]]
            return [(s, tuple((slot, 0, 0) for slot in s)) for s in slots]
        if "tokens" in entry:
            pattern = _expand(entry["tokens"], rule)
            patterns = pattern if isinstance(pattern[0], list) else [pattern]
            return [([s for s in map(self._token_slot, p) if s is not None], _chain(p, self._token_slot))
                    for p in patterns]
        nodes = _expand(entry["dependency"], rule)  # a tree: its words may be anywhere in the block
        return [([s for s in (self._attrs_slot(n.get("RIGHT_ATTRS", {})) for n in nodes) if s is not None], None)]

    def _token_slot(self, token: dict) -> Slot | None:
        if not _is_required(token):
            return None
        return self._attrs_slot(token)

    def _attrs_slot(self, attrs: dict) -> Slot | None:
        upper = {str(key).upper(): value for key, value in attrs.items()}
        # `if values`, not `is not None`: an empty IN list (no word matches it) is passed over like
        # an attribute we cannot read, not made a slot that no block fills
        for key in ("LOWER", "ORTH", "TEXT"):
            values = allowed_strings(upper.get(key))
            if values:
                return Slot(lowers=frozenset(v.lower() for v in values))
        values = allowed_strings(upper.get("LEMMA"))
        if values and self._lemmas is not None:
            return Slot(lemmas=frozenset(values))
        return None


def _positions(slots: list[frozenset[int]]) -> dict[int, list[int]]:
    """Slot -> the positions of the tokens that fill it, in order."""
    positions: dict[int, list[int]] = {}
    for i, token_slots in enumerate(slots):
        for slot in token_slots:
            positions.setdefault(slot, []).append(i)
    return positions


def _in_order(chain: tuple, positions: dict[int, list[int]]) -> bool:
    """Whether the sentence has a token of each slot of `chain` ((slot, least, most tokens since
    the previous one) ...), in order, each at a distance the pattern allows from the last."""
    reached = positions[chain[0][0]]
    for slot, least, most in chain[1:]:
        reached = [q for q in positions[slot] if _one_between(reached, q - 1 - most, q - 1 - least)]
        if not reached:
            return False
    return True


def _one_between(found: list[int], low: float, high: float) -> bool:
    """Whether the sorted positions `found` hold one in [low, high]."""
    i = bisect_left(found, low)
    return i < len(found) and found[i] <= high


def _chain(pattern: list[dict], slot_of) -> tuple:
    """The pattern's required words in order, with the fewest and most tokens that may stand
    between each and the one before: ((slot, least, most), ...). Every other condition is
    taken as true (a part of speech, a dependency, an optional word), so a run of tokens the
    pattern matches always holds the chain."""
    chain, least, most = [], 0, 0.0
    for token in pattern:
        slot = slot_of(token)
        low, high = _repeats(token)
        if slot is None:
            least, most = least + low, most + high
            continue
        chain.append((slot, least, most))
        least, most = 0, 0  # a repeated word's last repeat fills the slot too: count from there
    return tuple(chain)


def _repeats(token: dict) -> tuple[int, float]:
    """The fewest and most tokens the pattern token matches."""
    op = str(token.get("OP", "1"))
    if op in ("1", "!"):
        return 1, 1
    if op in ("?", "*", "+"):
        return (0 if op != "+" else 1), (1 if op == "?" else math.inf)
    bounded = _REPEAT.match(op)
    if bounded is None:
        return 0, math.inf  # an operator we do not know: no bound at all
    low = int(bounded.group(1) or 0)
    high = bounded.group(2)
    return low, (low if high is None else math.inf if high == "" else int(high))


def _is_required(token: dict) -> bool:
    """A token whose word must occur for the pattern to match: one the pattern takes at least
    once (no operator, "+", "{n}", "{n,m}", "{n,}" with n >= 1), but not "!", which takes one
    token of any word but this one."""
    return _repeats(token)[0] >= 1 and token.get("OP") != "!"

