"""On every real postmortem in the shared corpus, every finding's offsets are exact."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import CORPUS, needs_shared


@needs_shared
def test_every_finding_points_at_its_text():
    paths = sorted(CORPUS.glob("*.md"))
    assert len(paths) >= 100
    proc = subprocess.run(
        [sys.executable, "-m", "blamelint", "check", "--format", "json", *map(str, paths)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode in (0, 1), proc.stderr
    report = json.loads(proc.stdout)
    assert len(report["files"]) == len(paths)
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
