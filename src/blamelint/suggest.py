"""Fill a rule's suggestion template from the parse of the matched sentence.

Placeholders:
  {match}          the flagged words
  {agent}          the subject ("the on-call engineer")
  {action}         the action the sentence says was not done, base form ("run the migration")
  {action_gerund}  the same as a gerund ("running the migration")
  {verb_phrase}    the flagged verb with what follows it, base form ("catch this in review")
  {verb_gerund_phrase}  the same as a gerund ("deleting the `prod` namespace")
  {means}          what a counterfactual says would have helped ("by staging the rollout")
  {object}         the verb's object ({object_be}: "was" or "were" to agree with it)
  {sentence}       the whole sentence
Templates are tried in order: one keyed by a lemma in the match (the action verb, the
flagged verb, any flagged word), then the rule's "*" template, then its generic
`suggestion`. The first whose placeholders can all be filled from the parse wins, so a
suggestion keeps the facts of the sentence whenever the parse allows.
"""

from __future__ import annotations

from blamelint.lexicon import words
from blamelint.prose import token_end, token_start
from blamelint.rewrite import phrase as phrases
from blamelint.rewrite.words import inflect, lemma

_STOP_DEPS = ("cc", "conj", "punct", "mark", "advcl", "relcl", "parataxis")
# Words that open a new clause ("whilst working on ...", "because ..."): the phrase ends there.
_CLAUSE_WORDS = ("while", "whilst", "when", "because", "since", "although", "though", "as", "despite")
# Punctuation that ends a quotable phrase: what follows is an aside or a list.
_PHRASE_BREAKS = (",", "(", ";", ":", "—", "–")
_MAX_PHRASE_TOKENS = 14


def render(rule, context) -> str | None:
    values = _values(context)
    for template in _candidates(rule, context):
        try:
            text = template.format_map(values)
        except (KeyError, ValueError, IndexError):
            continue
        if "\0" not in text:
            return " ".join(_capitalise_first(text).split())
    return None


def _candidates(rule, context) -> list[str]:
    found = []
    if context is not None:
        lemmas = [_action_verb(context.verb), context.verb, *context.span]
        for token in lemmas:
            if token is not None and token.lemma_.lower() in rule.suggestions:
                found.append(rule.suggestions[token.lemma_.lower()])
            if token is not None and token.lower_ in rule.suggestions:
                found.append(rule.suggestions[token.lower_])
        if "*" in rule.suggestions:
            found.append(rule.suggestions["*"])
    if rule.suggestion:
        found.append(rule.suggestion)
    return found


class _Values(dict):
    """Missing values render as NUL so that the next template is tried."""

    def __missing__(self, key):
        return "\0"


def _values(context) -> _Values:
    values = _Values()
    if context is None:
        return values
    raw = context.raw
    values["match"] = _text(list(context.span), raw)
    values["sentence"] = _text(list(context.sentence), raw)
    if context.agent is not None:
        values["agent"] = _text([t for t in context.agent.subtree if t.i <= context.agent.i], raw)
    action = _action_verb(context.verb)
    if action is not None:
        rest = _right_phrase(action, raw)
        values["action"] = " ".join(filter(None, [lemma(action.text), rest]))
        values["action_gerund"] = " ".join(filter(None, [_gerund(action), rest]))
    verb = context.verb
    rest = _right_phrase(verb, raw)
    if verb.pos_ in ("VERB", "AUX") and verb.lemma_.lower() != "be" and rest:
        values["verb_phrase"] = f"{lemma(verb.text)} {rest}"
        values["verb_gerund_phrase"] = f"{_gerund(verb)} {rest}"
    means = [c for c in verb.children if c.dep_ in ("prep", "agent") and c.lower_ in ("by", "through", "with")]
    if means and list(means[0].children):
        values["means"] = _text([t for t in means[0].subtree if t.i > means[0].i][:_MAX_PHRASE_TOKENS], raw)
    # A pronoun object ("missed it") says nothing the writer can describe; use another template.
    objects = [c for c in verb.children if c.dep_ in ("dobj", "attr") and c.pos_ != "PRON"]
    if objects:
        values["object"] = _text(list(objects[0].subtree), raw)
        values["object_be"] = "were" if objects[0].tag_ in ("NNS", "NNPS") else "was"
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
    return inflect(token.text, "VBG")


def _right_phrase(verb, raw: str | None) -> str:
    """What follows the verb, up to the end of its clause; "" when that is too long to quote."""
    tokens = []
    if verb.dep_ == "relcl" and not any(c.dep_ in ("dobj", "nsubjpass") for c in verb.children):
        # "a breaking change we did not catch": the object is the noun the clause describes
        tokens.extend(t for t in verb.head.subtree if t.i <= verb.head.i)
    for child in verb.rights:
        if child.dep_ in _STOP_DEPS or child.lower_ in _CLAUSE_WORDS:
            break
        tokens.extend(child.subtree)
    # the parse may hang a new clause on the object ("the checklist this would never have
    # happened"): the phrase also ends where the words start a new clause
    bounded = phrases.after(verb.doc, verb.i + 1, verb.sent.end)
    if bounded is not None:
        tokens = [t for t in tokens if t.i < verb.i or t.i < bounded.end]
    tokens = sorted(tokens, key=lambda t: t.i)
    for index, token in enumerate(tokens):
        if token.text in _PHRASE_BREAKS and index:
            tokens = tokens[:index]
            break
    return _text(tokens, raw) if len(tokens) <= _MAX_PHRASE_TOKENS else ""


def _text(tokens, raw: str | None) -> str:
    """The tokens as the writer wrote them: original spacing, and code as in the source."""
    if not tokens:
        return ""
    tokens = sorted(tokens, key=lambda t: t.i)
    doc = tokens[0].doc
    parts = []
    for token in tokens:
        text = token.text
        original = raw[token_start(doc, token.i) : token_end(doc, token.i)] if raw is not None else text
        if set(text) == {"x"} and original != text:
            # Masked code reads "xxxx" to the parser; show the writer's code, in backticks.
            text = f"`{original}`"
        parts.append(text + (" " if token.whitespace_ else ""))
    return " ".join("".join(parts).split()).strip(" ,;:")


def _capitalise_first(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text
