"""One schema language (schema.py) for rule files, configuration and profiles: each mistake
is one `file:line: message`, whichever of the three formats it is in."""

from pathlib import Path

import pytest

from blamelint import schema as s
from blamelint.config import CONFIG, CONFIG_KEYS, load_config
from blamelint.errors import ConfigError, RuleError
from blamelint.rules import builtin_rules_dir, load_rule_file
from blamelint.structure.profiles import load_profile_file
from blamelint.yamlsource import load_located
from conftest import RULESET

RULE_TEXT = (builtin_rules_dir() / "BL104-human-error-cause.yaml").read_text(encoding="utf-8")


def _problem(spec: s.Spec, text: str, context=None) -> str:
    with pytest.raises(ConfigError) as error:
        s.validate(load_located(text, "f.yaml", ConfigError), spec, "f.yaml", ConfigError, context)
    return error.value.one_line()


def _accepts(spec: s.Spec, text: str, context=None) -> None:
    s.validate(load_located(text, "f.yaml", ConfigError), spec, "f.yaml", ConfigError, context)


def _line_of(text: str, words: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), start=1) if words in line)


# --- the walker -------------------------------------------------------------------------------
RECORD = s.record({
    "size": s.Spec((int,), "{key} must be a whole number"),
    "mode": s.one_of(("fast", "slow")),
    "tags": s.list_of(s.Spec((str,)), "{path} must be a list of words"),
    "kinds": s.list_of(s.one_of(lambda: ["a", "b"], "unknown kind {value!r} (known: {choices})"), "kinds must be a list"),
    "name": s.text(),
}, "a mapping, please", required=("name",))


def test_an_unknown_key_names_its_line_and_the_allowed_keys():
    text = "name: x\nsize: 3\nszie: 4\n"
    assert _problem(RECORD, text) == "f.yaml:3: unknown key 'szie' (allowed: kinds, mode, name, size, tags)"


def test_a_missing_required_key_is_named():
    assert "missing required key 'name'" in _problem(RECORD, "size: 3\n")


def test_a_required_key_left_empty_is_not_absent():
    assert _problem(RECORD, "name:\n") == "f.yaml:1: name must be a non-empty string"


def test_a_boolean_is_not_a_number():
    assert _problem(RECORD, "name: x\nsize: true\n") == "f.yaml:2: size must be a whole number"
    _accepts(RECORD, "name: x\nsize: 3\n")


def test_a_wrong_item_is_reported_with_its_list_message():
    text = "name: x\ntags:\n  - fine\n  - [not, a, word]\n"
    assert _problem(RECORD, text) == "f.yaml:2: tags must be a list of words"


def test_choices_can_come_from_data_and_an_item_is_reported_at_its_own_line():
    text = "name: x\nkinds:\n  - a\n  - c\n"
    assert _problem(RECORD, text) == "f.yaml:4: unknown kind 'c' (known: a, b)"


def test_a_choice_is_not_its_lookalike():
    """True == 1 in Python; in a file they are different choices."""
    spec = s.record({"flag": s.one_of((True, False))}, "m")
    assert "not 1" in _problem(spec, "flag: 1\n")
    _accepts(spec, "flag: false\n")


def test_a_hook_sees_the_context_and_can_point_below_its_value():
    def known(value, allowed):
        bad = [i for i, word in enumerate(value) if word not in allowed]
        return (f"unknown word {value[bad[0]]!r}", (bad[0],)) if bad else None

    spec = s.record({"words": s.list_of(s.Spec((str,)), "m", hooks=(known,))}, "m")
    text = "words:\n  - red\n  - mauve\n"
    assert _problem(spec, text, {"red", "blue"}) == "f.yaml:3: unknown word 'mauve'"
    _accepts(spec, "words: [red, blue]\n", {"red", "blue"})


def test_a_hook_message_with_braces_is_shown_as_written():
    spec = s.Spec(hooks=(lambda value, _: "use {match} in suggestion",))
    assert _problem(spec, "x: 1\n") == "f.yaml:1: use {match} in suggestion"


# --- the three formats ------------------------------------------------------------------------
def test_every_configuration_key_is_one_entry_of_the_schema():
    assert CONFIG_KEYS == tuple(CONFIG.keys) and "profile" in CONFIG_KEYS


@pytest.mark.parametrize(("body", "bad_line", "expected"), [
    ("select: [BL101]\nfail-level: loud\n", "fail-level", "level must be error, warning or info, not 'loud'"),
    ("rules:\n  BL101:\n    levle: info\n", "levle", "unknown rule setting 'levle' (allowed: level, enabled)"),
    ("ignore:\n  - BL101\n  - BL999\n", "BL999", "unknown rule 'BL999'"),
    ("sections:\n  timelines: [events]\n", "timelines", "unknown section kind 'timelines'"),
    ("max-file-size: true\n", "max-file-size", "max-file-size must be a positive whole number"),
    ("profile: gitlabb\n", "profile", "unknown profile 'gitlabb'"),
])
def test_a_configuration_mistake_names_file_and_line(tmp_path, body, bad_line, expected):
    def load(path):
        return load_config(path, RULESET)

    error = _refusal(tmp_path / ".blamelint.yaml", body, load, ConfigError)
    assert expected in error.message
    assert error.line == _line_of(body, bad_line)


def _refusal(path, text: str, load, error_type):
    """The error `load(path)` raises for a file holding `text`."""
    path.write_text(text, encoding="utf-8")
    with pytest.raises(error_type) as error:
        load(path)
    return error.value


def test_a_pyproject_mistake_names_its_line(tmp_path):
    body = '[project]\nname = "x"\n\n[tool.blamelint]\nselect = ["BL101"]\ntime-budget = -1\n'
    path = tmp_path / "pyproject.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_config(path, RULESET)
    assert error.value.one_line() == f"{path}:6: time-budget must be a positive number of seconds"


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("  exclude-sections: [action-items, improvements]", "  exclude-sections: [action-items, improvment]",
     "unknown section kind 'improvment'"),
    ("id: BL104", "id: BL204", "id BL204 does not fit family blame: its ids start with BL1"),
    ("    within: match", "    within: clause", "within must be match or sentence"),
    ("fix:\n  applicability: display-only", "fix:\n  applicability: maybe", "fix.applicability must be one of"),
])
def test_a_rule_mistake_names_file_and_line(tmp_path, old, new, expected):
    assert old in RULE_TEXT
    text = RULE_TEXT.replace(old, new, 1)
    error = _refusal(tmp_path / "BL104-human-error-cause.yaml", text, load_rule_file, RuleError)
    assert expected in error.message
    assert error.line == _line_of(text, new.splitlines()[-1])


@pytest.mark.parametrize(("body", "bad_line", "expected"), [
    ("name: p\nsections:\n  causes:\n    need: must\n", "need", "need must be one of required, recommended, optional"),
    ("name: p\nrename:\n  - kind: causes\n    wording: [root cause]\n", "kind", "rename entry needs 'hint'"),
    ("name: p\nowners: people\n", "owners", "owners must be one of names, roles, not 'people'"),
    ("name: p\nsections:\n  Root_Cause:\n    need: required\n", "Root_Cause", "must be lower-case words joined by '-'"),
])
def test_a_profile_mistake_names_file_and_line(tmp_path, body, bad_line, expected):
    error = _refusal(tmp_path / "p.yaml", body, load_profile_file, ConfigError)
    assert expected in error.message
    assert error.line == _line_of(body, bad_line)


def test_a_pattern_spacy_refuses_is_reported_at_its_line(tmp_path):
    from blamelint.matching import CompiledRules
    from blamelint.pipeline import load_pipeline

    old = "      - {LOWER: {IN: [user, developer]}}"
    assert old in RULE_TEXT
    text = RULE_TEXT.replace(old, "      - {LOWR: {IN: [user, developer]}}", 1)
    path = tmp_path / "BL104-human-error-cause.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleError) as error:
        CompiledRules(load_pipeline(), [load_rule_file(path)])
    entry_line = _line_of(text, "label: user errors as a class")
    assert "invalid pattern in exceptions[2]" in error.value.message
    assert error.value.where == str(path) and error.value.line == entry_line
