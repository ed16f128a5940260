"""A team's own rules (`rules-dir:`): loaded and validated as the built-in ones, in the cache
key and the prefilter, listed by `blamelint rules`, explained, and their examples runnable."""

from __future__ import annotations

import json
import os

import pytest

from blamelint.cache import cache_key
from blamelint.config import load_config
from blamelint.userrules import linter_with
from conftest import RULESET, require, run_cli

RULE = """\
id: BL190
name: rescuer-praise
family: blame
level: warning
summary: One person praised as the rescuer of the incident.
message: >-
  This makes one person the rescuer. What in the system made the recovery depend on them?
patterns:
  - phrases: [single-handedly rescued, heroically fixed]
docs:
  what: Praise that makes one person the rescuer.
  why: The lesson is what made the recovery depend on one person.
examples:
  bad:
    - "Priya single-handedly rescued the billing queue."
  good:
    - "The billing queue recovered after the restart."
"""

DOCUMENT = "# Billing queue stall\n\nWhen the queue stalled, Priya single-handedly rescued it at 14:05.\n"


def _project(tmp_path, rule: str = RULE, config: str = "rules-dir: team-rules\n", name: str = "BL190-rescuer-praise.yaml"):
    (tmp_path / "team-rules").mkdir(parents=True, exist_ok=True)
    (tmp_path / "team-rules" / name).write_text(rule)
    (tmp_path / ".blamelint.yaml").write_text(config)
    (tmp_path / "pm.md").write_text(DOCUMENT)
    return tmp_path


def _rules_flagged(tmp_path, *args, cwd=None) -> tuple[int, list[str]]:
    code, out, err = run_cli("check", "--no-cache", "--format", "json", *args, str(tmp_path / "pm.md"), cwd=cwd)
    assert code in (0, 1), err
    return code, [f["rule"] for f in json.loads(out)["files"][0]["findings"]]


def test_a_user_rule_runs_and_can_be_selected_by_name(tmp_path):
    _project(tmp_path)
    assert "BL190" in _rules_flagged(tmp_path)[1]
    assert _rules_flagged(tmp_path, "--select", "rescuer-praise")[1] == ["BL190"]
    assert "BL190" not in _rules_flagged(tmp_path, "--ignore", "BL190")[1]


def test_rules_dir_is_relative_to_the_config_file_not_the_working_folder(tmp_path):
    project = _project(tmp_path / "project")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert "BL190" in _rules_flagged(project, cwd=elsewhere)[1]


def test_pyproject_takes_rules_dir_too(tmp_path):
    _project(tmp_path)
    (tmp_path / ".blamelint.yaml").unlink()
    (tmp_path / "pyproject.toml").write_text('[tool.blamelint]\nrules-dir = "team-rules"\nselect = ["BL190"]\n')
    assert _rules_flagged(tmp_path)[1] == ["BL190"]


def test_config_naming_a_user_rule_validates_against_it(tmp_path):
    _project(tmp_path, config="rules-dir: team-rules\nrules:\n  rescuer-praise: {level: error}\n")
    code, out, _ = run_cli("check", "--no-cache", "--format", "json", str(tmp_path / "pm.md"))
    levels = {f["rule"]: f["level"] for f in json.loads(out)["files"][0]["findings"]}
    assert levels["BL190"] == "error"
    (tmp_path / ".blamelint.yaml").write_text("rules:\n  rescuer-praise: {level: error}\n")  # no rules-dir
    code, _, err = run_cli("check", str(tmp_path / "pm.md"))
    assert code == 2 and ".blamelint.yaml:2: unknown rule 'rescuer-praise'" in err


@pytest.mark.parametrize(("rule", "config", "message"), [
    (RULE.replace("id: BL190", "id: BL101"), None, "BL190-rescuer-praise.yaml:1: id 'BL101' is taken by a built-in rule"),
    (RULE.replace("name: rescuer-praise", "name: counterfactual"), None,
     "BL190-rescuer-praise.yaml:2: name 'counterfactual' is taken by a built-in rule"),
    (RULE.replace("level: warning", "level: loud"), None, "BL190-rescuer-praise.yaml:4: level must be one of"),
    (RULE.replace("  bad:\n", "  bda:\n"), None, "BL190-rescuer-praise.yaml:14: unknown key 'bda'"),
    (RULE.replace("id: BL190", "id: BL290"), None, "BL190-rescuer-praise.yaml:1: id BL290 does not fit family blame"),
    (RULE, "rules-dir: missing-folder\n", ".blamelint.yaml:1: rules-dir 'missing-folder' is not a folder"),
    (RULE, "rules-dir: [team-rules]\n", ".blamelint.yaml:1: rules-dir must be the path of a folder"),
])
def test_bad_user_rules_are_one_line_errors_naming_file_and_line(tmp_path, rule, config, message):
    _project(tmp_path, rule, config or "rules-dir: team-rules\n")
    code, out, err = run_cli("check", str(tmp_path / "pm.md"))
    assert code == 2 and message in err and "Traceback" not in err, err
    assert len(err.strip().splitlines()) == 1 and out == ""


def test_rules_lists_and_explain_shows_user_rules(tmp_path):
    _project(tmp_path)
    code, out, _ = run_cli("rules", cwd=tmp_path)
    own = [line for line in out.splitlines() if line.startswith("BL190")]
    assert code == 0 and len(own) == 1 and "rescuer-praise" in own[0] and "BL190-rescuer-praise.yaml" in own[0]
    assert "BL101" in out
    code, out, _ = run_cli("explain", "rescuer-praise", cwd=tmp_path)
    assert code == 0 and out.startswith("# BL190 rescuer-praise") and "single-handedly rescued" in out
    assert run_cli("explain", "rescuer-praise")[0] == 2  # from a folder without that config: unknown


def test_check_examples_reports_a_failing_bad_example_with_its_line(tmp_path):
    _project(tmp_path)
    code, out, err = run_cli("rules", "--check-examples", cwd=tmp_path)
    assert code == 0 and "2 of 2 examples of 1 rules pass" in out, err
    broken = RULE.replace('"Priya single-handedly rescued the billing queue."', '"Priya restarted the billing queue."')
    _project(tmp_path, broken)
    code, out, err = run_cli("rules", "--check-examples", cwd=tmp_path)
    assert code == 1 and "1 of 2 examples" in out
    assert "BL190-rescuer-praise.yaml:15: BL190 bad example 1: not flagged: 'Priya restarted" in err


def test_check_examples_without_user_rules_is_an_error(tmp_path):
    (tmp_path / ".blamelint.yaml").write_text("ignore: [BL103]\n")
    code, _, err = run_cli("rules", "--check-examples", cwd=tmp_path)
    assert code == 2 and "set rules-dir:" in err


def test_user_rules_are_part_of_the_cache_key(tmp_path, linter):
    _project(tmp_path)
    config = load_config(tmp_path / ".blamelint.yaml", linter.ruleset)
    key = cache_key(linter_with(linter, config.user_rules), "pm.md", DOCUMENT, config)
    _project(tmp_path, RULE.replace("level: warning", "level: error"))
    changed = load_config(tmp_path / ".blamelint.yaml", linter.ruleset)
    assert cache_key(linter_with(linter, changed.user_rules), "pm.md", DOCUMENT, changed) != key
    # and the cached run sees the change: the finding's level follows the edited rule file
    _project(tmp_path)
    run_cli("check", str(tmp_path / "pm.md"))
    _project(tmp_path, RULE.replace("level: warning", "level: error"))
    _, out, _ = run_cli("check", "--format", "json", str(tmp_path / "pm.md"))
    levels = {f["rule"]: f["level"] for f in json.loads(out)["files"][0]["findings"]}
    assert levels["BL190"] == "error"


def test_the_prefilter_takes_trigger_words_from_user_rules(tmp_path, linter):
    _project(tmp_path)
    config = load_config(tmp_path / ".blamelint.yaml", linter.ruleset)
    combined = linter_with(linter, config.user_rules)
    triggers = combined._pipeline(None)[2]
    assert "BL190" in triggers.rules_that_may_match("Priya single-handedly rescued it.", {"BL190"})
    assert "BL190" not in triggers.rules_that_may_match("The queue recovered.", {"BL190"})
    # the prefilter does not drop what an exhaustive run finds
    assert "BL190" in _rules_flagged(tmp_path)[1] and "BL190" in _rules_flagged(tmp_path, "--exhaustive")[1]


def test_selection_prefixes_include_user_rules(tmp_path, linter):
    _project(tmp_path)
    config = load_config(tmp_path / ".blamelint.yaml", linter.ruleset)
    resolve = linter_with(linter, config.user_rules).resolve_selection
    assert resolve("BL19") == ("BL190",)
    assert set(resolve("BL1")) == {r.id for r in linter.rules if r.family == "blame"} | {"BL190"}
    assert resolve("BL8") == ()


@pytest.mark.parametrize("prefix", ["BL19", "BL1"])
def test_a_config_select_prefix_takes_user_rules_as_the_command_line_does(tmp_path, prefix):
    # BL19 is a prefix of the team rule BL190 alone; BL1 of it and the built-in blame rules
    _project(tmp_path)
    code, from_cli = _rules_flagged(tmp_path, "--select", prefix)
    assert "BL190" in from_cli
    _project(tmp_path, config=f"rules-dir: team-rules\nselect: [{prefix}]\n")
    assert _rules_flagged(tmp_path) == (code, from_cli)


def test_a_config_prefix_no_rule_starts_with_is_an_error_naming_its_line(tmp_path):
    _project(tmp_path, config="rules-dir: team-rules\nselect: [BL19, BL18]\n")
    code, _, err = run_cli("check", str(tmp_path / "pm.md"))
    assert code == 2 and ".blamelint.yaml:2: unknown rule 'BL18'" in err, err


@pytest.mark.parametrize("config", ["ignore: [BL1]\n", 'per-file-ignores:\n  "*.md": [BL1]\n'])
def test_a_config_ignore_prefix_takes_user_rules_as_the_command_line_does(tmp_path, config):
    _project(tmp_path)
    from_cli = _rules_flagged(tmp_path, "--ignore", "BL1")
    assert "BL190" in _rules_flagged(tmp_path)[1] and "BL190" not in from_cli[1]
    _project(tmp_path, config="rules-dir: team-rules\n" + config)
    assert _rules_flagged(tmp_path) == from_cli


def test_an_example_config_may_select_a_user_rule_by_prefix(tmp_path):
    # `rules --check-examples` reads an example's `config:` as a config file is read
    bad = 'bad:\n    - config: {select: [BL19]}\n      text: "Priya single-handedly rescued the billing queue."\n'
    _project(tmp_path, RULE.replace('bad:\n    - "Priya single-handedly rescued the billing queue."\n', bad))
    code, out, err = run_cli("rules", "--check-examples", cwd=tmp_path)
    assert code == 0 and "2 of 2 examples of 1 rules pass" in out, err


def test_the_language_server_runs_user_rules_and_per_file_ignores(tmp_path):
    require("pygls")  # a declared test dependency: missing, it fails rather than skips
    from blamelint.lsp import create_server

    _project(tmp_path, config='rules-dir: team-rules\nper-file-ignores:\n  "archive/*": [rescuer-praise]\n')
    server = create_server(RULESET)
    assert "BL190" in [f.rule for f in server.lint(DOCUMENT, tmp_path / "pm.md")]
    assert "BL190" not in [f.rule for f in server.lint(DOCUMENT, tmp_path / "archive" / "old.md")]
    assert "BL190" in [f.rule for f in server.lint(DOCUMENT, tmp_path / "pm.md")]  # the kept config is not changed
    # an edited rule file is read again, though the config file did not change
    rule_file = tmp_path / "team-rules" / "BL190-rescuer-praise.yaml"
    rule_file.write_text(RULE.replace("level: warning", "level: error"))
    os.utime(rule_file, ns=(rule_file.stat().st_mtime_ns + 10**9,) * 2)  # a later time, whatever the clock's tick
    levels = {f.rule: str(f.level) for f in server.lint(DOCUMENT, tmp_path / "pm.md")}
    assert levels["BL190"] == "error"
    # hover describes the team's rule as it does ours
    uri = (tmp_path / "pm.md").as_uri()
    assert server.rule_for("BL190", uri).name == "rescuer-praise"
    assert server.rule_for("BL101", uri).name == "person-as-failure-agent"
    assert server.rule_for("BL999", uri) is None


def test_sarif_and_the_report_describe_user_rules(tmp_path):
    _project(tmp_path)
    _, out, _ = run_cli("check", "--format", "sarif", str(tmp_path / "pm.md"))
    driver = json.loads(out)["runs"][0]["tool"]["driver"]
    own = [rule for rule in driver["rules"] if rule["id"] == "BL190"]
    assert len(own) == 1 and own[0]["name"] == "rescuer-praise" and "helpUri" not in own[0]  # no page of ours
    code, out, err = run_cli("report", "--format", "json", str(tmp_path / "pm.md"))
    assert code == 0, err
    entry = next(rule for rule in json.loads(out)["rules"] if rule["rule"] == "BL190")
    assert entry["name"] == "rescuer-praise" and entry["summary"].startswith("One person praised")


def test_jobs_lint_each_file_with_the_rules_of_its_own_config(tmp_path):
    """Files of two configs, one with rules-dir:, linted together in worker processes."""
    _project(tmp_path / "team")
    (tmp_path / "team" / "second.md").write_text(DOCUMENT)
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / ".blamelint.yaml").write_text("fail-level: error\n")
    (tmp_path / "other" / "pm.md").write_text(DOCUMENT)
    code, out, err = run_cli("check", "--no-cache", "--jobs", "2", "--format", "json", str(tmp_path))
    assert code in (0, 1), err
    own = {entry["path"].split(str(tmp_path) + "/")[-1]: "BL190" in {f["rule"] for f in entry["findings"]}
           for entry in json.loads(out)["files"]}
    assert own == {"team/pm.md": True, "team/second.md": True, "other/pm.md": False}
