"""Rewordings that replace the blaming clause with a systemic one.

- omission: "Kenji forgot to renew the certificate" -> "Nothing in the process prompted
  renewing the certificate"; "Nobody noticed the disk alert for forty minutes" -> "For forty
  minutes, nothing in the process drew attention to the disk alert".
- commission: "Jae-won accidentally deleted the staging bucket" -> "Nothing in the process
  guarded against deleting the staging bucket".
- without: "Gabriel approved the release without checking the error budget" -> "Nothing in the
  process required checking the error budget before approving the release".
- belief: "We wrongly assumed the chart set limits" -> "At the time, it looked as though the
  chart set limits".
Each returns None when the parse does not give a clause it can rebuild whole.
"""

from __future__ import annotations

import dataclasses

from blamelint.lexicon import words
from blamelint.rewrite import frames
from blamelint.rewrite import phrase as phrases
from blamelint.rewrite.sentence import Sentence
from blamelint.persons import name_word
from blamelint.rewrite.words import SUBJECT_DEPS, ends_in_function_word, is_past, lemma, lower_first, word_tokens

_AUX_DEPS = ("aux", "auxpass", "neg")
# Verbs whose infinitive names the action: "forgot to RUN", "failed to NOTIFY".
_HOLDERS = {"forget", "fail", "neglect", "think", "bother", "remember", "omit", "manage", "try", "decide",
            "choose", "opt", "elect", "care"}
_AGENTS = ("person", "first-person", "team")
# Words in the phrase that judge or excuse the action; the rewording leaves them out.
_JUDGING = {"bad", "anyway", "anyways", "regardless", "nonetheless", "nevertheless", "carelessly", "accidentally",
            "mistakenly", "inadvertently", "unintentionally", "erroneously", "wrongly", "sloppily", "blindly",
            "recklessly", "properly", "adequately", "sufficiently", "proper", "adequate", "sufficient"}
_JUDGING_PAIRS = {("by", "mistake"), ("by", "accident"), ("in", "error"), ("yet", "again"), ("as", "well")}
# Adverbs that add this clause to what the same person did ("missed it too"): with the
# process as the subject they point at nothing.
_ADDITIVE = {"too", "either", "also"}
# Deliberate choices ("chose not to tell"): asking what prompted the action misses the point;
# the finding's question (what made that choice make sense) stands instead.
# Holders whose object can be a thing ("forgot the cron job"): attention is what was missing.
_REMEMBERING = {"forget", "remember"}
_CHOICES = {"choose", "decide", "opt", "elect", "refuse"}
_PLAIN_VERBS = {"fat-finger": "mistype"}
_SLIPS = {"misconfigure", "mistype", "mishandle", "mismanage", "misread", "misunderstand", "misinterpret", "botch",
          "bungle", "fumble", "screw", "mess", "break", "misroute", "mislabel", "delete", "drop", "overwrite"}
_BELIEFS = {"assume", "believe", "think", "expect", "presume", "suppose", "conclude"}


def omission(context) -> str | None:
    return _reword(context, default_frame="prompt", holders=True)


def commission(context) -> str | None:
    verb = context.verb
    if verb is not None and verb.lemma_.lower() in _BELIEFS:  # "mistakenly thought": a belief, not an act
        return belief(context)
    return _caused_by(context) or _reword(context, default_frame="guard", holders=False)


def _caused_by(context) -> str | None:
    """"The platform team caused the confusion by naming both clusters alike" -> "Naming both
    clusters alike caused the confusion": the action, not the team, is the subject."""
    clause = _Clause.find(context, holders=False)
    if clause is None or lemma(clause.action_word) != "cause":
        return None
    tokens = list(clause.phrase.tokens)
    by = next((k for k, t in enumerate(tokens) if t.lower_ == "by" and k + 1 < len(tokens) and tokens[k + 1].tag_ == "VBG"), None)
    if by is None or by == 0:
        return None
    s = clause.sentence
    means, caused = s.text(tokens[by + 1 :]), s.text(tokens[:by])
    verb = "causes" if clause.present else "caused"
    return s.compose(clause.lead, f"{means} {verb} {caused}", clause.tail, clause.phrase.durations)


def without(context) -> str | None:
    """The action went ahead without a step: the step is what the process did not require."""
    marker = next((t for t in context.sentence if t.lower_ == "without" and t.head.pos_ in ("VERB", "AUX")), None)
    if marker is not None and context.verb is not None and context.verb.i > marker.i:
        context = dataclasses.replace(context, verb=marker.head)  # the match's verb was "checking"
    clause = _Clause.find(context, holders=False)
    if clause is None:
        return None
    tokens = list(clause.phrase.tokens)
    tail = clause.tail
    marker = next((k for k, t in enumerate(tokens) if t.lower_ == "without"), None)
    rest = [t for t in clause.tail if not t.is_punct or t.text not in (",",)]
    if marker is None and len(rest) > 1 and rest[0].lower_ == "without" and clause.tail[0].text == ",":
        # "..., without testing.": the step follows the comma
        end = [t for t in rest if t not in clause.sentence.final_punct()]
        tokens, marker, tail = tokens + end, len(tokens), clause.sentence.final_punct()
    if marker is None:
        return None
    before, step = tokens[:marker], [t for t in tokens[marker + 1 :] if not _judging(t)]
    while step and step[0].lower_ in ("any", "a", "an", "the", "prior", "peer"):
        step = step[1:]
    if not step or ends_in_function_word(step):
        return None
    s = clause.sentence
    action = frames.gerund_phrase(clause.action_word, s.text(before), clause.adverbs)
    body = frames.say("require", f"{s.text(step)} before {action}", clause.present)
    return s.compose(clause.lead, body, tail, clause.phrase.durations)


def belief(context) -> str | None:
    """What someone wrongly believed is what the information at the time suggested."""
    s = Sentence(context)
    verb = context.verb
    if verb.lemma_.lower() not in _BELIEFS:
        return None
    start = verb.i + 1
    if start < s.span.end and s.doc[start].lower_ == "that":
        start += 1
    phrase = phrases.after(s.doc, start, s.span.end, clause=True)
    if phrase is None or len(phrase.tokens) < 3 or not any(t.dep_ in SUBJECT_DEPS for t in phrase.tokens):
        return None
    clause_start = _clause_start(verb, _subject(verb))
    body = f"at the time, it looked as though {s.text(phrase.tokens + phrase.durations)}"
    lead = s.lead(clause_start)
    return s.compose(lead, body, s.tokens(phrase.end, s.span.end))


def _reword(context, default_frame: str, holders: bool) -> str | None:
    clause = _Clause.find(context, holders)
    if clause is None:
        return None
    s = clause.sentence
    tokens = [t for t in clause.phrase.tokens if not _judging(t)]
    tokens = _without_pairs(tokens)
    if clause.object_tokens:
        tokens = clause.object_tokens + tokens
    if ends_in_function_word(tokens):
        return None
    action_lemma = lemma(clause.action_word)
    if action_lemma in _SLIPS:
        default_frame = "guard"  # "misconfigured the load balancer": what guarded against it, not what prompted it
    frame = frames.frame_for(action_lemma, tokens, default_frame, object_given=clause.gap)
    if frame in frames.NOUN_FRAMES or frame == "show":
        if not tokens and not clause.gap:
            return None
        object_text = s.text(tokens)
    elif not tokens and lemma(clause.action_word) in words("rewrite_attention_verbs") | words("rewrite_catch_verbs"):
        return None  # "so nobody noticed.": nothing to name
    else:
        object_text = frames.gerund_phrase(clause.action_word, s.text(tokens), clause.adverbs)
    if clause.object_tokens:
        object_text = _lower_object(s, clause.object_tokens, object_text)
    question = s.is_question
    if clause.gap:  # "a breaking change we did not catch" -> "a breaking change that nothing ... caught"
        body = "that " + frames.say(frame, object_text, clause.present)
        return s.compose(clause.lead, body.strip(), clause.tail, clause.phrase.durations)
    body = frames.say(frame, object_text, clause.present, question)
    if question:
        return s._cased(body + "?")
    if _starts_with_reason(clause.tail):
        return _with_reason(s, clause, body)  # None when the reason itself blames: no rewording
    return s.compose(clause.lead, body, clause.tail, clause.phrase.durations, clause.subject)


def _starts_with_reason(tail) -> bool:
    words_ = [t for t in tail if t.text != ","]
    return bool(words_) and words_[0].lower_ in ("because", "since") and words_[0].dep_ == "mark"


def gerund_clause(s: Sentence, verb, frame: str) -> str | None:
    """"nothing in the process <frame> <verb as a gerund> <what follows it>" for a verb of the
    sentence, or None when what follows cannot be quoted whole."""
    word = word_tokens(s.doc, verb.i)
    phrase = phrases.after(s.doc, word[-1].i + 1, s.span.end)
    if phrase is None or phrase.end < s.span.end - len(s.final_punct()):
        return None
    tokens = _without_pairs([t for t in phrase.tokens if not _judging(t)])
    if ends_in_function_word(tokens):
        return None
    action = "".join(t.text for t in word)
    return frames.say(frame, frames.gerund_phrase(action, s.text(tokens)))


def _with_reason(s: Sentence, clause, body: str) -> str | None:
    """"Bob forgot to run it because he was in a hurry" -> "He was in a hurry, and nothing in
    the process prompted running it." (after the new clause, "because" would explain the process)."""
    tail = [t for t in clause.tail if not t.is_punct or t.text not in (",",)]
    if not tail or tail[0].lower_ not in ("because", "since") or clause.lead or clause.phrase.durations:
        return None
    reason = [t for t in tail[1:] if t not in s.final_punct()]
    if len(reason) < 2 or not any(t.dep_ in SUBJECT_DEPS for t in reason):
        return None
    if any(t.dep_ == "neg" or t.lower_ in ("never", "him", "her", "them") or lemma(t.text) in words("omission_verbs")
           for t in reason):
        return None  # "because Priya didn't remind him": the reason blames someone else
    return s._cased(f"{s.text(reason)}, and {body}" + "".join(t.text for t in s.final_punct()))


class _Clause:
    """The blaming clause: its lead, the action verb, what follows it, and the tail."""

    def __init__(self, sentence, lead, action_word, adverbs, phrase, tail, present, object_tokens,
                 subject=(), gap=False):
        self.sentence, self.lead, self.action_word, self.adverbs = sentence, lead, action_word, adverbs
        self.phrase, self.tail, self.present, self.object_tokens = phrase, tail, present, object_tokens
        self.subject = subject  # the original subject's tokens, for a verb in the tail that shared it
        self.gap = gap  # a relative clause whose object is the noun it describes

    @classmethod
    def find(cls, context, holders: bool):
        s = Sentence(context)
        verb = context.verb
        if verb is None or not _is_verb(verb) or not _blamed(context):
            return None
        if lemma(verb.text) in _CHOICES or verb.lemma_.lower() in _CHOICES:
            return None
        action = _infinitive(verb) if holders else None
        if action is None and holders and _is_holder(verb) and not _forgot_thing(verb):
            return None  # "failed in the end": no action to name
        action = action or verb
        if action.i < verb.i or _negated_action(action, verb):
            return None  # "forgot not to deploy": the rewording would say the opposite
        word = word_tokens(s.doc, action.i)
        action_word = _PLAIN_VERBS.get(lemma("".join(t.text for t in word)), "".join(t.text for t in word))
        passive_subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        subject = passive_subject or _subject(verb)
        misplaced = subject is None and context.agent is not None and context.agent.i < verb.i
        if misplaced:
            subject = context.agent  # a subject the parser attached elsewhere ("The on-call engineer forgot")
        clause_start = _clause_start(verb, subject)
        named = subject is not None and subject.i < verb.i and _name_start(s.doc, subject)
        if named and named > clause_start:  # "During the upgrade Sakura deleted": "the upgrade" is not the name's
            clause_start = named
        clause_words = _object_clause_follows(s.doc, word[-1].i)
        after_verb = word[-1].i + 1
        if action.i == verb.i and _forgot_thing(verb) and s.doc[after_verb].lower_ == "about":
            after_verb += 1  # "forgot about the renewal": the renewal is what nothing drew attention to
        phrase = phrases.after(s.doc, after_verb, s.span.end, clause=clause_words)
        if phrase is None:
            return None
        object_tokens = []
        if passive_subject is not None:
            object_tokens = [t for t in passive_subject.subtree if t.i < verb.i]
            if not object_tokens or object_tokens[0].lower_ in ("which", "that", "who"):
                return None
            if any(t.pos_ == "DET" and t.text[:1].isupper() for t in object_tokens[1:]):
                return None  # two sentences run together ("... the Auth service The second issue")
            phrase = _without_agent(phrase, context.agent)
        adverbs = s.text([t for t in s.tokens(clause_start, word[0].i)
                          if t.dep_ == "advmod" and t.lower_ in words("rewrite_kept_adverbs")])
        tail = s.tokens(phrase.end, s.span.end)
        lead = s.lead(clause_start, whole=bool(named) and named == clause_start)
        subject_tokens = [t for t in subject.subtree] if subject is not None and passive_subject is None else []
        gap = verb.dep_ == "relcl" and not _has_object(action)
        if verb.dep_ == "relcl" and not gap:
            return None
        if any(c.dep_ in ("dobj", "nsubjpass") and c.lower_ in ("which", "that", "who", "whom") for c in verb.children):
            return None
        if _tail_blames(tail):
            subject_tokens = []  # "... and forgot to update the status page": no subject is given back
        return cls(s, lead, action_word, adverbs, phrase, tail, _present(verb), object_tokens, subject_tokens, gap)


def _name_start(doc, subject) -> int | None:
    """Where a personal name ends leftwards ("Priya Sharma", "Jae-won"): a name takes no article,
    so words before it that the parser gave it ("the upgrade Sakura") belong to the lead."""
    if subject.pos_ != "PROPN" and not subject.text.startswith("@") and not name_word(subject)[:1].isupper():
        return None
    if subject.lower_ in words("role_nouns") or subject.text.isupper():
        return None  # "Our DBA", "The SRE": a role, not a name
    start = word_tokens(doc, subject.i)[0].i
    while start > subject.sent.start and doc[start - 1].pos_ == "PROPN" and doc[start - 1].text[:1].isupper():
        start = word_tokens(doc, start - 1)[0].i
    if start > subject.sent.start and (doc[start - 1].pos_ == "DET" or doc[start - 1].dep_ == "poss"):
        return None  # "the Kubernetes admin", "our Priya": the words before belong to the subject
    return start


def _is_verb(token) -> bool:
    """A verb, or a failure verb the tagger took for a noun ("Eleni forgot": forgot/NN)."""
    if token.pos_ in ("VERB", "AUX"):
        return True
    base = lemma(token.text)
    return base != token.lower_ and base in _HOLDERS | words("omission_verbs") | words("diligence_verbs")


def _tail_blames(tail) -> bool:
    """A clause after the reworded one that is itself an omission or a failure."""
    return any(t.dep_ == "neg" or t.lower_ == "never" or lemma(t.text) in words("omission_verbs") | _HOLDERS
               for t in tail)


def _negated_action(action, verb) -> bool:
    if action.i == verb.i:
        return False
    between = [t for t in action.doc[verb.i + 1 : action.i]]
    return any(c.dep_ == "neg" for c in action.children) or any(t.lower_ in ("not", "never") for t in between)


def _has_object(verb) -> bool:
    return any(c.dep_ in ("dobj", "ccomp", "xcomp", "attr") for c in verb.children)


def _blamed(context) -> bool:
    """Someone is the agent (a person, a team, nobody), or a passive names them with "by"."""
    if context.agent_kind in _AGENTS:
        return True
    agent = context.agent
    return agent is not None and agent.lower_ in ("nobody", "noone", "no-one", "everyone", "everybody", "one")


def _forgot_thing(verb) -> bool:
    """"forgot the cron job", "forgot about it": a thing, not an action, was forgotten."""
    if lemma(verb.text) not in _REMEMBERING and verb.lemma_.lower() not in _REMEMBERING:
        return False
    nxt = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    return nxt is not None and (nxt.lower_ in ("about", "that") or nxt.dep_ == "dobj" or nxt.pos_ in ("DET", "PRON") and nxt.dep_ != "nsubj")


def _is_holder(verb) -> bool:
    return verb.lemma_.lower() in _HOLDERS or lemma(verb.text) in _HOLDERS


def _infinitive(verb):
    if not _is_holder(verb):
        return None
    for child in verb.children:
        if child.dep_ in ("xcomp", "ccomp") and child.pos_ in ("VERB", "AUX") and child.i > verb.i:
            if any(c.dep_ in ("mark", "nsubj", "nsubjpass", "expl") for c in child.children):
                continue  # "forgot that the flag was on": a fact, not an action to take
            return _infinitive(child) or child
    return None


def _subject(verb):
    token = verb
    for _ in range(4):
        for child in token.children:
            if child.dep_ in SUBJECT_DEPS:
                return child
            if child.dep_ in ("aux", "auxpass"):
                found = next((c for c in child.children if c.dep_ in SUBJECT_DEPS), None)
                if found is not None:
                    return found
        if token.dep_ not in ("xcomp", "conj", "advcl") or token.head.i == token.i:
            break
        token = token.head
    return None


def _clause_start(verb, subject) -> int:
    """Where the blaming clause begins: its subject, or the first auxiliary of a fragment. A
    verb coordinated with an earlier one shares its subject ("was tired and restarted the
    wrong pool"): its clause begins after the "and", which the lead keeps."""
    starts = [verb.i] + [c.i for c in verb.children if c.dep_ in _AUX_DEPS]
    if verb.dep_ == "conj" and subject is not None and subject.head.i != verb.i and subject.i < verb.head.i:
        return min(starts)
    if subject is not None and subject.i < verb.i:
        starts.append(min(t.i for t in subject.subtree))
    start = min(starts)
    doc = verb.doc
    while start > verb.sent.start and doc[start - 1].pos_ == "DET":  # "The" hung on the verb by the parser
        start -= 1
    # a subject the parser hung elsewhere ("During the upgrade Jae-won deleted"): the name before the verb
    if subject is None or subject.i > verb.i:
        while start > verb.sent.start and doc[start - 1].pos_ in ("ADV", "PART", "AUX") and doc[start - 1].dep_ in ("advmod", "neg", "aux"):
            start -= 1
        candidate = start - 1
        if candidate >= verb.sent.start and (doc[candidate].pos_ in ("PROPN", "PRON") or doc[candidate].text.startswith("@")):
            start = candidate
    return start


def _object_clause_follows(doc, i: int) -> bool:
    nxt = doc[i + 1] if i + 1 < len(doc) else None
    return nxt is not None and (nxt.lower_ in ("that", "which", "what", "how", "whether", "if", "where", "when", "who", "why")
                                or nxt.dep_ in ("nsubj", "expl") and nxt.head.dep_ == "ccomp")


def _without_agent(phrase, agent):
    if agent is None:
        return phrase
    drop = set()
    for token in phrase.tokens:
        if token.lower_ == "by" and any(t.i == agent.i for t in token.subtree):
            drop.update(t.i for t in token.subtree)
    tokens = [t for t in phrase.tokens if t.i not in drop]
    if drop and tokens and tokens[-1].i == max(drop) + 1 and tokens[-1].tag_ == "VBN":
        tokens = tokens[:-1]  # "by the service teams affected": the participle went with the agent
    return phrases.Phrase(tuple(tokens), phrase.durations, phrase.end)


def _present(verb) -> bool:
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in ("did", "had", "was", "were") for a in auxes):
        return False
    if any(a.lower_ in ("does", "do", "has", "have", "is", "are", "am") for a in auxes):
        return True
    return verb.tag_ in ("VBZ", "VBP") and not is_past(verb)


def _judging(token) -> bool:
    return token.lower_ in _JUDGING or token.lower_ in _ADDITIVE and token.dep_ == "advmod"


def _without_pairs(tokens: list) -> list:
    drop = set()
    for a, b in zip(tokens, tokens[1:]):
        if (a.lower_, b.lower_) in _JUDGING_PAIRS and b.i == a.i + 1:
            drop.update((a.i, b.i))
    return [t for t in tokens if t.i not in drop]


def _lower_object(s, object_tokens, text: str) -> str:
    first = s.text(object_tokens)
    lowered = lower_first(object_tokens, first)
    return lowered + text[len(first):] if text.startswith(first) else text.replace(first, lowered, 1)
