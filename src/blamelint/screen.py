"""A test on a block's text, before it is tokenised, that every block the prefilter would pass
passes too: tokenising is most of what the prefilter costs, and most blocks in scope hold none
of the word combinations any rule needs.

A token's text is a piece of the text the tokenizer was given (prose.tokenizer_text), so each
word a slot could be filled by (prefilter.Slot: a lower-case form, or a word some lemma of the
slot's could be given, lemmas.LemmaCandidates.words_for) is a substring of the block where the
slot is filled. The test asks only that: it knows nothing of how the tokenizer splits, so no
tokenizer, special case or affix rule can make it wrong, only weaker ("cause" in "because").

Compared case-folded (str.casefold, which folds each character on its own, so the fold of a
token is a piece of the fold of its block, and equals the fold of its lower case form). A word of
letters, digits and underscores lies inside one run of such characters of the block, so each
distinct run is read once, for the words inside it; a word with other characters ("n't", "-")
is looked for in the whole text, or, where it has a run of three characters or more
("co-worker"), that run is (any piece of a word that is there is there too).

Slots are bits of an int: a block fills the union of its runs' bits, and an alternative of a
rule (prefilter.Triggers: the slots one pattern needs) is met where all its bits are filled.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

_RUN = re.compile(r"\w+")
# A word with other characters than \w is looked for by its longest run when that run is at
# least this long, else as it is in the whole text (a shorter run is in nearly every block).
_MIN_RUN = 3


class TextScreen:
    def __init__(self, words: Mapping[str, Iterable[int]], always: Iterable[int],
                 alternatives: Mapping[str, list[frozenset[int]]]):
        """`words`: each word that fills slots -> their numbers; `always`: slots the test cannot
        read (taken as filled); `alternatives`: rule id -> the slot numbers of each of its
        alternatives, for the rules that have slots (any other rule always passes)."""
        self._always = _bits(always)
        self._in_runs: dict[str, int] = {}  # a word of \w characters -> its slots' bits
        self._in_text: dict[str, int] = {}  # another word -> its slots' bits
        for word, slots in words.items():
            self._add(word.casefold(), _bits(slots))
        self._prefixes = {word[:end] for word in self._in_runs for end in range(1, len(word) + 1)}
        self._runs: dict[str, int] = {}  # a run seen in a block -> the bits of the words inside it
        self._shortest = _shortest_words(self._in_runs, self._in_text)
        self._alternatives = {rule_id: {_bits(needed) for needed in alts} for rule_id, alts in alternatives.items()}
        self._keyed: dict[frozenset[str], tuple[dict[int, list[int]], int] | None] = {}

    def may_match(self, text: str, rule_ids) -> bool:
        """False only where no alternative of any of `rule_ids` has all its slots' words in
        `text` (the block's text as the tokenizer gets it: prose.tokenizer_text)."""
        keyed = self._by_key(rule_ids)
        if keyed is None:
            return True
        groups, keys = keyed
        folded = text.casefold()
        filled = self._always
        runs = self._runs
        for run in set(_RUN.findall(folded)):
            bits = runs.get(run)
            filled |= self._read_run(run) if bits is None else bits
        for word, bits in self._in_text.items():
            if word in folded:
                filled |= bits
        present = filled & keys
        while present:  # each alternative is tried only where its key slot is filled
            key = present & -present
            present ^= key
            if any(needed & filled == needed for needed in groups[key]):
                return True
        return False

    def _add(self, word: str, bits: int) -> None:
        if not word:
            self._always |= bits  # an empty word is in every text
        elif _RUN.fullmatch(word):
            self._in_runs[word] = self._in_runs.get(word, 0) | bits
        else:
            longest = max(_RUN.findall(word), key=len, default="")
            if len(longest) >= _MIN_RUN:
                self._in_runs[longest] = self._in_runs.get(longest, 0) | bits
            else:
                self._in_text[word] = self._in_text.get(word, 0) | bits

    def _read_run(self, run: str) -> int:
        """The bits of every word inside `run`, each substring tried while it begins a word."""
        bits, words, prefixes = 0, self._in_runs, self._prefixes
        for start in range(len(run)):
            for end in range(start + 1, len(run) + 1):
                piece = run[start:end]
                if piece not in prefixes:
                    break
                bits |= words.get(piece, 0)
        self._runs[run] = bits
        return bits

    def _by_key(self, rule_ids) -> tuple[dict[int, list[int]], int] | None:
        """The alternatives of `rule_ids` grouped by one slot of each (the one whose shortest word
        is longest, likely the rarest), and those slots' bits; None where one of them always runs."""
        key = frozenset(rule_ids)
        if key not in self._keyed:
            if not key <= self._alternatives.keys() or any(
                    needed == 0 for rule_id in key for needed in self._alternatives[rule_id]):
                self._keyed[key] = None  # a rule without slots, or an alternative without any
            else:
                groups: dict[int, list[int]] = {}
                for needed in {bits for rule_id in key for bits in self._alternatives[rule_id]}:
                    groups.setdefault(self._key_bit(needed), []).append(needed)
                keys = 0
                for bit in groups:
                    keys |= bit
                self._keyed[key] = (groups, keys)
        return self._keyed[key]

    def _key_bit(self, needed: int) -> int:
        numbers = [n for n in range(needed.bit_length()) if needed >> n & 1]
        return 1 << max(numbers, key=lambda n: self._shortest.get(n, 0))


def _bits(numbers: Iterable[int]) -> int:
    bits = 0
    for number in numbers:
        bits |= 1 << number
    return bits


def _shortest_words(*tables: dict[str, int]) -> dict[int, int]:
    """Slot number -> the length of its shortest word."""
    shortest: dict[int, int] = {}
    for table in tables:
        for word, bits in table.items():
            for number in range(bits.bit_length()):
                if bits >> number & 1:
                    shortest[number] = min(shortest.get(number, len(word)), len(word))
    return shortest
