"""Fixes (issue 5): rule-declared edits, applicability, --fix / --unsafe-fixes / --diff, safe writes."""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from blamelint import fixer
from blamelint.cli import cli
from blamelint.config import Config, load_config
from blamelint.errors import ConfigError, RuleError
from blamelint.findings import Applicability, Edit, Finding, Fix, Level
from blamelint.fixer import FixWriteError, apply_edits, atomic_write, fix_text, select_fixes, unified_diff
from blamelint.rules import builtin_rules_dir, load_rule_file
from conftest import RULES, run_cli

FIXABLE = [rule for rule in RULES if rule.fix.get("pattern")]
WITH_FIXED = [(rule, example) for rule in FIXABLE for example in rule.bad if example.fixed is not None]
WITHOUT_FIXED = [(rule, example) for rule in FIXABLE for example in rule.bad if example.fixed is None]

DOC = (
    "# Checkout outage\n\n"
    "## Summary\n\n"
    "The outage was caused by just a typo in the config.\n"
    "It was only a minor blip for most users.\n\n"
    "```\nIt was just a typo in the fence.\n```\n\n"
    "## Root cause\n\n"
    "A simple one-line change removed the retry limit.\n"
)
DOC_FIXED = (
    "# Checkout outage\n\n"
    "## Summary\n\n"
    "The outage was caused by a typo in the config.\n"
    "It was a minor blip for most users.\n\n"
    "```\nIt was just a typo in the fence.\n```\n\n"
    "## Root cause\n\n"
    "A one-line change removed the retry limit.\n"
)


def _ids(pairs):
    return [f"{rule.id}-{i}" for i, (rule, _) in enumerate(pairs)]


run = run_cli  # the command line in this process, as the console script runs it


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- the rule files: every fix edit is pinned by a `fixed:` example ---------------------------
def test_minimizing_is_a_rule_with_a_safe_fix():
    ids = {rule.id for rule in FIXABLE}
    assert "BL108" in ids
    minimizing = next(rule for rule in RULES if rule.id == "BL108")
    assert (minimizing.name, minimizing.family, str(minimizing.level)) == ("minimizing", "blame", "info")
    assert minimizing.applicability is Applicability.SAFE


def test_every_rule_with_a_fix_edit_has_a_fixed_example():
    assert FIXABLE
    for rule in FIXABLE:
        assert any(example.fixed for example in rule.bad), f"{rule.id} has a fix pattern but no bad example with fixed:"


def test_rules_without_an_edit_are_display_only():
    for rule in RULES:
        if not rule.fix.get("pattern"):
            assert rule.applicability is Applicability.DISPLAY_ONLY, rule.id


@pytest.mark.parametrize(("rule", "example"), WITH_FIXED, ids=_ids(WITH_FIXED))
def test_bad_example_fixes_to_its_fixed_text(linter, rule, example):
    outcome = fix_text(linter, example.text, "example.md", Config(), unsafe=rule.applicability is Applicability.UNSAFE)
    assert outcome.fixed == example.fixed
    assert set(outcome.applied) == {rule.id}
    assert not [f for f in outcome.findings if f.rule == rule.id], "the fixed text still fires the rule"
    again = fix_text(linter, outcome.fixed, "example.md", Config(), unsafe=True)
    assert again.fixed == outcome.fixed and not again.applied


@pytest.mark.parametrize(("rule", "example"), WITHOUT_FIXED, ids=_ids(WITHOUT_FIXED))
def test_bad_example_without_fixed_gets_no_edit(lint, linter, rule, example):
    findings = [f for f in lint(example.text) if f.rule == rule.id]
    assert findings
    assert all(not f.fix.edits and f.fix.applicability is Applicability.DISPLAY_ONLY for f in findings)
    assert fix_text(linter, example.text, "example.md", Config(), unsafe=True).fixed == example.text


def test_finding_carries_a_minimal_edit(lint):
    text = "Just a typo in the config took down checkout."
    [finding] = [f for f in lint(text) if f.rule == "BL108"]
    assert finding.fix.applicability is Applicability.SAFE
    assert finding.fix.edits == (Edit(0, 6, "A"),)  # "Just a" -> "A": sentence case kept
    assert finding.fix.title == 'Drop the minimizer: "A typo"'
    assert apply_edits(text, list(finding.fix.edits)) == "A typo in the config took down checkout."


@pytest.mark.parametrize("text", [
    "It was **just** a typo in the config.",  # emphasis markers inside the span
    "It was just a [typo](https://example.com/pr/1) in the config.",  # link syntax inside the span
])
def test_no_edit_across_markup(lint, linter, text):
    [finding] = [f for f in lint(text) if f.rule == "BL108"]
    assert finding.fix.applicability is Applicability.DISPLAY_ONLY and finding.fix.edits == ()
    assert fix_text(linter, text, "t.md", Config(), unsafe=True).fixed == text


def test_edit_inside_emphasis_keeps_the_markers(linter):
    text = "It was _just a typo_ in the config."
    assert fix_text(linter, text, "t.md", Config()).fixed == "It was _a typo_ in the config."


def test_edit_in_table_cell_and_list_item(linter):
    text = ("# T\n\n## Root cause\n\n- It was just a typo in the config.\n\n"
            "| when | what |\n|---|---|\n| 10:00 | only a minor blip |\n")
    outcome = fix_text(linter, text, "t.md", Config())
    assert outcome.fixed == text.replace("just a typo", "a typo").replace("only a minor blip", "a minor blip")
    assert outcome.applied == {"BL108": 2}


# --- choosing edits ---------------------------------------------------------------------------
def _finding(rule: str, edits, applicability=Applicability.SAFE) -> Finding:
    start = min(e.start for e in edits)
    return Finding(rule=rule, name=rule.lower(), family="blame", level=Level.INFO, message="m", path="p", offset=start,
                   end_offset=max(e.end for e in edits), line=1, column=start + 1, end_line=1, end_column=2, text="x",
                   fix=Fix("t", applicability, tuple(edits)))


def test_overlapping_fixes_are_resolved_in_a_fixed_order():
    a = _finding("BL900", [Edit(5, 10, "A")])
    b = _finding("BL108", [Edit(8, 12, "B")])  # overlaps a, starts later
    c = _finding("BL901", [Edit(10, 11, "C")])  # touches a's end: no overlap
    d = _finding("BL902", [Edit(5, 10, "D")])  # same span as a, rule id sorts later
    for order in ([a, b, c, d], [d, c, b, a], [b, d, a, c]):
        chosen, waiting = select_fixes(order)
        assert chosen == [a, c]
        assert waiting == [d, b]


def test_applicability_decides_what_is_applied():
    safe = _finding("BL108", [Edit(0, 1, "")])
    unsafe = _finding("BL900", [Edit(3, 4, "")], Applicability.UNSAFE)
    display = _finding("BL901", [Edit(6, 7, "")], Applicability.DISPLAY_ONLY)
    assert select_fixes([safe, unsafe, display])[0] == [safe]
    assert select_fixes([safe, unsafe, display], unsafe=True)[0] == [safe, unsafe]


def test_apply_edits_refuses_overlaps():
    assert apply_edits("abcdef", [Edit(4, 6, "X"), Edit(0, 1, "")]) == "bcdX"
    with pytest.raises(ValueError):
        apply_edits("abcdef", [Edit(0, 3, "X"), Edit(2, 4, "Y")])


def test_unified_diff_marks_a_missing_final_newline():
    diff = unified_diff("pm.md", "just a typo", "a typo")
    assert diff.splitlines() == ["--- pm.md", "+++ pm.md", "@@ -1 +1 @@", "-just a typo",
                                 "\\ No newline at end of file", "+a typo", "\\ No newline at end of file"]
    assert unified_diff("pm.md", "same\n", "same\n") == ""


# --- rule-file validation -----------------------------------------------------------------------
def _rule_with_fix(tmp_path: Path, fix_block: str, extra_bad: str = "") -> Path:
    text = (builtin_rules_dir() / "BL108-minimizing.yaml").read_text(encoding="utf-8")
    start = text.index("\nfix:\n") + 1
    end = text.index("\ndocs:\n") + 1
    text = text[:start] + fix_block + text[end:]
    if extra_bad:
        text = text.replace("  bad:\n", "  bad:\n" + extra_bad, 1)
    path = tmp_path / "BL108-minimizing.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


@pytest.mark.parametrize(("block", "needle", "message"), [
    ("fix:\n  applicability: safe\n  pattern: '(?i)^(just'\n  replace: ''\n", "pattern:", "not a valid regular expression"),
    ("fix:\n  applicability: safe\n  pattern: '^just\\s+(.*)$'\n  replace: '\\2'\n", "replace:", "not a valid replacement"),
    ("fix:\n  applicability: safe\n  pattern: '^just\\s+(?P<rest>.*)$'\n  replace: '\\g<other>'\n", "replace:",
     "not a valid replacement"),
    ("fix:\n  applicability: safe\n  title: Drop it\n", "applicability:", "needs an edit to apply"),
    ("fix:\n  applicability: unsafe\n  pattern: '^just\\s+'\n", "pattern:", "go together"),
    ("fix:\n  applicability: display-only\n  pattern: '^just\\s+'\n  replace: ''\n", "applicability:", "never applied"),
    ("fix:\n  applicability: safe\n  pattern: '.*'\n  replace: ''\n", "pattern:", "matches the empty string"),
    ("fix:\n  applicability: safe\n  pattern: '^just\\s+'\n  replace: ''\n  title: 'Use {sentence}'\n", "title:",
     "{sentence}"),
])
def test_bad_fix_block_is_a_rule_error_with_file_and_line(tmp_path, block, needle, message):
    path = _rule_with_fix(tmp_path, block)
    with pytest.raises(RuleError) as caught:
        load_rule_file(path)
    assert message in caught.value.message
    assert caught.value.where == str(path)
    assert caught.value.line == _line_of(path, needle)


def test_fixed_example_needs_a_fix_edit(tmp_path):
    path = _rule_with_fix(tmp_path, "fix:\n  applicability: display-only\n",
                          '    - text: "It was just a typo."\n      fixed: "It was a typo."\n')
    with pytest.raises(RuleError) as caught:
        load_rule_file(path)
    assert "needs a fix edit" in caught.value.message
    assert caught.value.line == _line_of(path, 'fixed: "It was a typo."')


# --- configuration: extend-safe-fixes / extend-unsafe-fixes --------------------------------------
def _config(tmp_path: Path, text: str, linter) -> Config:
    path = tmp_path / ".blamelint.yaml"
    path.write_text(text, encoding="utf-8")
    return load_config(path, linter.ruleset)


def test_extend_unsafe_fixes_demotes_a_safe_fix(tmp_path, linter, lint):
    config = _config(tmp_path, "extend-unsafe-fixes: [minimizing]\n", linter)
    assert config.extend_unsafe_fixes == ("BL108",)
    text = "It was just a typo in the config."
    [finding] = [f for f in lint(text, config) if f.rule == "BL108"]
    assert finding.fix.applicability is Applicability.UNSAFE
    assert fix_text(linter, text, "t.md", config).fixed == text
    assert fix_text(linter, text, "t.md", config, unsafe=True).fixed == "It was a typo in the config."


def test_extend_safe_fixes_never_promotes_display_only(tmp_path, linter, lint):
    config = _config(tmp_path, "extend-safe-fixes: [BL101, minimizing]\n", linter)
    assert config.extend_safe_fixes == ("BL101", "BL108")
    # no rewording can be built for "neglected it": the suggestion stays display-only
    [finding] = [f for f in lint("Due to travel, the administrator neglected it until the evening.", config)
                 if f.rule == "BL101"]
    assert finding.fix.applicability is Applicability.DISPLAY_ONLY and not finding.fix.edits
    [minimizer] = [f for f in lint("It was just a typo.", config) if f.rule == "BL108"]
    assert minimizer.fix.applicability is Applicability.SAFE


def test_extend_safe_fixes_promotes_a_rewording(tmp_path, linter, lint):
    """A rewording is unsafe (it changes what the sentence says) until the team opts in."""
    text = "Marco forgot to run the migration."
    [unsafe] = [f for f in lint(text) if f.rule == "BL101"]
    assert unsafe.fix.applicability is Applicability.UNSAFE
    config = _config(tmp_path, "extend-safe-fixes: [BL101]\n", linter)
    [finding] = [f for f in lint(text, config) if f.rule == "BL101"]
    assert finding.fix.applicability is Applicability.SAFE
    assert fix_text(linter, text, "t.md", config).fixed == "Nothing in the process prompted running the migration."


@pytest.mark.parametrize(("text", "line", "message"), [
    ("select: [BL101]\nextend-safe-fixes:\n  - BL101\n  - no-such-rule\n", 4, "unknown rule 'no-such-rule'"),
    ("extend-unsafe-fixes: BL108\n", 1, "must be a list"),
    ("extend-safe-fixes: [BL108]\n\nextend-unsafe-fixes: [minimizing]\n", 3, "in both"),
])
def test_fix_safety_config_is_validated(tmp_path, linter, text, line, message):
    with pytest.raises(ConfigError) as caught:
        _config(tmp_path, text, linter)
    assert message in caught.value.message
    assert caught.value.where == str(tmp_path / ".blamelint.yaml")
    assert caught.value.line == line


def test_fix_safety_in_pyproject(tmp_path, linter):
    path = tmp_path / "pyproject.toml"
    path.write_text('[tool.blamelint]\nextend-unsafe-fixes = ["minimizing"]\n', encoding="utf-8")
    assert load_config(path, linter.ruleset).extend_unsafe_fixes == ("BL108",)
    path.write_text('[tool.blamelint]\nextend-unsafe-fixes = ["nope"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown rule 'nope'"):
        load_config(path, linter.ruleset)


# --- writing ------------------------------------------------------------------------------------------
def test_atomic_write_keeps_permissions_and_leaves_no_temp_file(tmp_path):
    path = tmp_path / "pm.md"
    path.write_bytes(b"old\n")
    os.chmod(path, 0o640)
    atomic_write(path, "new\n", b"old\n")
    assert path.read_bytes() == b"new\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pm.md"]


def test_atomic_write_refuses_a_file_changed_on_disk(tmp_path):
    path = tmp_path / "pm.md"
    path.write_bytes(b"the other writer\n")
    with pytest.raises(FixWriteError, match="changed on disk"):
        atomic_write(path, "fixed\n", b"what we read\n")
    assert path.read_bytes() == b"the other writer\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pm.md"]


def test_atomic_write_follows_a_symlink(tmp_path):
    real = tmp_path / "real.md"
    real.write_bytes(b"old\n")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    atomic_write(link, "new\n", b"old\n")
    assert link.is_symlink() and real.read_bytes() == b"new\n"


# --- the command line (as a user runs it, in this process) ----------------------------------------------
@pytest.fixture
def doc(tmp_path):
    # a folder of its own: the tests check that a write leaves nothing else next to the file
    # (the test's findings cache is in tmp_path, and --fix uses the cache like a check)
    (tmp_path / "notes").mkdir()
    path = tmp_path / "notes" / "pm.md"
    path.write_text(DOC, encoding="utf-8")
    os.chmod(path, 0o604)
    return path


def test_cli_fix_rewrites_then_reports_what_remains(doc):
    code, out, err = run("check", "--fix", "--format", "json", str(doc))
    assert doc.read_text(encoding="utf-8") == DOC_FIXED
    assert stat.S_IMODE(doc.stat().st_mode) == 0o604
    assert "fixed 3 findings in 1 file (BL108 minimizing: 3)" in err
    report = json.loads(out)
    remaining = [f["rule"] for f in report["files"][0]["findings"]]
    assert "BL108" not in remaining
    assert code == (1 if report["summary"]["by_level"]["warning"] or report["summary"]["by_level"]["error"] else 0)
    assert sorted(p.name for p in doc.parent.iterdir()) == ["pm.md"]
    # idempotent: a second run changes nothing
    before = _digest(doc)
    code2, _, err2 = run("check", "--fix", str(doc))
    assert _digest(doc) == before
    assert "nothing to fix" in err2
    assert code2 == code


def test_cli_diff_writes_nothing(doc):
    before, mtime = _digest(doc), doc.stat().st_mtime_ns
    code, out, err = run("check", "--diff", str(doc))
    assert code == 1
    assert _digest(doc) == before and doc.stat().st_mtime_ns == mtime
    assert out.startswith(f"--- {doc}\n+++ {doc}\n")
    removed = [line[1:] for line in out.splitlines() if line.startswith("-") and not line.startswith("---")]
    added = [line[1:] for line in out.splitlines() if line.startswith("+") and not line.startswith("+++")]
    assert removed == ["The outage was caused by just a typo in the config.", "It was only a minor blip for most users.",
                       "A simple one-line change removed the retry limit."]
    assert added == ["The outage was caused by a typo in the config.", "It was a minor blip for most users.",
                     "A one-line change removed the retry limit."]
    assert "would fix 3 findings" in err
    run("check", "--fix", str(doc))
    code, out, _ = run("check", "--diff", str(doc))
    assert (code, out) == (0, "")


def test_cli_fix_on_stdin_prints_the_fixed_text(tmp_path):
    work = tmp_path / "work"  # not tmp_path itself: the test's findings cache is there
    work.mkdir()
    code, out, err = run("check", "--fix", "-", stdin=DOC.encode(), cwd=work)
    assert out == DOC_FIXED
    assert "fixed 3 findings" in err and "1 file checked" in err  # the report goes to stderr
    assert sorted(work.iterdir()) == []  # nothing written next to the working directory
    code, out, err = run("check", "--diff", "--stdin-filename", "pm.md", "-", stdin=DOC.encode(), cwd=work)
    assert code == 1 and out.startswith("--- pm.md\n+++ pm.md\n") and "-It was only a minor blip" in out


def test_cli_unsafe_fixes_needs_the_flag(tmp_path, doc):
    (tmp_path / ".blamelint.yaml").write_text("extend-unsafe-fixes: [BL108]\n", encoding="utf-8")
    code, out, err = run("check", "--fix", str(doc))
    assert doc.read_text(encoding="utf-8") == DOC
    assert "nothing to fix" in err and "3 more fixes available with --unsafe-fixes" in err
    code, out, err = run("check", "--fix", "--unsafe-fixes", str(doc))
    assert doc.read_text(encoding="utf-8") == DOC_FIXED
    code, out, err = run("check", "--unsafe-fixes", str(doc))
    assert code == 2 and "--unsafe-fixes takes effect only with --fix or --diff" in err


# --- a file changed by someone else between reading and writing (in-process, monkeypatched) ---------------
def test_concurrent_modification_is_detected(doc, monkeypatch):
    real_fix_text = fixer.fix_text
    other = "# Someone else's edit\n\nIt was just a typo, they said.\n"

    def fix_then_someone_writes(*args, **kwargs):
        outcome = real_fix_text(*args, **kwargs)
        doc.write_text(other, encoding="utf-8")  # after our read, before our write
        return outcome

    monkeypatch.setattr(fixer, "fix_text", fix_then_someone_writes)
    result = CliRunner().invoke(cli, ["check", "--fix", str(doc)])
    assert result.exit_code == 2, result.output
    assert doc.read_text(encoding="utf-8") == other
    assert f"blamelint: error: {doc}: file changed on disk since it was read" in result.stderr
    assert "no fixes written" in result.stderr and "fixed 3" not in result.stderr
    assert sorted(p.name for p in doc.parent.iterdir()) == ["pm.md"]
    # the report is about the file as it was read: the minimizers are still there
    assert result.stdout.count("BL108 minimizing") == 3


def test_fix_keeps_line_endings_and_byte_order_mark(tmp_path):
    path = tmp_path / "pm.md"
    raw = "\ufeff# Outage\r\n\r\n## Root cause\r\n\r\nIt was just a typo in the flag.\r\nNo more.\r\n".encode("utf-8")
    path.write_bytes(raw)
    code, _, err = run("check", "--fix", str(path))
    assert path.read_bytes() == raw.replace(b"just a typo", b"a typo"), err


def test_json_output_carries_the_edits(doc):
    code, out, _ = run("check", "--format", "json", str(doc))
    text = doc.read_bytes().decode("utf-8")
    fixes = [f["fix"] for f in json.loads(out)["files"][0]["findings"] if f["rule"] == "BL108"]
    assert [f["applicability"] for f in fixes] == ["safe", "safe", "safe"]
    edits = [Edit(e["offset"], e["end_offset"], e["content"]) for f in fixes for e in f["edits"]]
    assert [text[e.start:e.end] for e in edits] == ["just ", "only ", "simple "]
    assert apply_edits(text, edits) == DOC_FIXED
    others = [f["fix"] for f in json.loads(out)["files"][0]["findings"] if f["rule"] != "BL108" and f["fix"]]
    assert all(f["applicability"] == "display-only" and f["edits"] == [] for f in others)
