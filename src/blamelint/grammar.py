"""Questions we ask of the parse: who is the subject, is the verb negated, future, a question."""

from __future__ import annotations

from blamelint.lexicon import words
from blamelint.persons import agent_kind, name_word  # agent_kind is also read from here (structure/causes.py)

_AUX_DEPS = ("aux", "auxpass", "neg")
_SUBJECT_DEPS = ("nsubj", "csubj", "expl")
# A verb reached through these relations shares its head's subject ("Bob forgot to run").
_SUBJECT_INHERITING = ("xcomp", "conj", "ccomp", "advcl", "acomp", "aux", "auxpass", "pcomp", "prep")


def focus_verb(span):
    """The verb a match is about: the match's own verb nearest the root, else the span root's head verb."""
    verbs = [t for t in span if t.pos_ in ("VERB", "AUX") and t.dep_ not in _AUX_DEPS]
    if verbs:
        return min(verbs, key=_depth)
    token = span.root
    if token.dep_ in _AUX_DEPS:
        token = token.head  # "could have been" -> the verb they help: "avoided"
    while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i:
        token = token.head
    return token


def _depth(token) -> int:
    depth = 0
    while token.head.i != token.i:
        token, depth = token.head, depth + 1
    return depth


def subject_of(verb):
    """Who does `verb`: its subject, climbing xcomp/conj chains; for a passive verb the
    "by ..." agent (the grammatical subject of a passive is what was acted on); else None."""
    token, steps = verb, 0
    while steps < 6:
        for child in with_aux_children(token):
            if child.dep_ == "nsubjpass":
                return _passive_agent(token)
            if child.dep_ in _SUBJECT_DEPS:
                return child
        if token.dep_ not in _SUBJECT_INHERITING or token.head.i == token.i:
            return _subject_next_to(token) or _misparsed_subject(token)
        token, steps = token.head, steps + 1
    return None


def with_aux_children(verb):
    """The verb's children, and those the parser hung on its auxiliaries instead ("He should
    have double-checked": He -nsubj-> have -aux-> checked)."""
    for child in verb.children:
        yield child
        if child.dep_ in ("aux", "auxpass"):
            yield from child.children


def _misparsed_subject(verb):
    """The small parser sometimes attaches a subject noun phrase to its verb as a compound
    ("The on-call engineer forgot": engineer -compound-> forgot). The nearest such noun to
    the verb's left stands in for the missing subject."""
    lefts = [t for t in verb.lefts if (t.dep_ in ("compound", "npadvmod", "nmod") and t.pos_ in ("NOUN", "PROPN"))
             or (t.dep_ == "amod" and t.text[:1].isupper())]  # "Eleni forgot": Eleni/JJ amod forgot/NN
    return lefts[-1] if lefts else None


# Words that may stand between a subject and its verb: "Sakura accidentally deleted".
_BETWEEN_SUBJECT_AND_VERB = ("ADV", "AUX", "PART")


def _subject_next_to(verb):
    """A verb the parser left without a subject often has it right before it, attached to
    something else ("During the upgrade Sakura accidentally deleted": Sakura -pobj-> During;
    "Yesterday @kim ignored": @kim -nummod-> Yesterday). Take the word just before the verb
    and its adverbs or auxiliaries when it is a noun, a name or a handle."""
    i = verb.i - 1
    while i >= verb.sent.start and verb.doc[i].pos_ in _BETWEEN_SUBJECT_AND_VERB:
        i -= 1
    if i < verb.sent.start:
        return None
    candidate = verb.doc[i]
    if candidate.pos_ in ("PROPN", "PRON") or candidate.text.startswith("@") or name_word(candidate)[:1].isupper():
        return candidate
    return None


def grammatical_subject(verb):
    """The subject as written, passive included: who "was confused" is the one confused."""
    token = verb
    for _ in range(6):
        for child in with_aux_children(token):
            if child.dep_ in _SUBJECT_DEPS or child.dep_ == "nsubjpass":
                return child
        if token.dep_ not in _SUBJECT_INHERITING or token.head.i == token.i:
            return None
        token = token.head
    return None


def _passive_agent(verb):
    """The "by ..." of a passive; the parser sometimes hangs it on a phrase in between
    ("was not identified in testing by the service teams": by -prep-> testing)."""
    for child in verb.children:
        if child.dep_ == "agent":
            return next((t for t in child.children if t.dep_ == "pobj"), None)
    for token in verb.subtree:
        if token.lower_ == "by" and token.dep_ == "prep" and token.i > verb.i and _in_same_clause(token, verb):
            return next((t for t in token.children if t.dep_ == "pobj"), None)
    return None


def _in_same_clause(token, verb) -> bool:
    """No other verb between the token and `verb` on the way up the tree."""
    while token.i != verb.i:
        token = token.head
        if token.pos_ in ("VERB", "AUX") and token.i != verb.i:
            return False
        if token.head.i == token.i:
            return token.i == verb.i
    return True


def is_restrictive_relative(verb) -> bool:
    """A verb in a "that ..." relative clause describes a noun; it makes no claim of its own."""
    if verb.dep_ != "relcl":
        return False
    return not any(child.lower_ in ("which", "who") for child in verb.children)


_CAUSAL = ("because", "due", "cause", "caused", "causes", "causing", "reason", "result", "resulted",
           "led", "lead", "leading", "contributed", "contribute", "contributing", "responsible",
           "culprit", "triggered", "explain", "explains", "root")


def states_a_cause(sentence) -> bool:
    # "since" and "as" introduce a reason when they open a clause (mark), a time when a phrase (prep)
    return any(token.lower_ in _CAUSAL or (token.lower_ in ("since", "as") and token.dep_ == "mark")
               for token in sentence)


_REASON_MARKS = ("because", "since", "as")


def explained_by_a_condition(verb, document=None) -> bool:
    """The sentence already gives the system condition behind the action ("missed the start
    of the call because the page went to her old number"): it is the systemic account a
    reviewer would ask for, not blame. Only a clause with a thing as its subject counts;
    "due to travel" names the person's circumstances, not a condition of the system."""
    for child in verb.children:
        if child.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in _REASON_MARKS for m in child.children):
            subject = grammatical_subject(child)
            if subject is not None and subject.pos_ in ("NOUN", "PROPN") and agent_kind(subject, document) is None:
                return True
    return False


def _predicate_noun(noun) -> bool:
    """A noun that is what the clause says something is: "was a good call", "seems like a good time"."""
    if noun.dep_ in ("attr", "acomp", "oprd"):
        return True
    if noun.dep_ == "dobj" and noun.head.lemma_ in ("do", "make"):
        return True  # "has done a great job", "made a good call"
    return noun.dep_ == "pobj" and noun.head.lower_ in ("like", "as")


def evaluates(verb) -> bool:
    """The hedged clause judges how something went or what is worth doing ("I think we
    handled it well", "it seems like a good time to revisit"), rather than saying what
    happened. Only words in the clause of `verb` count, and an adjective inside a noun phrase
    only as a predicate ("a good learning experience", not "the important nightly backup")."""
    evaluative = words("evaluative_words")
    for token in verb.subtree:
        if token.dep_ == "amod" and not _predicate_noun(token.head):
            continue
        if token.lower_ not in evaluative or token.pos_ not in ("ADJ", "ADV"):
            continue  # "right after the deploy", "a great deal" are no evaluations
        if token.lower_ == "well" and token.i > 0 and token.doc[token.i - 1].lower_ == "as":
            continue  # "as well" means "too"
        return True
    return False


def is_negated(verb) -> bool:
    negations = [child for child in verb.children if child.dep_ == "neg" or child.lower_ == "never"]
    if verb.pos_ in ("NOUN", "PROPN"):
        # "Stripe's mistake, not ours": a "not" after a noun contrasts, it does not deny;
        # "It was not Kenji's mistake": the parser puts the "not" on the copula
        negations = [child for child in negations if child.i < verb.i]
        if verb.dep_ in ("attr", "acomp") and verb.head.lemma_ == "be":
            negations += [c for c in verb.head.children if c.dep_ == "neg" and c.i < verb.i]
    if negations:
        return True
    return any(child.dep_ == "neg" for child in verb.head.children) if verb.dep_ == "xcomp" else False


def has_modal(verb) -> bool:
    """might / may / could / would / can: a possibility, not an account of what happened."""
    chain = [verb] + ([verb.head] if verb.dep_ in ("xcomp", "conj") else [])
    return any(child.lower_ in words("modal_aux") for token in chain for child in token.children if child.dep_ == "aux")


def is_future(verb) -> bool:
    """A plan or prediction: will/shall/going to, or an imperative action."""
    future = words("future_aux")
    chain, token = [verb], verb
    for _ in range(3):  # "we will review the options and decide, likely reducing ...": climb to "will"
        if token.dep_ not in ("xcomp", "conj", "advcl") or token.head.i == token.i:
            break
        token = token.head
        chain.append(token)
    # "we believe this will help": a belief about a future clause is a prediction too
    chain += [child for child in verb.children if child.dep_ == "ccomp"]
    return any(child.lower_ in future for token in chain for child in token.children if child.dep_ in ("aux", "auxpass"))


def is_conditional(verb) -> bool:
    token = verb
    for _ in range(3):
        if any(child.dep_ == "mark" and child.lower_ in ("if", "unless", "whether") for child in token.children):
            return True
        if token.head.i == token.i:
            break
        token = token.head
    return False


def is_question(sentence) -> bool:
    return sentence.text.rstrip().endswith("?")
