"""What follows a verb, up to the end of its clause, read off the token sequence.

The small parser often hangs a new clause on the object ("If he had followed the deploy
checklist this would never have happened": happened -relcl-> checklist), so the phrase is cut
where the words say a new clause starts: a new subject, a modal, a clause-opening word, a
coordinated verb, or punctuation that ends the phrase. A phrase that is long, or that the
cut leaves without its object, is refused rather than quoted half.
"""

from __future__ import annotations

from dataclasses import dataclass

from blamelint.prose import entity_type
from blamelint.rewrite.words import SUBJECT_DEPS

_STOP_PUNCT = {",", ";", ":", ")", "—", "–", ".", "!", "?", "..."}
_CLAUSE_OPENERS = {"because", "since", "although", "though", "while", "whilst", "whereas", "unless", "so",
                   "which", "who", "whom", "whose", "but", "yet", "once"}
_MODALS = {"would", "could", "should", "might", "must", "will", "can", "may", "'d", "ought", "wo", "ca"}
_TIME_WORDS = {"second", "minute", "hour", "day", "week", "month", "night", "morning", "evening", "afternoon",
               "while", "weekend", "year", "sec", "min", "hr", "h", "m", "s", "shift", "window"}
_DURATION_PREPS = {"for", "until", "till", "throughout"}
_INCLUDED_CLAUSE_MARKS = {"that", "when", "whenever", "before", "after", "until", "once", "if", "whether"}
MAX_TOKENS = 28


@dataclass(frozen=True)
class Phrase:
    tokens: tuple  # what follows the verb, in order, durations taken out
    durations: tuple  # "for forty minutes": moved in front of the rewritten clause
    end: int  # the index just after the phrase in the doc


def after(doc, start: int, stop_at: int, clause: bool = False, front_durations: bool = True) -> Phrase | None:
    """The phrase from token `start` up to the clause end (never beyond `stop_at`). With
    `clause`, the phrase is an object clause ("noticed that the config was wrong"): its own
    subject and verb belong to it."""
    tokens = []
    i = start
    while i < stop_at and not _stops(doc, i, start, clause):
        tokens.append(doc[i])
        i += 1
    while tokens and tokens[-1].is_punct and tokens[-1].text not in (")", '"', "'", "”", "’"):
        tokens.pop()
    if len(tokens) > MAX_TOKENS or not _balanced(tokens):
        return None
    durations = _durations(tokens) if front_durations else []
    kept = tuple(t for t in tokens if t not in durations)
    return Phrase(kept, tuple(durations), i)


def _stops(doc, i: int, start: int, clause: bool = False) -> bool:
    token = doc[i]
    if token.text in _STOP_PUNCT and not _inside_parentheses(doc, start, i):
        return True
    if _inside_parentheses(doc, start, i):
        return False  # a parenthesis belongs to the phrase it explains
    if clause:
        return i > start and token.lower_ in _CLAUSE_OPENERS and token.dep_ in ("mark", "cc")
    if token.lower_ in _CLAUSE_OPENERS and token.dep_ in ("mark", "cc", "nsubj", "nsubjpass", "advmod", "prep", "dobj"):
        # "so" opens a clause ("so nobody noticed"), not in "so many changes"
        if token.lower_ == "yet":  # "yet" joins clauses; "yet again" does not
            return token.dep_ == "cc"
        return token.lower_ != "so" or token.dep_ in ("mark", "cc") or token.head.pos_ in ("VERB", "AUX")
    if token.lower_ == "as" and token.dep_ == "mark":
        return True
    if token.dep_ in SUBJECT_DEPS and i > start and token.lower_ not in ("that", "what", "which"):
        # a subject right after "that" or "when" belongs to a clause the phrase includes
        # ("the fact that this change affected ...", "deploying the changes when they were merged")
        first = min(t.i for t in token.subtree)
        return not (start <= first - 1 < i and doc[first - 1].lower_ in _INCLUDED_CLAUSE_MARKS)
    if token.lower_ in _MODALS and token.dep_ in ("aux", "auxpass"):
        return True
    if token.dep_ == "cc" and token.head.pos_ in ("VERB", "AUX") and _verb_follows(doc, i):
        return True
    return False


def _verb_follows(doc, i: int) -> bool:
    """After "and"/"or": a verb (a coordinated action), not a noun ("requests and limits")."""
    for k in range(i + 1, min(i + 4, len(doc))):
        if doc[k].pos_ in ("ADV", "PART"):
            continue
        if doc[k].dep_ in ("amod", "compound"):  # "and recently merged commits": a participle before a noun
            return False
        return doc[k].pos_ in ("VERB", "AUX") and doc[k].tag_ != "VBG" or doc[k].dep_ in SUBJECT_DEPS
    return False


def _inside_parentheses(doc, start: int, i: int) -> bool:
    if doc[i].text == "(":
        return False
    depth = 0
    for k in range(start, i):
        depth += doc[k].text == "("
        depth -= doc[k].text == ")"
    return depth > 0 and doc[i].text not in (".", ";", "!", "?")


def _balanced(tokens) -> bool:
    texts = [t.text for t in tokens]
    return texts.count("(") == texts.count(")") and texts.count('"') % 2 == 0


def _durations(tokens) -> list:
    """Prepositional phrases of time ("for forty minutes", "until the evening"): the negation
    of the original governs them, so the rewrite says them first, not after the new verb."""
    found = []
    for token in tokens:
        if token.lower_ in _DURATION_PREPS | {"in"} and token.dep_ == "prep":
            subtree = [t for t in token.subtree if t in tokens]
            heads = [c for c in token.children if c.dep_ == "pobj"]
            if not heads:
                continue
            head = heads[0]
            counted = any(c.like_num for c in head.children) or head.like_num
            if token.lower_ == "in" and not (counted and head.lemma_.lower() in _TIME_WORDS):
                continue  # "in 18 months" is a duration; "in review" is not
            if head.lemma_.lower() in _TIME_WORDS or counted or entity_type(head) in ("TIME", "DATE"):
                found.extend(subtree)
    return found

