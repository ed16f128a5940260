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

from blamelint.prose import span_offsets
from blamelint.rewrite import clauses, counterfactuals, wording

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


def propose(strategy: str | None, context) -> Rewrite | None:
    build = STRATEGIES.get(strategy or "none")
    if build is None or context is None or not context.raw:
        return None
    try:
        text = build(context)
    except (IndexError, StopIteration, ValueError):  # a parse the strategy did not foresee: no rewording
        return None
    if text is None:
        return None
    start, end = span_offsets(context.sentence)
    original = context.raw[start:end]
    text = _tidy(text)
    if text == original or not keeps_facts(original, text) or not markup_is_whole(text):
        return None
    return Rewrite(text, start, end)


_NUMBER = re.compile(r"\b\d+(?:[.,:]\d+)*\b")
_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)")
_LINK_TARGET = re.compile(r"\]\([^)\s]*\)|\]\[[^\]]*\]|https?://[^\s)>\]]+")


def facts(text: str) -> list[str]:
    """The numbers, times, code spans and link targets of a sentence."""
    code = _CODE.findall(text)
    spans = [m.group(0) for m in _CODE.finditer(text)]
    without_code = _CODE.sub(" ", text)
    links = _LINK_TARGET.findall(without_code)
    numbers = _NUMBER.findall(_LINK_TARGET.sub(" ", without_code))
    return spans + links + numbers if code is not None else []


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
