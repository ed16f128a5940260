"""Compile rule patterns into spaCy matchers: one key per rule pattern, so we know which fired."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from blamelint.errors import RuleError
from blamelint.lexicon import lexicon
from blamelint.rules import Rule


@dataclass(frozen=True)
class RawMatch:
    rule: str
    pattern_index: int
    start: int  # token indices in the Doc
    end: int
    nodes: dict = field(default_factory=dict)  # dependency node name -> token index


class CompiledRules:
    """All pattern rules compiled into spaCy matchers over a shared vocabulary: one phrase
    matcher for every rule, a dependency matcher per rule, and for a rule's token patterns a
    matcher of those the prefilter left a sentence (prefilter.Triggers.sentence_patterns),
    made the first time that set is asked for and kept: over corpus/docs the token patterns
    of the rules the prefilter left took 0.47 s, the patterns it left 0.07 s. A rule's token
    exceptions have a matcher of their own, run only where one of its patterns matched (they
    only ever veto a match). The states of one matcher run independently of each other, so a
    matcher of some of a rule's patterns gives their matches in the order a matcher of them
    all gives them."""

    def __init__(self, nlp, rules: list[Rule]):
        from spacy.matcher import PhraseMatcher

        self.vocab = nlp.vocab
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.tokens: dict[str, list[tuple[int, str, list]]] = {}  # rule id -> (index, key, patterns) of its token patterns
        # (rule, token pattern indices or None: all of them) -> Matcher; all of them made here
        self._token_matchers: dict[tuple[str, frozenset[int] | None], object] = {}
        self.token_exceptions: dict[str, object] = {}  # rule id -> Matcher of its token exceptions
        self.dependency: dict[str, object] = {}  # rule id -> DependencyMatcher of its dependency patterns
        self.node_names: dict[str, list[str]] = {}
        self._keys: dict[int, tuple[str, str, int]] = {}
        self.rule_ids = [rule.id for rule in rules]
        for rule in rules:
            for index, entry in enumerate(rule.patterns):
                self._add(nlp, rule, "p", index, entry)
            for index, entry in enumerate(rule.exceptions):
                self._add(nlp, rule, "x", index, entry)

    def _add(self, nlp, rule: Rule, role: str, index: int, entry: dict) -> None:
        from spacy.matcher import DependencyMatcher, Matcher

        key = f"{rule.id}:{role}{index}"
        self._keys[self.vocab.strings.add(key)] = (rule.id, role, index)
        try:
            if "phrases" in entry:
                self.phrases.add(key, [nlp.make_doc(str(p)) for p in entry["phrases"]])
            elif "tokens" in entry:
                patterns = _expand(entry["tokens"], rule)
                patterns = patterns if isinstance(patterns[0], list) else [patterns]
                if role == "p":  # the matcher of all of them is the one that validates each
                    matcher = self._token_matchers.setdefault((rule.id, None), Matcher(nlp.vocab, validate=True))
                    matcher.add(key, patterns, greedy="LONGEST")
                    self.tokens.setdefault(rule.id, []).append((index, key, patterns))
                else:
                    matcher = self.token_exceptions.setdefault(rule.id, Matcher(nlp.vocab, validate=True))
                    matcher.add(key, patterns, greedy="LONGEST")
            else:
                pattern = _expand(entry["dependency"], rule)
                matcher = self.dependency.setdefault(rule.id, DependencyMatcher(nlp.vocab, validate=True))
                matcher.add(key, [pattern])
                self.node_names[key] = [node["RIGHT_ID"] for node in pattern]
        except RuleError as problem:  # a word list of the lexicon: point at the entry that names it
            raise RuleError(problem.message, rule.source, problem.line or rule.lines.get((role, index))) from None
        except Exception as problem:  # spaCy reports bad patterns with several exception types
            summary = " ".join(str(problem).split())[:300]
            raise RuleError(f"invalid pattern in {'patterns' if role == 'p' else 'exceptions'}[{index}]: {summary}",
                            rule.source, rule.lines.get((role, index))) from None

    def match(self, doc, rule_ids=None) -> tuple[list[RawMatch], list[RawMatch]]:
        """(pattern matches, exception matches) in `doc` of the rules in `rule_ids` (None: all):
        an iterable of rule ids (every pattern of each), or {rule id: the indices of the
        patterns to match, or None for all of them}. The indices choose among a rule's token
        patterns; its phrases and dependency patterns are all matched (they cost little, and
        one the prefilter left out cannot match)."""
        wanted = dict(rule_ids) if isinstance(rule_ids, dict) else dict.fromkeys(
            self.rule_ids if rule_ids is None else rule_ids)
        phrases = [self._raw(match_id, start, end, {}) for match_id, start, end in self.phrases(doc)]
        found = [m for m in phrases if m.rule in wanted]
        for rule_id in (r for r in self.rule_ids if r in wanted and r in self.tokens):
            matcher = self._token_matcher(rule_id, wanted[rule_id])
            if matcher is not None:
                found.extend(self._raw(match_id, start, end, {}) for match_id, start, end in matcher(doc))
        for rule_id in (r for r in self.rule_ids if r in wanted and r in self.dependency):
            for match_id, token_ids in self.dependency[rule_id](doc):
                key = self.vocab.strings[match_id]
                nodes = dict(zip(self.node_names[key], token_ids))
                found.append(self._raw(match_id, min(token_ids), max(token_ids) + 1, nodes))
        patterns = [m for m in found if m.pattern_index >= 0]
        vetoes = [m for m in found if m.pattern_index < 0]  # phrase and dependency exceptions
        for rule_id in (r for r in self.rule_ids if r in self.token_exceptions and any(m.rule == r for m in patterns)):
            vetoes.extend(self._raw(match_id, start, end, {}) for match_id, start, end in self.token_exceptions[rule_id](doc))
        exceptions = [RawMatch(m.rule, -m.pattern_index - 1, m.start, m.end) for m in vetoes]
        return patterns, exceptions

    def _token_matcher(self, rule_id: str, indices):
        """The matcher of the rule's token patterns at `indices` (None: all of them), or None
        when none of them is a token pattern."""
        entries = self.tokens[rule_id]
        chosen = None if indices is None else frozenset(i for i, _, _ in entries if i in indices)
        if chosen is not None and len(chosen) == len(entries):
            chosen = None  # all of them: the one matcher, however they were asked for
        key = (rule_id, chosen)
        if key not in self._token_matchers:
            from spacy.matcher import Matcher

            matcher = None
            if chosen:
                matcher = Matcher(self.vocab, validate=False)  # the matcher of all of them validated each
                for index, pattern_key, patterns in entries:
                    if index in chosen:
                        matcher.add(pattern_key, patterns, greedy="LONGEST")
            self._token_matchers[key] = matcher
        return self._token_matchers[key]

    def _raw(self, match_id: int, start: int, end: int, nodes: dict) -> RawMatch:
        rule, role, index = self._keys[match_id]
        return RawMatch(rule, index if role == "p" else -index - 1, start, end, nodes)


def _expand(pattern, rule: Rule):
    """Replace "$name" entries inside IN / NOT_IN lists with the lexicon's words."""
    pattern = copy.deepcopy(pattern)
    _expand_in_place(pattern, rule)
    return pattern


def _expand_in_place(node, rule: Rule) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("IN", "NOT_IN") and isinstance(value, list):
                node[key] = _expand_list(value, rule)
            else:
                _expand_in_place(value, rule)
    elif isinstance(node, list):
        for item in node:
            _expand_in_place(item, rule)


def _expand_list(values: list, rule: Rule) -> list:
    expanded = []
    for value in values:
        if isinstance(value, bool):
            # YAML 1.1 reads unquoted on/off/yes/no as booleans: a silent change of meaning.
            word = {True: "on/yes/true", False: "off/no/false"}[value]
            raise RuleError(f"a word list holds the boolean {value} (YAML reads unquoted {word} as a boolean); quote the word", rule.source)
        if isinstance(value, str) and value.startswith("$"):
            name = value[1:]
            if name not in lexicon():
                raise RuleError(f"unknown word list {value!r} (known: {', '.join(sorted(lexicon()))})", rule.source)
            expanded.extend(sorted(lexicon()[name]))
        else:
            expanded.append(value)
    return expanded
