"""lemminflect's lemma and inflection tables, decoded a word at a time.

On its first lookup lemminflect decodes every line of both tables into dicts (121,126 lines:
0.24-0.37 s of each run's start with the collector paused, 0.9 s without; docs/performance.md),
though a run looks up a few hundred words. Its lookups only ever ask a table for one word (`table.get(word, {})`, then a
deep copy), so a LazyTable stands in for each dict: it reads and sorts the lines (25 ms), and
decodes a word's lines with lemminflect's own codecs when that word is first asked for, merged
in the order of the file as its loaders merge them. tests/test_lemmatables.py checks that
every word of both tables gives what lemminflect's own loaders give.

Installed only where lemminflect keeps its tables where this expects them (the attributes its
loaders fill, lazily, on first use); otherwise its own loaders run as they are.
"""

from __future__ import annotations

import gzip
from bisect import bisect_left
from collections.abc import Callable, Iterator, Mapping
from functools import lru_cache


@lru_cache(maxsize=4)
def table_lines(path: str) -> tuple[str, ...]:
    """The lines of one of lemminflect's gzipped tables, read once a process: the lemma table
    is read both here and for the dictionary of English words (persons.py)."""
    with gzip.open(path, "rb") as table:
        return tuple(table.read().decode().splitlines())


def _word_of(line: str) -> str:
    return line[: line.find(",")]


class LazyTable(Mapping):
    """The dict a lemminflect loader makes of a table file ("word,category,..." lines), each
    word's entry decoded on first use. `decode(lines)` makes an entry of a word's lines, in
    file order; `fixed`: entries that replace the table's (lemminflect's hard-coded ones)."""

    def __init__(self, path: str, decode: Callable[[list[str]], dict], fixed: dict | None = None):
        self._lines = sorted((line for line in table_lines(path) if line.strip()), key=_word_of)  # stable: file order kept
        self._decode = decode
        self._fixed = dict(fixed or {})
        self._decoded: dict[str, dict] = {}

    def __getitem__(self, word: str) -> dict:
        if word in self._fixed:
            return self._fixed[word]
        entry = self._decoded.get(word)
        if entry is None:
            lines = self._lines_of(word)
            if not lines:
                raise KeyError(word)
            entry = self._decoded[word] = self._decode(lines)
        return entry

    def __iter__(self) -> Iterator[str]:
        seen = set(self._fixed)
        yield from self._fixed
        for line in self._lines:
            word = _word_of(line)
            if word not in seen:
                seen.add(word)
                yield word

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def _lines_of(self, word: str) -> list[str]:
        if not isinstance(word, str):
            return []
        at = bisect_left(self._lines, word, key=_word_of)
        found = []
        while at < len(self._lines) and _word_of(self._lines[at]) == word:
            found.append(self._lines[at])
            at += 1
        return found


def install(lemmatizer=None, inflections=None) -> bool:
    """Give lemminflect's lemmatizer and inflector (its singletons, by default) lazy tables,
    unless they already hold tables or keep them some other way. True if both were installed."""
    try:
        from lemminflect import Inflections, Lemmatizer
        from lemminflect.codecs.InflectionLUCodec import InflectionLUCodec
        from lemminflect.codecs.LemmaLUCodec import LemmaLUCodec
        from lemminflect.core.LexicalUtils import categoryToUPos
    except ImportError:
        return False
    lemmatizer = Lemmatizer() if lemmatizer is None else lemmatizer
    inflections = Inflections() if inflections is None else inflections
    if not (_expects(lemmatizer, "_getLemmaDict", "lemma_lu_fn", "lemma_dict")
            and _expects(inflections, "_getInflDict", "infl_lu_fn", "infl_dict")):
        return False

    def lemmas(lines: list[str]) -> dict:
        entry: dict = {}
        for line in lines:
            _, category, forms = LemmaLUCodec.fromString(line)
            entry[categoryToUPos(category)] = forms
        return entry

    def inflected(lines: list[str]) -> dict:
        entry: dict = {}
        for line in lines:
            entry.update(InflectionLUCodec.fromString(line)[2])
        return entry

    try:
        lemma_table = LazyTable(lemmatizer.lemma_lu_fn, lemmas)
        inflection_table = LazyTable(inflections.infl_lu_fn, inflected, fixed=InflectionLUCodec.updateForAuxMod({}))
    except (OSError, ValueError):
        return False
    lemmatizer.lemma_dict = lemma_table
    inflections.infl_dict = inflection_table
    return True


def _expects(keeper, loader: str, path: str, table: str) -> bool:
    """The object loads its table lazily into `table` (not done yet) from the file at `path`."""
    return callable(getattr(keeper, loader, None)) and isinstance(getattr(keeper, path, None), str) \
        and not hasattr(keeper, table)
