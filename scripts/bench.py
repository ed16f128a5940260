#!/usr/bin/env python3
"""Benchmark: lint every postmortem in ../shared/corpus and report throughput.

    python scripts/bench.py [CORPUS_DIR] [--repeat N]

Prints the model load time separately from linting time, then documents, words and
findings per second. Timings are wall-clock on this machine: compare runs on one machine.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "docs"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    paths = sorted(args.corpus.glob("*.md"))
    texts = [(str(p), p.read_text(encoding="utf-8")) for p in paths]
    words = sum(len(text.split()) for _, text in texts)

    started = time.perf_counter()
    from blamelint.config import Config
    from blamelint.pipeline import load_pipeline
    from blamelint.runner import default_linter

    linter = default_linter()
    load_pipeline()
    linter._pipeline(None)
    print(f"startup (import, rules, model): {time.perf_counter() - started:.2f} s")

    config, runs, findings = Config(), [], 0
    for _ in range(args.repeat):
        linter._parses.clear()  # measure cold parses: the block cache serves editors, not a batch run
        started = time.perf_counter()
        findings = sum(len(linter.lint_text(text, path, config)) for path, text in texts)
        runs.append(time.perf_counter() - started)
    best, median = min(runs), statistics.median(runs)
    print(f"{len(texts)} documents, {words} words, {findings} findings")
    print(f"lint: best {best:.2f} s, median {median:.2f} s over {args.repeat} runs")
    print(f"throughput: {len(texts) / best:.1f} documents/s, {words / best:,.0f} words/s")


if __name__ == "__main__":
    main()
