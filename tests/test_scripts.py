"""The measuring scripts the docs tell readers to run still run (one had imported a helper
that no longer existed), on small folders of our own."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"

POSTMORTEM = """# Outage

## Root cause

Latency rose at 14:05. The engineer forgot to renew the certificate. Then traffic recovered.

## Impact

About 40% of requests failed for 20 minutes.
"""


def _run(script: str, monkeypatch, *args: str) -> int:
    monkeypatch.setattr(sys, "argv", [script, *args])
    try:
        runpy.run_path(str(SCRIPTS / script), run_name="__main__")
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else 1
    return 0


def test_prefilter_stats_counts_blocks_and_sentences(tmp_path, monkeypatch, capsys):
    (tmp_path / "a.md").write_text(POSTMORTEM, encoding="utf-8")
    assert _run("prefilter_stats.py", monkeypatch, str(tmp_path)) == 0
    lines = {line.split(":")[0].strip(): line for line in capsys.readouterr().out.splitlines()}
    assert lines["in scope"].split()[2:4] == ["2", "blocks"]  # the cause paragraph and the impact one
    assert lines["sentences"].split()[1:3] == ["1", "sentences"]  # only the engineer's sentence is parsed


def test_prefilter_stats_says_where_nothing_was_found(tmp_path, monkeypatch, capsys):
    assert _run("prefilter_stats.py", monkeypatch, str(tmp_path)) != 0


def test_the_benchmark_fails_clearly_without_a_corpus(tmp_path, monkeypatch, capsys):
    with pytest.raises(SystemExit, match="no postmortems at"):
        monkeypatch.setattr(sys, "argv", ["bench.py", "--corpus", str(tmp_path / "absent")])
        runpy.run_path(str(SCRIPTS / "bench.py"), run_name="__main__")


def test_the_benchmark_samples_memory_only_in_runs_whose_times_it_does_not_count():
    bench = runpy.run_path(str(SCRIPTS / "bench.py"))  # its functions, without running main
    sleeper = [sys.executable, "-c", "import time; data = b\"x\" * 30_000_000; time.sleep(0.3)"]
    timed, sampled = bench["run"](sleeper), bench["run"](sleeper, memory=True)
    assert not timed.sampled and (timed.rss, timed.pss) == (0, 0)
    assert sampled.sampled and sampled.rss > 30_000  # KB: the 30 MB it holds
    runs = [timed, sampled]
    assert bench["median"](runs, "wall") == timed.wall  # the sampled run's time is left out
    assert bench["peak"](runs, "rss") == sampled.rss / 1024
    results = bench["alternate"]({"a": sleeper[:2] + ["pass"], "b": sleeper[:2] + ["pass"]}, 2, None)
    assert [[r.sampled for r in runs] for runs in results.values()] == [[False, False, True]] * 2


def test_the_benchmark_lets_python_write_bytecode_to_a_folder_of_its_own(tmp_path, monkeypatch):
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    bench = runpy.run_path(str(SCRIPTS / "bench.py"))
    env = bench["bench_environment"](tmp_path)
    assert "PYTHONDONTWRITEBYTECODE" not in env
    assert env["PYTHONPYCACHEPREFIX"].startswith(str(tmp_path)) and env["BLAMELINT_CACHE_DIR"].startswith(str(tmp_path))
    module = tmp_path / "probe_module.py"
    module.write_text("X = 1\n", encoding="utf-8")
    bench["run"]([sys.executable, "-c", f"import sys; sys.path.insert(0, {str(tmp_path)!r}); import probe_module"], env)
    assert list((tmp_path / "bytecode").rglob("probe_module*.pyc"))  # written where the run's own folder is
