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


@pytest.mark.parametrize("select", ["[BL1]", "BL1", "'BL105, BL103'", "[BL105, judgmental-language]"])
def test_select_in_the_config_takes_what_the_command_line_takes(folder, select):
    (folder / ".blamelint.yaml").write_text(f"select: {select}\n", encoding="utf-8")
    code, out, err = run_cli("check", "--format", "concise", "--no-cache", folder / "pm.md")
    rules = {line.split()[1] for line in out.splitlines() if ": BL" in line}
    assert code == 1, err
    assert rules == {"BL103", "BL105"}  # both blame findings, and no structure rule (BL3...)


def test_select_string_naming_an_unknown_rule_names_the_line(folder):
    config = folder / ".blamelint.yaml"
    config.write_text("fail-level: warning\nselect: BL101, BLX\n", encoding="utf-8")
    code, _, err = run_cli("check", folder / "pm.md")
    assert code == 2 and err == f"blamelint: error: {config}:2: unknown rule 'BLX'\n"


def _structure_rules(out: str) -> set[str]:
    return {line.split()[1] for line in out.splitlines() if ": BL30" in line}


def test_check_profile_replaces_the_configured_profile(folder):
    code, default_out, _ = run_cli("check", "--format", "concise", "--select", "BL302", folder / "pm.md")
    code, sre_out, err = run_cli("check", "--format", "concise", "--select", "BL302", "--profile", "google-sre",
                                 folder / "pm.md")
    assert code == 1, err
    assert default_out != sre_out  # another set of required sections
    code, _, err = run_cli("check", "--profile", "no-such-profile", folder / "pm.md")
    assert code == 2 and err.startswith("blamelint: error: --profile: unknown profile 'no-such-profile'")
    assert err.count("\n") == 1


@pytest.mark.parametrize("profile", ["default", "google-sre"])
def test_init_hint_is_a_command_that_checks_with_the_template_profile(tmp_path, profile):
    code, out, err = run_cli("init", "pm.md", "--profile", profile, cwd=tmp_path)
    assert code == 0, err
    hint = out.strip().split("then run: ")[1]
    expected = "blamelint check pm.md" if profile == "default" else f"blamelint check --profile {profile} pm.md"
    assert hint == expected
    code, out, err = run_cli(*hint.split()[1:], "--format", "concise", "--select", "BL302", cwd=tmp_path)
    assert "BL302" not in out, out  # the template has every section its own profile requires


def test_ignore_takes_a_string_too(folder):
    (folder / ".blamelint.yaml").write_text("ignore: BL3, BL105\n", encoding="utf-8")
    code, out, err = run_cli("check", "--format", "concise", "--no-cache", folder / "pm.md")
    assert code == 1, err
    assert {line.split()[1] for line in out.splitlines() if ": BL" in line} == {"BL103"}
