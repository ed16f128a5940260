"""Shared word lists (data/lexicon.yaml), referenced from rule patterns as "$name"."""

from functools import lru_cache
from importlib import resources

from blamelint.yamlsource import load_data


@lru_cache(maxsize=1)
def lexicon() -> dict[str, frozenset[str]]:
    text = resources.files("blamelint").joinpath("data/lexicon.yaml").read_text(encoding="utf-8")
    return {name: frozenset(str(word).lower() for word in words) for name, words in load_data(text).items()}


def words(name: str) -> frozenset[str]:
    return lexicon()[name]
