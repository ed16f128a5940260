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


@pytest.fixture(scope="session")
def linter():
    return default_linter()


@pytest.fixture(scope="session")
def lint(linter):
    """lint(text, config=None, path="test.md") -> list[Finding]"""

    def run(text: str, config: Config | None = None, path: str = "test.md"):
        return linter.lint_text(text, path, config or Config())

    return run
