"""Which quotations in a paragraph are someone else's words, and which are the writer's own.

Speech, a message or a title in quotes is not the writer's voice, so the blame rules leave it
alone: `The on-call said: "I was rushed and careless."`. Scare quotes around a word or a term
are the writer's voice: `the root cause was "human error"` asserts a cause, and `the "fix"` still
judges. A quotation counts as someone else's words when

- a speech verb introduces it (`she said, "..."`, `the on-call wrote in chat: "..."`) or
  attributes it after a comma (`"...," she said`), whatever its length; or
- it holds three words or more and reads as a sentence or a message of its own: it starts
  with a capital letter, ends with . ! or ?, or follows a colon.

Anything else (one or two words, or a lower-case fragment of the writer's sentence) is a term.
Nothing is rewritten: the engine drops matches inside such quotations, so offsets stay exact.
"""

from __future__ import annotations

import re

# Verbs that report what someone said or wrote, in the forms that introduce a quotation.
SPEECH_VERBS = frozenset("""
    say says said saying tell tells told telling write writes wrote writing ask asks asked asking
    reply replies replied answer answers answered explain explains explained note notes noted
    add adds added comment comments commented report reports reported post posts posted
    message messaged type typed tweet tweeted state states stated mention mentions mentioned
    admit admits admitted recall recalls recalled shout shouted yell yelled exclaim exclaimed
    respond responds responded remark remarked quote quotes quoted read reads put puts
    """.split())

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_SENTENCE_END = re.compile(r"[.!?…][)\]\"'”’]*\s+|\n[ \t]*\n")
_CLOSING_PUNCTUATION = re.compile(r"[.!?…][)\]]*$")
_LISTENERS = frozenset("us me him her them everyone everybody".split())  # "told us "...""
_INTRO_WORDS = 5  # "she said to the team in chat:" -> the verb is among the last few words
_MIN_SENTENCE_WORDS = 3


def is_speech(source: str, start: int, end: int, block_start: int = 0) -> bool:
    """Whether the quotation source[start:end] (its quote marks included) is someone else's words."""
    body = source[start + 1 : end - 1].strip()
    before = _clause_before(source, start, block_start)
    if _introduced_by_verb(before) or _attributed_after(source, end, body):
        return True
    if len(_WORD.findall(body)) < _MIN_SENTENCE_WORDS:
        return False  # a scare quote or a term: the writer's own word
    return body[:1].isupper() or bool(_CLOSING_PUNCTUATION.search(body)) or before.rstrip().endswith(":")


def _clause_before(source: str, start: int, block_start: int) -> str:
    """The text from the sentence's start to the quotation."""
    window = source[max(block_start, start - 200) : start]
    ends = list(_SENTENCE_END.finditer(window))
    return window[ends[-1].end() :] if ends else window


def _introduced_by_verb(before: str) -> bool:
    """`said "..."`, `told us "..."`, or a verb among the last words before a colon or comma
    (`wrote in the channel: "..."`); not `was reported as "..."`, a label the writer repeats."""
    words = [w.lower() for w in _WORD.findall(before)][-_INTRO_WORDS:]
    if words and words[-1] in SPEECH_VERBS:
        return True
    if len(words) >= 2 and words[-2] in SPEECH_VERBS and words[-1] in _LISTENERS:
        return True
    return before.rstrip().endswith((":", ",")) and any(word in SPEECH_VERBS for word in words)


def _attributed_after(source: str, end: int, body: str) -> bool:
    """`"...," she said` / `"...", the on-call wrote`: a comma ends the quotation, a verb follows."""
    after = source[end : end + 80]
    if not (body.endswith(",") or after.lstrip(" \t").startswith(",")):
        return False
    return any(word.lower() in SPEECH_VERBS for word in _WORD.findall(after.split("\n\n")[0])[:_INTRO_WORDS])
