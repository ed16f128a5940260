"""Quality gate on the labelled dev set (../shared/eval): the targets of issue 3.

The labels are read and scored by the shared scorer's own functions, on the session's one
`blamelint check --format json` run over the corpus, so the figures are those a reviewer gets
from `python ../shared/eval/score.py ../shared/eval/dev.jsonl` (which runs the command itself).
"""

from __future__ import annotations

import importlib.util
import os

import pytest

from conftest import SHARED, needs_shared

pytestmark = [needs_shared, pytest.mark.corpus]

TARGETS = {"blame": (0.80, 0.70), "assumption": (0.70, 0.60)}


def _scorer():
    spec = importlib.util.spec_from_file_location("shared_score", SHARED / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _spans(scorer, report: dict, corpus: str) -> dict:
    """What the scorer's run_linter makes of the linter's JSON: (family, offset, end) per document."""
    spans: dict = {}
    for path, finding in scorer.iter_findings(report):
        doc = os.path.relpath(os.path.abspath(path), os.path.abspath(corpus))
        spans.setdefault(doc, []).append((finding["family"], finding["offset"], finding["end_offset"]))
    return spans


def test_dev_set_precision_and_recall(corpus_report, corpus_paths):
    scorer = _scorer()
    corpus = str(SHARED / "corpus")
    labels = scorer.load_labels(SHARED / "eval" / "dev.jsonl")
    texts = scorer.check_labels(labels, corpus)
    linted = {os.path.abspath(path) for path in corpus_paths}
    assert {os.path.abspath(os.path.join(corpus, doc)) for doc in texts} <= linted, "a labelled document is not in the run"
    rows = scorer.score(labels, _spans(scorer, corpus_report, corpus), False, texts)
    figures = {family: (precision, recall) for family, _tp, _fp, _fn, precision, recall in rows}
    assert set(figures) == set(TARGETS), figures
    for family, (precision, recall) in TARGETS.items():
        got_precision, got_recall = figures[family]
        assert got_precision >= precision, f"{family} precision {got_precision:.3f} < {precision}"
        assert got_recall >= recall, f"{family} recall {got_recall:.3f} < {recall}"
