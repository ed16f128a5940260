"""Load-time guards against patterns whose cost grows faster than the text they run on.

- A spaCy token pattern may repeat a token without bound (`OP: "+"`, `"*"`, `"{2,}"`) only
  when that token can match only words (a word list, a part of speech that is not
  punctuation, IS_ALPHA). Repeating a token that can match
  punctuation or any word makes the Matcher keep a partial match open at every position of
  a run: 20 KB of "!" against `"!" then ("!"|"?")+` made about n^2/2 candidates (790 s,
  22 GB). Such a token takes a bounded repetition instead (`OP: "{1,8}"`).
- A fix's regular expression may not nest one unbounded repetition inside another
  (`(a+)+`, `(\\s*\\w+)*`): Python's `re` backtracks exponentially on such a pattern.
"""

from __future__ import annotations

import re

_UNBOUNDED_OPS = ("+", "*")
_OPEN_RANGE = re.compile(r"^\{\s*\d*\s*,\s*\}$")  # {n,}: no upper bound
_WORD_ATTRS = ("LOWER", "LEMMA", "ORTH", "TEXT", "NORM")
_WORD = re.compile(r"\w")
_NON_WORD_POS = {"PUNCT", "SYM", "X", "SPACE"}


def unbounded_token_problem(tokens) -> tuple[int, str] | None:
    """(token index, message) for the first token repeated without bound that is not
    restricted to words; None when every repetition is safe."""
    patterns = tokens if tokens and isinstance(tokens[0], list) else [tokens]
    for pattern in patterns:
        for index, token in enumerate(pattern):
            if not isinstance(token, dict):
                continue
            op = token.get("OP")
            unbounded = op in _UNBOUNDED_OPS or (isinstance(op, str) and bool(_OPEN_RANGE.match(op)))
            if unbounded and not _words_only(token):
                return index, (f"OP {op!r} repeats, without bound, a token that can match punctuation or any token "
                               "(the matcher's work then grows with the square of a run's length); restrict the token "
                               "to a word list (LOWER/LEMMA/ORTH IN [...]) or bound it, e.g. OP: \"{1,8}\"")
    return None


def _words_only(token: dict) -> bool:
    """The token can only match words: listed words (each holding a letter or digit), parts of
    speech other than punctuation and symbols, or alphabetic or numeric tokens."""
    for attr in _WORD_ATTRS:
        value = token.get(attr)
        if isinstance(value, str):
            return _is_word(value)
        if isinstance(value, dict) and isinstance(value.get("IN"), list) and value["IN"]:
            return all(isinstance(v, str) and _is_word(v) for v in value["IN"])
    pos = token.get("POS")
    values = [pos] if isinstance(pos, str) else pos.get("IN") if isinstance(pos, dict) else None
    if isinstance(values, list) and values:
        return not any(v in _NON_WORD_POS for v in values)
    return any(token.get(flag) is True for flag in ("IS_ALPHA", "IS_DIGIT", "LIKE_NUM"))


def _is_word(value: str) -> bool:
    return value.startswith("$") or bool(_WORD.search(value))  # $name: a lexicon word list


def catastrophic_regex(pattern: str) -> bool:
    """Whether `pattern` nests an unbounded repetition inside another one."""
    try:
        from re import _parser as parser  # CPython's own parse of the pattern (3.11+)

        tree = parser.parse(pattern)
    except Exception:  # not CPython, or an invalid pattern (reported elsewhere)
        return False
    return _nested_repeat(tree, inside=False)


def _nested_repeat(items, inside: bool) -> bool:
    from re import _constants as constants

    for op, value in items:
        if op in (constants.MAX_REPEAT, constants.MIN_REPEAT):  # a possessive repeat never backtracks
            _low, high, body = value
            unbounded = high is constants.MAXREPEAT
            if (unbounded and inside) or _nested_repeat(body, inside or unbounded):
                return True
        elif op is constants.SUBPATTERN and _nested_repeat(value[-1], inside):
            return True
        elif op is constants.BRANCH and any(_nested_repeat(branch, inside) for branch in value[1]):
            return True
        elif op in (constants.ASSERT, constants.ASSERT_NOT) and _nested_repeat(value[1], inside):
            return True
    return False
