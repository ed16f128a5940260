"""--jobs N: the same output, in the same order, as one process."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from blamelint import parallel, runner
from blamelint.cli import cli
from blamelint.config import Config
from conftest import SESSION

DOCS = {
    # the first file is the shortest: workers take the longest first, the output must not follow
    "a.md": "# A\n\nThe node probably ran out of memory.\n",
    "b.md": "# B\n\n## Root cause\n\nTomás forgot to rotate the key. We should have staged the rollout.\n\n" * 3,
    "c.md": "# C\n\n<!-- blamelint-disable-next-line BL999 -->\nNobody noticed the alert.\n",
    "d.md": "",
    "e.md": "# E\n\nThe reviewer was careless, and the dashboard clearly showed the spike.\n" * 2,
}


def _check(folder, *args):
    result = CliRunner().invoke(cli, ["check", "--no-cache", "--format", "json", *args, str(folder)])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("preload", [True, False], ids=["forked-after-load", "loaded-per-worker"])
def test_parallel_output_equals_serial_output(tmp_path, monkeypatch, preload):
    monkeypatch.setattr(parallel, "MIN_WORDS_FOR_WORKERS", 0)  # these few words would be linted in process
    monkeypatch.setattr(parallel, "PRELOAD_IN_PARENT", preload)
    used, in_workers = [], runner.lint_in_workers
    monkeypatch.setattr(runner, "lint_in_workers", lambda *args: used.append(args[2]) or in_workers(*args))
    for name, text in DOCS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    serial = _check(tmp_path, "--jobs", "1")
    assert used == []
    assert _check(tmp_path, "--jobs", "2") == serial
    assert used == [2]
    code, out, err = serial
    assert code == 1  # c.md names an unknown rule: a finding on its comment, and every file linted
    assert "skipped" in err and "d.md" in err
    assert '"rule": "BL316"' in out
    assert [p for p in ("a.md", "b.md", "c.md", "e.md") if p in out] == ["a.md", "b.md", "c.md", "e.md"]
    assert out.index("a.md") < out.index("b.md") < out.index("c.md") < out.index("e.md")


def test_small_work_starts_no_workers(tmp_path, monkeypatch):
    def refuse(*args):
        raise AssertionError("workers started for a few hundred words")

    monkeypatch.setattr(runner, "lint_in_workers", refuse)
    for name, text in DOCS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    code, out, _ = _check(tmp_path, "--jobs", "2")
    assert code == 1 and "b.md" in out
    monkeypatch.setattr(parallel, "MIN_WORDS_FOR_WORKERS", 0)
    work = [parallel.Work(t, n, Config()) for n, t in DOCS.items()]
    with pytest.raises(AssertionError, match="workers started"):
        runner.Runner(runner.RunOptions(jobs=2, use_cache=False), SESSION.linter())._lint_fresh(work)


def test_jobs_must_be_positive(tmp_path):
    result = CliRunner().invoke(cli, ["check", "--jobs", "0", str(tmp_path)])
    assert result.exit_code == 2 and "--jobs" in result.output


def test_blamelint_jobs_sets_the_default(monkeypatch):
    from blamelint.parallel import default_jobs

    monkeypatch.setenv("BLAMELINT_JOBS", "3")
    assert default_jobs() == 3
    monkeypatch.setenv("BLAMELINT_JOBS", "none")  # not a number: the cores, as without it
    monkeypatch.delenv("BLAMELINT_JOBS")
    cores = default_jobs()
    monkeypatch.setenv("BLAMELINT_JOBS", "none")
    assert default_jobs() == cores


def test_forked_workers_leave_one_job_to_the_parent(monkeypatch):
    """With fork, the parent (which holds the model) lints too: --jobs 2 starts one worker."""
    import multiprocessing

    context = multiprocessing.get_context()
    if context.get_start_method() != "fork":
        pytest.skip("workers are forked only where the start method is fork")
    sizes, in_parent, real_lint = [], [], parallel.lint_one

    class Recording:
        def get_start_method(self):
            return context.get_start_method()

        def Pool(self, processes, **kwargs):  # noqa: N802 (multiprocessing's name)
            sizes.append(processes)
            return context.Pool(processes, **kwargs)

    monkeypatch.setattr(parallel.multiprocessing, "get_context", lambda: Recording())
    monkeypatch.setattr(parallel, "lint_one", lambda linter, work, made=None: in_parent.append(work.path) or real_lint(linter, work, made))
    work = [parallel.Work(text, name, Config()) for name, text in DOCS.items() if text] * 3
    outcomes = list(parallel.lint_in_workers(SESSION.linter(), work, 2))
    assert sizes == [1]
    assert 0 < len(in_parent) < len(work)  # the parent linted some files, the worker the others
    assert outcomes == [real_lint(SESSION.linter(), w) for w in work]  # in input order, as one process gives them


def test_a_busy_worker_holds_no_batch_the_parent_could_take(monkeypatch):
    """Each task claims its batch when it starts: while the one worker is held up in its first
    batch, the parent lints every other batch, instead of leaving those handed to the worker's
    queue waiting until the worker is free."""
    import multiprocessing
    import os
    import time

    if multiprocessing.get_context().get_start_method() != "fork":
        pytest.skip("workers are forked only where the start method is fork")
    parent, in_parent, real_batch = os.getpid(), [], parallel.lint_batch

    def lint_batch(linter, works):
        if os.getpid() != parent:
            time.sleep(1.5)  # a worker slowed down (another program took its core)
        else:
            in_parent.append(len(works))
        return real_batch(linter, works)

    monkeypatch.setattr(parallel, "lint_batch", lint_batch)
    monkeypatch.setattr(parallel, "BATCH_WORDS", 1)  # a batch a file
    work = [parallel.Work(text, f"{n}-{name}", Config()) for n in range(3) for name, text in DOCS.items() if text]
    outcomes = list(parallel.lint_in_workers(SESSION.linter(), work, 2))
    assert outcomes == [real_batch(SESSION.linter(), [w])[0] for w in work]
    assert sum(in_parent) >= len(work) - 1  # the worker linted at most the one batch it claimed first
