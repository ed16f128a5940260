"""--jobs: files linted (and, with --fix, fixed) in worker processes; results come back in the
order the files were given, whatever order they finish in.

Where processes are forked (Linux), the parent loads the pipeline and compiles the matchers
once and the workers are forked after: they share its pages copy-on-write instead of each
loading the model (measured in docs/performance.md: less CPU than a load per worker), and the
parent lints as one of the jobs, so that --jobs N holds N copies of the model's pages, not N+1. Elsewhere (spawn) each worker builds its own Linter. A small batch of work is linted
in the process itself: a worker costs more than it saves there."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from blamelint.ahead import read_result
from blamelint.errors import InputError

_linter = None  # the worker's Linter: inherited from the parent when forked, else its own
_items: list | None = None  # a forked run's Work, inherited by its workers: a task is an index into it
_batches: list | None = None  # a forked run's batches of indices into _items, inherited by its workers
_claimed = None  # a forked run's shared count of the batches claimed (_claim), inherited by its workers

JOBS_ENV = "BLAMELINT_JOBS"
# Load the model in the parent and fork the workers after it (where the start method is fork).
PRELOAD_IN_PARENT = True
# Workers only for at least this many files and words of uncached work: below, parsing takes
# less than starting and feeding the workers (one corpus document is about 700 words).
MIN_FILES_FOR_WORKERS = 3
# Tasks queued behind the one a worker is linting. The parent hands out more only between
# batches of its own; when a task was one file, a worker with one file queued waited for it 83-85
# times in a corpus run (0.37-0.48 s in all), with three 0.03-0.04 s. A task claims its batch
# when it starts (_claim), so what is queued is never work the parent could have taken.
QUEUED_PER_WORKER = 2
MIN_WORDS_FOR_WORKERS = 5_000
# Files are linted in batches of about this many words (lint_batch): the sentences of a batch
# are parsed together. A corpus postmortem parses one sentence for about 100 words, so a batch
# is about 50 sentences, near the pipeline's 64 a batch.
BATCH_WORDS = 5_000


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
    ahead: bytes | None = None  # (its Document, structure findings) made ahead of the model, pickled (ahead.py)


def worth_workers(texts: list[str]) -> bool:
    return len(texts) >= MIN_FILES_FOR_WORKERS and sum(len(t.split()) for t in texts) >= MIN_WORDS_FOR_WORKERS


def lint_in_workers(linter, items: list[Work], jobs: int, on_done=None) -> Iterator:
    """For each Work, in the order of `items`: what lint_one gives. The longest texts go first,
    so that one long file does not finish alone at the end; each outcome is yielded as soon as
    it and every one before it are done (so that the CLI can print file i while later files are
    still being linted). `on_done()` is called as each file finishes, in whatever order (a
    progress bar)."""
    order = sorted(range(len(items)), key=lambda i: -len(items[i].text))
    context = multiprocessing.get_context()
    if PRELOAD_IN_PARENT and context.get_start_method() == "fork":
        yield from _forked_after_load(context, linter, items, order, jobs, on_done)
    else:
        yield from _loading_their_own(context, linter, items, order, jobs, on_done)


def _forked_after_load(context, linter, items: list[Work], order: list[int], jobs: int, on_done) -> Iterator:
    """Workers forked once the parent has loaded the model (they share its pages), the parent
    linting as one of the jobs. While the model loads, a helper parses the files' Markdown and
    runs the outline's structure checks on the core that is idle until then (ahead.py)."""
    global _linter, _items, _batches, _claimed
    models = {work.config.model for work in items}
    ahead = _ahead_of_load(linter, items, order, models)
    try:
        for model in models:
            linter.prepare(model)
    finally:  # stopped once the model is loaded, or could not be (no helper outlives its parent's run)
        done = ahead.unread() if ahead is not None else {}  # by index in `items`, read when linted
    if done:
        items = [work._replace(ahead=done.get(index)) for index, work in enumerate(items)]
    # what the forked workers inherit
    _linter, _items, _batches = linter, items, batches(order, _words(items), jobs)
    _claimed = multiprocessing.Value("i", 0)  # shared memory and a lock, inherited at the fork
    try:
        with context.Pool(jobs - 1) as pool:
            yield from in_input_order(ticked(_shared_with_parent(pool, linter, jobs - 1), on_done))
    finally:
        _linter, _items, _batches, _claimed = None, None, None, None


def _ahead_of_load(linter, items: list[Work], order: list[int], models: set):
    """The helper doing the model-free part of linting `items`, in `order`, or None: not when
    fixing (the fixer parses each text it lints itself), where no helper can be forked, or
    where every model is loaded already (it would only compete with the lint for the cores)."""
    from blamelint import ahead
    from blamelint.document import markdown_parser

    # made before the fork, so that neither the helper nor the workers forked later import
    # markdown-it and build a parser of their own (50 ms each in a corpus run)
    markdown_parser()
    if not ahead.can_fork() or any(work.fix is not None for work in items) or all(map(linter.prepared, models)):
        return None  # fixing, no fork, or no load to hide the work behind
    for work in items:
        work.config.vocabulary  # made here once, before the fork, not in the helper too

    def make(index: int) -> tuple:
        return made_for_later(linter, items[index])

    try:
        return ahead.Ahead(order, make)
    except OSError:  # no temporary file, or no process to be had: the files are parsed as they are linted
        return None


def made_for_later(linter, work: Work) -> tuple:
    """(its Document, the structure findings that read only the outline) of a file, as the
    helper makes them for the process that will lint it (ahead.py)."""
    from blamelint.document import parse_document

    document = parse_document(work.text, work.path, work.config.vocabulary)
    structure = linter.structure_ahead(document, work.config)
    # The views those checks derived (outline parts, action items, timeline entries) are read
    # by no later part of a lint, and were 70% of the results pickled over corpus/docs (9.0 MB,
    # 0.26-0.42 s to read back; without them 2.7 MB, 0.03-0.04 s). A view asked for again is
    # derived again.
    document.derived.clear()
    return document, structure


def _loading_their_own(context, linter, items: list[Work], order: list[int], jobs: int, on_done) -> Iterator:
    """Workers that each build their own Linter (where processes are spawned, not forked)."""
    tasks = [[(i, items[i]) for i in batch] for batch in batches(order, _words(items), jobs)]
    with context.Pool(jobs, initializer=_start, initargs=(linter.ruleset, linter.exhaustive)) as pool:
        done = (pair for pairs in pool.imap_unordered(_lint_sent, tasks, chunksize=1) for pair in pairs)
        yield from in_input_order(ticked(done, on_done))


def _shared_with_parent(pool, linter, workers: int) -> Iterator:
    """(index, outcome) pairs as they are done, the parent linting a batch of its own whenever
    every worker is busy. The batches (_batches: batches(), longest files first, shrinking
    towards the end) are claimed in order by whichever process is free (_claim), the parent
    included; each worker holds QUEUED_PER_WORKER tasks queued behind the one it is linting
    (the parent only hands out more between its own batches, and a worker with nothing queued
    sat idle for a third of a corpus run: docs/performance.md). A task claims its batch only
    when it starts, so none waits queued behind a busy worker while the parent is idle: when
    batches were handed out to a queue, the parent finished 0.07-0.19 s before the worker of a
    corpus run, which still had its queue to lint. The forked workers inherit the Work itself
    (_items) and the batches."""
    running: list = []  # AsyncResults, in the order handed out
    while True:
        while _unclaimed() and len(running) < (1 + QUEUED_PER_WORKER) * workers:
            running.append(pool.apply_async(_lint_claimed))
        batch = _claim()
        if batch is not None:
            yield from zip(batch, lint_batch(linter, [_items[i] for i in batch]))
        elif not running:
            return
        elif not any(result.ready() for result in running):
            running[0].wait(0.05)
        for result in [result for result in running if result.ready()]:
            running.remove(result)
            yield from result.get()  # a worker's exception is raised here, as Pool.map would


def _claim() -> list[int] | None:
    """The next batch no process of a forked run has claimed, now claimed, or None."""
    with _claimed.get_lock():
        index = _claimed.value
        if index >= len(_batches):
            return None
        _claimed.value = index + 1
    return _batches[index]


def _unclaimed() -> bool:
    return _claimed.value < len(_batches)


def in_batches(linter, items: list[Work]) -> Iterator:
    """lint_one of each of `items`, in order, linted in this process a batch at a time."""
    for batch in batches(list(range(len(items))), _words(items)):
        yield from lint_batch(linter, [items[i] for i in batch])


def _words(items: list[Work]) -> list[int]:
    return [len(work.text.split()) for work in items]


def in_input_order(pairs: Iterable[tuple[int, object]]) -> Iterator:
    """The outcomes of (index, outcome) pairs that arrive in any order, yielded by index 0, 1, 2...
    each as soon as every index before it has arrived."""
    waiting: dict[int, object] = {}
    wanted = 0
    for index, outcome in pairs:
        waiting[index] = outcome
        while wanted in waiting:
            yield waiting.pop(wanted)
            wanted += 1


def ticked(outcomes: Iterable, on_done) -> Iterator:
    """`outcomes` as they come, calling `on_done()` (a progress bar) as each one is done."""
    for outcome in outcomes:
        if on_done is not None:
            on_done()
        yield outcome


def lint_one(linter, work: Work, made=None):
    """The file's findings; with `work.fix`, its fixer.FileFix (the findings left on the fixed
    text, nothing written yet); or the InputError linting it raised. `made`: what made_ahead
    gave for it."""
    try:
        if made is None and work.fix is None:
            made = _read_ahead(work)
        if isinstance(made, InputError):
            return made
        if made is not None:
            document, structure = made
            return linter.lint_document(document, work.config, structure=structure)
        if work.fix is None:
            return linter.lint_text(work.text, work.path, work.config)
        from blamelint import fixer  # looked up at call time: a test may stand in for fix_text

        return fixer.fix_text(linter, work.text, work.path, work.config, work.fix.unsafe, findings=work.known)
    except InputError as error:  # e.g. an unknown rule in a suppression comment: this file only
        return error


def lint_batch(linter, works: list[Work]) -> list:
    """lint_one of each of `works`, in order, the sentences all of them parse parsed first in one
    stream (engine.Linter.warm): the pipeline takes a quarter less CPU in batches across files."""
    made = [None if work.fix is not None else made_ahead(work) for work in works]
    linter.warm([(found[0], work.config) for found, work in zip(made, works) if isinstance(found, tuple)])
    return [lint_one(linter, work, found) for work, found in zip(works, made)]


def made_ahead(work: Work):
    """(its Document, the structure findings made ahead or {}) for a file to lint, or the
    InputError reading it raised."""
    from blamelint.document import parse_document

    try:
        return _read_ahead(work) or (parse_document(work.text, work.path, work.config.vocabulary), {})
    except InputError as error:
        return error


def _read_ahead(work: Work):
    return None if work.ahead is None else read_result(work.ahead, None)


def batches(order: list[int], words: list[int], processes: int | None = None) -> list[list[int]]:
    """`order` cut into runs of files linted together (lint_batch), each of at most BATCH_WORDS
    words (a longer file alone). Shared by `processes`, they shrink as the work left does: at
    most a share 1 / (2 x `processes`) of it, so that the last batches are short and no process
    is left waiting long for the last one."""
    left = sum(words[i] for i in order)
    made: list[list[int]] = []
    size = limit = 0
    for index in order:
        if not made or size + words[index] > limit:
            made.append([])
            size, limit = 0, BATCH_WORDS if processes is None else min(BATCH_WORDS, left // (2 * processes))
        made[-1].append(index)
        size += words[index]
        left -= words[index]
    return made


def _start(rules, exhaustive: bool) -> None:
    global _linter
    from blamelint.engine import Linter

    _linter = Linter(rules, exhaustive=exhaustive)


def _lint_claimed() -> list[tuple[int, object]]:
    """In a forked worker: lint the next batch no process has claimed (none: nothing), as
    (index, outcome) pairs of the inherited Work."""
    batch = _claim()
    return [] if batch is None else list(zip(batch, lint_batch(_linter, [_items[i] for i in batch])))


def _lint_sent(pairs: list[tuple[int, Work]]) -> list[tuple[int, object]]:
    return list(zip([index for index, _ in pairs], lint_batch(_linter, [work for _, work in pairs])))
