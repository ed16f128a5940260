"""The RuleSet is passed down from the entry point (session.py), never looked up globally."""

from __future__ import annotations

import json

import pytest

from blamelint import runner
from blamelint.engine import Linter
from blamelint.formatters import sarif
from blamelint.ruleset import RuleSet
from blamelint.session import Session
from conftest import RULES, RULESET, SESSION, run_cli


def test_names_ids_aliases_and_prefixes_resolve():
    bl101 = RULESET.by_id["BL101"]
    assert RULESET.resolve(bl101.name.upper()) == ("BL101",)
    assert RULESET.resolve("bl101") == ("BL101",)
    assert RULESET.resolve("no-such-rule") == ()
    split = [rule for rule in RULES if rule.aliases]
    assert split, "some rule keeps the id of the rule it was split from"
    alias = split[0].aliases[0]
    assert len(RULESET.resolve(alias)) == sum(alias in r.aliases for r in RULES) >= 1
    prefix = RULESET.resolve_selection("BL1")
    assert prefix and all(rule_id.startswith("BL1") for rule_id in prefix)
    assert RULESET.resolve_selection("BL9") == ()


def test_an_extended_rule_set_resolves_prefixes_over_both_sets():
    from dataclasses import replace

    team = replace(RULESET.by_id["BL101"], id="BL190", name="rescuer-praise", aliases=())
    both = RULESET.extended_with((team,))
    assert both.resolve_selection("BL19") == ("BL190",) and RULESET.resolve_selection("BL19") == ()
    assert set(both.resolve_selection("BL1")) == {*RULESET.resolve_selection("BL1"), "BL190"}
    assert both.resolve("rescuer-praise") == ("BL190",)
    assert RULESET.extended_with(()) is RULESET  # no rules of a team's own: the same set


def test_a_linter_answers_from_the_rule_set_it_was_given():
    two = RuleSet(RULES[:2])
    linter = Linter(two)
    assert linter.ruleset is two and linter.rules == RULES[:2]
    assert linter.resolve(RULES[2].id) == ()  # not among its rules
    assert Linter(list(RULES[:2])).resolve(RULES[0].id) == (RULES[0].id,)  # a plain list is wrapped


def test_no_process_wide_linter_is_left():
    assert not hasattr(runner, "default_linter")
    assert Session(rules=RULESET).rules() is RULESET
    assert Session(SESSION.linter()).rules() is RULESET  # a given Linter brings its rules


def test_the_command_line_uses_the_session_it_is_given():
    """Only the rules of the Session passed to main are listed, explained and run."""
    few = Session(rules=RuleSet(RULES[:3]))
    status, out, _ = run_cli("rules", session=few)
    assert status == 0 and [line.split()[0] for line in out.splitlines()] == [r.id for r in RULES[:3]]
    status, _, err = run_cli("explain", RULES[5].id, session=few)
    assert status == 2 and "unknown rule" in err


def test_sarif_lists_the_rules_it_is_passed():
    log = json.loads(sarif.render([], {"rules": RuleSet(RULES[:4])}))
    assert [d["id"] for d in log["runs"][0]["tool"]["driver"]["rules"]] == [r.id for r in RULES[:4]]
    with pytest.raises(TypeError, match="options\\['rules'\\]"):
        sarif.render([], {})


def test_the_rule_set_travels_to_worker_processes():
    import pickle

    again = pickle.loads(pickle.dumps(RuleSet(RULES[:3])))
    assert again.rules == RULES[:3] and again.resolve(RULES[1].name) == (RULES[1].id,)


class _BrokenRules(Session):
    """A Session whose rule files do not load (as with a broken install)."""

    def rules(self):
        from blamelint.errors import RuleError

        raise RuleError("unknown key 'patern'", "rules/BL101.yaml", 4)


@pytest.mark.parametrize("args", [["rules"], ["explain", "BL101"], ["config", "."], ["check", "pm.md"],
                                  ["report", "."], ["lsp"]])
def test_rules_that_do_not_load_are_one_line_for_every_command(tmp_path, args):
    (tmp_path / "pm.md").write_text("# Outage\n\nBob forgot.\n", encoding="utf-8")
    status, out, err = run_cli(*args, cwd=tmp_path, session=_BrokenRules())
    assert status == 2 and out == ""
    assert err == "blamelint: error: rules/BL101.yaml:4: unknown key 'patern'\n"
