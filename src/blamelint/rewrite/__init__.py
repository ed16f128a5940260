"""Systemic rewordings of blaming sentences, built from the parse.

A rule names its strategy (`rewrite:` in the rule file, or on one pattern); the strategy
builds a whole new sentence from the writer's own words (rewrite/clauses.py,
counterfactuals.py, wording.py). A rewording is kept only when it keeps every number, time,
code span and link of the original and its Markdown is whole (checks here); the engine then
re-lints it and drops it if it still blames (engine.py). Otherwise there is no rewording and
the finding's question stands.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from blamelint.rewrite import clauses, counterfactuals, wording
from blamelint.rewrite.words import run_bounds, unbalance

STRATEGIES = {
    "omission": clauses.omission,
    "commission": clauses.commission,
    "without": clauses.without,
    "belief": clauses.belief,
    "counterfactual": counterfactuals.counterfactual,
    "drop": wording.drop,
    "hindsight": wording.hindsight,
    "judged-decision": wording.judged_decision,
    "label": wording.label,
    "possessive": wording.possessive,
    "folk-label": wording.folk_label,
    "exhortation": wording.exhortation,
    "none": None,
}


@dataclass(frozen=True)
class Rewrite:
    text: str  # the new sentence
    start: int  # block offsets of the sentence it replaces
    end: int


def propose(strategy: str | None, context, opener: str = "") -> Rewrite | None:
    """`opener`: emphasis markers just before the block ("**" of "**Kenji** forgot"), which the
    rewording of a sentence at the block's start takes in when they close inside it."""
    build = STRATEGIES.get(strategy or "none")
    if build is None or context is None or not context.raw:
        return None
    try:
        text = build(context)
    except (IndexError, StopIteration, ValueError, KeyError, AttributeError, TypeError):
        # a parse the strategy did not foresee: no rewording rather than no lint
        return None
    if text is None:
        return None
    start, end = run_bounds(context.sentence.doc, list(context.sentence), context.raw)
    original = context.raw[start:end]
    text = _tidy(text)
    if start == 0 and opener and unbalance(original) and not unbalance(opener + original):
        original, start = opener + original, -len(opener)
        if unbalance(text):  # the lead kept its closing marker ("08:09**: nothing ...")
            text = opener + text
    if text == original or not replaceable(original) or not keeps_facts(original, text) or not markup_is_whole(text):
        return None
    if not text and not (context.raw[:start].strip() or context.raw[end:].strip()):
        return None  # removing the only sentence of a paragraph or list item would remove the block
    return Rewrite(text, start, end)


_HARD_BREAK = re.compile(r"(?:  |\\)\r?\n|<br\s*/?>", re.IGNORECASE)
_RUN_ON = re.compile(r"[A-Za-z0-9`)\]]\r?\n[ \t]*[A-Z]")


def replaceable(original: str) -> bool:
    """The sentence can be replaced as a whole: its markup opens and closes inside it, it holds
    no inline HTML, footnote or hard line break, and its lines are not separate unpunctuated
    statements the parser ran together ("The deploy started\nKenji forgot ...")."""
    if unbalance(original) or "<" in original or "[^" in original or _HARD_BREAK.search(original):
        return False
    return not _RUN_ON.search(original)


_NUMBER = re.compile(r"\b\d+(?:[.,:]\d+)*\b")
_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)")
_LINK_TARGET = re.compile(r"\]\([^)\s]*\)|\]\[[^\]]*\]|https?://[^\s)>\]]+")


def facts(text: str) -> list[str]:
    """The numbers, times, code spans and link targets of a sentence."""
    spans = [m.group(0) for m in _CODE.finditer(text)]
    without_code = _CODE.sub(" ", text)
    links = _LINK_TARGET.findall(without_code)
    numbers = _NUMBER.findall(_LINK_TARGET.sub(" ", without_code))
    return spans + links + numbers


def keeps_facts(original: str, rewritten: str) -> bool:
    remaining = rewritten
    for fact in facts(original):
        if fact not in remaining:
            return False
        remaining = remaining.replace(fact, "", 1)
    return True


def markup_is_whole(text: str) -> bool:
    stripped = _CODE.sub("", text)
    return (stripped.count("`") == 0 and stripped.count("[") == stripped.count("]")
            and stripped.count("(") == stripped.count(")") and stripped.count("**") % 2 == 0)


def _tidy(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"\s+([,.;:!?])(?=\s|$)", r"\1", text)
