"""Pathological inputs: lint time and peak memory per class at growing sizes.

    python scripts/pathological.py [--sizes 5000,10000,20000] [--classes bang,equals]

Each measurement runs in its own process (peak RSS is per process), after the pipeline has
loaded, so the figures are those of the document alone. Linear time shows as a time/size
ratio that stays flat as the size doubles; bounded memory as a peak that grows no faster.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time


def document(kind: str, size: int) -> str:
    unit = {
        "bang": "!", "equals": "=", "mixed-punct": "=!'s", "spaced-bangs": "!! ", "words": "blameless ",
        "suppressions": "<!-- blamelint-disable BL101 -->\nBob forgot it.\n<!-- blamelint-enable -->\n\n",
        "headings": "## Part\n\n", "nested-list": "- item\n  ", "front-matter-cr": "a: 1\r",
        "ignore": "ignore ", "blame": "Bob forgot to renew the certificate. ",
        # one blaming sentence in 31: every 20,000-character piece of a long line is parsed,
        # and no piece reaches the per-block match budget
        "sparse-blame": "The deploy paused while the cache warmed and the queue drained. " * 30
                        + "Bob forgot to renew the certificate. ",
    }[kind]
    body = (unit * (size // len(unit) + 1))[:size]
    if kind == "front-matter-cr":
        return "---\n" + body + "\n---\n# T\n\nBob forgot it.\n"
    return "# T\n\n" + body + "\n"


def measure(kind: str, size: int) -> dict:
    from blamelint.config import Config
    from blamelint.errors import BlamelintError
    from blamelint.engine import Linter
    from blamelint.ruleset import RuleSet

    linter = Linter(RuleSet.load())
    linter.lint_text("Bob forgot.\n", "warm.md", Config())
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    try:
        outcome = f"{len(linter.lint_text(document(kind, size), 'p.md', Config()))} findings"
    except BlamelintError as error:
        outcome = f"refused: {error.message[:60]}"
    seconds = time.monotonic() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"class": kind, "size": size, "seconds": round(seconds, 2), "peak_mb": round(peak / 1024),
            "growth_mb": round((peak - before) / 1024), "outcome": outcome}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="5000,10000,20000")
    parser.add_argument("--classes", default="bang,equals,mixed-punct,spaced-bangs,suppressions,headings,"
                                             "nested-list,front-matter-cr,ignore,blame")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        kind, size = args.one.split(":")
        print(json.dumps(measure(kind, int(size))))
        return 0
    print(f"{'class':<16}{'size':>8}{'seconds':>9}{'ms/KB':>8}{'peak MB':>9}{'growth MB':>10}  outcome")
    for kind in args.classes.split(","):
        for size in map(int, args.sizes.split(",")):
            out = subprocess.run([sys.executable, __file__, "--one", f"{kind}:{size}"], capture_output=True, text=True)
            if out.returncode:
                print(f"{kind:<16}{size:>8}  failed: {out.stderr.strip().splitlines()[-1:]}")
                continue
            row = json.loads(out.stdout)
            per_kb = 1000 * row["seconds"] / (size / 1000)
            print(f"{kind:<16}{size:>8}{row['seconds']:>9}{per_kb:>8.0f}{row['peak_mb']:>9}{row['growth_mb']:>10}  "
                  f"{row['outcome']}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
