"""A blamelint suppression comment naming a rule or a directive that does not exist: it
suppresses nothing, so it is reported on the comment and the rest of the file is linted."""

from __future__ import annotations

from blamelint.structure.check import DEFAULT, Check, Result
from blamelint.suppress import KINDS, suppression_problems


def run(document, config, resolve):
    for problem in suppression_problems(document, resolve):
        variant = DEFAULT if problem.what == "rule" else "directive"
        yield Result(problem.start, problem.end, {"name": problem.name, "directives": ", ".join(KINDS)}, variant)


CHECK = Check("unknown-suppression", run, supplies=frozenset({"name", "directives"}),
              variants=frozenset({DEFAULT, "directive"}), needs=frozenset({"rules"}))
