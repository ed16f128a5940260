"""Helpers of root-cause-is-a-person (checks/root_cause_is_a_person.py).

"caused by / due to / because of / the fault of / root cause was" followed by a noun phrase
whose head is a person (a name the parser tags as PERSON, an @handle, a role noun such as
engineer or on-call, a third-person pronoun) or a team. The spaCy parse decides the head; it
is only run on the few sentences that carry a cue. "Human error" as a cause is BL104's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from blamelint.structure.check import Result

_CAUSE_CUE = (
    r"(?:caused by|due to|because of|result(?:ed)? (?:of|from)|resulting from|attributed to|attributable to|"
    r"blamed on|the fault of|(?:root |primary |main |underlying |proximate )?causes? (?:was|were|is|are|being)|"
    r"(?:root |primary |main |underlying )?causes?\s*:|boils down to|came down to|comes down to)"
)
PERSON_CUE = re.compile(rf"\b{_CAUSE_CUE}\s+", re.IGNORECASE)
NEGATION = re.compile(r"\b(?:not|n't|never|no|rather than|instead of|isn't|wasn't|weren't|beyond|avoid|reduce|prevent)\b",
                       re.IGNORECASE)
SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)", re.MULTILINE)
_NOT_BLAMED = {"user", "users", "customer", "customers", "client", "clients", "they", "them", "it", "owner", "author",
               "member", "person", "people", "individual"}
_SKIP_DEPS = {"det", "amod", "compound", "poss", "nummod", "case", "punct", "quantmod", "advmod", "nmod", "predet"}


def person_causes(candidates, parse) -> Iterator[tuple]:
    """`parse(texts)`: the engine's parser (Linter.parsed_blocks), run only on the candidates."""
    if not candidates:
        return
    from blamelint.grammar import agent_kind

    for (start, text), doc in zip(candidates, parse([t for _, t in candidates])):
        for cue in PERSON_CUE.finditer(text):
            head = _head_after(doc, cue.end())
            if head is None:
                continue
            kind = agent_kind(head)
            if head.lower_ in _NOT_BLAMED or kind not in ("person", "team"):
                continue
            if kind == "team" and head.lemma_.lower() != "team":
                continue  # vendors, upstream, "the network": blame-shift is another rule's job
            end = head.idx + len(head.text)
            who = text[cue.end():end]
            yield Result(start + cue.start(), start + end, {"who": who})
            break


def _head_after(doc, char: int):
    """The head noun of the phrase that starts at character `char`."""
    token = next((t for t in doc if t.idx >= char), None)
    if token is None:
        return None
    seen = 0
    while token.dep_ in _SKIP_DEPS and token.head.i > token.i and seen < 6:
        token, seen = token.head, seen + 1
    if token.pos_ not in ("NOUN", "PROPN", "PRON"):
        return None
    return token
