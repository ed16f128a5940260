"""Shared fixtures: one Linter (the spaCy pipeline loads once per test session)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from blamelint.config import Config
from blamelint.runner import default_linter

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("BLAMELINT_SHARED", REPO.parent / "shared"))
CORPUS = SHARED / "corpus" / "docs"

needs_shared = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared (corpus, eval, schemas) is not present")


@pytest.fixture(autouse=True)
def _own_cache_folder(tmp_path, monkeypatch):
    """Every test gets an empty findings cache of its own: none writes to the user's cache
    folder, and no test is answered from another test's entries."""
    monkeypatch.setenv("BLAMELINT_CACHE_DIR", str(tmp_path / "blamelint-cache"))


@pytest.fixture(scope="session")
def linter():
    return default_linter()


@pytest.fixture(scope="session")
def lint(linter):
    """lint(text, config=None, path="test.md") -> list[Finding]"""

    def run(text: str, config: Config | None = None, path: str = "test.md"):
        return linter.lint_text(text, path, config or Config())

    return run


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
