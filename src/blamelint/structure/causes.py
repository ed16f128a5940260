"""root-cause-is-a-person: the causal section gives a person, or "human error", as the cause.

Two cues, both inside the causal sections only (headings, bold labels, front-matter keys
of a causal kind), outside quotes and code:
- human-error wording ("human error", "operator error", "PEBKAC", "fat-finger") framed as
  the cause ("due to ...", "caused by ...", "the root cause was ...", or a bare item/label
  that is nothing but the phrase);
- "caused by / due to / because of / the fault of / root cause was" followed by a noun
  phrase whose head is a person (a name the parser tags as PERSON, an @handle, a role noun
  such as engineer or on-call, a third-person pronoun) or a team. The spaCy parse decides
  the head; it is only run on the few sentences that carry a cue.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from blamelint.structure.outline import outermost, parts
from blamelint.structure.profiles import profile_of

_HUMAN_ERROR = (
    r"(?:(?:human|operator|user|engineer(?:ing)?|manual|pilot|personnel|staff|admin(?:istrator)?|developer|people|"
    r"individual|employee)[- ](?:error|errors|mistake|mistakes|fault|slip)|pebkac|fat[- ]?finger(?:ed|ing|s)?|"
    r"(?:the )?human factors?|carelessness|negligence)"
)
_CAUSE_CUE = (
    r"(?:caused by|due to|because of|result(?:ed)? (?:of|from)|resulting from|attributed to|attributable to|"
    r"blamed on|the fault of|(?:root |primary |main |underlying |proximate )?causes? (?:was|were|is|are|being)|"
    r"(?:root |primary |main |underlying )?causes?\s*:|boils down to|came down to|comes down to)"
)
_FRAMED_HUMAN_ERROR = re.compile(
    rf"\b{_CAUSE_CUE}\s+(?:(?:an?|the|simple|pure|plain|just|basic|some|sheer|obvious)\s+){{0,2}}(?P<err>{_HUMAN_ERROR})\b",
    re.IGNORECASE,
)
_BARE_HUMAN_ERROR = re.compile(rf"^\W*(?P<err>{_HUMAN_ERROR})\W*$", re.IGNORECASE)
_LEADING_HUMAN_ERROR = re.compile(rf"^\W*(?P<err>{_HUMAN_ERROR})\b(?!\s*[-‐]?\s*prone)", re.IGNORECASE)
_PERSON_CUE = re.compile(rf"\b{_CAUSE_CUE}\s+", re.IGNORECASE)
_NEGATION = re.compile(r"\b(?:not|n't|never|no|rather than|instead of|isn't|wasn't|weren't|beyond|avoid|reduce|prevent)\b",
                       re.IGNORECASE)
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)", re.MULTILINE)
_NOT_BLAMED = {"user", "users", "customer", "customers", "client", "clients", "they", "them", "it", "owner", "author",
               "member", "person", "people", "individual"}
_SKIP_DEPS = {"det", "amod", "compound", "poss", "nummod", "case", "punct", "quantmod", "advmod", "nmod", "predet"}


def root_cause_is_a_person(rule, document, config) -> Iterator[tuple]:
    causal_kinds = set(profile_of(config).causal_kinds)
    causal = outermost([p for p in parts(document, config.vocabulary) if p.kinds & causal_kinds])
    candidates = []  # (start, end, text) of sentences with a person cue, for the parser
    for part in causal:
        for block in document.blocks:
            if not (part.body_start <= block.start < part.body_end or
                    (part.origin == "label" and block.start <= part.body_start < block.end)):
                continue
            if block.in_quote:
                continue
            lo = max(block.start, part.body_start) if part.origin == "label" else block.start
            text = block.text[lo - block.start:]
            for sentence in _SENTENCE.finditer(text):
                s_start = lo + sentence.start()
                s_text = sentence.group(0)
                yield from _human_error(s_text, s_start, block, rule)
                if _PERSON_CUE.search(s_text) and not _NEGATION.search(s_text):
                    candidates.append((s_start, s_text))
    yield from _person_causes(candidates, config)


def _human_error(text: str, offset: int, block, rule) -> Iterator[tuple]:
    match = _FRAMED_HUMAN_ERROR.search(text)
    if match and not _NEGATION.search(text[:match.start("err")]):
        yield (offset + match.start(), offset + match.end(),
               f'The causal analysis gives "{match.group("err")}" as a cause.', rule.suggestion)
        return
    bare = _BARE_HUMAN_ERROR.match(text)
    if bare and (block.kind in ("heading", "table_cell") or block.in_list or len(text.split()) <= 4):
        yield (offset + bare.start("err"), offset + bare.end("err"),
               f'The causal analysis lists "{bare.group("err")}" as a cause.', rule.suggestion)
        return
    leading = _LEADING_HUMAN_ERROR.match(text)  # "- Human error in not knowing that ..." as a listed factor
    if leading and not re.match(r"\W*(?:(?:is|was|were|are|has|had)\s+)?(?:not|never|no longer|ruled out|rarely)\b|\W*(?:isn't|wasn't|aren't)",
                                text[leading.end():], re.IGNORECASE):
        yield (offset + leading.start("err"), offset + leading.end("err"),
               f'The causal analysis lists "{leading.group("err")}" as a cause.', rule.suggestion)


def _person_causes(candidates, config) -> Iterator[tuple]:
    if not candidates:
        return
    from blamelint.grammar import agent_kind
    from blamelint.pipeline import load_pipeline

    nlp = load_pipeline(config.model)
    for (start, text), doc in zip(candidates, nlp.pipe([t for _, t in candidates])):
        for cue in _PERSON_CUE.finditer(text):
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
            yield (start + cue.start(), start + end, f'The causal analysis names a person as the cause: "{who}".',
                   "Describe the conditions that made the action possible or likely: what the tool, the process "
                   "or the interface did not prevent or did not show.")
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
