"""Systemic frames: the sentence a rewording is built on.

Every frame has the condition as its subject ("nothing in the process ...") and an active
verb, so the person drops out without the passive voice ("the migration was forgotten"). Which
frame suits an action depends on the verb: what a review would catch, what a dashboard would
draw attention to, what a checklist would require, what a tool would guard against.
"""

from __future__ import annotations

from blamelint.lexicon import words
from blamelint.rewrite.words import inflect

SUBJECT = "nothing in the process"
QUESTION_SUBJECT = "what in the process"

# frame -> (past, present) of the frame's verb; "{}" is where the object goes
_FRAMES = {
    "catch": ("caught {}", "catches {}"),
    "attention": ("drew attention to {}", "draws attention to {}"),
    "show": ("showed {}", "shows {}"),
    "heed": ("prompted a response to {}", "prompts a response to {}"),
    "enforce": ("enforced {}", "enforces {}"),
    "require": ("required {}", "requires {}"),
    "prompt": ("prompted {}", "prompts {}"),
    "guard": ("guarded against {}", "guards against {}"),
    "call": ("called for {}", "calls for {}"),
    "question": ("questioned {}", "questions {}"),
}
# Frames whose object is the action's own object ("caught the bug"); the others take the
# action as a gerund phrase ("required verifying the chain").
NOUN_FRAMES = {"catch", "attention", "heed", "enforce"}


def frame_for(action_lemma: str, phrase_tokens, default: str, object_given: bool = False) -> str:
    """The frame that fits the action verb and what follows it (`object_given`: the object is
    elsewhere, as in a relative clause)."""
    if _starts_with_clause(phrase_tokens) and action_lemma in words("rewrite_attention_verbs"):
        return "show"
    noun_object = object_given or _starts_with_noun(phrase_tokens)
    if noun_object and action_lemma in words("rewrite_misjudge_verbs"):
        return "show"  # "misjudged the impact of the bug" -> "nothing showed the impact of the bug"
    if noun_object and action_lemma in words("rewrite_catch_verbs"):
        return "catch"
    if noun_object and action_lemma in words("rewrite_attention_verbs"):
        return "attention"
    if noun_object and action_lemma in words("rewrite_heed_verbs"):
        return "heed"
    if noun_object and action_lemma in words("rewrite_enforce_verbs"):
        return "enforce"
    if default in ("prompt", "call") and action_lemma in words("rewrite_require_verbs"):
        return "require"
    return default


def say(frame: str, object_text: str, present: bool = False, question: bool = False) -> str:
    subject = QUESTION_SUBJECT if question else SUBJECT
    verb = _FRAMES[frame][1 if present or question else 0]
    return f"{subject} {verb.format(object_text)}".strip()


def gerund_phrase(action_word: str, rest: str, adverbs: str = "") -> str:
    return " ".join(filter(None, [adverbs, inflect(action_word, "VBG"), rest]))


def _starts_with_noun(tokens) -> bool:
    if not tokens:
        return False
    first = tokens[0]
    return first.pos_ in ("DET", "NOUN", "PROPN", "PRON", "ADJ", "NUM") or set(first.text) == {"x"}


def _starts_with_clause(tokens) -> bool:
    if not tokens:
        return False
    first = tokens[0]
    return first.lower_ in ("that", "which", "what", "how", "when", "where", "whether", "who", "why") or (
        first.dep_ in ("nsubj", "expl") and len(tokens) > 2)
