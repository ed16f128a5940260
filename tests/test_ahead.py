"""ahead.py: a helper forked before the model loads does the model-free work of a --jobs run.
What it gives must be what the parent would have made, and a helper stopped, failing or slow
must only leave files to the parent, never a wrong or half result."""

from __future__ import annotations

import os
import pickle
import time

import pytest

from blamelint import ahead, engine, parallel
from blamelint.config import Config
from conftest import CORPUS, SHARED, needs_shared

needs_fork = pytest.mark.skipif(not ahead.can_fork(), reason="the helper is forked")

DOCS = {
    "a.md": "# A\n\n## Timeline\n\n- 14:02 Amara paged the DB team\n\n## Root cause\n\n",
    "b.md": "# B\n\n## Root cause\n\nXiadani forgot to rotate the key. We should have staged it.\n\n" * 3,
    "c.md": "# C\n\n<!-- blamelint-disable-next-line BL999 -->\nNobody noticed the alert.\n\n## Action items\n\n- [ ] fix it\n",
    "e.md": "# E\n\nThe reviewer was careless.\n\n## Contributing factors\n\n[TODO: describe]\n",
}


@needs_fork
def test_the_helper_gives_every_result_in_order_when_waited_for():
    helper = ahead.Ahead(range(5), lambda i: {"square": i * i, "pid": os.getpid()})
    results = helper.results(wait=True)
    assert sorted(results) == [0, 1, 2, 3, 4]
    assert [results[i]["square"] for i in range(5)] == [0, 1, 4, 9, 16]
    assert {r["pid"] for r in results.values()} != {os.getpid()}  # made in another process
    assert ahead.Ahead([3, 0, 7], lambda key: -key).results(wait=True) == {3: -3, 0: 0, 7: -7}  # by key, any order


@needs_fork
def test_a_helper_stopped_midway_leaves_the_rest_to_the_parent():
    def make(i):
        if i == 2:
            time.sleep(30)  # never finishes: results() stops it here
        return i

    helper = ahead.Ahead(range(4), make)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and os.fstat(helper._out.fileno()).st_size == 0:
        time.sleep(0.01)
    time.sleep(0.2)
    started = time.monotonic()
    assert helper.results() == {0: 0, 1: 1}
    assert time.monotonic() - started < 5  # stopped, not waited for


@needs_fork
def test_a_result_that_raises_or_cannot_be_pickled_is_left_out():
    def make(i):
        if i == 1:
            raise ValueError("this file's work fails")
        if i == 2:
            return lambda: None  # not picklable
        return i

    assert ahead.Ahead(range(4), make).results(wait=True) == {0: 0, 3: 3}


def test_results_come_pickled_until_read_and_one_that_cannot_be_read_is_left_out():
    unread = ahead.Ahead(range(3), lambda i: {"n": i}).unread(wait=True)
    assert sorted(unread) == [0, 1, 2] and all(isinstance(payload, bytes) for payload in unread.values())
    assert [ahead.read_result(unread[i]) for i in range(3)] == [{"n": 0}, {"n": 1}, {"n": 2}]
    assert ahead.read_result(unread[1][:-3], None) is None  # cut short: the file is done as before
    assert ahead.read_result(b"not a pickle", "default") == "default"


def test_a_file_whose_result_cannot_be_read_is_linted_as_before(linter):
    text = DOCS[next(iter(DOCS))]
    before = parallel.lint_one(linter, parallel.Work(text, "a.md", Config()))
    assert parallel.lint_one(linter, parallel.Work(text, "a.md", Config(), ahead=b"garbage")) == before


def _models(work) -> set:
    return {w.config.model for w in work}


def test_a_frame_cut_short_ends_the_reading():
    frames = b"".join(ahead._LENGTH.pack(len(f)) + f for f in (pickle.dumps((0, "x")), pickle.dumps((1, "y" * 50))))
    assert dict(ahead._frames(frames)) == {0: "x", 1: "y" * 50}
    for cut in range(1, 60):
        got = dict(ahead._frames(frames[:-cut]))
        assert got == {0: "x"} or got == {}
    assert dict(ahead._frames(b"")) == {}


def _structure_ahead_equals_linting_as_before(linter, texts):
    config = Config()
    for path, text in texts:
        made = parallel.made_for_later(linter, parallel.Work(text, path, config))
        structure = made[1]
        assert structure and all(rule.startswith("BL3") for rule in structure)
        shipped_document, shipped_structure = pickle.loads(pickle.dumps(made))
        assert linter.lint_document(shipped_document, config, structure=shipped_structure) == linter.lint_text(
            text, path, config), path


def test_structure_ahead_and_a_shipped_document_lint_as_the_text_does(linter):
    _structure_ahead_equals_linting_as_before(linter, DOCS.items())


@pytest.mark.corpus
@needs_shared
def test_structure_ahead_and_a_shipped_document_lint_as_the_text_does_on_the_corpus(linter):
    paths = sorted(CORPUS.glob("*.md"))[::6] + sorted((SHARED / "corpus" / "extra").glob("*.md"))[::6]
    _structure_ahead_equals_linting_as_before(linter, [(str(p), p.read_text(encoding="utf-8")) for p in paths])


@needs_fork
def test_a_forked_run_lints_what_the_helper_made_and_gives_the_serial_output(linter, monkeypatch):
    import multiprocessing

    if multiprocessing.get_context().get_start_method() != "fork":
        pytest.skip("the helper runs where workers are forked")
    monkeypatch.setattr(parallel, "PRELOAD_IN_PARENT", True)
    linter = engine.Linter(linter.ruleset)  # not prepared yet (the pipeline itself is loaded: quick)
    given, real_lint = [], parallel.lint_one
    real_unread = ahead.Ahead.unread
    monkeypatch.setattr(ahead.Ahead, "unread", lambda self, wait=False: real_unread(self, wait=True))
    monkeypatch.setattr(parallel, "lint_one", lambda lin, work, made=None: given.append(work.ahead is not None) or real_lint(lin, work, made))
    work = [parallel.Work(text, name, Config()) for name, text in DOCS.items()] * 2
    outcomes = list(parallel.lint_in_workers(linter, work, 2))
    assert given and all(given)  # the parent's files came with their Document and structure findings
    assert outcomes == [real_lint(linter, w) for w in work]
    assert any(f.rule.startswith("BL3") for found in outcomes for f in found)


@needs_fork
def test_without_a_temporary_file_the_files_are_parsed_as_they_are_linted(linter, monkeypatch):
    import tempfile

    def refuse():
        raise OSError("no space left on device")

    monkeypatch.setattr(tempfile, "TemporaryFile", refuse)
    work = [parallel.Work(text, name, Config()) for name, text in DOCS.items()] * 2
    assert parallel._ahead_of_load(linter, work, list(range(len(work))), _models(work)) is None
    assert list(parallel.lint_in_workers(linter, work, 2)) == [parallel.lint_one(linter, w) for w in work]


@needs_fork
def test_a_model_that_fails_to_load_stops_the_helper(linter, monkeypatch):
    from blamelint.errors import ModelError

    started = []
    real_ahead = parallel._ahead_of_load
    monkeypatch.setattr(parallel, "_ahead_of_load", lambda *a: started.append(real_ahead(*a)) or started[-1])

    def broken(model=None):
        raise ModelError("cannot load spaCy pipeline 'nope'")

    linter = engine.Linter(linter.ruleset)  # not prepared: a helper starts
    monkeypatch.setattr(linter, "prepare", broken)
    work = [parallel.Work(text, name, Config()) for name, text in DOCS.items()] * 2
    with pytest.raises(ModelError):
        list(parallel._forked_after_load(None, linter, work, list(range(len(work))), 2, None))
    assert started and started[0] is not None
    with pytest.raises(ChildProcessError):  # reaped: no helper is left running
        os.waitpid(started[0]._pid, os.WNOHANG)


@needs_fork
def test_a_helper_reaped_by_the_system_still_gives_what_it_wrote():
    import signal

    previous = signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # as a parent that ignores SIGCHLD leaves it
    try:
        helper = ahead.Ahead(range(3), lambda i: i)
        time.sleep(0.5)
        assert helper.results(wait=True) in ({0: 0, 1: 1, 2: 2}, {})
        assert ahead.Ahead(range(3), lambda i: i).results() in ({}, {0: 0}, {0: 0, 1: 1}, {0: 0, 1: 1, 2: 2})
    finally:
        signal.signal(signal.SIGCHLD, previous)


@needs_fork
@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads the helper's state in /proc")
def test_a_helper_whose_parent_was_killed_stops():
    read, write = os.pipe()
    parent = os.fork()
    if parent == 0:  # a parent that starts a slow helper and dies before stopping it
        helper = ahead.Ahead(range(200), lambda i: time.sleep(0.05) or i)
        os.write(write, str(helper._pid).encode())
        os._exit(0)
    os.waitpid(parent, 0)
    helper_pid = int(os.read(read, 32))
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and _running(helper_pid):
        time.sleep(0.05)
    assert not _running(helper_pid)  # gone within a file or two, not after all 200 (10 s)


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has stopped
    except OSError:
        return False


@needs_fork
def test_no_helper_starts_where_the_model_is_loaded_already(linter):
    linter.prepare(None)
    work = [parallel.Work(text, name, Config()) for name, text in DOCS.items()] * 2
    assert parallel._ahead_of_load(linter, work, list(range(len(work))), _models(work)) is None
    fresh = engine.Linter(linter.ruleset)
    helper = parallel._ahead_of_load(fresh, work, list(range(len(work))), _models(work))
    assert helper is not None
    helper.results()


@needs_fork
def test_the_helpers_documents_come_without_the_views_its_checks_derived(linter):
    config = Config()
    work = [parallel.Work(text, name, config) for name, text in DOCS.items()]
    helper = parallel._ahead_of_load(engine.Linter(linter.ruleset), work, list(range(len(work))), _models(work))
    results = helper.results(wait=True)
    assert sorted(results) == list(range(len(work)))
    assert all(document.derived == {} for document, _ in results.values())  # no lint reads them: not shipped
    assert any(document.blocks for document, _ in results.values())


@needs_fork
def test_a_file_the_helper_cannot_parse_is_linted_as_before(linter):
    nested = "# Deep\n\n" + "".join("  " * depth + "- item\n" for depth in range(150))
    work = [parallel.Work(text, name, Config()) for name, text in {**DOCS, "deep.md": nested}.items()] * 2
    outcomes = list(parallel.lint_in_workers(engine.Linter(linter.ruleset), work, 2))
    same = [repr(o) if isinstance(o, Exception) else o for o in outcomes]
    assert same == [repr(o) if isinstance(o, Exception) else o for o in (parallel.lint_one(linter, w) for w in work)]
    assert any(isinstance(outcome, Exception) for outcome in outcomes)  # the nesting error, as one process gives it
