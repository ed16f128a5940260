"""The output shown in README.md and docs/editors.md is what blamelint prints today."""

from __future__ import annotations

import json
import re
import tomllib

import pytest

from conftest import REPO, run_cli

EXAMPLE = "docs/examples/checkout-outage.md"


def _check(*args: str) -> list[str]:
    code, out, err = run_cli("check", *args, EXAMPLE, cwd=REPO)
    assert code == 1, err
    return out.splitlines()


@pytest.fixture(scope="module")
def actual_output() -> list[str]:
    return _check()


@pytest.fixture(scope="module")
def concise_output() -> list[str]:
    return _check("--output-format", "concise")


def _samples(page: str) -> list[list[str]]:
    text = (REPO / page).read_text(encoding="utf-8")
    return [block.splitlines() for block in re.findall(r"```text\n(.*?)```", text, flags=re.S)]


_GUTTER = re.compile(r"^ *\d* \|")  # "12 | source line", "   |    ^^^^"
_NOTE = re.compile(r"^ *= (rewrite|suggestion): (.*)$")


def _findings(lines: list[str]) -> list[tuple[str, list[str], list[tuple[str, str]]]]:
    """(header, source and caret lines, notes) of each finding in full output (or a sample of it)."""
    found = []
    for line in lines:
        if line.startswith(EXAMPLE):
            found.append((line, [], []))
        elif found and (_GUTTER.match(line) or line == "..."):
            found[-1][1].append(line)
        elif found and (note := _NOTE.match(line)):
            found[-1][2].append(note.groups())
    return found


def _shown(line: str, actual: list[str]) -> bool:
    if line.endswith("..."):  # an abridged line: its start must match
        return any(out.startswith(line[:-3]) for out in actual)
    return line in actual


def test_full_sample_is_current(actual_output):
    """README.md shows full output: each finding's first line, its source lines and carets exactly.

    A `= suggestion:` or `= rewrite:` line is compared by its start when it ends in "...", and is
    not compared when the output has the other kind there (a finding gains a rewrite when the
    engine can build one): what the sample checks is the layout around it.
    """
    samples = [lines for lines in _samples("README.md") if any(_GUTTER.match(line) for line in lines)]
    shown = [finding for lines in samples for finding in _findings(lines)]
    assert shown, "README.md shows no full sample output"
    actual = {header: (excerpt, notes) for header, excerpt, notes in _findings(actual_output)}
    for header, excerpt, notes in shown:
        assert header in actual, f"README.md shows a finding blamelint no longer prints: {header}"
        assert excerpt == actual[header][0], f"README.md shows other source lines for: {header}"
        assert len(notes) <= len(actual[header][1]), f"README.md shows a note blamelint does not print: {header}"
        for (label, text), (actual_label, actual_text) in zip(notes, actual[header][1]):
            if label == actual_label:
                assert _shown(text, [actual_text]), f"README.md: {label}: {text}"
    summaries = [line for lines in samples for line in lines if line.startswith("1 file")]
    assert summaries and all(line in actual_output for line in summaries)


def test_concise_sample_is_current(concise_output):
    """docs/editors.md shows concise output (for errorformat): every line as blamelint prints it."""
    shown = [line for lines in _samples("docs/editors.md") for line in lines if line.startswith((EXAMPLE, "1 file"))]
    assert shown, "docs/editors.md shows no sample output"
    for line in shown:
        assert _shown(line, concise_output), f"docs/editors.md shows a line blamelint no longer prints: {line}"


def test_concise_lines_are_the_first_lines_of_full_output(actual_output, concise_output):
    assert [header for header, _, _ in _findings(actual_output)] == concise_output[:-1]
    assert concise_output[-1] == actual_output[-1]


def test_json_contract_sample_is_current():
    text = (REPO / "docs" / "json-format.md").read_text(encoding="utf-8")
    sample = json.loads(re.search(r"```json\n(.*?)```", text, flags=re.S).group(1).replace("...", '"..."'))
    code, out, err = run_cli("check", "--format", "json", EXAMPLE, cwd=REPO)
    assert code == 1, err
    report = json.loads(out)
    shown = sample["files"][0]["findings"][0]
    assert shown in report["files"][0]["findings"]
    assert sample["summary"] == report["summary"] and sample["version"] == report["version"]


def test_ci_runs_the_readme_test_command_and_it_selects_every_test():
    """.ci/run calls exactly the README's test command; that command clears the default
    `-m "not slow and not corpus"` of pyproject.toml, so CI runs the slow and corpus tests too."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    commands = [line for block in re.findall(r"```sh\n(.*?)```", readme, flags=re.S)
                for line in block.splitlines() if "-m pytest" in line]
    assert len(commands) == 1, commands
    ci_lines = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert commands[0] in ci_lines
    assert commands[0].endswith('-m pytest -q -m ""')
    addopts = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]["addopts"]
    assert addopts[addopts.index("-m") + 1] == "not slow and not corpus"
