"""Rule files are validated strictly: mistakes name the file and the line."""

from pathlib import Path

import pytest

from blamelint.errors import RuleError
from blamelint.matching import CompiledRules
from blamelint.pipeline import load_pipeline
from blamelint.rules import builtin_rules_dir, load_rule_file, load_rules
from conftest import RULES

GOOD_RULE = (builtin_rules_dir() / "BL103-judgmental-language.yaml").read_text(encoding="utf-8")


def _write(tmp_path: Path, text: str, name="BL999-x.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_rules_load():
    rules = load_rules()
    assert {"BL101", "BL102", "BL103", "BL104", "BL201", "BL301"} <= {r.id for r in rules}


def test_unknown_key_names_file_and_line(tmp_path):
    text = GOOD_RULE.replace("family: blame", "family: blame\nfamliy: blame")
    path = _write(tmp_path, text)
    with pytest.raises(RuleError) as error:
        load_rule_file(path)
    assert "unknown key 'famliy'" in str(error.value)
    line = text.splitlines().index("famliy: blame") + 1
    assert f"{path}:{line}:" in str(error.value)


def test_malformed_yaml(tmp_path):
    path = _write(tmp_path, "id: BL999\nname: [oops\n")
    with pytest.raises(RuleError, match="malformed YAML"):
        load_rule_file(path)


def test_missing_examples_fail(tmp_path):
    text = GOOD_RULE.split("examples:")[0] + "examples:\n  bad: ['x careless']\n"
    with pytest.raises(RuleError, match="at least one bad and one good"):
        load_rule_file(_write(tmp_path, text))


def test_bad_level_and_family(tmp_path):
    with pytest.raises(RuleError, match="level must be one of"):
        load_rule_file(_write(tmp_path, GOOD_RULE.replace("level: warning", "level: severe", 1)))


def test_duplicate_ids(tmp_path):
    _write(tmp_path, GOOD_RULE, "BL103-a.yaml")
    _write(tmp_path, GOOD_RULE, "BL103-b.yaml")
    with pytest.raises(RuleError, match="duplicate rule id"):
        load_rules(tmp_path)


def test_invalid_spacy_pattern_is_reported_with_the_file(tmp_path):
    text = GOOD_RULE.replace("{ORTH: \"!\"}", "{ORTHO: \"!\"}")
    assert text != GOOD_RULE
    path = _write(tmp_path, text)
    rule = load_rule_file(path)
    with pytest.raises(RuleError) as error:
        CompiledRules(load_pipeline(), [rule])
    assert str(path) in str(error.value) and "invalid pattern" in str(error.value)


def test_unknown_word_list(tmp_path):
    text = GOOD_RULE.replace("{ORTH: \"!\"}", "{ORTH: {IN: [\"$nope\"]}}")
    assert text != GOOD_RULE
    rule = load_rule_file(_write(tmp_path, text))
    with pytest.raises(RuleError, match="unknown word list"):
        CompiledRules(load_pipeline(), [rule])


def test_dependency_patterns_name_their_nodes(lint):
    """BL107 finds a team as the subject of an omission verb through a DependencyMatcher pattern."""
    rule = next(r for r in RULES if r.id == "BL107")
    assert any("dependency" in pattern for pattern in rule.patterns)
    findings = [f for f in lint("The QA team overlooked the failing payment test.") if f.rule == "BL107"]
    assert [f.text for f in findings] == ["team overlooked"]
    assert not [f for f in lint("The QA team did not overlook the failing test.") if f.rule == "BL107"]


def test_duplicate_keys_are_errors(tmp_path):
    text = GOOD_RULE.replace("level: warning", "level: warning\nlevel: info", 1)
    with pytest.raises(RuleError) as error:
        load_rule_file(_write(tmp_path, text))
    line = text.splitlines().index("level: info") + 1
    assert "duplicate key 'level'" in str(error.value) and f":{line}:" in str(error.value)
