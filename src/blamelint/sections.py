"""Heading vocabulary: which canonical section kinds a heading means."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources

from blamelint.yamlsource import load_data

_NUMBERING = re.compile(r"^\s*(?:[ivx]+\.|\d+(?:\.\d+)*\.?|[a-z]\))\s+", re.IGNORECASE)
_NON_WORD = re.compile(r"[^a-z0-9]+")


def normalize_heading(title: str) -> str:
    """Lower-case words separated by single spaces: numbering, punctuation, emoji gone."""
    text = unicodedata.normalize("NFKC", title).lower()
    text = _NUMBERING.sub("", text)
    return _NON_WORD.sub(" ", text).strip()


class SectionVocabulary:
    """Maps heading text to the set of canonical kinds it names."""

    def __init__(self, synonyms: dict[str, list[str]]):
        self.synonyms = {kind: sorted({normalize_heading(s) for s in words}) for kind, words in synonyms.items()}
        self._kinds: dict[str, frozenset[str]] = {}  # a heading seen before (each check asks again)

    def kinds_of(self, title: str) -> frozenset[str]:
        found = self._kinds.get(title)
        if found is None:
            if len(self._kinds) >= 10_000:  # a language server lives long: keep the memo bounded
                self._kinds.clear()
            padded = f" {normalize_heading(title)} "
            found = self._kinds[title] = frozenset(
                kind for kind, words in self.synonyms.items() if any(f" {word} " in padded for word in words if word))
        return found

    def with_overrides(self, overrides: dict[str, list[str]]) -> "SectionVocabulary":
        merged = {kind: list(words) for kind, words in self.synonyms.items()}
        for kind, words in overrides.items():
            merged[kind] = list(words)
        return SectionVocabulary(merged)


@lru_cache(maxsize=1)
def default_vocabulary() -> SectionVocabulary:
    text = resources.files("blamelint").joinpath("data/sections.yaml").read_text(encoding="utf-8")
    return SectionVocabulary(load_data(text))
