"""Make docs/report-screenshot.png: the HTML report over the shared corpus, in headless Chromium.

    .venv/bin/python scripts/report_screenshot.py [--corpus ../shared/corpus/docs] [--out docs/report-screenshot.png]

Uses the same browser helper as the tests (tests/headless.py), which installs Debian's
chromium package where it is missing and this runs as root.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from headless import Browser, ensure_chromium  # noqa: E402

from blamelint.engine import Linter  # noqa: E402
from blamelint.report.collect import collect  # noqa: E402
from blamelint.report.model import build_report  # noqa: E402
from blamelint.report.render_html import render  # noqa: E402
from blamelint.runner import RunOptions, Runner  # noqa: E402
from blamelint.ruleset import RuleSet  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus" / "docs")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "report-screenshot.png")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=1500, help="CSS pixels from the top of the page")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    binary, why_not = ensure_chromium()
    if binary is None:
        print(f"no headless Chromium: {why_not}", file=sys.stderr)
        return 2
    runner = Runner(RunOptions(), Linter(RuleSet.load()))
    os.chdir(args.corpus.resolve().parent)  # paths in the page read "docs/...", not this machine's
    report = build_report(collect([args.corpus.name], runner), runner.linter.by_id)
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "report.html"
        page.write_text(render(report), encoding="utf-8")
        with Browser(binary, width=args.width, height=args.height) as browser:
            browser.open(page)
            problems = browser.console_problems()
            browser.screenshot(args.out, height=args.height)
    if problems:
        print("console problems: " + "; ".join(problems), file=sys.stderr)
        return 1
    print(f"wrote {args.out} ({report['summary']['documents']} documents)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
