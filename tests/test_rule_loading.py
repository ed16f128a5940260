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


# --- structure rules are data: their check, their words, their variants -------------------------
STRUCTURE_RULE = (builtin_rules_dir() / "BL302-missing-required-section.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(("change", "expected"), [
    (("check: missing-required-section", "check: missing-required-sections"), "unknown check 'missing-required-sections'"),
    (("check: missing-required-section\n", ""), "a structure rule needs `check:`"),
    (('no "{title}" section.\n', 'no "{titel}" section.\n'), "placeholder {titel} is not supplied"),
    (("  recommended:\n", "  recomended:\n"), "has no variant 'recomended'"),
    (("  default-without-guidance:\n    suggestion: 'Add {a} \"{title}\" section.'\n", ""),
     "variant 'default-without-guidance'"),
    (("suggestion: >-\n  Add {a}", "suggestion: >-\n  Add {a"), "write a literal brace"),
])
def test_a_mistake_in_a_structure_rule_names_file_and_line(tmp_path, change, expected):
    old, new = change
    assert old in STRUCTURE_RULE
    path = _write(tmp_path, STRUCTURE_RULE.replace(old, new, 1), "BL302-missing-required-section.yaml")
    with pytest.raises(RuleError) as error:
        load_rule_file(path)
    assert expected in str(error.value) and str(path) in str(error.value)


def test_only_structure_rules_name_a_check(tmp_path):
    with pytest.raises(RuleError, match="only a structure rule names a check"):
        load_rule_file(_write(tmp_path, GOOD_RULE.replace("family: blame", "family: blame\ncheck: empty-section")))


def test_a_check_without_a_rule_file_is_a_load_error(tmp_path, monkeypatch):
    import shutil

    from blamelint import rules as rules_module

    for path in builtin_rules_dir().iterdir():
        if path.suffix == ".yaml" and not path.name.startswith("BL307"):
            shutil.copy(path, tmp_path / path.name)
    monkeypatch.setattr(rules_module, "builtin_rules_dir", lambda: tmp_path)
    with pytest.raises(RuleError, match="check 'template-placeholder' has no rule file"):
        load_rules(tmp_path)


def test_yml_rule_files_are_read_not_skipped(tmp_path):
    _write(tmp_path, GOOD_RULE.replace("BL103", "BL998").replace("judgmental-language", "judged"), "BL998-judged.yml")
    _write(tmp_path, GOOD_RULE.replace("BL103", "BL997").replace("judgmental-language", "judging").replace(
        "level: warning", "level: loud", 1), "BL997-judging.yml")
    with pytest.raises(RuleError, match="BL997-judging.yml"):
        load_rules(tmp_path)


def test_a_split_rule_keeps_its_old_id_as_a_group(tmp_path):
    rules = load_rules()
    groups = {r.id for r in rules if "BL305" in r.aliases}, {r.id for r in rules if "BL306" in r.aliases}
    assert groups == ({"BL308", "BL309", "BL310"}, {"BL311", "BL312", "BL313"})
    _write(tmp_path, GOOD_RULE.replace("summary:", "aliases: [BL305]\nsummary:", 1), "BL103-judgmental-language.yaml")
    _write(tmp_path, (builtin_rules_dir() / "BL308-action-item-without-owner.yaml").read_text(encoding="utf-8"),
           "BL308-action-item-without-owner.yaml")
    with pytest.raises(RuleError, match="alias 'BL305' also names a"):
        load_rules(tmp_path)


def test_an_alias_may_not_be_another_rules_id(tmp_path):
    _write(tmp_path, GOOD_RULE.replace("summary:", "aliases: [BL104]\nsummary:", 1), "BL103-judgmental-language.yaml")
    _write(tmp_path, (builtin_rules_dir() / "BL104-human-error-cause.yaml").read_text(encoding="utf-8"),
           "BL104-human-error-cause.yaml")
    with pytest.raises(RuleError, match="alias 'BL104' is the id or name"):
        load_rules(tmp_path)


@pytest.mark.parametrize(("example", "expected"), [
    ('    - text: "Bob was careless."\n      span: "sloppy"\n', "span: must be words of the example"),
    ('    - text: "Bob was careless."\n      config: {profle: howie}\n', "unknown configuration key 'profle'"),
])
def test_example_pins_are_checked_at_load(tmp_path, example, expected):
    text = GOOD_RULE.replace("  bad:\n", "  bad:\n" + example, 1)
    with pytest.raises(RuleError, match=expected):
        load_rule_file(_write(tmp_path, text))


@pytest.mark.parametrize(("change", "expected"), [
    (("exclude-sections: [action-items, improvements]", "exclude-sections: action-items"),
     "scope.exclude-sections must be a list"),
    (("exclude-sections: [action-items, improvements]", "exclude-sections: [action-item]"),
     "unknown section kind 'action-item'"),
    (("id: BL103", "id: BL203"), "does not fit family blame"),
    (("family: blame", "family: blame\nstatus: beta"), "status must be one of"),
])
def test_values_are_checked_not_only_keys(tmp_path, change, expected):
    """A string where a list belongs, or a misspelt section kind, would silently switch a
    rule off; an id in another family's range misleads every reader."""
    old, new = change
    assert old in GOOD_RULE, old
    with pytest.raises(RuleError, match=expected):
        load_rule_file(_write(tmp_path, GOOD_RULE.replace(old, new, 1)))
