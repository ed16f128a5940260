#!/usr/bin/env python3
"""Benchmark blamelint on ../shared/corpus/docs/ as a user runs it: whole processes.

    python scripts/bench.py [--corpus DIR] [--repeat N] [--proselint CMD] [--jobs N]
    python scripts/bench.py --growth-only    # only 10, 50, 100, all documents and the corpus x4
    python scripts/bench.py --workers-only   # only --jobs 2 workers forked after one load, or loading their own

Reports, for the corpus: wall and CPU seconds and words per second of a cold run (no cache)
and of a fully cached re-run; peak memory of the whole process tree (RSS and PSS summed over
blamelint and its workers, sampled in one more run of each, whose times are not counted); the ratio against proselint and against the plain spaCy
pipeline over the same texts (each pair alternated, medians of --repeat runs); one
~700-word document from a cold start next to a bare load of the model; and how the time
grows from 10 documents to the whole corpus and to the corpus copied 4 times.

A benchmark, not a test: figures depend on the machine and its load (printed with them).
proselint is not a dependency; install it anywhere (pip install proselint==0.16.0) and
point --proselint at it, or the comparison is skipped.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "docs"
BLAMELINT = [sys.executable, "-m", "blamelint"]
# The plain pipeline: the same spaCy package blamelint loads, every component, every text.
PLAIN_SPACY = """
import sys
from pathlib import Path
import spacy
from blamelint.pipeline import resolve_model
nlp = spacy.load(resolve_model(None))
texts = [p.read_text(encoding="utf-8") for d in sys.argv[1:] for p in sorted(Path(d).rglob("*.md"))]
for _ in nlp.pipe(texts):
    pass
"""
BARE_LOAD = "import spacy\nfrom blamelint.pipeline import resolve_model\nspacy.load(resolve_model(None))\n"
# blamelint with the workers loading the model themselves instead of forked after the parent's load
OWN_LOAD = "import sys\nfrom blamelint import parallel\nparallel.PRELOAD_IN_PARENT = False\nfrom blamelint.cli import cli\ncli()\n"


class Measured:
    def __init__(self, wall: float, cpu: float, rss: int, pss: int, code: int, sampled: bool):
        self.wall, self.cpu, self.rss, self.pss, self.code = wall, cpu, rss, pss, code
        self.sampled = sampled  # memory was sampled: its times are not counted (the sampler takes CPU)


def run(command: list[str], env: dict | None = None, memory: bool = False) -> Measured:
    """Wall time and CPU time (the process and all its children); with `memory`, also the peak
    summed RSS and PSS. Memory is sampled in runs of its own: reading /proc every 50 ms takes
    CPU from the 2 cores a --jobs 2 run uses (it made a corpus run 0.55 s slower, 11%, in 4
    alternated pairs), and none from the core a one-process program leaves idle."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    sampler = _MemorySampler(proc.pid) if memory else None
    if sampler is not None:
        sampler.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - started
    if sampler is not None:
        sampler.stop()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        sys.exit(f"bench: {shlex.join(command)} failed ({proc.returncode}): {err.decode()[-500:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    peak_rss, peak_pss = (sampler.peak_rss, sampler.peak_pss) if sampler is not None else (0, 0)
    return Measured(wall, cpu, peak_rss, peak_pss, proc.returncode, memory)


class _MemorySampler(threading.Thread):
    """Every 50 ms, the RSS and PSS of a process and its descendants, summed (Linux /proc)."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak_rss, self.peak_pss = pid, 0, 0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            pids = _tree(self.pid)
            self.peak_rss = max(self.peak_rss, sum(_kb(p, "status", "VmRSS:") for p in pids))
            self.peak_pss = max(self.peak_pss, sum(_kb(p, "smaps_rollup", "Pss:") for p in pids))
            self._done.wait(0.05)

    def stop(self) -> None:
        self._done.set()
        self.join()


def _tree(root: int) -> list[int]:
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
                parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    tree, frontier = [root], [root]
    while frontier:
        frontier = [pid for pid, parent in parents.items() if parent in frontier]
        tree.extend(frontier)
    return tree


def _kb(pid: int, name: str, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/{name}").read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def words_in(folder: Path) -> int:
    return sum(len(p.read_text(encoding="utf-8").split()) for p in folder.rglob("*.md"))


def median(runs: list[Measured], attribute: str) -> float:
    return statistics.median(getattr(r, attribute) for r in runs if not r.sampled)


def peak(runs: list[Measured], attribute: str) -> float:
    """The peak memory in MB over the runs that sampled it."""
    return max((getattr(r, attribute) for r in runs if r.sampled), default=0) / 1024


def bench_environment(work: Path) -> dict:
    """The environment the measured commands run in: a cache folder of the run's own, and
    Python's bytecode written to a folder of the run's own. An installed program has its
    bytecode (pip compiles it), but where PYTHONDONTWRITEBYTECODE is set (this workplace sets
    it) an editable install compiles every module from source on every run: 0.11 s of a fully
    cached run (0.45 s against 0.34 s, medians of 8 alternated pairs) and 0.24 s of a cold one."""
    env = {**os.environ, "BLAMELINT_CACHE_DIR": str(work / "cache"), "PYTHONPYCACHEPREFIX": str(work / "bytecode")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def alternate(commands: dict[str, list[str]], repeat: int, env: dict, memory: bool = True) -> dict[str, list[Measured]]:
    """Each command once per round, the order reversed every other round, after one run of
    each that is not counted (it writes the bytecode, bench_environment); with `memory`, then
    one more run of each whose memory is sampled (and whose times are not counted)."""
    for command in commands.values():
        run(command, env)
    results: dict[str, list[Measured]] = {name: [] for name in commands}
    for round_ in range(repeat):
        names = list(commands) if round_ % 2 == 0 else list(reversed(commands))
        for name in names:
            results[name].append(run(commands[name], env))
    if memory:
        for name in commands:
            results[name].append(run(commands[name], env, memory=True))
    return results


def prepare(corpus: Path, work: Path) -> dict[str, Path]:
    """Folders of the first 10, 50 and 100 documents, the corpus, and the corpus copied 4 times."""
    documents = sorted(corpus.glob("*.md"))
    folders = {}
    for count in (10, 50, 100, len(documents)):
        folder = work / f"first-{count}"
        folder.mkdir()
        for document in documents[:count]:
            shutil.copy(document, folder / document.name)
        folders[str(count)] = folder
    times4 = work / "corpus-x4"
    for copy in range(4):
        (times4 / f"copy-{copy}").mkdir(parents=True)
        for document in documents:
            (times4 / f"copy-{copy}" / document.name).write_text(_variant(document.read_text(encoding="utf-8"), copy),
                                                                 encoding="utf-8")
    folders["x4"] = times4
    return folders


def _variant(text: str, copy: int) -> str:
    """The document with every line that ends a sentence ending "(copy N)." instead (not in the
    first copy): the engine keeps the parses of paragraphs it has seen, and four identical
    copies would measure that reuse, not the growth."""
    if copy == 0:
        return text
    return re.sub(r"\.$", f" (copy {copy}).", text, flags=re.MULTILINE)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each alternated pair (medians)")
    parser.add_argument("--proselint", default="proselint", help="the proselint command (skipped if not found)")
    parser.add_argument("--jobs", type=int, default=None, help="blamelint --jobs (default: its own, one per core)")
    parser.add_argument("--growth-only", action="store_true", help="only the growth table")
    parser.add_argument("--workers-only", action="store_true", help="only workers forked after one load against their own loads")
    args = parser.parse_args()
    documents = sorted(args.corpus.glob("*.md")) if args.corpus.is_dir() else []
    if not documents:
        sys.exit(f"bench: no postmortems at {args.corpus}: the benchmark needs the shared corpus "
                 "(../shared/corpus/docs next to the repository, or --corpus DIR)")
    proselint = shutil.which(shlex.split(args.proselint)[0])
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []

    with tempfile.TemporaryDirectory(prefix="blamelint-bench-") as temporary:
        work = Path(temporary)
        folders = prepare(args.corpus, work)
        corpus = folders[str(len(documents))]
        env = bench_environment(work)
        words = words_in(corpus)
        print(f"machine: {os.cpu_count()} cores; load before: {_load()}")
        print(f"corpus: {len(documents)} documents, {words:,} words ({args.corpus})\n")
        if args.growth_only:
            return growth(folders, jobs, env)
        if args.workers_only:
            return compare_workers(corpus, args.repeat, env)

        cold = [*BLAMELINT, "check", "--no-cache", "--format", "json", *jobs, str(corpus)]
        pairs = {"blamelint cold": cold, "plain spaCy": [sys.executable, "-c", PLAIN_SPACY, str(corpus)]}
        if proselint:
            pairs["proselint"] = [*shlex.split(args.proselint), "-o", "compact", "check", str(corpus)]
        results = alternate(pairs, args.repeat, env)

        run([*BLAMELINT, "check", "--format", "json", *jobs, str(corpus)], env)  # fills the cache
        cached = [run([*BLAMELINT, "check", "--format", "json", *jobs, str(corpus)], env, memory=memory)
                  for memory in [False] * args.repeat + [True]]
        report_corpus(results, cached, words, proselint is not None)

        one = min(documents, key=lambda p: abs(len(p.read_text(encoding="utf-8").split()) - 700))
        start = alternate({"blamelint, one document": [*BLAMELINT, "check", "--no-cache", str(one)],
                           "bare spacy.load": [sys.executable, "-c", BARE_LOAD]}, max(args.repeat, 3) + 2, env,
                          memory=False)
        report_cold_start(start, one)

        growth(folders, jobs, env)


def growth(folders, jobs, env) -> None:
    """One cold run per folder, the load average printed with each (the machine is shared)."""
    measured, loads = {}, {}
    first = next(iter(folders.values()))
    run([*BLAMELINT, "check", "--no-cache", "--format", "json", *jobs, str(first)], env)  # writes the bytecode
    for name, folder in folders.items():
        loads[name] = _load()
        measured[name] = run([*BLAMELINT, "check", "--no-cache", "--format", "json", *jobs, str(folder)], env)
    report_growth(measured, folders, loads)
    print(f"\nload after: {_load()}")


def compare_workers(corpus, repeat, env) -> None:
    check = ["check", "--no-cache", "--format", "json", "--jobs", "2", str(corpus)]
    results = alternate({"forked after one load": [*BLAMELINT, *check],
                         "each worker loads": [sys.executable, "-c", OWN_LOAD, *check]}, repeat, env)
    print("| --jobs 2, cold | wall s | CPU s | peak RSS MB | peak PSS MB |")
    print("|---|---:|---:|---:|---:|")
    for label, runs in results.items():
        print(f"| {label} | {median(runs, 'wall'):.2f} | {median(runs, 'cpu'):.2f} | "
              f"{peak(runs, 'rss'):.0f} | {peak(runs, 'pss'):.0f} |")
    print(f"\nload after: {_load()}")


def report_corpus(results, cached, words, with_proselint):
    cold = results["blamelint cold"]
    print("| run | wall s | CPU s | words/s (wall) | peak RSS MB | peak PSS MB |")
    print("|---|---:|---:|---:|---:|---:|")
    rows = [("blamelint, cold (no cache)", cold), ("blamelint, fully cached", cached),
            ("plain spaCy pipeline, same texts", results["plain spaCy"])]
    if with_proselint:
        rows.append(("proselint 0.16", results["proselint"]))
    for label, runs in rows:
        wall = median(runs, "wall")
        print(f"| {label} | {wall:.2f} | {median(runs, 'cpu'):.2f} | {words / wall:,.0f} | "
              f"{peak(runs, 'rss'):.0f} | {peak(runs, 'pss'):.0f} |")
    print()
    cold_wall, cold_cpu = median(cold, "wall"), median(cold, "cpu")
    print(f"cached re-run / cold run: {median(cached, 'wall') / cold_wall:.1%} of the wall time")
    spacy_runs = results["plain spaCy"]
    print(f"blamelint / plain spaCy: {cold_wall / median(spacy_runs, 'wall'):.2f}x wall, "
          f"{cold_cpu / median(spacy_runs, 'cpu'):.2f}x CPU")
    if with_proselint:
        prose = results["proselint"]
        print(f"blamelint / proselint: {cold_wall / median(prose, 'wall'):.2f}x wall, "
              f"{cold_cpu / median(prose, 'cpu'):.2f}x CPU")
    print()


def report_cold_start(start, document):
    ours, bare = start["blamelint, one document"], start["bare spacy.load"]
    words = len(document.read_text(encoding="utf-8").split())
    print(f"one document from a cold start ({words} words, {document.name}):")
    for label, runs in (("blamelint check", ours), ("bare spacy.load", bare)):
        print(f"  {label}: {median(runs, 'wall'):.2f} s wall, {median(runs, 'cpu'):.2f} s CPU")
    print(f"  ratio: {median(ours, 'wall') / median(bare, 'wall'):.2f}x wall, "
          f"{median(ours, 'cpu') / median(bare, 'cpu'):.2f}x CPU\n")


def report_growth(growth, folders, loads):
    print("| documents | words | wall s | CPU s | CPU ms per 1,000 words | load before |")
    print("|---:|---:|---:|---:|---:|---|")
    for name, measured in growth.items():
        words = words_in(folders[name])
        count = sum(1 for _ in folders[name].rglob("*.md"))
        print(f"| {count} | {words:,} | {measured.wall:.2f} | {measured.cpu:.2f} | {measured.cpu / words * 1e6:.0f} "
              f"| {loads[name]} |", flush=True)


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


if __name__ == "__main__":
    main()
