"""The words a spaCy Matcher pattern attribute names, read without a matcher (by the prefilter,
the lemma candidates and the attribute-ruler stand-in), so that all three read a value alike."""

from __future__ import annotations


def allowed_strings(value) -> list[str] | None:
    """The strings an attribute's value lets a token have: [value] for a plain string, the list
    of an `{"IN": [...]}` predicate whose items are all strings ([] for an empty list, which
    matches nothing); None for any other value (REGEX, NOT_IN, a number), which names no words.
    Predicate names are read in any case, as spaCy reads them ("in" is "IN")."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        inside = {str(k).upper(): v for k, v in value.items()}.get("IN")
        if isinstance(inside, list) and all(isinstance(v, str) for v in inside):
            return list(inside)
    return None
