"""CheckList behavioural tests (tests/checklist_suite.py): every case must pass.

The suite's pass rates per test type are printed by `python tests/checklist_suite.py`.
"""

from __future__ import annotations

import pytest

import checklist_suite as suite


@pytest.fixture(scope="module")
def lint_text(lint):
    return lambda text: lint(text, path="checklist.md")


def _ids(cases):
    return [f"{case.kind}-{i}" for i, case in enumerate(cases)]


@pytest.mark.parametrize("case", suite.mft_cases(), ids=_ids(suite.mft_cases()))
def test_minimum_functionality(case, lint_text):
    passed, detail = case.check(lint_text)
    assert passed, f"{case.name}: {detail}"


@pytest.mark.parametrize("case", suite.inv_cases(), ids=_ids(suite.inv_cases()))
def test_invariance(case, lint_text):
    passed, detail = case.check(lint_text)
    assert passed, f"{case.name}: {detail}"


@pytest.mark.parametrize("case", suite.dir_cases(), ids=_ids(suite.dir_cases()))
def test_directional(case, lint_text):
    passed, detail = case.check(lint_text)
    assert passed, f"{case.name}: {detail}"


def test_the_name_list_is_wide_enough():
    # The issue asks for at least 60 names from many languages and cultures.
    assert len(set(suite.NAMES)) >= 60


def test_a_check_can_fail(lint_text):
    """The checks are not vacuous: a neutral sentence does not pass as blame, nor the reverse."""
    assert not suite._fires("14:02 Alice paged the database team.", "BL101")(lint_text)[0]
    assert not suite._silent("Marco forgot to renew the certificate.", "blame")(lint_text)[0]
    assert not suite._same_verdict(["Marco forgot to renew it.", "Marco renewed it."], "BL101")(lint_text)[0]
