"""Rewordings that change words, not the clause.

- drop: a judging or hindsight word that only modifies ("a sloppy config change",
  "Predictably, the cron job ...") is left out; "!!" becomes ".".
- judged-decision: "Deploying twenty changes at once was a bad idea" -> "Nothing in the process
  questioned deploying twenty changes at once".
- label: "human error" as a cause becomes the unguarded step it stands for.
- possessive: "Amara's mistake took checkout down" -> "A mistake that nothing in the process
  caught took checkout down".
- folk labels: "was not paying attention to X" -> "nothing in the process drew attention to X";
  "was not aware which X" -> "nothing in the process showed which X"; "was rushed" -> "went out
  under time pressure"; "Lack of X" -> "Nothing in the process provided X".
- exhortation (action items): "Be more careful to test X" -> "Automate testing X"; "be
  careful when editing X" -> "Add a safeguard for editing X".
"""

from __future__ import annotations

import dataclasses

from blamelint.lexicon import words
from blamelint.rewrite import frames
from blamelint.rewrite import phrase as phrases
from blamelint.rewrite.sentence import Sentence
from blamelint.persons import agent_kind
from blamelint.rewrite.clauses import commission, gerund_clause
from blamelint.rewrite.words import SUBJECT_DEPS, ends_in_function_word, inflect, lower_first, sentence_case, word_tokens

_MODIFIER_DEPS = ("advmod", "amod", "npadvmod", "intj", "prep", "advcl", "neg")
_WH = {"which", "what", "where", "when", "whether", "how", "who", "in"}
_FAILURES = {"mistake", "error", "bug", "typo", "slip", "oversight", "lapse"}
_DECISIONS = {"call", "decision", "idea", "choice", "move", "judgment", "judgement", "approach", "plan"}
_FRAME_NOUNS = {"act", "moment", "fit", "case", "display", "show"}
_CAREFUL = {"careful", "vigilant", "cautious", "diligent", "attentive", "mindful", "thorough"}


def drop(context) -> str | None:
    s = Sentence(context)
    span = list(context.span)
    if all(t.text and set(t.text) <= {"!", "?"} for t in span):
        return _calm_punctuation(s, span)
    for reword in (_clear_that, _person_judged, lambda _s, c: judged_decision(c), _thing_judged):
        text = reword(s, context)
        if text is not None:
            return text
    return _without_modifiers(s, context)


def hindsight(context) -> str | None:
    """"Looking back, it was clear the deploy was risky" -> "The deploy was risky"; "Predictably,
    the cron job collided ..." -> "The cron job collided ..."."""
    s = Sentence(context)
    text = _clear_that(s, context)
    if text is not None:
        return text
    unseen = _went_unseen(s)
    if unseen is not None:
        return unseen
    if any(t.lower_ in ("obvious", "clear", "evident", "foreseeable", "predictable") for t in context.span):
        return None  # "it was obvious": no plain fact to keep
    return _thing_judged(s, context) or _without_modifiers(s, context)


_PLAIN_TO_SEE = {"obvious", "clear", "evident", "visible", "apparent"}


def _went_unseen(s: Sentence) -> str | None:
    """"In hindsight, the alert was obvious" -> "At the time, nothing in the process drew attention
    to the alert"; "The warning signs were there for weeks" -> "For weeks, nothing in the process
    drew attention to the warning signs": what is obvious afterwards was not shown at the time."""
    root = s.span.root
    if root.lemma_ != "be" or any(c.dep_ == "neg" for c in root.children):
        return None
    subject = next((c for c in root.children if c.dep_ == "nsubj"), None)
    seen = next((c for c in root.children if c.dep_ == "acomp" and c.lower_ in _PLAIN_TO_SEE
                 or c.dep_ == "advmod" and c.lower_ == "there"), None)
    if subject is None or seen is None or subject.pos_ not in ("NOUN", "PROPN") or subject.i > root.i:
        return None
    if agent_kind(subject, None) in ("person", "first-person", "team") or list(seen.children):
        return None  # "clear to everyone", "obvious that ...": more than the thing itself
    lead = s.lead(min(t.i for t in subject.subtree))
    if lead is None or s.text(lead).strip(" ,"):
        return None  # a lead that is not a hindsight frame ("After the deploy, ...") would need placing
    rest = [t for t in s.tokens(max(seen.i, root.i) + 1, s.span.end) if t not in s.final_punct()]
    when = s.text(rest) if rest else "at the time"
    if rest and not (rest[0].lower_ in ("for", "throughout") and rest[0].dep_ == "prep" and rest[-1].i == rest[0].right_edge.i):
        return None  # only a stretch of time may follow ("for weeks")
    thing_tokens = sorted(subject.subtree, key=lambda t: t.i)
    thing = lower_first(thing_tokens, s.text(thing_tokens))
    return sentence_case(f"{when}, nothing in the process drew attention to {thing}"
                         + "".join(t.text for t in s.final_punct()))


def _demonstrative_predicate(s: Sentence, modifiers) -> str | None:
    """"This was a sloppy config change" -> "This config change had problems that nothing in the
    process caught" (without the judgment, "This was a config change" says nothing)."""
    noun = modifiers[0].head
    root = s.span.root
    subject = next((c for c in root.children if c.dep_ == "nsubj"), None)
    if root.lemma_ != "be" or noun.dep_ != "attr" or noun.head.i != root.i or subject is None:
        return None
    if subject.lower_ not in ("this", "that", "it") or noun.lemma_.lower() in words("failure_nouns") | _FAILURES:
        return None
    phrase = [t for t in noun.subtree if t not in modifiers and t.dep_ != "det"]
    if phrase[-1].i - phrase[0].i + 1 != len(phrase):
        return None
    demonstrative = "This" if subject.lower_ == "it" else subject.text
    had = "had" if root.lower_ in ("was", "were") else "has"
    return s._cased(f"{demonstrative} {s.text(phrase)} {had} problems that nothing in the process caught"
                    + "".join(t.text for t in s.final_punct()))


def _without_modifiers(s: Sentence, context) -> str | None:
    span = list(context.span)
    root = context.span.root
    modifiers = [t for t in span if t.dep_ in ("amod", "advmod") and t.pos_ in ("ADJ", "ADV") and t.i != root.i]
    if any(t.head.pos_ in ("VERB", "AUX", "ADP", "SCONJ") for t in modifiers):
        return None  # "poorly designed", "were there": the word carries the predicate
    if any(t.head.lemma_.lower() in _DECISIONS for t in modifiers):
        return None  # "the wrong call" without "wrong" says nothing
    if modifiers and len(modifiers) < len(span) or modifiers and root.pos_ == "NOUN":
        vacuous = _demonstrative_predicate(s, modifiers)
        if vacuous is not None:
            return vacuous
        kept = _tidy_commas([t for t in s.span if t not in modifiers])
        text = s.text(kept)
        return sentence_case(text) if s.span[0].text[:1].isupper() else text
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lower_ in _FRAME_NOUNS:
        root = root.head.head.head  # "in an act of laziness": the whole phrase goes
    if root.dep_ not in _MODIFIER_DEPS or root.head.i == root.i:
        return None
    if root.head.pos_ in ("ADP", "SCONJ") or root.dep_ == "pobj" and root.head.lower_ == "as":
        return None  # "As usual,": without the word the phrase is a stray "As"
    if root.dep_ == "amod" and root.pos_ == "ADJ":
        if root.head.lemma_.lower() in _DECISIONS:
            return None
        vacuous = _demonstrative_predicate(s, [root])
        if vacuous is not None:
            return vacuous
    removed = {t.i for t in root.subtree} | {t.i for t in span}
    in_span = {t.i for t in span} | {t.i for t in root.subtree if t.lower_ in _FRAME_NOUNS}
    # Only words that judge go: a modifier that carries facts ("without any consideration for
    # the weekend load") or the clause's own verb stays, and there is no rewording.
    if any(t.i not in in_span and t.pos_ not in ("DET", "ADP", "PUNCT", "PART") for t in root.subtree):
        return None
    if any(t.pos_ in ("VERB", "AUX") or t.dep_ == "ROOT" for t in s.span if t.i in removed):
        return None
    kept = [t for t in s.span if t.i not in removed]
    kept = _tidy_commas(kept)
    if not kept or not any(t.pos_ in ("VERB", "AUX") for t in kept):
        return None
    text = s.text(kept)
    return sentence_case(text) if s.span[0].text[:1].isupper() else text


def _clear_that(s: Sentence, context) -> str | None:
    """"Looking back, it was clear the deploy was risky" -> "The deploy was risky": what was
    known, without the claim that anyone should have seen it."""
    for token in s.span:
        if token.lower_ in ("clear", "obvious", "evident") and token.dep_ == "acomp" and token.head.lemma_ == "be":
            be = token.head
            subject = next((c for c in be.children if c.dep_ in SUBJECT_DEPS), None)
            clause = next((c for c in list(be.children) + list(token.children) if c.dep_ == "ccomp"), None)
            if subject is None or subject.lower_ != "it" or clause is None:
                return None
            tokens = [t for t in clause.subtree if t.lower_ != "that" or t.i != min(x.i for x in clause.subtree)]
            if tokens[-1].i - tokens[0].i + 1 != len(tokens):
                return None
            return s._cased(s.text(tokens) + "".join(t.text for t in s.final_punct()))
    return None


def _person_judged(s: Sentence, context) -> str | None:
    """"I'm an idiot." / "He wasn't a strong engineer." says nothing about the system: the
    rewording removes it ("" deletes the sentence); "Yes, I'm an idiot: I let it expire" keeps
    what follows the colon."""
    be = next((t for t in s.span if t.lemma_ == "be" and (t.dep_ == "ROOT" or t.dep_ in ("ccomp", "conj") and any(
        x.text in (":", ";") for x in s.span if x.i > t.i))), None)
    subject = next((c for c in be.children if c.dep_ in SUBJECT_DEPS), None) if be is not None else None
    trusted = next((t for t in s.span if t.lemma_ == "trust" and t.dep_ == "ROOT"), None)
    if trusted is not None:
        subject = next((c for c in trusted.children if c.dep_ in SUBJECT_DEPS), None)
        be = trusted
    if be is None or subject is None or agent_kind(subject, None) not in ("person", "first-person"):
        return None
    colon = next((t for t in s.span if t.text in (":", ";") and t.i > be.i), None)
    if colon is not None:
        rest = s.tokens(colon.i + 1, s.span.end)
        if not rest:
            return ""
        return s._cased(s.text(rest)) if len(rest) > 2 else None
    predicate = next((c for c in be.children if c.dep_ in ("attr", "acomp")), None)
    allowed = {be.i, subject.i} | {c.i for c in be.children if c.dep_ in ("aux", "auxpass", "neg", "punct", "intj", "advmod")}
    if predicate is not None:
        allowed |= {t.i for t in predicate.subtree if t.dep_ in ("det", "amod", "advmod") or t.i == predicate.i}
    extra = [t for t in s.span if t.i not in allowed and not t.is_punct and t.lower_ not in ("yes", "honestly", "frankly")]
    return "" if not extra else None  # "I was careless with the credentials" says what: keep it


def _thing_judged(s: Sentence, context) -> str | None:
    """"The rollout was careless and skipped the canary stage" -> "The rollout skipped the canary
    stage"; "The rollout plan was a complete mess" -> "The rollout plan had problems that nothing
    in the process caught"."""
    root = s.span.root
    if _badly_done(root, context):  # "The naming scheme was poorly designed"
        subject = next((c for c in root.children if c.dep_ == "nsubjpass"), None)
        if subject is None or agent_kind(subject, None) in ("person", "first-person", "team") or subject.pos_ == "PRON":
            return None
        subject_tokens = sorted(subject.subtree, key=lambda t: t.i)
        past = any(c.lower_ in ("was", "were") for c in root.children)
        return s._cased(f"{s.text(subject_tokens)} {'had' if past else 'has'} problems that nothing in the process caught"
                        + "".join(t.text for t in s.final_punct()))
    if root.lemma_ != "be" or not any(t in context.span for t in root.subtree):
        return None
    subject = next((c for c in root.children if c.dep_ in SUBJECT_DEPS), None)
    predicate = next((c for c in root.children if c.dep_ in ("acomp", "attr")), None)
    if subject is None or predicate is None or subject.pos_ == "PRON" or agent_kind(subject, None) in ("person", "first-person", "team"):
        return None
    if any(c.dep_ == "neg" for c in root.children) or predicate not in context.span and not any(
            t in context.span for t in predicate.subtree):
        return None
    subject_tokens = sorted(subject.subtree, key=lambda t: t.i)
    conj = next((c for c in root.children if c.dep_ == "conj" and c.pos_ == "VERB"), None)
    if conj is not None:
        rest = s.tokens(conj.i, s.span.end)
        return s._cased(f"{s.text(subject_tokens)} {s.text(rest)}")
    if max(t.i for t in predicate.subtree) + 1 < s.span.end - len(s.final_punct()):
        return None  # more follows the judgment: keep the sentence, ask the question
    past = root.lower_ in ("was", "were")
    return s._cased(f"{s.text(subject_tokens)} {'had' if past else 'has'} problems that nothing in the process caught"
                    + "".join(t.text for t in s.final_punct()))


def _badly_done(root, context) -> bool:
    """A passive verb judged by its adverb and nothing else: "was poorly designed"."""
    if root.tag_ != "VBN" or not any(c.dep_ == "auxpass" for c in root.children):
        return False
    adverbs = [c for c in root.children if c.dep_ == "advmod" and c in context.span]
    others = [c for c in root.children if c.dep_ not in ("advmod", "auxpass", "nsubjpass", "punct", "neg")]
    return bool(adverbs) and not others


def judged_decision(context) -> str | None:
    """A decision called bad or wrong: what it decided is what the process did not question."""
    s = Sentence(context)
    be = next((t for t in s.span if t.lemma_.lower() == "be" and t.dep_ in ("ROOT", "ccomp", "conj")), None)
    if be is None:
        return None
    subject = next((c for c in be.children if c.dep_ in SUBJECT_DEPS), None)
    if subject is not None and subject.pos_ == "VERB":  # "Deploying twenty changes at once was ..."
        word = word_tokens(s.doc, subject.i)
        rest = [t for t in subject.subtree if t.i > word[-1].i]
        if any(t.i < word[0].i for t in subject.subtree) or ends_in_function_word(rest):
            return None
        body = frames.say("question", frames.gerund_phrase("".join(t.text for t in word), s.text(rest)))
        return s.compose(s.lead(word[0].i), body, s.final_punct())
    to = next((t for t in s.tokens(be.i + 1, s.span.end) if t.lower_ == "to" and t.dep_ == "aux"), None)
    if to is None or subject is None or subject.lower_ not in ("it", "this", "that"):
        return None
    word = word_tokens(s.doc, to.i + 1)
    clause = phrases.after(s.doc, word[-1].i + 1, s.span.end)
    if clause is None or ends_in_function_word(clause.tokens):
        return None
    body = frames.say("question", frames.gerund_phrase("".join(t.text for t in word), s.text(clause.tokens)))
    return s.compose(s.lead(min(t.i for t in subject.subtree)), body, s.final_punct(), clause.durations)


def label(context) -> str | None:
    """"human error" (as the cause) -> "an unguarded manual step"."""
    s = Sentence(context)
    head = context.span.root
    if head.pos_ == "VERB":  # "An engineer fat-fingered the replica count"
        return commission(dataclasses.replace(context, verb=head))
    if head.pos_ not in ("NOUN", "PROPN"):
        return None
    np = [t for t in head.subtree if t.i <= head.i]
    if any(t not in context.span and t.dep_ not in ("det", "amod") for t in np if t.i != head.i) or any(
            t.pos_ == "VERB" for t in np if t not in context.span):
        return None  # "Assumed user error": the label is what someone assumed, not the cause
    outer = head.head
    if head.dep_ == "pobj" and outer.head.lemma_.lower() in ("case", "instance", "example") and outer.lower_ == "of":
        head = outer.head  # "a classic case of PEBKAC"
        np = [t for t in head.subtree]
    elif not _cause_role(head):
        return None
    unknown = _not_knowing(s, head)
    if unknown is not None:
        return unknown
    if any(t.i > head.i and t.dep_ == "prep" and any(c.tag_ == "VBG" for c in t.children) for t in head.children):
        return None  # "human error in doing ...": the label carries a clause
    article = "the" if np[0].lower_ == "the" else "an"
    replacement = f"{article} unguarded manual step"
    before = s.tokens(s.span.start, np[0].i)
    after = s.tokens(max(t.i for t in np) + 1, s.span.end)
    text = " ".join(filter(None, [s.text(before), replacement, s.text(after)])).replace(" .", ".").replace(" ,", ",")
    return sentence_case(text) if not before else text


def _not_knowing(s: Sentence, head) -> str | None:
    """"Human error in not knowing that the logs are stored elsewhere" -> "Nothing in the
    process showed that the logs are stored elsewhere"."""
    for prep in (c for c in head.children if c.dep_ == "prep" and c.i > head.i):
        knowing = next((c for c in prep.children if c.dep_ == "pcomp" and c.lemma_ in ("know", "realise", "realize",
                                                                                         "understand", "notice")), None)
        if knowing is None or not any(c.dep_ == "neg" for c in knowing.children):
            continue
        clause = next((c for c in knowing.children if c.dep_ == "ccomp"), None)
        if clause is None or head.dep_ != "ROOT":
            return None
        tokens = sorted(clause.subtree, key=lambda t: t.i)
        if tokens[-1].i - tokens[0].i + 1 != len(tokens):
            return None
        return s._cased("nothing in the process showed " + s.text(tokens) + "".join(t.text for t in s.final_punct()))
    return None


def possessive(context) -> str | None:
    """"Amara's mistake took X down" -> "A mistake that nothing in the process caught took X down"."""
    s = Sentence(context)
    noun = context.verb if context.verb is not None and context.verb.pos_ == "NOUN" else context.span.root
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is None or noun.dep_ == "attr" or any(t.lower_ in ("not", "n't") for t in s.span):
        return None  # "was the vendor's fault", "Stripe's mistake, not ours": who is to blame is the claim
    start = min(t.i for t in owner.subtree)
    before, after = s.tokens(s.span.start, start), s.tokens(noun.i + 1, s.span.end)
    article = "an" if noun.lower_[:1] in "aeiou" else "a"
    phrase = f"{article} {noun.text} that nothing in the process caught"
    text = " ".join(filter(None, [s.text(before), phrase, s.text(after)])).replace(" .", ".").replace(" ,", ",")
    return sentence_case(text) if not before else text


def folk_label(context) -> str | None:
    s = Sentence(context)
    lowered = [t.lower_ for t in context.span]
    acted = _state_then_act(s, context) or _inattentive_to(s, context) or _lapse_as_cause(s, context)
    if acted is not None:
        return acted
    if "attention" in lowered and "paying" in lowered or "pay" in lowered:
        return _attention(s, context)
    if "aware" in lowered or "unaware" in lowered:
        return _awareness(s, context)
    if "rushed" in lowered:
        return _rushed(s, context)
    if lowered[:2] == ["lack", "of"] and not any(t.pos_ in ("VERB", "AUX") for t in s.span):
        rest = s.tokens(context.span[0].i + 2, s.span.end)
        return s._cased("nothing in the process provided " + s.text(rest)) if rest else None
    return None


_STATE_CAUSES = {"confused": "confusing", "distracted": "distracting", "overwhelmed": "overwhelming",
                 "misled": "misleading"}


def _state_then_act(s: Sentence, context) -> str | None:
    """"The engineer was tired at the end of a long shift and restarted the wrong pool" -> "At
    the end of a long shift, nothing in the process guarded against restarting the wrong pool";
    "was confused by the two dashboards and restarted ..." -> "The two dashboards were confusing,
    and nothing in the process guarded against restarting ..."."""
    root = s.span.root
    state = root if root.pos_ == "VERB" else next((c for c in root.children if c.dep_ == "acomp"), None)
    act = next((c for c in root.children if c.dep_ == "conj" and c.pos_ == "VERB" and c.i > root.i), None)
    if state is None or act is None or state not in context.span and root not in context.span:
        return None
    body = gerund_clause(s, act, "guard")
    if body is None:
        return None
    agent = next((c for c in state.children if c.dep_ == "agent"), None)
    if agent is not None and state.lower_ in _STATE_CAUSES:
        cause = next((c for c in agent.children if c.dep_ == "pobj"), None)
        if cause is None:
            return None
        cause_tokens = sorted(cause.subtree, key=lambda t: t.i)
        verb = "were" if cause.tag_ in ("NNS", "NNPS") else "was"
        text = f"{lower_first(cause_tokens, s.text(cause_tokens))} {verb} {_STATE_CAUSES[state.lower_]}, and {body}"
        return s._cased(text + "".join(t.text for t in s.final_punct()))
    circumstance = [c for c in root.children if c.dep_ == "prep" and state.i < c.i < act.i]
    if len(circumstance) != 1 or any(c.dep_ in ("agent", "prep") for c in state.children):
        return None
    lead = sorted(circumstance[0].subtree, key=lambda t: t.i)
    return s._cased(f"{s.text(lead)}, {body}" + "".join(t.text for t in s.final_punct()))


_INATTENTIVE = {"complacent", "inattentive", "oblivious", "careless", "unaware"}


def _inattentive_to(s: Sentence, context) -> str | None:
    """"because the operator was complacent about the warnings" -> "because nothing in the
    process drew attention to the warnings"."""
    state = next((t for t in context.span if t.lower_ in _INATTENTIVE and t.dep_ == "acomp"), None)
    if state is None:
        return None
    be = state.head
    subject = next((c for c in be.children if c.dep_ == "nsubj"), None)
    about = next((c for c in state.children if c.dep_ == "prep" and c.lower_ in ("about", "to", "of")), None)
    if subject is None or about is None or agent_kind(subject, None) not in ("person", "first-person", "team"):
        return None
    target = next((c for c in about.children if c.dep_ == "pobj"), None)
    if target is None or any(c.dep_ == "neg" for c in be.children):
        return None
    tokens = sorted(target.subtree, key=lambda t: t.i)
    clause_end = max(t.i for t in be.subtree) + 1
    if tokens[-1].i + 1 != clause_end - (1 if s.doc[clause_end - 1].is_punct else 0):
        return None  # more follows in the clause than the object of the label
    start = min(t.i for t in subject.subtree)
    body = frames.say("attention", s.text(tokens))
    return s.compose(s.lead(start), body, s.tokens(tokens[-1].i + 1, s.span.end))


def _lapse_as_cause(s: Sentence, context) -> str | None:
    """"A lapse in judgment led to the unreviewed change" -> "A gap in the process led to the
    unreviewed change": the label stands where a cause stands."""
    lapse = next((t for t in context.span if t.lemma_.lower() == "lapse"), None)
    if lapse is None or lapse.dep_ != "nsubj" or lapse.head.lemma_.lower() not in ("lead", "cause", "result", "trigger"):
        return None
    np = sorted(lapse.subtree, key=lambda t: t.i)
    if np[-1].i - np[0].i + 1 != len(np) or np[0].i != s.span.start:
        return None
    return s._cased("a gap in the process " + s.text(s.tokens(np[-1].i + 1, s.span.end)))


def exhortation(context) -> str | None:
    """An action item asking people to be careful: name the step to automate or guard."""
    s = Sentence(context)
    careful = next((t for t in s.span if t.lower_ in _CAREFUL), None)
    remind = next((t for t in s.span if t.lemma_.lower() in ("remind", "tell", "ask") and t.dep_ == "ROOT"), None)
    if careful is not None:
        nxt = careful.i + 1
        while nxt + 1 < s.span.end and s.doc[nxt].lower_ == "and" and s.doc[nxt + 1].lower_ in _CAREFUL:
            nxt += 2  # "vigilant and cautious when ..."
        if nxt >= s.span.end:
            return None
        opener = s.doc[nxt]
        if opener.lower_ == "to":
            return _automate(s, nxt + 1)
        if opener.lower_ in ("when", "while", "with", "about") and nxt + 1 < s.span.end:
            clause = phrases.after(s.doc, nxt + 1, s.span.end)
            if clause is None or not clause.tokens or ends_in_function_word(clause.tokens):
                return None
            body = "add a safeguard for " + s.text(list(clause.tokens) + list(clause.durations))
            return s.compose([], body, s.tokens(clause.end, s.span.end))
        return None
    if remind is not None:
        to = next((t for t in s.tokens(remind.i + 1, s.span.end) if t.lower_ == "to"), None)
        return _automate(s, to.i + 1) if to is not None else None
    return None


# --- helpers ------------------------------------------------------------------------------------
def _automate(s: Sentence, start: int) -> str | None:
    if start >= s.span.end or s.doc[start].pos_ not in ("VERB", "NOUN", "ADJ"):
        return None
    word = word_tokens(s.doc, start)
    clause = phrases.after(s.doc, word[-1].i + 1, s.span.end)
    if clause is None or ends_in_function_word(clause.tokens):
        return None
    action = "".join(t.text for t in word)
    body = "automate " + " ".join(filter(None, [inflect(action, "VBG"), s.text(list(clause.tokens) + list(clause.durations))]))
    return s.compose([], body, s.tokens(clause.end, s.span.end))


def _attention(s: Sentence, context) -> str | None:
    to = next((t for t in s.tokens(context.span[0].i, s.span.end) if t.lower_ == "to" and t.dep_ == "prep"), None)
    if to is None:
        return None
    clause = phrases.after(s.doc, to.i + 1, s.span.end)
    if clause is None or not clause.tokens or ends_in_function_word(clause.tokens):
        return None
    start = _subject_start(s, context)
    body = frames.say("attention", s.text(clause.tokens))
    return s.compose(s.lead(start), body, s.tokens(clause.end, s.span.end), clause.durations)


def _awareness(s: Sentence, context) -> str | None:
    aware = next(t for t in context.span if t.lower_ in ("aware", "unaware"))
    start = aware.i + 1
    if start < s.span.end and s.doc[start].lower_ == "of":
        start += 1
    clause = phrases.after(s.doc, start, s.span.end, clause=True)
    if clause is None or len(clause.tokens) < 2:
        return None
    first = clause.tokens[0]
    stranded = first.lower_ in _WH and clause.tokens[-1].pos_ == "ADP"  # "which cluster it pointed at"
    if ends_in_function_word(clause.tokens) and not stranded:
        return None
    frame = "show" if first.lower_ in ("that", "which", "what", "how", "whether", "where", "when", "in") else "attention"
    body = frames.say(frame, s.text(clause.tokens))
    return s.compose(s.lead(_subject_start(s, context)), body, s.tokens(clause.end, s.span.end), clause.durations)


def _rushed(s: Sentence, context) -> str | None:
    rushed = next(t for t in s.span if t.lower_ == "rushed")
    was = next((c for c in rushed.children if c.dep_ == "auxpass" and c.lower_ in ("was", "were")), None)
    if was is None or any(c.dep_ in ("aux", "neg") for c in rushed.children):
        return None
    subject = next((c for c in rushed.children if c.dep_ == "nsubjpass"), None)
    if subject is None or agent_kind(subject, None) in ("person", "first-person", "team"):
        return None  # "Felix was rushed into the release": a person stays the subject
    before = s.tokens(s.span.start, was.i)
    after = s.tokens(rushed.i + 1, s.span.end)
    if after and after[0].lower_ in ("into", "to"):
        place = next((c for c in after[0].children if c.dep_ == "pobj"), None)
        if place is None:
            return None
        destination = [t for t in place.subtree]
        middle = s.text([after[0], *destination])
        rest = s.tokens(max(t.i for t in destination) + 1, s.span.end)
        text = f"{s.text(before)} went {middle} under time pressure"
    else:
        rest = after
        text = f"{s.text(before)} went out under time pressure"
    tail = s.text(rest)
    return text + (tail if tail[:1] in (",", ".", ";", ":", "!", "?") else " " + tail if tail else "")


def _subject_start(s: Sentence, context) -> int:
    subject = next((t for t in s.span if t.dep_ in ("nsubj", "nsubjpass") and t.i < context.span[0].i), None)
    if subject is None:
        return context.span[0].i
    return min(t.i for t in subject.subtree)


def _cause_role(head) -> bool:
    """The label stands where a cause stands: "was human error", "caused by operator error",
    "Root cause: human error", "due to user error"."""
    if head.dep_ in ("attr", "ROOT", "appos", "conj"):
        return True
    if head.dep_ == "pobj" and head.head.lower_ in ("by", "to", "of", "from"):
        return True
    return head.dep_ == "nsubj" and head.head.lemma_.lower() in ("cause", "lead", "trigger", "be")


def _calm_punctuation(s: Sentence, span) -> str | None:
    start, end = span[0].i, span[-1].i
    before, after = s.tokens(s.span.start, start), s.tokens(end + 1, s.span.end)
    text = s.text(before) + "." + (" " + s.text(after) if after else "")
    return text


def _tidy_commas(tokens: list) -> list:
    """No comma left at the start, at the end before the full stop, or doubled."""
    tidy = []
    for token in tokens:
        if token.text == "," and (not tidy or tidy[-1].text in (",", "(")):
            continue
        tidy.append(token)
    while tidy and tidy[0].text == ",":
        tidy = tidy[1:]
    if len(tidy) >= 2 and tidy[-2].text == "," and tidy[-1].is_punct:
        tidy = tidy[:-2] + tidy[-1:]
    return tidy

