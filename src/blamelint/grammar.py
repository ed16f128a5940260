"""Questions we ask of the parse: who is the subject, is the verb negated, future, a question."""

from __future__ import annotations

from blamelint.lexicon import words

_AUX_DEPS = ("aux", "auxpass", "neg")
_SUBJECT_DEPS = ("nsubj", "csubj", "expl")
# A verb reached through these relations shares its head's subject ("Bob forgot to run").
_SUBJECT_INHERITING = ("xcomp", "conj", "ccomp", "advcl", "acomp", "aux", "auxpass")


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
        for child in token.children:
            if child.dep_ == "nsubjpass":
                return _passive_agent(token)
            if child.dep_ in _SUBJECT_DEPS:
                return child
        if token.dep_ not in _SUBJECT_INHERITING or token.head.i == token.i:
            return _misparsed_subject(token)
        token, steps = token.head, steps + 1
    return None


def _misparsed_subject(verb):
    """The small parser sometimes attaches a subject noun phrase to its verb as a compound
    ("The on-call engineer forgot": engineer -compound-> forgot). The nearest such noun to
    the verb's left stands in for the missing subject."""
    lefts = [t for t in verb.lefts if t.dep_ in ("compound", "npadvmod", "nmod") and t.pos_ in ("NOUN", "PROPN")]
    return lefts[-1] if lefts else None


def grammatical_subject(verb):
    """The subject as written, passive included: who "was confused" is the one confused."""
    token = verb
    for _ in range(6):
        for child in token.children:
            if child.dep_ in _SUBJECT_DEPS or child.dep_ == "nsubjpass":
                return child
        if token.dep_ not in _SUBJECT_INHERITING or token.head.i == token.i:
            return None
        token = token.head
    return None


def _passive_agent(verb):
    for child in verb.children:
        if child.dep_ == "agent":
            return next((t for t in child.children if t.dep_ == "pobj"), None)
    return None


def is_restrictive_relative(verb) -> bool:
    """A verb in a "that ..." relative clause describes a noun; it makes no claim of its own."""
    if verb.dep_ != "relcl":
        return False
    return not any(child.lower_ in ("which", "who") for child in verb.children)


_CAUSAL = ("because", "due", "cause", "caused", "causes", "causing", "reason", "result", "resulted",
           "led", "lead", "leading", "contributed", "contribute", "contributing", "responsible",
           "culprit", "triggered", "explain", "explains", "root")


def states_a_cause(sentence) -> bool:
    return any(token.lower_ in _CAUSAL for token in sentence)


def agent_kind(token) -> str | None:
    """first-person | person | team | None for a subject token."""
    if token is None:
        return None
    lower = token.lower_
    if lower in words("first_person_pronouns"):
        return "first-person"
    if lower.startswith("@") and len(lower) > 1:
        return "person"
    if lower in words("third_person_pronouns"):
        return "person"
    if token.ent_type_ == "PERSON" and token.text[:1].isupper():
        return "person"
    if token.lemma_.lower() in words("team_nouns") or lower in words("team_nouns"):
        # "our team failed to ..." is the writer's own team: first person, not a blame shift
        own = any(child.dep_ == "poss" and child.lower_ in ("our", "my") for child in token.children)
        return "first-person" if own else "team"
    if _looks_like_a_name(token):
        return "name"
    if _names_role(token):
        return "person"
    return None


def _looks_like_a_name(token) -> bool:
    """A capitalised proper noun the NER left untyped ("Ana"): small models miss many names.

    Organisations, products and places keep their entity type, and all-caps words are
    acronyms of systems (DNS, CI), so neither counts.
    """
    text = token.text
    return (
        token.pos_ == "PROPN"
        and token.ent_type_ == ""
        and text[:1].isupper()
        and text[1:].islower()
        and text.isalpha()
        and not any(child.dep_ == "compound" for child in token.children)
    )


def _names_role(token) -> bool:
    lemma = token.lemma_.lower()
    if lemma in words("role_nouns") or token.lower_ in words("role_nouns"):
        return True
    # "the on-call" is tokenised as on / - / call with "call" as the head noun
    return lemma == "call" and any(t.lower_ == "on" for t in token.lefts)


def is_negated(verb) -> bool:
    if any(child.dep_ == "neg" or child.lower_ == "never" for child in verb.children):
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
