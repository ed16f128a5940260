"""The facts the report keeps about each document, and their plain-data form.

A document's facts are a pure function of its text, its configuration, the rules, the
model and the blamelint version (like its findings), so a content cache can keep them:
`to_data` gives JSON-ready data and `from_data` the facts again, without parsing anything.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from blamelint.errors import InputError
from blamelint.report.dates import DocumentDate
from blamelint.report.themes import Term

FAMILIES = ("blame", "assumption", "structure")


@dataclass(frozen=True)
class Factor:
    """A sentence of a causal section, with the terms of its parse."""

    text: str
    line: int
    terms: tuple[Term, ...]


@dataclass(frozen=True)
class Action:
    text: str
    line: int
    lemmas: frozenset[str]
    owner: bool
    ticket: bool


@dataclass(frozen=True)
class Example:
    """The sentence a finding is in; `highlight` is the flagged span within it."""

    sentence: str
    highlight: tuple[int, int]
    line: int
    message: str


@dataclass
class DocumentFacts:
    path: str
    title: str | None
    date: DocumentDate
    words: int
    by_family: dict[str, int]
    by_rule: dict[str, int]
    completeness: dict
    factors: list[Factor] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    examples: dict[str, Example] = field(default_factory=dict)  # rule id -> its first finding here

    @property
    def date_iso(self) -> str | None:
        return self.date.iso()

    def density(self, family: str) -> float:
        """Findings of `family` per 1,000 words."""
        return round(1000 * self.by_family.get(family, 0) / self.words, 3) if self.words else 0.0


@dataclass
class Archive:
    documents: list[DocumentFacts] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)


def to_data(facts: DocumentFacts) -> dict:
    return {
        "path": facts.path, "title": facts.title, "words": facts.words,
        "date": [facts.date.day.isoformat() if facts.date.day else None, facts.date.precision, facts.date.source],
        "by_family": facts.by_family, "by_rule": facts.by_rule, "completeness": facts.completeness,
        "factors": [[f.text, f.line, [[t.head, list(t.lemmas), list(t.surfaces)] for t in f.terms]] for f in facts.factors],
        "actions": [[a.text, a.line, sorted(a.lemmas), a.owner, a.ticket] for a in facts.actions],
        "examples": {rule: [e.sentence, list(e.highlight), e.line, e.message] for rule, e in facts.examples.items()},
    }


def from_data(data: dict) -> DocumentFacts:
    day, precision, source = data["date"]
    return DocumentFacts(
        path=data["path"], title=data["title"], words=data["words"],
        date=DocumentDate(dt.date.fromisoformat(day) if day else None, precision, source),
        by_family=data["by_family"], by_rule=data["by_rule"], completeness=data["completeness"],
        factors=[Factor(text, line, tuple(Term(head, tuple(lemmas), tuple(surfaces)) for head, lemmas, surfaces in terms))
                 for text, line, terms in data["factors"]],
        actions=[Action(text, line, frozenset(lemmas), owner, ticket) for text, line, lemmas, owner, ticket in data["actions"]],
        examples={rule: Example(sentence, tuple(highlight), line, message)
                  for rule, (sentence, highlight, line, message) in data["examples"].items()},
    )
