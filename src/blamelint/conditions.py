"""Evaluate a rule's `conditions` on one match, using the parse (grammar.py, evidence.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from blamelint import grammar
from blamelint.docdata import data_if_any
from blamelint.evidence import excerpt_follows, has_evidence, has_evidence_outside
from blamelint.prose import span_offsets


@dataclass(frozen=True)
class MatchContext:
    """What the conditions and the suggestion need to know about one match."""

    span: object  # spaCy Span of the match
    verb: object  # the focus verb token
    agent: object  # who does the verb (for a passive verb, the "by" agent) or None
    agent_kind: str | None
    sentence: object
    experiencer_kind: str | None = None  # the grammatical subject, also of a passive ("was confused")
    raw: str | None = None  # the block's original text, for quoting the writer's words


def context_for(doc, start: int, end: int, nodes: dict, raw: str | None = None, document=None) -> MatchContext:
    span = doc[start:end]
    verb = doc[nodes["verb"]] if "verb" in nodes else grammar.focus_verb(span)
    agent = doc[nodes["agent"]] if "agent" in nodes else grammar.subject_of(verb)
    experiencer = grammar.grammatical_subject(verb)
    return MatchContext(span, verb, agent, grammar.agent_kind(agent, document), span.sent,
                        grammar.agent_kind(experiencer, document), raw)


def conditions_hold(conditions: dict, context: MatchContext, document, block) -> bool:
    for key, wanted in conditions.items():
        if _accepts_anything(wanted):
            continue
        if not _CHECKS[key](wanted, context, document, block):
            return False
    return True


def _accepts_anything(wanted) -> bool:
    """`any` (alone or in a list) switches a condition off, for a pattern that overrides its rule."""
    return wanted == "any" or (isinstance(wanted, list) and "any" in wanted)


def _as_set(value) -> set:
    return set(value) if isinstance(value, list) else {value}


def _agent(wanted, context, document, block) -> bool:
    wanted = _as_set(wanted)
    if context.agent is None:  # a passive or a participle that names nobody
        return "unstated" in wanted
    return context.agent_kind in wanted


def _modal(wanted, context, document, block) -> bool:
    return grammar.has_modal(context.verb) == wanted


def _experiencer(wanted, context, document, block) -> bool:
    return context.experiencer_kind in _as_set(wanted)


def _subject(wanted, context, document, block) -> bool:
    is_person = context.agent_kind is not None
    return is_person if wanted == "person" else not is_person


def _negated(wanted, context, document, block) -> bool:
    return grammar.is_negated(context.verb) == wanted


def _future(wanted, context, document, block) -> bool:
    return grammar.is_future(context.verb) == wanted


def _question(wanted, context, document, block) -> bool:
    return grammar.is_question(context.sentence) == wanted


def _conditional(wanted, context, document, block) -> bool:
    return grammar.is_conditional(context.verb) == wanted


def _reason(wanted, context, document, block) -> bool:
    return grammar.explained_by_a_condition(context.verb, document) == wanted


def _evidence(wanted, context, document, block) -> bool:
    return not evidence_near(context.sentence, document, block, context.span)


def _relative(wanted, context, document, block) -> bool:
    return grammar.is_restrictive_relative(context.verb) == wanted


def _claim(wanted, context, document, block) -> bool:
    """Is the hedge attached to a claim about what happened? Not in a fragment without a
    predicate, nor in a clause that only evaluates; in a timeline, where hedges narrate what
    responders saw or tried, only causal claims count."""
    if not any(t.pos_ in ("VERB", "AUX") for t in context.sentence):
        return False  # "Or maybe not...", "Maybe not worth the effort": no predicate, no claim
    if grammar.evaluates(context.verb) and not grammar.states_a_cause(context.sentence):
        return False  # "I think we handled it well": the writer's view, not a claim about what happened
    if not _timeline_entry(document, block):
        return True
    if context.verb.lemma_ in ("seem", "appear") and context.verb.tag_ == "VBD":
        return False  # "since it seemed to be a simple change": what responders saw then
    return grammar.states_a_cause(context.sentence)


_TIMESTAMP_START = re.compile(r"\W*(?:\d{4}-\d{2}-\d{2}[ T]?)?\d{1,2}:\d{2}")


def _timeline_entry(document, block) -> bool:
    """A timeline section, or an entry that starts with a time ("- **00:55 UTC:** ...") in any section."""
    if "timeline" in document.section_of(block).kinds:
        return True
    return bool(_TIMESTAMP_START.match(document.source, block.start))


def evidence_near(sentence, document, block, claim=None) -> bool:
    """Evidence in the sentence (outside the claim's own clause, for numbers), the one
    before or after it, or a code excerpt after the block. A sentence parsed on its own
    (prose.piece_doc) has its neighbours in the block at its edges, unparsed."""
    doc = sentence.doc
    sentences = list(doc.sents)
    index = next(i for i, s in enumerate(sentences) if s.start == sentence.start)
    nearby = [span_offsets(near) for near in sentences[max(0, index - 1) : index + 2]]
    data = data_if_any(doc)
    before, after = (data.before, data.after) if data is not None else (None, None)
    if index == 0 and before is not None:
        nearby.insert(0, before)
    if index == len(sentences) - 1 and after is not None:
        nearby.append(after)
    own = span_offsets(sentence)
    for start, end in nearby:
        raw = document.source[block.start + start : block.start + end]
        if (start, end) == own and claim is not None:
            claim_start, claim_end = span_offsets(claim)
            if has_evidence_outside(raw, claim_start - start, claim_end - start):
                return True
        elif has_evidence(raw):
            return True
    return index == len(sentences) - 1 and after is None and excerpt_follows(document, block.end)


_CHECKS = {
    "agent": _agent,
    "subject": _subject,
    "negated": _negated,
    "future": _future,
    "question": _question,
    "conditional": _conditional,
    "evidence": _evidence,
    "restrictive-relative": _relative,
    "claim": _claim,
    "experiencer": _experiencer,
    "modal": _modal,
    "systemic-reason": _reason,
}
