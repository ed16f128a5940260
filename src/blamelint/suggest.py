"""Fill a rule's suggestion template from the parse of the matched sentence.

Placeholders: {match} the flagged words, {agent} the subject, {action} the action the
sentence says was not done (base form: "run the migration"), {action_gerund} ("running the
migration"), {object} the verb's object, {sentence} the whole sentence. A template whose
placeholders cannot be filled falls back to the rule's generic `suggestion`.
"""

from __future__ import annotations

from lemminflect import getInflection

from blamelint.lexicon import words

_STOP_DEPS = ("cc", "conj", "punct", "mark", "advcl", "relcl", "parataxis")


def render(rule, context) -> str | None:
    template = _template_for(rule, context)
    if template is None:
        return None
    values = _values(context)
    try:
        text = template.format_map(values)
    except (KeyError, ValueError):
        text = None
    if text is None or "\0" in text:
        fallback = rule.suggestion
        if not fallback or fallback == template:
            return None
        try:
            text = fallback.format_map(values)
        except (KeyError, ValueError):
            return None
        if "\0" in text:
            return None
    return " ".join(_capitalise_first(text).split())


def _template_for(rule, context) -> str | None:
    if context is not None:
        for token in (_action_verb(context.verb), context.verb):
            if token is not None and token.lemma_.lower() in rule.suggestions:
                return rule.suggestions[token.lemma_.lower()]
    return rule.suggestion


class _Values(dict):
    """Missing or empty values render as NUL so that the caller can fall back."""

    def __missing__(self, key):
        return "\0"


def _values(context) -> _Values:
    values = _Values()
    if context is None:
        return values
    values["match"] = context.span.text
    values["sentence"] = context.sentence.text.strip()
    if context.agent is not None:
        values["agent"] = _phrase(context.agent)
    action = _action_verb(context.verb)
    if action is not None:
        rest = _right_phrase(action)
        values["action"] = " ".join(filter(None, [action.lemma_.lower(), rest]))
        values["action_gerund"] = " ".join(filter(None, [_gerund(action), rest]))
    objects = [c for c in context.verb.children if c.dep_ in ("dobj", "pobj", "attr")]
    if objects:
        values["object"] = _phrase(objects[0])
    return _Values({k: v for k, v in values.items() if v and v.strip()})


def _action_verb(verb):
    """The verb naming what was not done: "forgot to RUN", "did not CHECK"."""
    if verb is None:
        return None
    for child in verb.children:
        if child.dep_ == "xcomp" and child.pos_ in ("VERB", "AUX"):
            return child
    if verb.lemma_.lower() in words("diligence_verbs"):
        return verb
    return None


def _gerund(token) -> str:
    forms = getInflection(token.lemma_.lower(), tag="VBG")
    return forms[0] if forms else token.lemma_.lower() + "ing"


def _right_phrase(verb) -> str:
    tokens = []
    for child in verb.rights:
        if child.dep_ in _STOP_DEPS:
            break
        tokens.extend(child.subtree)
    return _join(tokens)


def _phrase(token) -> str:
    return _join([t for t in token.subtree if t.i <= token.i])


def _join(tokens) -> str:
    """The tokens as written, keeping the original spacing ("connection-pool", not "connection - pool")."""
    text = "".join(t.text_with_ws for t in sorted(tokens, key=lambda t: t.i) if not t.is_space)
    return " ".join(text.split())


def _capitalise_first(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text
