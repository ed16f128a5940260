"""A lossless gate between the tagger and the parser: which sentences could still match once
their tags are known.

The prefilter (prefilter.py) reads only words, so a sentence holding "had" goes to the parser
for "Had <someone> done ..." whatever follows it. Once a sentence is tagged (tok2vec and the
tagger, half of a parse), its tags decide much more: over corpus/docs a fifth of the sentences
the prefilter passes cannot match any pattern once tagged, and the parser and the annotations
after it (prose._parsed) are skipped for them.

Each pattern of a rule is relaxed into patterns that read only what is known after tagging,
and match wherever the pattern itself could match after the parse:

- the words and their lexical attributes (ORTH, LOWER, LENGTH, IS_ALPHA, LIKE_NUM ...) and
  the operators are kept as they are;
- TAG is kept unless the attribute ruler, which runs after the parser, may set a tag the
  pattern accepts (it would then match a token the tagger tagged otherwise);
- POS is set only by the attribute ruler, from the tag and sometimes the word or the
  dependency label: a token can have a part of speech only if it fits one of the ruler's
  patterns that give it (their tags, or their words; a ruler pattern that reads neither
  makes the part of speech unknown, and the test is dropped);
- everything else (LEMMA, DEP, MORPH, ENT_TYPE, IS_SENT_START, extension attributes ...)
  is dropped: any value passes.

A dependency pattern is relaxed node by node: it could match only where each of its nodes has
a token fitting its relaxed attributes. A phrase always could (the prefilter's test of its
words is exact). Every relaxed test accepts whatever the full test accepts, so a sentence the
gate drops could never have matched: --exhaustive, which parses every sentence, gives the same
findings (tests/test_taggate.py checks that and every relaxation over the shared corpus).

The gate is used only where the pipeline is spaCy's English shape (tok2vec, tagger, parser,
attribute ruler, lemmatizer, and the entity recogniser on demand) and the ruler and lemmatizer
run as annotate.py's stand-in; anywhere else every sentence is parsed as before.
"""

from __future__ import annotations

from itertools import product
from math import prod

from blamelint.matching import _expand
from blamelint.patternvalues import allowed_strings

# Attributes of the word alone: the same before and after the parse.
_LEXICAL = frozenset({"ORTH", "TEXT", "LOWER", "LENGTH", "IS_ALPHA", "IS_ASCII", "IS_DIGIT", "IS_LOWER",
                      "IS_UPPER", "IS_TITLE", "IS_PUNCT", "IS_SPACE", "IS_STOP", "LIKE_NUM", "LIKE_URL",
                      "LIKE_EMAIL", "SHAPE", "PREFIX", "SUFFIX"})
_SHAPE = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"]
# Past this many relaxed patterns for one pattern, its part-of-speech tests are dropped instead.
_MAX_ALTERNATIVES = 64


class TagGate:
    """For the pattern rules of one pipeline: which of their patterns could match a tagged Doc."""

    def __init__(self, nlp, rules) -> None:
        ruler = nlp.get_pipe("attribute_ruler")
        self._tags_set = {str(group["attrs"]["TAG"]) for group in ruler.patterns if "TAG" in group["attrs"]}
        self._pos_ways = _pos_ways(ruler.patterns)
        self._vocab = nlp.vocab
        # (rule, pattern) -> a matcher of its relaxed patterns (a dependency pattern's: one key a
        # node), and how many keys must match. A matcher a pattern: only the patterns the
        # prefilter left a sentence are run on it (some cost much on every sentence)
        self._gated: dict[tuple[str, int], tuple[Matcher, int]] = {}
        self._counts: dict[str, int] = {}  # rule id -> how many patterns it has
        for rule in rules:
            self._counts[rule.id] = len(rule.patterns)
            for index, entry in enumerate(rule.patterns):
                self._add(rule, index, entry)

    @classmethod
    def of(cls, nlp, rules) -> TagGate | None:
        """The gate for `nlp`, or None where the pipeline is not the shape the gate covers."""
        from spacy.pipeline import AttributeRuler

        from blamelint.annotate import stand_in

        if [name for name in nlp.pipe_names if name != "ner"] != _SHAPE:
            return None
        if type(nlp.get_pipe("attribute_ruler")) is not AttributeRuler or stand_in(nlp) is None:
            return None
        return cls(nlp, rules)

    def may_match(self, doc, patterns: dict) -> bool:
        """Whether some of `patterns` ({rule id: pattern indices, or None for all}) could match
        the tagged `doc` once it is parsed."""
        for rule_id, indices in patterns.items():
            if rule_id not in self._counts:
                return True
            for index in range(self._counts[rule_id]) if indices is None else indices:
                gated = self._gated.get((rule_id, index))
                if gated is None:
                    return True
                matcher, needed = gated
                if len({match_id for match_id, _, _ in matcher(doc)}) == needed:
                    return True
        return False

    def _add(self, rule, index: int, entry: dict) -> None:
        from spacy.matcher import Matcher

        matcher = Matcher(self._vocab)
        if "tokens" in entry:
            expanded = _expand(entry["tokens"], rule)
            patterns = expanded if isinstance(expanded[0], list) else [expanded]
            matcher.add("pattern", [relaxed for pattern in patterns for relaxed in self._relaxed(pattern)])
            self._gated[(rule.id, index)] = (matcher, 1)
        elif "dependency" in entry:
            nodes = _expand(entry["dependency"], rule)
            for number, node in enumerate(nodes):
                matcher.add(f"node {number}", [[token] for token in self._relaxed_token(node.get("RIGHT_ATTRS", {}))])
            self._gated[(rule.id, index)] = (matcher, len(nodes))

    def _relaxed(self, pattern: list[dict]) -> list[list[dict]]:
        """Patterns of what is known after tagging, which together match wherever `pattern` could."""
        pattern = _trimmed(pattern)
        choices = [self._relaxed_token(token) for token in pattern]
        if prod(map(len, choices)) > _MAX_ALTERNATIVES:
            choices = [self._relaxed_token(token, with_pos=False) for token in pattern]
        relaxed = [_trimmed(list(tokens)) for tokens in product(*choices)]
        return [tokens for tokens in relaxed if tokens] or [[{}]]  # nothing left to test: any token

    def _relaxed_token(self, token: dict, with_pos: bool = True) -> list[dict]:
        """Token patterns of what is known after tagging, one of which every token `token`
        accepts after the parse fits."""
        upper = {str(key).upper(): value for key, value in token.items()}
        kept = {key: value for key, value in upper.items() if key in _LEXICAL or key == "OP"}
        if "TAG" in upper and not any(_may_accept(upper["TAG"], tag) for tag in self._tags_set):
            kept["TAG"] = upper["TAG"]
        ways = self._ways_to(upper.get("POS")) if with_pos and "POS" in upper else None
        if ways is None:
            return [kept]
        return [{**way, **kept} for way in ways]  # the pattern's own test of an attribute is kept

    def _ways_to(self, value) -> list[dict] | None:
        """Token tests one of which a token with a part of speech `value` accepts passes (by the
        ruler's patterns that give it), or None where that cannot be said."""
        accepted = allowed_strings(value)
        if accepted is None:
            return None
        ways: list[dict] = []
        for pos in accepted:
            given = self._pos_ways.get(pos, [])
            if any(way is None for way in given):
                return None
            ways.extend(given)
        tags = sorted({tag for way in ways for tag in way.get("TAG", [])})
        words = sorted({word for way in ways for word in way.get("LOWER", [])})
        merged = ([{"TAG": {"IN": tags}}] if tags else []) + ([{"LOWER": {"IN": words}}] if words else [])
        return merged or [{"ORTH": {"IN": []}}]  # no ruler pattern gives it: no token has it


def _trimmed(pattern: list[dict]) -> list[dict]:
    """`pattern` without the tokens at either end that may be absent or accept any token: a
    pattern without its first or last token matches wherever the whole of it does (inside that
    match), and such an end costs the matcher much (an optional run of any twelve words)."""
    start, end = 0, len(pattern)
    while start < end and _loose(pattern[start]):
        start += 1
    while end > start and _loose(pattern[end - 1]):
        end -= 1
    return pattern[start:end]


def _loose(token: dict) -> bool:
    op = str(token.get("OP", "1"))
    return op in ("?", "*") or op.startswith(("{0,", "{,")) or op == "{0}" or not [k for k in token if k != "OP"]


def _pos_ways(groups: list[dict]) -> dict[str, list[dict | None]]:
    """{part of speech: for each ruler pattern that gives it, {"TAG": tags} or {"LOWER": words}
    a token it gives it to has, or None where the pattern holds its token to neither}."""
    ways: dict[str, list[dict | None]] = {}
    for group in groups:
        pos = group["attrs"].get("POS")
        if pos is None:
            continue
        for pattern in group["patterns"]:
            target = {str(k).upper(): v for k, v in pattern[group["index"]].items()}
            ways.setdefault(str(pos), []).append(_way(target))
    return ways


def _way(target: dict) -> dict | None:
    if "OP" in target:
        return None
    tags, words = allowed_strings(target.get("TAG")), allowed_strings(target.get("LOWER"))
    if tags is not None:
        return {"TAG": tags}
    if words is not None:
        return {"LOWER": [word.lower() for word in words]}
    return None


def _may_accept(value, tag: str) -> bool:
    """Whether a TAG test `value` may accept `tag` (True where that cannot be said)."""
    accepted = allowed_strings(value)
    return accepted is None or tag in accepted

