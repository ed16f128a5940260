"""On every real postmortem in the shared corpus, every finding's offsets are exact."""

from __future__ import annotations

import pytest

from conftest import needs_shared

pytestmark = [needs_shared, pytest.mark.corpus]


def test_every_finding_points_at_its_text(corpus_report, corpus_paths):
    report = corpus_report  # `blamelint check --format json` over the corpus, once per session
    assert len(report["files"]) == len(corpus_paths)
    total = 0
    for entry in report["files"]:
        with open(entry["path"], encoding="utf-8", newline="") as handle:
            source = handle.read()
        lines = source.split("\n")
        for finding in entry["findings"]:
            total += 1
            assert finding["text"] == source[finding["offset"] : finding["end_offset"]]
            line = lines[finding["line"] - 1]
            start_of_line = finding["offset"] - (finding["column"] - 1)
            assert source[start_of_line : start_of_line + len(line)] == line
            assert finding["end_offset"] >= finding["offset"]
    assert total > 0
