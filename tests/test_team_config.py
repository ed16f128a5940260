"""Configuration a team writes once and CI relies on: a mistake in it must stop the run with
the file and line, never be dropped; the config file accepts what the command line accepts."""

from __future__ import annotations

import pytest

from conftest import run_cli

DOC = "# Outage\n\n## Summary\n\nThe engineer was careless when deploying.\n"


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "pm.md").write_text(DOC, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("toml, line", [
    ('[tool.blamelint]\nselect = ["BL101"\n', 2),  # unclosed at the end: the last line
    ('[project]\nname = "x"\n\n[tool.blamelint]\nselect = ["BL101"\nfail-level = "error"\n', 6),
])
def test_malformed_pyproject_is_an_error_with_its_line(folder, toml, line):
    pyproject = folder / "pyproject.toml"
    pyproject.write_text(toml, encoding="utf-8")
    for command in (("check", folder / "pm.md"), ("config", folder / "pm.md")):
        code, out, err = run_cli(*command)
        assert code == 2, (command, out, err)
        assert err == f"blamelint: error: {pyproject}:{line}: malformed TOML: Unclosed array\n"


def test_malformed_pyproject_of_another_tool_is_not_ours(folder):
    (folder / "pyproject.toml").write_text('[tool.other]\nx = [1\n', encoding="utf-8")
    code, out, _ = run_cli("config", folder / "pm.md")
    assert code == 0 and "source: null" in out
