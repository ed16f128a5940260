"""The built wheel ships the rules and works in a fresh virtual environment."""

from __future__ import annotations

import site
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from conftest import REPO


@pytest.mark.slow  # builds a wheel and a virtual environment, and runs the installed script
def test_wheel_installs_and_lints(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(dist), str(REPO)],
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("blamelint-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "blamelint/rules/BL101-person-as-failure-agent.yaml" in names
    assert "blamelint/data/sections.yaml" in names
    assert {"blamelint/report/report.css", "blamelint/report/report.schema.json"} <= set(names)
    # A fresh venv: our wheel in it, spaCy and the pipeline borrowed from the running interpreter.
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    inner = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                           capture_output=True, text=True, check=True).stdout.strip()
    # Dependencies come from the test interpreter's site-packages, appended after the venv's own.
    (Path(inner) / "outer.pth").write_text("\n".join(site.getsitepackages()) + "\n", encoding="utf-8")
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", "--force-reinstall", str(wheel)], check=True)
    doc = tmp_path / "pm.md"
    doc.write_text("# Outage\n\n## Root cause\n\nThe on-call engineer ignored the disk alert.\n", encoding="utf-8")
    proc = subprocess.run([str(env_dir / "bin" / "blamelint"), "check", str(doc)], capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert "BL101 person-as-failure-agent" in proc.stdout
    dated = tmp_path / "archive" / "2024-01-02-pm.md"
    dated.parent.mkdir()
    dated.write_text(doc.read_text(encoding="utf-8"), encoding="utf-8")
    report = subprocess.run([str(env_dir / "bin" / "blamelint"), "report", str(dated.parent), "-o", "r.html"],
                            capture_output=True, text=True, cwd=tmp_path)
    assert report.returncode == 0, report.stderr
    assert '<svg class="chart"' in (tmp_path / "r.html").read_text(encoding="utf-8")  # the inlined CSS was found
    where = subprocess.run([str(python), "-c", "import blamelint.rules as r; print(r.builtin_rules_dir())"],
                           capture_output=True, text=True, cwd=tmp_path, check=True).stdout
    assert str(env_dir) in where
