"""The output shown in README.md and docs/editors.md is what blamelint prints today."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from conftest import REPO

EXAMPLE = "docs/examples/checkout-outage.md"


@pytest.fixture(scope="module")
def actual_output() -> list[str]:
    proc = subprocess.run([sys.executable, "-m", "blamelint", "check", EXAMPLE], capture_output=True, text=True, cwd=REPO)
    assert proc.returncode == 1, proc.stderr
    return proc.stdout.splitlines()


@pytest.mark.parametrize("page", ["README.md", "docs/editors.md"])
def test_sample_output_is_current(actual_output, page):
    text = (REPO / page).read_text(encoding="utf-8")
    blocks = re.findall(r"```text\n(.*?)```", text, flags=re.S)
    shown = [line for block in blocks for line in block.splitlines() if line.startswith((EXAMPLE, "    suggestion:", "1 file"))]
    assert shown, f"{page} shows no sample output"
    for line in shown:
        if line.endswith("..."):  # an abridged line: its start must match
            assert any(out.startswith(line[:-3]) for out in actual_output), line
        else:
            assert line in actual_output, f"{page} shows a line blamelint no longer prints: {line}"


def test_json_contract_sample_is_current():
    import json

    text = (REPO / "docs" / "json-format.md").read_text(encoding="utf-8")
    sample = json.loads(re.search(r"```json\n(.*?)```", text, flags=re.S).group(1).replace("...", '"..."'))
    proc = subprocess.run([sys.executable, "-m", "blamelint", "check", "--format", "json", EXAMPLE],
                          capture_output=True, text=True, cwd=REPO)
    report = json.loads(proc.stdout)
    shown = sample["files"][0]["findings"][0]
    assert shown in report["files"][0]["findings"]
    assert sample["summary"] == report["summary"] and sample["version"] == report["version"]
