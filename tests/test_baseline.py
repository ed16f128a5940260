"""--write-baseline / --baseline: accept today's findings, report (and fail on) new ones only."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from blamelint.cli import cli
from conftest import FORMAT_DOC, FORMAT_SELECT

DOC = FORMAT_DOC


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pm.md").write_text(DOC, encoding="utf-8")
    return tmp_path


SELECT = FORMAT_SELECT


def run(*args: str):
    result = CliRunner().invoke(cli, ["check", *SELECT, *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def findings(stdout: str) -> list[tuple[str, int, int]]:
    report = json.loads(stdout)
    return [(f["rule"], f["line"], f["column"]) for file in report["files"] for f in file["findings"]]


def test_write_baseline_stores_every_finding(project):
    code, out, err = run("--write-baseline", "baseline.json", "pm.md")
    assert code == 0
    assert out == ""
    assert err.strip() == "blamelint: wrote 4 findings to baseline baseline.json"
    data = json.loads((project / "baseline.json").read_text(encoding="utf-8"))
    assert data["tool"] == "blamelint" and data["version"] == 1
    assert [(e["rule"], e["path"], e["line"], e["text"]) for e in data["findings"]] == [
        ("BL101", "pm.md", 5, "John forgot"), ("BL104", "pm.md", 5, "human error"),
        ("BL103", "pm.md", 9, "careless"), ("BL103", "pm.md", 9, "careless")]
    assert len({e["fingerprint"] for e in data["findings"]}) == 4


def test_baseline_hides_known_findings_and_exits_zero(project):
    run("--write-baseline", "baseline.json", "pm.md")
    code, out, err = run("--baseline", "baseline.json", "--format", "json", "pm.md")
    assert code == 0
    assert findings(out) == []
    assert json.loads(out)["summary"]["findings"] == 0
    assert "4 findings in baseline baseline.json not shown" in err


def test_only_new_findings_are_reported_after_edits(project):
    run("--write-baseline", "baseline.json", "pm.md")
    edited = DOC.replace("## Root cause\n", "Impact: two hours.\n\nAdded later.\n\n## Root cause\n")
    edited += "\nBob was careless a third time.\n"
    (project / "pm.md").write_text(edited, encoding="utf-8")
    code, out, err = run("--baseline", "baseline.json", "--format", "json", "pm.md")
    assert code == 1
    # every old finding moved down four lines and is still recognised; only the third "careless" is new
    assert findings(out) == [("BL103", 15, 9)]
    assert "4 findings in baseline" in err


def test_exit_code_reflects_only_new_findings(project):
    run("--write-baseline", "baseline.json", "pm.md")
    assert run("--fail-level", "error", "pm.md")[0] == 1  # the old "human error" fails without a baseline
    code, out, _ = run("--baseline", "baseline.json", "--fail-level", "error", "pm.md")
    assert code == 0
    (project / "pm.md").write_text(DOC + "\nAnna was careless.\n", encoding="utf-8")
    code, out, _ = run("--baseline", "baseline.json", "--fail-level", "error", "--format", "json", "pm.md")
    assert code == 0 and findings(out) == [("BL103", 11, 10)]  # new, but only a warning
    (project / "pm.md").write_text(DOC + "\nIt was human error, again.\n", encoding="utf-8")
    code, out, _ = run("--baseline", "baseline.json", "--fail-level", "error", "--format", "json", "pm.md")
    assert code == 1
    assert findings(out) == [("BL104", 11, 8)]


def test_fixed_finding_drops_out_and_others_stay_hidden(project):
    run("--write-baseline", "baseline.json", "pm.md")
    (project / "pm.md").write_text(DOC.replace("John forgot to renew", "The renewal job did not renew"), encoding="utf-8")
    code, out, err = run("--baseline", "baseline.json", "--format", "json", "pm.md")
    assert code == 0 and findings(out) == []
    assert "3 findings in baseline" in err


def test_paths_are_normalised(project):
    run("--write-baseline", "baseline.json", "./pm.md")
    code, out, _ = run("--baseline", "baseline.json", "--format", "json", str(project / "pm.md"))
    assert code == 0 and findings(out) == []


def test_baseline_is_per_file(project):
    run("--write-baseline", "baseline.json", "pm.md")
    (project / "other.md").write_text(DOC, encoding="utf-8")
    code, out, _ = run("--baseline", "baseline.json", "--format", "json", "pm.md", "other.md")
    assert code == 1
    report = json.loads(out)
    assert [(f["path"], len(f["findings"])) for f in report["files"]] == [("pm.md", 0), ("other.md", 4)]


@pytest.mark.parametrize("content, message", [
    ("{", "baseline.json:1: baseline is not valid JSON: Expecting property name enclosed in double quotes"),
    ("[]", "baseline.json: not a blamelint baseline"),
    ('{"tool": "ruff", "version": 1, "findings": []}', "baseline.json: not a blamelint baseline"),
    ('{"tool": "blamelint", "version": 99, "findings": []}', "baseline.json: unsupported baseline version 99"),
    ('{"tool": "blamelint", "version": 1, "findings": [{"rule": "BL101"}]}',
     "baseline.json: findings[0] has no fingerprint string"),
    (b"\xff\xfe{", "baseline.json: cannot read baseline"),
])
def test_malformed_baseline_is_one_line_exit_2(project, content, message):
    target = project / "baseline.json"
    (target.write_bytes if isinstance(content, bytes) else target.write_text)(content)
    code, out, err = run("--baseline", "baseline.json", "pm.md")
    assert code == 2
    assert out == ""
    assert err.startswith(f"blamelint: error: {message}")
    assert len(err.strip().splitlines()) == 1


def test_missing_baseline_file(project):
    code, out, err = run("--baseline", "nope.json", "pm.md")
    assert (code, out, err) == (2, "", "blamelint: error: nope.json: baseline file not found\n")


@pytest.mark.slow
def test_real_process_no_traceback(project):
    (project / "baseline.json").write_text("not json", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "blamelint", "check", "--baseline", "baseline.json", "pm.md"],
                          capture_output=True, text=True, cwd=project)
    assert proc.returncode == 2
    assert proc.stderr == "blamelint: error: baseline.json:1: baseline is not valid JSON: Expecting value\n"
    assert proc.stdout == ""


def test_unwritable_baseline_path(project):
    code, out, err = run("--write-baseline", "missing-dir/baseline.json", "pm.md")
    assert code == 2
    assert err.startswith("blamelint: error: missing-dir/baseline.json: cannot write baseline:")


def test_reported_findings_keep_their_full_file_fingerprints(project):
    """With a baseline, SARIF and GitLab fingerprints are those of the whole file, not renumbered."""
    one = DOC.replace("Bob was careless. Later Bob was careless again.", "Bob was careless.")
    (project / "pm.md").write_text(one, encoding="utf-8")
    run("--write-baseline", "baseline.json", "pm.md")
    (project / "pm.md").write_text(one + "\nBob was careless again.\n", encoding="utf-8")
    _, with_baseline, _ = run("--baseline", "baseline.json", "--format", "sarif", "pm.md")
    _, without, _ = run("--format", "sarif", "pm.md")
    (new,) = json.loads(with_baseline)["runs"][0]["results"]
    everything = {r["locations"][0]["physicalLocation"]["region"]["startLine"]: r["partialFingerprints"]["blamelint/v1"]
                  for r in json.loads(without)["runs"][0]["results"] if r["ruleId"] == "BL103"}
    assert new["locations"][0]["physicalLocation"]["region"]["startLine"] == 11
    assert new["partialFingerprints"]["blamelint/v1"] == everything[11] != everything[9]
    _, gitlab_out, _ = run("--baseline", "baseline.json", "--format", "gitlab", "pm.md")
    assert [i["fingerprint"] for i in json.loads(gitlab_out)] == [everything[11]]
