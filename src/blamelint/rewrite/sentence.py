"""One sentence being reworded: its tokens, the writer's text for any of them, and the
composition of a new sentence from kept lead words, a systemic clause and kept tail words."""

from __future__ import annotations

from blamelint.lexicon import words
from blamelint.rewrite.words import SUBJECT_DEPS, render, sentence_case

# A lead ending in one of these runs straight into the new clause ("..., but nothing ...").
_CONNECTORS = {"and", "but", "or", "so", "then", "yet", "because", "since", "as", "when", "while", "whilst",
               "although", "though", "if", "that", "once", "after", "before", "until", "where"}
_END_PUNCT = (".", "!", "?", "…", ":")


class Sentence:
    def __init__(self, context):
        self.context = context
        self.span = context.sentence
        self.doc = self.span.doc
        self.raw = context.raw or ""

    def tokens(self, start: int, end: int) -> list:
        return [self.doc[i] for i in range(max(start, self.span.start), min(end, self.span.end))]

    def text(self, tokens) -> str:
        return render(tokens, self.raw)

    @property
    def is_question(self) -> bool:
        return "?" in self.span[-1].text or len(self.span) > 1 and self.span[-2].text == "?"

    def final_punct(self) -> list:
        last = self.span[-1]
        return [last] if last.text in _END_PUNCT else []

    def lead(self, end: int, whole: bool = False) -> list | None:
        """The words before the reworded clause, without adverbs that judge it ("Obviously,",
        "In hindsight,"); None when the lead ends mid-phrase ("in the first day or"), unless the
        caller knows it is `whole` (the parser hung the subject on it)."""
        tokens = self.tokens(self.span.start, end)
        while tokens:
            size = _dropped_lead(tokens)
            if not size:
                break
            tokens = tokens[size:]
            while tokens and tokens[0].text in (",", ":"):
                tokens = tokens[1:]
        if tokens and tokens[-1].lower_ in words("rewrite_dropped_leads") - {"nor", "neither"}:
            tokens = tokens[:-1]
        if tokens and not whole and _ends_mid_phrase(tokens[-1], end):
            return None
        return tokens

    def compose(self, lead, body: str, tail, durations=(), subject=None) -> str | None:
        """lead + durations + body + tail, punctuated and capitalised like the original. A verb
        in the tail that shared the original subject gets it back ("..., and @kim performs a
        sanity check"), or, without `subject` tokens to give it, there is no rewording."""
        if lead is None:
            return None
        shared = subjectless_verb(tail)
        if shared is not None:
            if not subject or tail[shared].lower_ in ("or", "nor"):
                return None  # "did not respond or investigate": the negation covers both verbs
            tail = list(tail)
            subject_text = self.text(subject)
            if subject[0].pos_ == "PRON" and subject[0].lower_ != "i":  # "... and they merged it"
                subject_text = subject_text[:1].lower() + subject_text[1:]
            tail_text = self.text(tail[: shared + 1]) + " " + subject_text + " " + self.text(tail[shared + 1 :])
            return self._join(lead, body, tail_text, durations)
        return self._join(lead, body, self.text(tail), durations)

    def _join(self, lead, body: str, tail_text: str, durations) -> str:
        parts = []
        lead_text = self.text(lead)
        if lead and lead[-1].lower_ in ("nor", "neither"):  # "..., nor did he test" -> "..., and nothing ..."
            lead_text = self.text(lead[:-1]) + " and"
        opener = ""
        if lead_text.endswith(("(", "[", '"', "“")):  # "(Kenji forgot ...)" -> "(Nothing in the process ...)"
            opener, lead_text = lead_text[-1], lead_text[:-1].rstrip()
            body = (sentence_case(body) if not lead_text else body)
        if lead_text:
            joined = (bool(opener) or lead_text.endswith((",", ":", ";", "—", "–", "-", "(", "[", '"', "“"))
                      or lead[-1].lower_ in _CONNECTORS | {"nor", "neither"}
                      or body.startswith("that "))  # "a breaking change that nothing ... caught": a relative clause
            parts.append(lead_text if joined else lead_text + ",")
        duration_text = self.text(durations)
        if duration_text:
            parts.append(duration_text + ",")
        parts.append(opener + body)
        text = " ".join(parts)
        if tail_text:
            text += tail_text if tail_text[0] in ",.;:!?)…" else " " + tail_text
        elif self.final_punct():
            text += self.final_punct()[0].text
        return self._cased(text)

    def _cased(self, text: str) -> str:
        first = self.span[0].text[:1]
        if first.islower():
            return text
        return sentence_case(text)


def _dropped_lead(tokens) -> int:
    """How many leading tokens frame the sentence as foreseeable ("Obviously", "In hindsight")."""
    lowered = [t.lower_ for t in tokens[:4]]
    for phrase in words("rewrite_dropped_lead_phrases"):
        parts = phrase.split()
        if lowered[: len(parts)] == parts:
            return len(parts)
    if tokens[0].lower_ in words("rewrite_dropped_leads") or tokens[0].lower_ == "why":
        return 1
    return 0


def _ends_mid_phrase(token, end: int) -> bool:
    """A lead may end with punctuation, a conjunction joining clauses, or a whole phrase; not
    with a word that modifies what the rewording leaves out ("in the first day or two people")."""
    if token.pos_ == "CCONJ":
        return token.head.pos_ not in ("VERB", "AUX")
    if token.dep_ in ("det", "poss", "compound", "amod", "nummod") and token.head.i >= end:
        return True
    return token.pos_ in ("DET", "ADP") and token.lower_ not in _CONNECTORS


def subjectless_verb(tail) -> int | None:
    """Index in `tail` of the "and" before a verb that shared the original subject ("..., and
    did not update the certificates"): after the rewording it would get "nothing in the
    process" as its subject."""
    tail = list(tail)
    k = 0
    while k < len(tail) and tail[k].is_punct:
        k += 1
    if k >= len(tail) or tail[k].lower_ not in ("and", "or", "but", "nor", "then"):
        return None
    for token in tail[k + 1 :]:
        if token.pos_ in ("ADV", "PART"):
            continue
        if token.pos_ not in ("VERB", "AUX") or token.dep_ in SUBJECT_DEPS:
            return None
        verb = token.head if token.dep_ in ("aux", "auxpass", "neg") else token
        has_subject = any(c.dep_ in SUBJECT_DEPS for c in verb.children)
        return None if has_subject else k  # "nor did we execute" has its own subject
    return None
