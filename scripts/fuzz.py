"""The long mode of tests/test_fuzz_props.py: lint many generated documents, report failures.

    python scripts/fuzz.py --documents 20000        # one process, one core

Documents come from tests/fuzz_strategies.py in rounds of --round examples, each round with
its own seed, so one failure is reported (shrunk by hypothesis) and the next rounds go on.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1] / "tests"
sys.path.insert(0, str(TESTS))

from hypothesis import HealthCheck, given, seed, settings  # noqa: E402

from blamelint.engine import Linter  # noqa: E402
from blamelint.ruleset import RuleSet  # noqa: E402
from fuzz_strategies import DOCUMENTS  # noqa: E402
from test_fuzz_props import check_document  # noqa: E402


def run_round(linter, number: int, size: int, counter: list) -> str | None:
    @seed(number)
    @settings(max_examples=size, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(text=DOCUMENTS)
    def round_(text):
        counter[0] += 1
        check_document(linter, text)

    try:
        round_()
    except Exception:  # a failing property: hypothesis re-raises it with the shrunk example
        return traceback.format_exc(limit=3)
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=20_000)
    parser.add_argument("--round", type=int, default=1_000)
    args = parser.parse_args()
    linter = Linter(RuleSet.load())
    counter, failures, started = [0], [], time.monotonic()
    number = 0
    while counter[0] < args.documents:
        failure = run_round(linter, number, min(args.round, args.documents - counter[0]), counter)
        if failure:
            failures.append(failure)
            print(f"round {number}: FAILURE\n{failure}", flush=True)
        number += 1
        print(f"{counter[0]} documents, {len(failures)} failures, {time.monotonic() - started:.0f} s", flush=True)
    print(f"done: {counter[0]} documents in {time.monotonic() - started:.0f} s, {len(failures)} failing rounds")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
