"""--format github (workflow commands), --format auto, and --format gitlab (Code Quality)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from blamelint.cli import cli
from blamelint.findings import Finding, Level
from blamelint.fingerprint import KEY
from blamelint.formatters import github
from conftest import FORMAT_DOC, FORMAT_SELECT

DOC = FORMAT_DOC


SELECT = FORMAT_SELECT


def check(tmp_path, monkeypatch, *args: str, text: str = DOC, env: dict | None = None):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pm.md").write_text(text, encoding="utf-8")
    result = CliRunner(env=env).invoke(cli, ["check", *SELECT, *args, "pm.md"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout


def _finding(**changes) -> Finding:
    base = dict(rule="BL103", name="judgmental-language", family="blame", level=Level.WARNING,
                message="Judges people.", path="pm.md", offset=10, end_offset=18, line=3, column=9,
                end_line=3, end_column=17, text="careless", suggestion=None, section="T > Causes")
    base.update(changes)
    return Finding(**base)


# GitHub workflow commands


def test_escaping_matches_actions_toolkit():
    assert github.escape_data("50% done\r\nnext: a, b") == "50%25 done%0D%0Anext: a, b"
    assert github.escape_property("50% done\r\nnext: a, b") == "50%25 done%0D%0Anext%3A a%2C b"
    assert github.escape_data("%0A") == "%250A"  # an already-escaped looking text stays literal


def test_command_line_for_one_finding():
    line = github.command(_finding(path="docs/post, mortem: v2.md", message="100% sure?\nThink again.",
                                   suggestion="Say what happened."))
    assert line == ("::warning file=docs/post%2C mortem%3A v2.md,line=3,col=9,endLine=3,endColumn=17,"
                    "title=BL103 judgmental-language::100%25 sure?%0AThink again.%0ASuggestion: Say what happened.")


def test_levels_map_to_commands():
    assert github.command(_finding(level=Level.ERROR)).startswith("::error file=pm.md,")
    assert github.command(_finding(level=Level.WARNING)).startswith("::warning file=pm.md,")
    assert github.command(_finding(level=Level.INFO)).startswith("::notice file=pm.md,")


def test_multi_line_finding_has_no_columns():
    # GitHub rejects col/endColumn when line and endLine differ
    line = github.command(_finding(line=3, column=9, end_line=4, end_column=5))
    assert line.startswith("::warning file=pm.md,line=3,endLine=4,title=BL103 judgmental-language::")
    assert "col=" not in line and "endColumn=" not in line


def test_cli_github_output(tmp_path, monkeypatch):
    code, out = check(tmp_path, monkeypatch, "--format", "github")
    assert code == 1
    lines = out.splitlines()
    commands = [line for line in lines if line.startswith("::")]
    assert len(commands) == 4
    assert commands[0].startswith(
        "::warning file=pm.md,line=5,col=1,endLine=5,endColumn=12,title=BL101 person-as-failure-agent::"
        "This sentence makes a person the cause of the failure.")
    _, json_out = check(tmp_path, monkeypatch, "--format", "json")
    first = json.loads(json_out)["files"][0]["findings"][0]
    assert first["rewrite"], first
    assert commands[0].endswith("::" + github.escape_data(f"{first['message']}\nRewrite: {first['rewrite']}"))
    assert "%0ARewrite: " in commands[0]
    column = DOC.split("\n")[4].index("human error") + 1
    assert commands[1].startswith(
        f"::error file=pm.md,line=5,col={column},endLine=5,endColumn={column + 11},title=BL104 human-error-cause::")
    assert [c.split(",")[1:3] for c in commands[2:]] == [["line=9", "col=9"], ["line=9", "col=33"]]
    assert all("\n" not in c and "\r" not in c for c in commands)
    assert lines[-1] == "blamelint: 1 file checked, 4 findings (1 error, 3 warning, 0 info)"


def test_auto_picks_github_inside_actions(tmp_path, monkeypatch):
    _, out = check(tmp_path, monkeypatch, "--format", "auto", env={"GITHUB_ACTIONS": "true"})
    assert out.startswith("::warning file=pm.md,line=5,col=1,")


def test_auto_is_text_elsewhere(tmp_path, monkeypatch):
    for env in ({"GITHUB_ACTIONS": None}, {"GITHUB_ACTIONS": "false"}):
        code, out = check(tmp_path, monkeypatch, "--format", "auto", env=env)
        assert code == 1
        assert out.startswith("pm.md:5:1: BL101 person-as-failure-agent: ")


def test_default_format_stays_text_inside_actions(tmp_path, monkeypatch):
    _, out = check(tmp_path, monkeypatch, env={"GITHUB_ACTIONS": "true"})
    assert out.startswith("pm.md:5:1: BL101 ")


# GitLab Code Quality


def test_gitlab_code_quality_report(tmp_path, monkeypatch):
    code, out = check(tmp_path, monkeypatch, "--format", "gitlab")
    assert code == 1
    report = json.loads(out)
    assert [(i["check_name"], i["severity"], i["location"]["lines"]["begin"]) for i in report] == [
        ("blamelint/BL101", "minor", 5), ("blamelint/BL104", "major", 5),
        ("blamelint/BL103", "minor", 9), ("blamelint/BL103", "minor", 9)]
    first = report[0]
    assert first["location"] == {"path": "pm.md", "lines": {"begin": 5, "end": 5}}
    assert first["description"].startswith("BL101 person-as-failure-agent: This sentence makes a person")
    assert first["type"] == "issue"
    fingerprints = [i["fingerprint"] for i in report]
    assert len(set(fingerprints)) == 4  # GitLab keeps only one issue per fingerprint
    assert all(len(fp) == 32 and int(fp, 16) >= 0 for fp in fingerprints)


def test_gitlab_and_sarif_share_fingerprints(tmp_path, monkeypatch):
    _, gitlab_out = check(tmp_path, monkeypatch, "--format", "gitlab")
    _, sarif_out = check(tmp_path, monkeypatch, "--format", "sarif")
    sarif_fps = [r["partialFingerprints"][KEY] for r in json.loads(sarif_out)["runs"][0]["results"]]
    assert [i["fingerprint"] for i in json.loads(gitlab_out)] == sarif_fps


def test_gitlab_fingerprints_ignore_line_moves(tmp_path, monkeypatch):
    _, before = check(tmp_path, monkeypatch, "--format", "gitlab")
    _, after = check(tmp_path, monkeypatch, "--format", "gitlab", text=DOC.replace("## Root cause", "Intro.\n\n## Root cause"))
    assert [i["location"]["lines"]["begin"] for i in json.loads(after)] == [7, 7, 11, 11]
    assert [i["fingerprint"] for i in json.loads(before)] == [i["fingerprint"] for i in json.loads(after)]


def test_gitlab_info_severity_and_empty_report(tmp_path, monkeypatch):
    (tmp_path / ".blamelint.yaml").write_text("rules:\n  BL104:\n    level: info\n", encoding="utf-8")
    _, out = check(tmp_path, monkeypatch, "--format", "gitlab")
    assert {i["check_name"]: i["severity"] for i in json.loads(out)}["blamelint/BL104"] == "info"
    code, out = check(tmp_path, monkeypatch, "--format", "gitlab",
                      text="# Outage\n\n## Root cause\n\nThe pipeline skipped the migration step.\n")
    assert code == 0 and json.loads(out) == []


# The composite action's shell steps (action.yml), run with bash against a local "origin"

REPO = Path(__file__).resolve().parents[1]


def _step(name: str) -> str:
    action = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
    (step,) = [s for s in action["runs"]["steps"] if s.get("name") == name]
    return step["run"]


def _sh(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}
    proc = subprocess.run(list(args), cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def _outputs(path: Path) -> dict:
    return dict(line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)


def _run_step(name: str, cwd: Path, tmp: Path, **env: str) -> subprocess.CompletedProcess:
    output = tmp / f"output-{name.replace(' ', '-')}"
    output.write_text("")
    full_env = {**os.environ, "RUNNER_TEMP": str(tmp), "GITHUB_OUTPUT": str(output),
                "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}", **env}
    full_env.pop("GITHUB_ACTIONS", None)
    # GitHub runs `shell: bash` steps as `bash --noprofile --norc -eo pipefail {0}`
    proc = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", _step(name)], cwd=cwd, env=full_env, capture_output=True,
                          text=True, timeout=300)
    proc.outputs = _outputs(output)
    return proc


@pytest.fixture
def pull_request(tmp_path):
    """origin with main (an old blaming postmortem, a README) and a branch adding a new postmortem."""
    origin, seed = tmp_path / "origin.git", tmp_path / "seed"
    _sh(tmp_path, "git", "init", "-q", "--bare", "-b", "main", str(origin))
    _sh(tmp_path, "git", "clone", "-q", str(origin), str(seed))
    (seed / "postmortems").mkdir()
    (seed / "postmortems" / "old.md").write_text(DOC, encoding="utf-8")
    (seed / "README.md").write_text("Bob was careless.\n", encoding="utf-8")
    _sh(seed, "git", "add", "-A")
    _sh(seed, "git", "commit", "-q", "-m", "base")
    _sh(seed, "git", "push", "-q", "origin", "HEAD:main")
    _sh(seed, "git", "checkout", "-q", "-b", "feature")
    (seed / "postmortems" / "new file.md").write_text(DOC, encoding="utf-8")
    (seed / "postmortems" / "image.png").write_bytes(b"\x89PNG")
    (seed / "README.md").write_text("Bob was careless twice.\n", encoding="utf-8")
    _sh(seed, "git", "add", "-A")
    _sh(seed, "git", "commit", "-q", "-m", "feature")
    _sh(seed, "git", "push", "-q", "origin", "feature")
    return tmp_path, origin


@pytest.mark.slow  # the step runs the installed `blamelint` (twice) as GitHub does
@pytest.mark.parametrize("shallow", [False, True])
def test_action_lints_only_the_changed_postmortems(pull_request, shallow):
    tmp, origin = pull_request
    work = tmp / "work"
    depth = ["--depth", "1", f"file://{origin}"] if shallow else [str(origin)]
    _sh(tmp, "git", "clone", "-q", "--branch", "feature", *depth, str(work))
    chosen = _run_step("Choose files", work, tmp, INPUT_PATHS="postmortems", CHANGED_ONLY="true", BASE_REF="main")
    assert chosen.returncode == 0, chosen.stderr
    assert chosen.outputs["count"] == "1"
    assert Path(chosen.outputs["list"]).read_text() == "postmortems/new file.md\0"
    linted = _run_step("Run blamelint", work, tmp, LIST=chosen.outputs["list"], COUNT="1", FORMAT="github",
                       FAIL_LEVEL="", ARGS="--select BL101 --select BL104", SARIF_FILE="reports/blamelint.sarif")
    assert linted.returncode == 0, linted.stderr
    assert linted.outputs["exit-code"] == "1"
    commands = [line for line in linted.stdout.splitlines() if line.startswith("::")]
    assert [c.split(",")[0] for c in commands] == ["::warning file=postmortems/new file.md",
                                                   "::error file=postmortems/new file.md"]
    sarif_log = json.loads((work / "reports" / "blamelint.sarif").read_text(encoding="utf-8"))
    assert [r["ruleId"] for r in sarif_log["runs"][0]["results"]] == ["BL101", "BL104"]
    result = _run_step("Result", work, tmp, CODE=linted.outputs["exit-code"])
    assert result.returncode == 1


@pytest.mark.slow
def test_action_outside_a_pull_request_lints_the_paths(pull_request):
    tmp, origin = pull_request
    work = tmp / "work"
    _sh(tmp, "git", "clone", "-q", "--branch", "feature", str(origin), str(work))
    chosen = _run_step("Choose files", work, tmp, INPUT_PATHS="postmortems\nREADME.md", CHANGED_ONLY="true",
                       BASE_REF="")
    assert chosen.outputs["count"] == "2"
    linted = _run_step("Run blamelint", work, tmp, LIST=chosen.outputs["list"], COUNT="2", FORMAT="text",
                       FAIL_LEVEL="error", ARGS=" ".join(SELECT), SARIF_FILE="")
    assert linted.outputs["exit-code"] == "1"
    assert "3 files checked, 9 findings" in linted.stdout
    assert not (work / "reports").exists()
    assert _run_step("Result", work, tmp, CODE="0").returncode == 0


def test_action_with_nothing_changed(pull_request):
    tmp, origin = pull_request
    work = tmp / "work"
    _sh(tmp, "git", "clone", "-q", "--branch", "main", str(origin), str(work))
    chosen = _run_step("Choose files", work, tmp, INPUT_PATHS="", CHANGED_ONLY="true", BASE_REF="main")
    assert chosen.outputs["count"] == "0"
    linted = _run_step("Run blamelint", work, tmp, LIST=chosen.outputs["list"], COUNT="0", FORMAT="github",
                       FAIL_LEVEL="", ARGS="", SARIF_FILE="")
    assert linted.returncode == 0 and linted.outputs["exit-code"] == "0"
    assert "no changed postmortems" in linted.stdout
