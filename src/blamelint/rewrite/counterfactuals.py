"""Rewordings of counterfactuals: what "should have" happened becomes what the process did
not call for, said as a fact about the process, not a verdict about a person.

- "We should have staged the rollout again." -> "Nothing in the process called for staging
  the rollout again."
- "If he had followed the deploy checklist this would never have happened." -> "Nothing in the
  process required following the deploy checklist."
- "Consulting X would have saved time." -> "Nothing in the process called for consulting X."
- "This should have been caught in review." -> "Nothing in the process caught this in review."
- "They shouldn't have deployed on a Friday." -> "Nothing in the process questioned deploying
  on a Friday."
"""

from __future__ import annotations

from blamelint.rewrite import frames
from blamelint.rewrite import phrase as phrases
from blamelint.rewrite.sentence import Sentence
from blamelint.grammar import with_aux_children
from blamelint.persons import agent_kind
from blamelint.rewrite.words import SUBJECT_DEPS, ends_in_function_word, lemma, lower_first, word_tokens

_MODALS = {"should", "could", "would", "might", "must", "ought", "'d"}
_OUTCOMES_WITHOUT_MEANS = {"avoid", "prevent", "mitigate", "reduce", "avert", "limit", "minimise", "minimize"}
_PEOPLE = ("person", "first-person", "team")
# A counterfactual inside another clause's argument ("not assume we could have ...", "a change
# which would have mitigated ...") is not the sentence's main claim.
_EMBEDDED = ("ccomp", "xcomp", "acl", "relcl", "pcomp", "csubj", "dobj", "pobj")


def counterfactual(context) -> str | None:
    s = Sentence(context)
    conditional = _past_conditional(s)
    if conditional is not None:
        return _from_conditional(s, *conditional)
    verb = _modal_perfect(s, context)
    if verb is None:
        return None
    ought = verb.dep_ == "xcomp" and verb.head.lower_ == "ought"
    if verb.dep_ in _EMBEDDED and not ought or verb.dep_ == "conj" and not any(c.dep_ in SUBJECT_DEPS for c in _aux_children(verb)):
        return None  # "and not assume we could have started it faster": not the sentence's own claim
    if any(c.dep_ in ("dobj", "nsubjpass") and c.lower_ in ("which", "that", "who", "whom") for c in verb.children):
        return None  # "changes, which we should have deployed alone"
    negated = any(c.dep_ == "neg" for c in _aux_children(verb))
    default = "question" if negated else "call"
    if verb.lemma_.lower() == "be":
        return _better_to(s, verb, default)
    if any(c.dep_ == "auxpass" for c in verb.children):
        return _passive(s, verb, default)
    subject = next((c for c in _aux_children(verb) if c.dep_ in SUBJECT_DEPS), None)
    if subject is None or agent_kind(subject, None) in _PEOPLE or subject.lower_ in ("nobody", "everyone", "one"):
        return _action(s, verb, subject, default)
    return _consequence(s, verb, subject)


# --- the forms ------------------------------------------------------------------------------
def _action(s: Sentence, verb, subject, default: str) -> str | None:
    """A person should have done something: the something is what the process did not call for."""
    means = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("by", "through")), None)
    if means is not None and lemma(verb.text) in _OUTCOMES_WITHOUT_MEANS | {"catch", "detect", "find", "spot"}:
        return _from_means(s, means, default, subject)  # "could have avoided the outage by canarying"
    if lemma(verb.text) in ("know", "see", "realise", "realize") and not _clause_object(s, verb.i):
        return None  # "should have known better", "could have seen this coming": nothing to name
    word = word_tokens(s.doc, verb.i)
    action_word = "".join(t.text for t in word)
    clause = phrases.after(s.doc, word[-1].i + 1, s.span.end, clause=_clause_object(s, word[-1].i), front_durations=False)
    if clause is None or ends_in_function_word(clause.tokens):
        return None
    starts = [word[0].i] + [c.i for c in _aux_children(verb) if c.dep_ in ("aux", "auxpass", "neg") and c.i < verb.i]
    if subject is not None:
        starts.append(min(t.i for t in subject.subtree))
    lead = s.lead(min(starts))
    body = _body(s, action_word, list(clause.tokens), default)
    return s.compose(lead, body, s.tokens(clause.end, s.span.end), clause.durations)


def _passive(s: Sentence, verb, default: str) -> str | None:
    """"could have been avoided by staging the rollout" -> the means; "should have been caught in
    review" -> the process catching it."""
    means = next((c for c in verb.children if c.dep_ in ("prep", "agent") and c.lower_ in ("by", "through", "via")), None)
    subject = next((c for c in _aux_children(verb) if c.dep_ == "nsubjpass"), None)
    if means is not None:
        return _from_means(s, means, default, subject)
    if subject is None or subject.lower_ in ("which", "that", "who") or lemma(verb.text) in _OUTCOMES_WITHOUT_MEANS:
        return None
    word = word_tokens(s.doc, verb.i)
    clause = phrases.after(s.doc, word[-1].i + 1, s.span.end, front_durations=False)
    if clause is None:
        return None
    object_tokens = [t for t in subject.subtree if t.i < verb.i]
    tokens = object_tokens + list(clause.tokens)
    body = _body(s, "".join(t.text for t in word), tokens, default, object_tokens)
    lead = s.lead(min(t.i for t in object_tokens))
    return s.compose(lead, body, s.tokens(clause.end, s.span.end), clause.durations)


def _from_means(s: Sentence, means, default: str, subject) -> str | None:
    objects = [c for c in means.children if c.dep_ in ("pcomp", "pobj")]
    if not objects:
        return None
    if objects[0].pos_ == "VERB":
        clause = phrases.after(s.doc, means.i + 1, s.span.end, front_durations=False)
        if clause is None or not clause.tokens or ends_in_function_word(clause.tokens) or clause.tokens[0].i != objects[0].i:
            return None
        tokens = list(clause.tokens)
        body = _body(s, tokens[0].text, tokens[1:], default)
    else:  # "through more stringent checks on testnet, and more communication with ..."
        tokens = sorted(objects[0].subtree, key=lambda t: t.i)
        if ends_in_function_word(tokens) or tokens[-1].i - tokens[0].i + 1 != len(tokens):
            return None
        body = frames.say(default, s.text(tokens))
    start = min(t.i for t in subject.subtree) if subject is not None else means.i
    return s.compose(s.lead(start), body, s.final_punct())


def _consequence(s: Sentence, verb, subject) -> str | None:
    """"Consulting X would have saved time": the process did not call for consulting X."""
    if subject.pos_ == "PRON" or subject.lower_ in ("which", "that", "this", "it"):
        return None
    tokens = [t for t in subject.subtree]
    if not tokens or tokens[-1].i >= verb.i:
        return None
    head = subject
    if head.pos_ == "VERB" or head.dep_ == "csubj":
        word = word_tokens(s.doc, head.i)
        rest = [t for t in tokens if t.i > word[-1].i]
        if any(t.i < word[0].i for t in tokens) or ends_in_function_word(rest or word):
            return None
        body = frames.say("call", frames.gerund_phrase("".join(t.text for t in word), s.text(rest)))
    else:
        if ends_in_function_word(tokens):
            return None
        body = frames.say("call", lower_first(tokens, s.text(tokens)))
    return s.compose(s.lead(tokens[0].i), body, s.final_punct())


def _better_to(s: Sentence, verb, default: str) -> str | None:
    """"It would have been better / a good idea to roll back first"."""
    to = next((t for t in s.tokens(verb.i + 1, s.span.end) if t.lower_ == "to"), None)
    if to is None or to.i + 1 >= s.span.end:
        return None
    start = to.i + 1
    if s.doc[start].lower_ == "have" and start + 1 < s.span.end:  # "to have tested"
        start += 1
    word = word_tokens(s.doc, start)
    clause = phrases.after(s.doc, word[-1].i + 1, s.span.end, front_durations=False)
    if clause is None or ends_in_function_word(clause.tokens or word):
        return None
    subject = next((c for c in _aux_children(verb) if c.dep_ in SUBJECT_DEPS), None)
    lead_end = min(t.i for t in subject.subtree) if subject is not None else verb.i
    body = _body(s, "".join(t.text for t in word), list(clause.tokens), default)
    return s.compose(s.lead(lead_end), body, s.final_punct(), clause.durations)


def _from_conditional(s: Sentence, verb, clause_start: int) -> str | None:
    """"If he had followed the checklist, this would not have happened" -> the checklist."""
    word = word_tokens(s.doc, verb.i)
    clause = phrases.after(s.doc, word[-1].i + 1, s.span.end, clause=_clause_object(s, word[-1].i), front_durations=False)
    if clause is None or ends_in_function_word(clause.tokens or word):
        return None
    before = s.tokens(s.span.start, clause_start)
    lead = [] if any(t.pos_ in ("VERB", "AUX") for t in before) else s.lead(clause_start)
    negated = any(c.dep_ == "neg" for c in verb.children)
    body = _body(s, "".join(t.text for t in word), list(clause.tokens), "question" if negated else "call")
    return s.compose(lead, body, s.final_punct(), clause.durations)


# --- finding the parts ------------------------------------------------------------------------
def _body(s: Sentence, action_word: str, tokens: list, default: str, object_tokens=()) -> str:
    frame = frames.frame_for(lemma(action_word), tokens, default if default == "question" else "call")
    if frame in frames.NOUN_FRAMES or frame == "show":
        text = s.text(tokens)
    else:
        text = frames.gerund_phrase(action_word, s.text(tokens))
    if object_tokens:
        first = s.text(list(object_tokens))
        text = text.replace(first, lower_first(list(object_tokens), first), 1)
    return frames.say(frame, text)


def _past_conditional(s: Sentence):
    """(verb, where its clause starts) of "if someone had done" or "had someone done"."""
    for token in s.span:
        if token.tag_ not in ("VBN", "VBD", "VB") or token.pos_ not in ("VERB", "AUX"):
            continue
        children = list(token.children)
        had = next((c for c in children if c.dep_ == "aux" and c.lower_ == "had"), None)
        if had is None:
            continue
        mark = next((c for c in children if c.dep_ == "mark" and c.lower_ == "if"), None)
        if mark is None and had.i > 0 and s.doc[had.i - 1].lower_ == "if":
            mark = s.doc[had.i - 1]
        subject = next((c for c in children if c.dep_ in SUBJECT_DEPS), None)
        if mark is not None:
            return token, mark.i
        if subject is not None and had.i < subject.i:  # "Had we load-tested ..."
            return token, had.i
    return None


def _modal_perfect(s: Sentence, context):
    """The verb of "should / could / would have <done>" nearest the match."""
    found = []
    for token in s.span:
        if token.pos_ not in ("VERB", "AUX") or token.dep_ in ("aux", "auxpass"):
            continue
        auxes = [c.lower_ for c in _aux_children(token) if c.dep_ in ("aux", "auxpass")]
        if token.dep_ == "xcomp" and token.head.lower_ == "ought":  # "ought to have tested"
            auxes.append("ought")
        if "have" in auxes and any(a in _MODALS for a in auxes) or "'ve" in auxes:
            found.append(token)
    if not found:
        return None
    middle = (context.span.start + context.span.end) / 2
    return min(found, key=lambda t: abs(t.i - middle))


def _aux_children(verb):
    """The verb's children, with those the parser hung on its auxiliaries or, for "ought to
    have", on "ought"."""
    yield from with_aux_children(verb)
    if verb.dep_ == "xcomp" and verb.head.lower_ == "ought":
        yield from (c for c in verb.head.children if c.i != verb.i)


def _clause_object(s: Sentence, i: int) -> bool:
    nxt = s.doc[i + 1] if i + 1 < s.span.end else None
    return nxt is not None and nxt.lower_ in ("that", "what", "how", "whether", "which", "where", "when", "why")


