"""--jobs: files linted (and, with --fix, fixed) in worker processes, each building its Linter
(and loading the model) once; results come back in the order the files were given, whatever
order they finish in."""

from __future__ import annotations

import multiprocessing
import os
from typing import NamedTuple

from blamelint.errors import InputError

_linter = None  # the worker's own Linter


JOBS_ENV = "BLAMELINT_JOBS"


def default_jobs() -> int:
    """$BLAMELINT_JOBS when set (a CI job or a test suite that wants one process), else the
    cores this process may use (affinity and cgroup limits included where Python knows them)."""
    configured = os.environ.get(JOBS_ENV, "").strip()
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    if hasattr(os, "process_cpu_count"):  # Python 3.13
        return os.process_cpu_count() or 1
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


class Work(NamedTuple):
    """One file's work: lint it, and with `fix` (fixer.FixMode) fix it too. `known`: its
    findings when the cache had them (fixing then lints only the fixed text)."""

    text: str
    path: str
    config: object
    fix: object = None
    known: list | None = None


def lint_in_workers(linter, items: list[Work], jobs: int) -> list:
    """For each Work: what lint_one gives. The longest texts go first, so that one long file
    does not finish alone at the end."""
    order = sorted(range(len(items)), key=lambda i: -len(items[i].text))
    with multiprocessing.get_context().Pool(jobs, initializer=_start, initargs=(linter.ruleset, linter.exhaustive)) as pool:
        done = pool.map(_lint, [items[i] for i in order], chunksize=1)
    outcomes: list = [None] * len(items)
    for index, outcome in zip(order, done):
        outcomes[index] = outcome
    return outcomes


def lint_one(linter, work: Work):
    """The file's findings; with `work.fix`, its fixer.FileFix (the findings left on the fixed
    text, nothing written yet); or the InputError linting it raised."""
    try:
        if work.fix is None:
            return linter.lint_text(work.text, work.path, work.config)
        from blamelint import fixer  # looked up at call time: a test may stand in for fix_text

        return fixer.fix_text(linter, work.text, work.path, work.config, work.fix.unsafe, findings=work.known)
    except InputError as error:  # e.g. an unknown rule in a suppression comment: this file only
        return error


def _start(rules, exhaustive: bool) -> None:
    global _linter
    from blamelint.engine import Linter

    _linter = Linter(rules, exhaustive=exhaustive)


def _lint(work: Work):
    return lint_one(_linter, work)
