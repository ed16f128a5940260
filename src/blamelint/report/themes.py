"""Recurring themes across an archive, read off the spaCy parse.

A contributing factor is a sentence of a causal section. Its *terms* are its noun phrases,
each a head noun with the words that narrow it: compounds and adjectives ("manual deploy
step"), an "of" phrase ("expiry of the certificate" reads as "certificate expiry"), the verb
a noun is the subject of ("the certificate expired"), and "no" or "lack of" ("no alert",
"lack of alerting" read as "missing alert"). Lemmas stand for words, and a few verbs and
their nouns count as one ("expiry", "expired"), so different wordings of one factor meet.

Two documents share a theme when a term of each pairs the same head with the same
narrowing word. Themes found in the same documents and sharing a word are one theme.

An action item looks repeated when an item of another document shares most of its content
lemmas (the same fix proposed again: the first one may not have landed).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import combinations

from lemminflect import getLemma

from blamelint.rewrite.words import read_tables

# Nouns too general to name a factor on their own ("the root cause of the issue").
GENERIC = frozenset({
    "issue", "problem", "incident", "outage", "time", "thing", "way", "part", "lot", "case", "fact", "cause",
    "factor", "root", "reason", "result", "example", "point", "number", "kind", "type", "sort", "bit", "use",
    "need", "order", "place", "end", "day", "week", "hour", "minute", "today", "yesterday", "everything",
    "something", "anything", "nothing", "one", "other", "same", "new", "many", "several", "more", "most", "much",
    "few", "first", "second", "last", "next", "further", "certain", "such", "own", "able", "due", "possible",
    "also", "contributing", "primary", "main", "underlying", "specific", "particular", "action", "member",
    "change", "risk", "high", "low", "small", "large", "big", "increase", "decrease", "significant", "various",
    "different", "similar", "additional", "require", "identify", "able", "unable", "actual", "current",
    "pull",  # "pull request": the way a change arrives, like "change"
})
# A noun and the verb it names count as one lemma.
_SAME_AS = {"expiry": "expire", "expiration": "expire", "failure": "fail", "deployment": "deploy",
            "misconfiguration": "misconfigure", "configuration": "configure", "migration": "migrate",
            "exhaustion": "exhaust", "alerting": "alert", "monitoring": "monitor", "validation": "validate"}
# Words that say something is absent; their noun is the missing thing.
_ABSENT = frozenset({"no", "missing", "absent", "lacking", "lack", "absence", "without"})
MISSING = "missing"
_LABEL_LEMMAS = 6  # an action group is named by its most shared lemmas
_MODIFIERS = ("compound", "amod", "nmod")
# Tags of words that narrow the noun they stand before: nouns, adjectives, participles, and
# base or present verbs (nouns tagged as verbs, see _left_modifiers); not "restarted".
_LEFT_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS", "JJ", "JJR", "JJS", "VBN", "VBG", "VB", "VBP"})
_MAX_LEFT = 3


@dataclass(frozen=True)
class Term:
    """A head noun and its narrowing words: lemmas (normalised) and surfaces, in text order."""

    head: str
    lemmas: tuple[str, ...]
    surfaces: tuple[str, ...]

    def pairs(self) -> list[tuple[str, str]]:
        return sorted({tuple(sorted((self.head, lemma))) for lemma in self.lemmas if lemma != self.head})

    def display(self, lemmas: set[str]) -> str:
        return " ".join(s for lemma, s in zip(self.lemmas, self.surfaces) if lemma in lemmas)


def norm(token) -> str:
    """The lemma a token stands for in a theme."""
    lower = token.lower_
    if lower in _ABSENT:
        return MISSING
    lemma = token.lemma_.lower()
    if token.pos_ == "ADJ" and lower.endswith(("ed", "ing")):  # "an expired certificate": the verb's lemma
        read_tables()  # lemminflect's tables, read a word at a time where it allows (lemmatables.py)
        lemma = (getLemma(lower, upos="VERB") or (lemma,))[0]
    return _SAME_AS.get(lemma, _SAME_AS.get(lower, lemma))


def is_content(token) -> bool:
    return (token.pos_ in ("NOUN", "PROPN", "ADJ", "VERB") and not token.is_stop and token.is_alpha
            and len(token.text) > 1 and norm(token) not in GENERIC)


def terms(tokens) -> list[Term]:
    """The terms of a phrase (a sequence of parsed tokens of one sentence)."""
    inside = {t.i for t in tokens}
    found = []
    for head in tokens:
        if head.pos_ not in ("NOUN", "PROPN") or head.dep_ == "compound" or not is_content(head) \
                or norm(head) == MISSING:  # "lack of alerting" is read by _absent_terms
            continue
        if head.dep_ == "pobj" and head.head.lower_ == "of" and norm(head.head.head) == MISSING:
            continue  # "lack of alerting": the term is built from "lack"
        words = _narrowing(head, inside)
        if len(words) > 1:
            words.sort(key=lambda t: t.i)
            found.append(Term(norm(head), tuple(norm(t) for t in words), tuple(t.lower_ for t in words)))
    for absent in (t for t in tokens if t.pos_ == "NOUN" and norm(t) == MISSING):
        found.extend(_absent_terms(absent, inside))
    return found


def _narrowing(head, inside: set[int]) -> list:
    """The head and the tokens that narrow it, within the phrase."""
    words = [head]
    for child in head.children:
        if child.i not in inside:
            continue
        if child.dep_ in _MODIFIERS and (is_content(child) or norm(child) == MISSING):
            words.extend(t for t in child.subtree if t.i in inside and t.dep_ in (*_MODIFIERS, child.dep_)
                         and (is_content(t) or norm(t) == MISSING))
        elif child.dep_ in ("det", "neg") and norm(child) == MISSING:
            words.append(child)
        elif child.dep_ == "prep" and child.lower_ == "of":
            words.extend(t for t in child.children if t.dep_ == "pobj" and t.i in inside and is_content(t))
    verb = head.head
    if head.dep_ == "nsubj" and verb.i in inside and verb.pos_ == "VERB" and is_content(verb) \
            and not any(c.dep_ in ("dobj", "obj", "xcomp") for c in verb.children):
        words.append(verb)  # "the certificate expired", "the node crashed": what happened to the noun
    words.extend(_left_modifiers(head, inside))
    return list({t.i: t for t in words}.values())


def _left_modifiers(head, inside: set[int]) -> list:
    """The content words right before the head. The small model sometimes tags the middle
    word of "a manual deploy step" as a verb; a base or present verb counts only in a chain
    that a determiner opens ("a", "the", "its"), so "engineers deploy code" stays a clause."""
    found = []
    token = head.nbor(-1) if head.i > head.sent.start else None
    while token is not None and token.i in inside and len(found) < _MAX_LEFT and token.tag_ in _LEFT_TAGS \
            and is_content(token):
        found.append(token)
        token = token.nbor(-1) if token.i > head.sent.start else None
    opened = token is not None and token.tag_ in ("DT", "PRP$", "WP$")
    verbs = [i for i, t in enumerate(found) if t.tag_ in ("VB", "VBP")]
    return found if opened or not verbs else found[:verbs[0]]


def _absent_terms(absent, inside: set[int]) -> list[Term]:
    """"lack of alerting", "absence of a canary": the missing noun, narrowed, plus "missing"."""
    terms_found = []
    for prep in (c for c in absent.children if c.dep_ == "prep" and c.lower_ == "of"):
        # a gerund is the missing thing too: "lack of alerting"
        for noun in (c for c in prep.children if c.dep_ in ("pobj", "pcomp") and c.i in inside and is_content(c)):
            words = sorted(_narrowing(noun, inside), key=lambda t: t.i)
            lemmas = (MISSING, *(norm(t) for t in words))
            terms_found.append(Term(norm(noun), lemmas, (f"{absent.lower_} of", *(t.lower_ for t in words))))
    return terms_found


# Words of an action item's bookkeeping ("Owner: Ana", "ticket PAY-1"), not of its action.
_BOOKKEEPING = frozenset({"owner", "assignee", "dri", "ticket", "tracking", "status", "todo", "done"})


def content_lemmas(tokens) -> frozenset[str]:
    """What an action item is about: its content lemmas."""
    return frozenset(norm(t) for t in tokens if is_content(t) and norm(t) not in _BOOKKEEPING)


# --- grouping across documents ----------------------------------------------------------
def chronological(document) -> tuple:
    """Oldest first, undated last, then by path."""
    return (document.date_iso is None, document.date_iso or "", document.path)


def factor_groups(documents) -> list[dict]:
    """Themes that come back in at least two documents. `documents`: objects with `.path`,
    `.date_iso` and `.factors` (each with `.text`, `.line` and `.terms`)."""
    seen: dict[tuple[str, str], dict[str, tuple]] = defaultdict(dict)  # pair -> path -> (document, factor, term)
    for document in documents:
        for factor in document.factors:
            for term in factor.terms:
                for pair in term.pairs():
                    seen[pair].setdefault(document.path, (document, factor, term))
    recurring = {pair: hits for pair, hits in seen.items() if len(hits) >= 2}
    return sorted((_theme(merged) for merged in _merge(recurring)),
                  key=lambda g: (-len(g["documents"]), g["label"]))


def _merge(recurring: dict) -> list[dict]:
    """Pairs found in the same documents that share a lemma are one theme."""
    by_documents: dict[frozenset, list[tuple]] = defaultdict(list)
    for pair, hits in recurring.items():
        by_documents[frozenset(hits)].append(pair)
    themes = []
    for paths, pairs in by_documents.items():
        for component in _connected(pairs):
            lemmas = {lemma for pair in component for lemma in pair}
            hits = {path: _fullest([recurring[pair][path] for pair in component], lemmas) for path in paths}
            themes.append({"lemmas": lemmas, "hits": hits, "pairs": component})
    return themes


def _fullest(hits: list[tuple], lemmas: set[str]) -> tuple:
    """The hit whose term holds most of the theme's lemmas (the best wording of it)."""
    return max(hits, key=lambda hit: len(lemmas & set(hit[2].lemmas)))


def _connected(pairs: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    groups: list[list[tuple[str, str]]] = []
    for pair in sorted(pairs):
        joined = [g for g in groups if any(set(pair) & set(other) for other in g)]
        merged = [pair] + [p for g in joined for p in g]
        groups = [g for g in groups if g not in joined] + [sorted(merged)]
    return groups


def _theme(merged: dict) -> dict:
    lemmas = merged["lemmas"]
    hits = sorted(merged["hits"].values(), key=lambda hit: chronological(hit[0]))
    displays = Counter(_display(term, lemmas) for _, _, term in hits)
    label = min(displays, key=lambda d: (-displays[d], -len(d.split()), d))
    return {
        "label": label,
        "lemmas": sorted(lemmas),
        "documents": [{"path": d.path, "date": d.date_iso, "text": f.text, "line": f.line} for d, f, _ in hits],
    }


def _display(term: Term, lemmas: set[str]) -> str:
    return term.display(lemmas) or term.display({term.head})


def repeated_actions(documents, min_shared: int = 2, min_overlap: float = 0.5) -> list[dict]:
    """Clusters of action items from different documents that share at least `min_shared`
    content lemmas and `min_overlap` of their lemmas (Jaccard)."""
    items = [(d, a) for d in documents for a in d.actions if len(a.lemmas) >= min_shared]
    parent = list(range(len(items)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for (i, (doc_a, a)), (j, (doc_b, b)) in combinations(enumerate(items), 2):
        if doc_a.path == doc_b.path:
            continue
        shared = len(a.lemmas & b.lemmas)
        if shared >= min_shared and shared / len(a.lemmas | b.lemmas) >= min_overlap:
            parent[root(j)] = root(i)
    clusters: dict[int, list[tuple]] = defaultdict(list)
    for index, item in enumerate(items):
        clusters[root(index)].append(item)
    groups = [_action_group(members) for members in clusters.values()
              if len({d.path for d, _ in members}) >= 2]
    return sorted(groups, key=lambda g: (-len(g["items"]), g["label"]))


def _action_group(members: list[tuple]) -> dict:
    counts = Counter(lemma for _, action in members for lemma in action.lemmas)
    shared = sorted(lemma for lemma, n in counts.items() if n >= 2)
    named = sorted(sorted(shared, key=lambda lemma: -counts[lemma])[:_LABEL_LEMMAS])
    members = sorted(members, key=lambda m: (*chronological(m[0]), m[1].line))
    return {
        "label": " · ".join(named),
        "lemmas": shared,
        "items": [{"path": d.path, "date": d.date_iso, "text": a.text, "line": a.line} for d, a in members],
    }
