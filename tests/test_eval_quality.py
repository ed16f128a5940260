"""Quality gate on the labelled dev set (../shared/eval): the targets of issue 3.

The scorer is the shared one, run against this checkout's `blamelint` module, so the figures
are the same a reviewer gets from `python ../shared/eval/score.py ../shared/eval/dev.jsonl`.
"""

from __future__ import annotations

import re
import subprocess
import sys

from conftest import SHARED, needs_shared

TARGETS = {"blame": (0.80, 0.70), "assumption": (0.70, 0.60)}


@needs_shared
def test_dev_set_precision_and_recall():
    scorer = SHARED / "eval" / "score.py"
    proc = subprocess.run(
        [sys.executable, str(scorer), str(SHARED / "eval" / "dev.jsonl"),
         "--cmd", f"{sys.executable} -m blamelint check --format json"],
        capture_output=True, text=True,
    )
    assert proc.returncode == 0, proc.stderr + proc.stdout
    figures = {}
    for line in proc.stdout.splitlines():
        match = re.match(r"(\w+): precision ([\d.]+) recall ([\d.]+)", line)
        if match:
            figures[match.group(1)] = (float(match.group(2)), float(match.group(3)))
    assert set(figures) == set(TARGETS), proc.stdout
    for family, (precision, recall) in TARGETS.items():
        got_precision, got_recall = figures[family]
        assert got_precision >= precision, f"{family} precision {got_precision} < {precision}"
        assert got_recall >= recall, f"{family} recall {got_recall} < {recall}"
