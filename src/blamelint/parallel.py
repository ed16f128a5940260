"""--jobs: files linted in worker processes; results come back in the order the files were
given, whatever order they finish in.

Where processes are forked (Linux), the parent loads the pipeline and compiles the matchers
once and the workers are forked after: they share its pages copy-on-write instead of each
loading the model (measured in docs/performance.md: less CPU and less memory than a load per
worker). Elsewhere (spawn) each worker builds its own Linter. A small batch of work is linted
in the process itself: a worker costs more than it saves there."""

from __future__ import annotations

import multiprocessing
import os

from blamelint.errors import InputError

_linter = None  # the worker's Linter: inherited from the parent when forked, else its own

JOBS_ENV = "BLAMELINT_JOBS"
# Load the model in the parent and fork the workers after it (where the start method is fork).
PRELOAD_IN_PARENT = True
# Workers only for at least this many files and words of uncached work: below, parsing takes
# less than starting and feeding the workers (one corpus document is about 700 words).
MIN_FILES_FOR_WORKERS = 3
MIN_WORDS_FOR_WORKERS = 5_000


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


def worth_workers(texts: list[str]) -> bool:
    return len(texts) >= MIN_FILES_FOR_WORKERS and sum(len(t.split()) for t in texts) >= MIN_WORDS_FOR_WORKERS


def lint_in_workers(linter, items: list[tuple[str, str, object]], jobs: int) -> list:
    """For each (text, path, config): its findings, or the InputError linting it raised. The
    longest texts go first, so that one long file does not finish alone at the end."""
    global _linter
    order = sorted(range(len(items)), key=lambda i: -len(items[i][0]))
    context = multiprocessing.get_context()
    forked = PRELOAD_IN_PARENT and context.get_start_method() == "fork"
    if forked:
        for model in {config.model for _, _, config in items}:
            linter.prepare(model)
        _linter = linter  # what the forked workers inherit
    initializer, initargs = (None, ()) if forked else (_start, (linter.rules, linter.exhaustive))
    try:
        with context.Pool(jobs, initializer=initializer, initargs=initargs) as pool:
            done = pool.map(_lint, [items[i] for i in order], chunksize=1)
    finally:
        if forked:
            _linter = None
    outcomes: list = [None] * len(items)
    for index, outcome in zip(order, done):
        outcomes[index] = outcome
    return outcomes


def lint_one(linter, text: str, path: str, config):
    try:
        return linter.lint_text(text, path, config)
    except InputError as error:  # e.g. an unknown rule in a suppression comment: this file only
        return error


def _start(rules, exhaustive: bool) -> None:
    global _linter
    from blamelint.engine import Linter

    _linter = Linter(rules, exhaustive=exhaustive)


def _lint(item):
    text, path, config = item
    return lint_one(_linter, text, path, config)
