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

Where the tokenizer is known to split like spaCy's English rules (split_runs), a run of letters
only is read as one word: "he" is not in "the", nor "miss" in "mission". Those rules never cut
between two letters (each prefix and suffix begins or ends with a character other than a
letter, or, as "km" and "US$" do, follows a digit; each infix is punctuation), except in a
special case ("cannot": "can", "not"; "gonna"), so a token of letters is a whole run of letters
of its block unless that run is one a special case cuts. Runs with digits or underscores ("_"
is a prefix and a suffix), runs a special case cuts, and the runs of any other tokenizer are read
for every word inside them, as above. A run is found in the text as given and then folded, where
the runs of the folded text are the folds of the given runs, one for one (always so for ASCII). A text where a fold joins or splits runs (U+0345, the Greek iota subscript,
folds to a letter; "İ" to "i" and a combining dot) is read as folded, every word inside its runs.

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
                 alternatives: Mapping[str, list[frozenset[int]]], split_runs: frozenset[str] | None = None):
        """`words`: each word that fills slots -> their numbers; `always`: slots the test cannot
        read (taken as filled); `alternatives`: rule id -> the slot numbers of each of its
        alternatives, for the rules that have slots (any other rule always passes).
        `split_runs`: the folded runs of letters the tokenizer may cut (split_runs()), or None
        where it may cut any run: then every run is read for every word inside it."""
        self._always = _bits(always)
        self._in_runs: dict[str, int] = {}  # a word of \w characters -> its slots' bits
        self._pieces: dict[str, int] = {}  # the longest run of a word with other characters -> bits
        self._in_text: dict[str, int] = {}  # another word -> its slots' bits
        for word, slots in words.items():
            self._add(word.casefold(), _bits(slots))
        self._split_runs = split_runs
        self._prefixes = {word[:end] for table in (self._in_runs, self._pieces) for word in table
                          for end in range(1, len(word) + 1)}
        self._runs: dict[str, int] = {}  # a run seen in a block, as given -> the bits of the words it may hold
        self._folded_runs: dict[str, int] = {}  # a run of a folded block -> the bits of the words inside it
        self._shortest = _shortest_words(self._in_runs, self._pieces, self._in_text)
        self._alternatives = {rule_id: {_bits(needed) for needed in alts} for rule_id, alts in alternatives.items()}
        self._keyed: dict[frozenset[str], tuple[dict[int, list[int]], int] | None] = {}

    def may_match(self, text: str, rule_ids) -> bool:
        """False only where no alternative of any of `rule_ids` has all its slots' words in
        `text` (the block's text as the tokenizer gets it: prose.tokenizer_text)."""
        keyed = self._by_key(rule_ids)
        if keyed is None:
            return True
        groups, keys = keyed
        filled = self._always
        folded = text.casefold()
        if self._split_runs is not None and (text.isascii() or _folds_run_by_run(text, folded)):
            runs, read, found = self._runs, self._read_run, _RUN.findall(text)
        else:  # every run of the folded text, for every word inside it
            runs, read, found = self._folded_runs, self._read_folded_run, _RUN.findall(folded)
        for run in set(found):
            bits = runs.get(run)
            filled |= read(run) if bits is None else bits
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
            if len(longest) >= _MIN_RUN:  # looked for inside runs: a fold may split a word's runs
                self._pieces[longest] = self._pieces.get(longest, 0) | bits
            else:
                self._in_text[word] = self._in_text.get(word, 0) | bits

    def _read_run(self, given: str) -> int:
        """The bits of the words `given` (a run of the text as given, which folds run by run) can
        hold: where it is a run of letters the tokenizer never cuts, the word it is, and the
        pieces of words with other characters inside it; else every word inside it."""
        run = given.casefold()
        if given.isalpha() and run not in self._split_runs:
            bits = self._in_runs.get(run, 0) | self._inside(run, self._pieces)
        else:
            bits = self._inside(run, self._in_runs) | self._inside(run, self._pieces)
        self._runs[given] = bits
        return bits

    def _read_folded_run(self, run: str) -> int:
        """The bits of every word inside `run`, a run of the folded text."""
        bits = self._inside(run, self._in_runs) | self._inside(run, self._pieces)
        self._folded_runs[run] = bits
        return bits

    def _inside(self, run: str, words: dict[str, int]) -> int:
        """The bits of the `words` inside `run`, each substring tried while it begins a word."""
        bits, prefixes = 0, self._prefixes
        for start in range(len(run)):
            for end in range(start + 1, len(run) + 1):
                piece = run[start:end]
                if piece not in prefixes:
                    break
                bits |= words.get(piece, 0)
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


def _folds_run_by_run(text: str, folded: str) -> bool:
    """Whether the runs of `folded` (text.casefold()) are the folds of the runs of `text`, one for
    one: then no character's fold changes whether it belongs to a run. Some do: U+0345 (the Greek
    iota subscript, not a word character) folds to a letter and joins two runs; "İ" folds to "i"
    and a combining dot, which splits one. Such a text is read as folded, every word inside its
    runs."""
    return [run.casefold() for run in _RUN.findall(text)] == _RUN.findall(folded)


def split_runs(tokenizer) -> frozenset[str] | None:
    """The folded runs of letters `tokenizer` may cut, where it splits by spaCy's English rules
    (whose affixes never cut between two letters: module docstring): the runs of its special
    cases with a token boundary inside. None for a tokenizer with other affixes or a token_match."""
    from spacy.attrs import ORTH
    from spacy.lang.en import English
    from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

    english = English.Defaults
    expected = ((tokenizer.prefix_search, compile_prefix_regex(english.prefixes)),
                (tokenizer.suffix_search, compile_suffix_regex(english.suffixes)),
                (tokenizer.infix_finditer, compile_infix_regex(english.infixes)))
    if tokenizer.token_match is not None or any(
            getattr(getattr(found, "__self__", None), "pattern", None) != pattern.pattern for found, pattern in expected):
        return None
    cut: set[str] = set()
    for text, tokens in tokenizer.rules.items():
        edges, at = set(), 0
        for token in tokens:
            at += len(token[ORTH])
            edges.add(at)
        cut.update(run.group().casefold() for run in _RUN.finditer(text)
                   if any(run.start() < edge < run.end() for edge in edges))
    return frozenset(cut)


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
