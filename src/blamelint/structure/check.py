"""What a structural check is: a function over the whole Document and the values it supplies.

A check finds places (absolute offsets) and supplies named values ("title", "verb"); the
words a user reads live in the rule's YAML file, as templates over those names
("This postmortem has no \"{title}\" section."), checked against `supplies` when the rules
load. A check with more than one way to say a finding names its `variants`; the rule file
gives the words of each.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

from blamelint.findings import Level

DEFAULT = "default"


@dataclass(frozen=True)
class Result:
    start: int
    end: int
    values: Mapping[str, str] = field(default_factory=dict)
    variant: str = DEFAULT
    level: Level | None = None  # a cap on the rule's level (recommended sections are info)


@dataclass(frozen=True)
class Check:
    name: str  # what a rule file's `check:` names
    run: Callable[..., Iterator[Result]]  # run(document, config), and parse= when it needs "parse"
    supplies: frozenset[str] = frozenset()  # the placeholders its rule's templates may use
    variants: frozenset[str] = frozenset({DEFAULT})  # the messages its rule file must give
    # What it reads besides the Markdown outline: "profile" (sections a profile needs),
    # "parse" (the spaCy parse of some sentences: the engine passes its parser as `parse`),
    # "findings" (every other rule's findings before suppression: run last, with `findings`,
    # `suppressions`, `resolve` and its own `rule_id`),
    # "rules" (the names of the loaded rules: the engine passes Linter.resolve as `resolve`).
    needs: frozenset[str] = frozenset()
