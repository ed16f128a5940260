"""Shared fixtures and helpers. docs/architecture.md ("Tests") describes the conventions.

- One Linter per session (`linter`, `lint`, `RULES`): the rules load and the spaCy pipeline
  loads once, and `run_cli` (the command line in this process) uses the same ones.
- `corpus_report`: one run over the shared corpus per session, for every corpus-wide test.
- Markers (registered in pyproject.toml): `slow` for tests whose point is a real process,
  `corpus` for tests over the whole shared corpus. `pytest -q` deselects both; `pytest -q -m ""`
  (the README's and .ci/run's command) runs everything.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import sys
from pathlib import Path
from unittest import mock

# One BLAS thread, as the command line has (loading.py): a test module imports numpy (through
# spaCy) before the first lint could set it, and OpenBLAS reads it only then.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import pytest
from click.testing import CliRunner

from blamelint import engine
from blamelint.cli import cli, main
from blamelint.config import Config
from blamelint.engine import Linter
from blamelint.ruleset import RuleSet
from blamelint.session import Session

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("BLAMELINT_SHARED", REPO.parent / "shared"))
CORPUS = SHARED / "corpus" / "docs"

needs_shared = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared (corpus, eval, schemas) is not present")

# The built-in rules, loaded once for every test module (reading them takes seconds), and the
# session's one Linter over them: the in-process command line (run_cli, and click's runner
# invoking `cli`) and the `linter` fixture all use these, so the pipeline and parses are shared.
RULESET = RuleSet.load()
RULES = RULESET.rules
SESSION = Session(Linter(RULESET))


def require(module: str):
    """Import a declared test dependency; its absence fails the test run instead of skipping."""
    try:
        return importlib.import_module(module)
    except ImportError as error:
        problem = error  # failed outside the handler, so that the report is this one line
    pytest.fail(f"{module} is a declared test dependency and cannot be imported ({problem}); "
                "install the test extra: pip install -e '.[test]'", pytrace=False)


@pytest.fixture(autouse=True)
def _own_cache_folder(tmp_path, monkeypatch):
    """Every test gets an empty findings cache of its own: none writes to the user's cache
    folder, and no test is answered from another test's entries."""
    monkeypatch.setenv("BLAMELINT_CACHE_DIR", str(tmp_path / "blamelint-cache"))
    # in-process CLI runs lint in this process, with the session's pipeline, unless a test
    # asks for workers (--jobs 2 in tests/test_jobs.py)
    monkeypatch.setenv("BLAMELINT_JOBS", "1")
    # `CliRunner().invoke(cli, ...)` passes no Session: the command line then uses the suite's
    monkeypatch.setitem(cli.context_settings, "obj", SESSION)


@pytest.fixture(scope="session")
def linter():
    return SESSION.linter()


@pytest.fixture(scope="session")
def lint(linter):
    """lint(text, config=None, path="test.md") -> list[Finding]"""

    def run(text: str, config: Config | None = None, path: str = "test.md"):
        return linter.lint_text(text, path, config or Config())

    return run


def run_cli(*args, stdin: bytes | None = None, cwd=None, env: dict | None = None,
            session: Session | None = None) -> tuple[int, str, str]:
    """`blamelint ARGS` in this process: (exit status, stdout, stderr).

    It calls the console script's own `main` (with its last-resort guard that turns any error
    into one line and status 2), with sys.argv, stdin, stdout, stderr, the environment and the
    working directory set as for a real process; the rules and the pipeline are the test session's
    (SESSION), or those of `session`.
    Tests about the process itself (the installed script, pre-commit, a wheel) use subprocess
    and the `slow` marker instead.
    """
    argv = ["blamelint", *map(str, args)]
    with contextlib.chdir(cwd or os.getcwd()), CliRunner().isolation(input=stdin, env=env) as (out, err, _), \
            mock.patch.object(sys, "argv", argv):
        try:
            main(session or SESSION)
            code = 0
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
        sys.stdout.flush()
        sys.stderr.flush()
        return code, out.getvalue().decode(), err.getvalue().decode()


@pytest.fixture(scope="session")
def corpus_paths() -> list[Path]:
    paths = sorted(CORPUS.glob("*.md"))
    assert len(paths) >= 100, f"expected the shared corpus in {CORPUS}"
    return paths


# Parses the session's linter keeps once a corpus-wide test runs: the engine keeps 4096
# sentences (enough for an editor), and parsing is nearly all of the cost of linting.
CORPUS_PARSE_CACHE = 20_000


@pytest.fixture(scope="session")
def corpus_report(corpus_paths) -> dict:
    """`blamelint check --format json` over every corpus document, run once per session.

    Corpus-wide tests read this report instead of linting the corpus again. From here on the
    session's linter keeps every corpus parse, so a test that lints corpus documents again
    (`--fix` over a copy of the corpus) parses only the blocks it changed.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(engine, "_PARSE_CACHE_SIZE", max(engine._PARSE_CACHE_SIZE, CORPUS_PARSE_CACHE))
        # in this process (one pipeline, the parse cache above), and never from the content cache
        code, out, err = run_cli("check", "--format", "json", "--jobs", "1", "--no-cache", *corpus_paths)
        assert code in (0, 1), err
        yield json.loads(out)


# A small blaming postmortem shared by the output-format tests, and the rules they pin so
# that rules added later do not change the expected findings.
FORMAT_DOC = (
    "# Outage on 3 May\n"
    "\n"
    "## Root cause\n"
    "\n"
    "John forgot to renew the certificate. This was caused by human error.\n"
    "\n"
    "## Other notes\n"
    "\n"
    "Bob was careless. Later Bob was careless again.\n"
)
FORMAT_SELECT = ("--select", "BL101", "--select", "BL103", "--select", "BL104")
