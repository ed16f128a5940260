"""Structural rules (family `structure`): sections, profiles, action items, timeline, placeholders."""

from __future__ import annotations

import pytest

from blamelint.config import Config, config_from_mapping, load_config
from blamelint.engine import Linter
from blamelint.errors import ConfigError
from blamelint.findings import Level
from blamelint.structure import CHECKS
from blamelint.structure.profiles import builtin_profile, builtin_profile_names, load_profile_file
from conftest import RULES, needs_shared

STRUCTURE_RULES = [r for r in RULES if r.family == "structure"]


@pytest.fixture(scope="module")
def slint(linter):
    """lint(text, config=None, rule=None) -> findings of the structure rules only (no spaCy load needed)."""
    full = linter  # every rule, for the cases where another family owns the concept
    linter = Linter(STRUCTURE_RULES)

    def run(text: str, config: Config | None = None, rule: str | None = None, every_rule: bool = False):
        findings = (full if every_rule else linter).lint_text(text, "test.md", config or Config())
        for finding in findings:
            assert finding.text == text[finding.offset:finding.end_offset]
        return [f for f in findings if rule is None or f.name == rule]

    run.linter = linter
    run.full = lambda text: full.lint_text(text, "test.md", Config())
    return run


def texts(findings):
    return [f.text for f in findings]


FULL = """# Disk full on db-3

## Summary

The primary database ran out of disk for 14 minutes.

## Impact

4,520 writes failed (3% of traffic) between 10:42 and 10:56 UTC.

## Timeline

All times in UTC.

- 10:42 disk usage on db-3 reaches 100%
- 10:44 write error alert fires
- 10:56 old WAL segments removed, writes recover

## Contributing factors

- WAL archiving had been failing silently since a credentials rotation.
- No alert watched disk growth rate.

## Action items

| Action | Owner | Ticket |
|---|---|---|
| Page when WAL archiving fails for 10 minutes | Dana | OPS-101 |
| Alert when disk usage exceeds 80% | @storage-oncall | OPS-102 |

## Lessons learned

The failing archive job was visible in logs but nothing read them.
"""


# --- every rule: registered, with examples that behave --------------------------------------
def test_every_structure_rule_has_a_check():
    assert sorted(r.check for r in STRUCTURE_RULES) == sorted(CHECKS)  # one rule per check, one check per rule
    assert all(r.id.startswith("BL3") for r in STRUCTURE_RULES)


@pytest.mark.parametrize("rule", STRUCTURE_RULES, ids=lambda r: r.id)
def test_rule_examples(slint, rule):
    def config(example):
        return config_from_mapping(example.config, "example", slint.linter.ruleset) if example.config else None

    every_rule = "findings" in CHECKS[rule.check].needs  # unused-suppression reads the other rules' findings
    for example in rule.bad:
        found = slint(example.text, config(example), rule=rule.name, every_rule=every_rule)
        assert found, f"{rule.id} missed: {example.text!r}"
        if example.level:
            assert any(str(f.level) == example.level for f in found)
    for example in rule.good:
        assert slint(example.text, config(example), rule=rule.name, every_rule=every_rule) == [], \
            f"{rule.id} flagged: {example.text!r}"


def test_a_complete_postmortem_is_clean(slint):
    assert slint(FULL) == []


# --- required sections ----------------------------------------------------------------------------
def test_one_finding_per_missing_section_at_the_title(slint):
    text = "# Outage\n\n## Summary\n\nIt broke.\n\n## Root cause\n\nA full disk.\n"
    found = slint(text, rule="missing-required-section")
    messages = [f.message for f in found]
    assert len(found) == 4
    assert all(f.text == "Outage" for f in found)
    assert any('"Impact"' in m for m in messages) and any('"Action items"' in m for m in messages)
    lessons = [f for f in found if "Lessons learned" in f.message]
    assert [f.level for f in lessons] == [Level.INFO]
    assert all(f.level == Level.WARNING for f in found if f not in lessons)


def test_sections_count_at_any_level_as_bold_labels_and_front_matter(slint):
    text = ("---\nsummary: The disk filled up.\nimpact: 3% of writes failed\n---\n\n"
            "#### Chronology\n\n- 10:42 UTC disk full\n\n"
            "**Root cause:** WAL archiving failed silently.\n\n"
            "- **Corrective actions**: alert on archive failures (OPS-1)\n\n"
            "###### What went well\n\nThe alert fired.\n")
    assert slint(text, rule="missing-required-section") == []
    assert slint(text, rule="missing-root-cause-section") == []


def test_a_sentence_title_does_not_count_as_a_causal_section(slint):
    text = "# Subscriptions can cause a crash\n\n## Summary\n\nNodes crashed.\n"
    assert texts(slint(text, rule="missing-root-cause-section")) == ["Subscriptions can cause a crash"]


def test_sub_headings_of_action_items_belong_to_them(slint):
    text = "# X\n\n## Summary\n\nA.\n\n## Action items\n\n### Investigation\n\n- Add an alert (OPS-1)\n"
    assert texts(slint(text, rule="missing-root-cause-section")) == ["X"]


def test_impact_analysis_is_impact_not_causes(slint):
    text = "# X\n\n## Impact analysis\n\n3% of writes failed.\n"
    assert slint(text, rule="missing-root-cause-section")


# --- profiles ---------------------------------------------------------------------------------
def test_builtin_profiles_load_and_have_templates():
    assert {"default", "google-sre", "pagerduty", "howie", "gitlab"} <= set(builtin_profile_names())
    for name in builtin_profile_names():
        profile = builtin_profile(name)
        assert profile.template.strip(), name
        assert {s.kind for s in profile.needed()} >= {"summary", "timeline", "causes", "action-items"}


def test_howie_hints_at_root_cause_wording(slint):
    howie = Config(profile=builtin_profile("howie"))
    text = FULL.replace("## Contributing factors", "## Root cause")
    found = slint(text, howie, rule="avoided-heading-wording")
    assert texts(found) == ["Root cause"]
    assert found[0].level == Level.INFO and found[0].rule == "BL314"
    assert slint(text, howie, rule="missing-root-cause-section") == []  # "Root cause" is a causal section
    assert slint(text, rule="avoided-heading-wording") == []  # the default profile does not mind
    assert slint(FULL.replace("## Contributing factors", "## Contributors/enablers"), howie,
                 rule="avoided-heading-wording") == []


def test_google_sre_recommends_a_trigger(slint):
    google = Config(profile=builtin_profile("google-sre"))
    found = slint(FULL, google, rule="missing-required-section")
    assert any('"Trigger"' in f.message and f.level == Level.INFO for f in found)
    assert slint(FULL, rule="missing-required-section") == []


def test_gitlab_prefers_roles_as_owners(slint):
    gitlab = Config(profile=builtin_profile("gitlab"))
    text = "# X\n\n## Corrective actions\n\n- Alert on WAL archive failures (OPS-1, owner: Dana)\n- Cap retries at 3 (OPS-2, owner: storage team)\n"
    found = slint(text, gitlab, rule="owner-not-a-role")
    assert [f.level for f in found] == [Level.INFO]
    assert "Dana" in found[0].text and '"owner: Dana"' in found[0].message
    assert slint(text, gitlab, rule="action-item-without-owner") == []
    assert slint(text, rule="owner-not-a-role") == []


def test_profile_from_config_file(tmp_path, slint):
    config = tmp_path / ".blamelint.yaml"
    config.write_text("profile: howie\n", encoding="utf-8")
    loaded = load_config(config, slint.linter.ruleset)
    assert loaded.profile.name == "howie"
    assert loaded.as_dict()["profile"] == "howie"


def test_unknown_profile_names_file_and_line(tmp_path, slint):
    config = tmp_path / ".blamelint.yaml"
    config.write_text("fail-level: warning\nprofile: hovie\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(config, slint.linter.ruleset)
    assert caught.value.where == str(config) and caught.value.line == 2
    assert "hovie" in caught.value.message


def test_project_profile_file_relative_to_config(tmp_path, slint):
    (tmp_path / "profiles").mkdir()
    (tmp_path / "profiles" / "ours.yaml").write_text(
        "name: ours\nextends: default\nsections:\n  impact:\n    need: optional\n"
        "  runbook:\n    title: Runbook\n    need: required\n    synonyms: [runbook, playbook]\n",
        encoding="utf-8")
    config = tmp_path / ".blamelint.yaml"
    config.write_text("profile: ./profiles/ours.yaml\n", encoding="utf-8")
    loaded = load_config(config, slint.linter.ruleset)
    text = FULL.replace("## Impact", "## Playbook")  # no impact section, but a runbook one
    assert slint(text, loaded, rule="missing-required-section") == []
    found = slint(FULL, loaded, rule="missing-required-section")
    assert ['"Runbook"' in f.message for f in found] == [True]


def test_profile_mistakes_name_profile_file_and_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: bad\nsections:\n  impact:\n    need: mandatory\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_profile_file(bad)
    assert caught.value.where == str(bad) and caught.value.line == 4
    bad.write_text("name: bad\nrequire: [impact]\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_profile_file(bad)
    assert caught.value.line == 2 and "require" in caught.value.message


def test_profile_in_pyproject(tmp_path, slint):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[tool.blamelint]\nprofile = "pagerduty"\n', encoding="utf-8")
    assert load_config(pyproject, slint.linter.ruleset).profile.name == "pagerduty"


# --- empty sections ----------------------------------------------------------------------------
def test_empty_section_points_at_heading(slint):
    text = FULL.replace("4,520 writes failed (3% of traffic) between 10:42 and 10:56 UTC.",
                        "<!-- Numbers with units -->\n\nTBD")
    found = slint(text, rule="empty-section")
    assert texts(found) == ["Impact"]


def test_italic_guidance_and_empty_tables_are_empty(slint):
    text = FULL.replace("The primary database ran out of disk for 14 minutes.", "_Two sentences: what happened._")
    text = text.replace("| Page when WAL archiving fails for 10 minutes | Dana | OPS-101 |\n"
                        "| Alert when disk usage exceeds 80% | @storage-oncall | OPS-102 |\n", "| <action> | <owner> | <ticket> |\n")
    assert texts(slint(text, rule="empty-section")) == ["Summary", "Action items"]


def test_none_or_na_is_content(slint):
    text = FULL.replace("The failing archive job was visible in logs but nothing read them.", "N/A")
    assert slint(text, rule="empty-section") == []


# --- root cause is a person -------------------------------------------------------------------
@pytest.mark.parametrize("sentence, flagged", [
    ("The root cause was the on-call engineer.", "root cause was the on-call engineer"),
    ("It happened because of @jdoe.", "because of @jdoe"),
])
def test_root_cause_is_a_person_flags(slint, sentence, flagged):
    text = f"# X\n\n## Root cause\n\n{sentence}\n"
    assert texts(slint(text, rule="root-cause-is-a-person")) == [flagged]


@pytest.mark.parametrize("sentence", [
    "This was not human error: the runbook named the wrong host.",
    "The outage was caused by an engineer's change that no test covered.",
    "The outage was caused by users uploading 4 GB files.",
    "The step is manual and prone to human error; automating it is OPS-9.",
])
def test_root_cause_is_a_person_spares(slint, sentence):
    assert slint(f"# X\n\n## Root cause\n\n{sentence}\n", rule="root-cause-is-a-person") == []


@pytest.mark.parametrize("sentence", [
    "The outage was caused by human error.",
    "- Human error when editing the load balancer config.",
    "- Staff mistake",
])
def test_human_error_in_the_causal_section_is_bl104s_alone(lint, sentence):
    """One concept, one rule: "human error" as a cause is BL104's, in the causal section too."""
    found = [f.rule for f in lint(f"# X\n\n## Root cause\n\n{sentence}\n") if f.rule in ("BL104", "BL304")]
    assert found == ["BL104"]


def test_human_error_outside_the_causal_section_is_not_this_rule(slint):
    text = "# X\n\n## Summary\n\nSomeone called it human error at first.\n\n## Root cause\n\nA full disk.\n"
    assert slint(text, rule="root-cause-is-a-person") == []


# --- action items --------------------------------------------------------------------------------
def test_action_items_in_a_table_point_at_the_row(slint):
    text = ("# X\n\n## Action items\n\n| Action | Owner | Ticket |\n|---|---|---|\n"
            "| Alert at 80% disk | Dana | OPS-1 |\n| Add a disk-growth alert | | |\n")
    found = slint(text, rule="action-item-without-owner")
    assert [(f.text, f.line) for f in found] == [("Add a disk-growth alert", 8)]
    assert "no owner" in found[0].message


def test_action_items_in_lists(slint):
    text = ("# X\n\n## Follow-ups\n\n- Alert on WAL archive failures ([OPS-7](https://t.example/OPS-7))\n"
            "- Improve monitoring\n- Investigate the archive job\n  - owner: Dana\n"
            "- [x] Delete old WAL segments\n- Retrain the on-call engineers on disk cleanup (#12)\n"
            "- Cap retries at 3 so that a failing archive cannot fill the disk (PLAT-3)\n")
    assert texts(slint(text, rule="action-item-without-owner")) == ["Improve monitoring"]
    assert slint(text, rule="action-item-without-owner")[0].line == 6
    assert texts(slint(text, rule="action-item-vague-verb")) == ["Improve", "Investigate"]
    # "one concept, one rule": people-directed items are BL109's, not a structure check's
    assert [f.text for f in slint.full(text) if f.rule == "BL109"] == ["Retrain"]
    assert {f.rule for f in slint.full(text)} & {"BL305", "BL306"} == set()


def test_reported_work_and_done_items_need_no_owner(slint):
    text = "# X\n\n## What we're doing about it\n\n- We enabled 2FA for all maintainers.\n- Rotated every token. Done.\n"
    assert slint(text, rule="action-item-without-owner") == []


def test_automated_reminders_are_not_person_directed(slint):
    text = "# X\n\n## Action items\n\n- Remind the on-call of open disk alerts with an automated Slack reminder (OPS-3)\n"
    assert [f for f in slint.full(text) if f.rule in ("BL109", "BL308", "BL309")] == []


# --- timeline -----------------------------------------------------------------------------------
def test_timeline_entries(slint):
    text = ("# X\n\n## Timeline (UTC)\n\n- 10:42 disk full\n- alerts fire\n- 10:40 cleanup starts\n"
            "- 10:56 writes recover\n")
    assert texts(slint(text, rule="timeline-entry-without-time")) == ["alerts fire"]
    found = slint(text, rule="timeline-out-of-order")
    assert texts(found) == ["10:40 cleanup starts"] and "earlier than" in found[0].message


def test_timeline_midnight_newest_first_and_date_headings(slint):
    midnight = "# X\n\n## Timeline\n\nAll times UTC.\n\n- 23:50 batch starts\n- 00:10 database saturates\n"
    newest_first = "# X\n\n## Timeline\n\nAll times UTC.\n\n- 11:30 resolved\n- 11:00 mitigated\n- 10:30 detected\n"
    headings = ("# X\n\n## Timeline\n\n_All times in CEST_\n\n## May 12\n\n### 20:15\n\nTicket opened.\n\n"
                "### 21:05\n\n- Engineer restarts the hub\n- Pods recover\n\n## May 13\n\n### 09:00\n\nLimits set.\n")
    for text in (midnight, newest_first, headings):
        assert [f for f in slint(text) if f.rule in ("BL311", "BL312", "BL313")] == [], text
    assert slint(headings, rule="empty-section") == []


def test_timeline_without_time_zone_points_at_heading(slint):
    text = "# X\n\n## Timeline\n\n| Time | Event |\n|---|---|\n| 10:42 | disk full |\n| 10:56 | recovered |\n"
    found = slint(text, rule="timeline-without-time-zone")
    assert texts(found) == ["Timeline"] and "time zone" in found[0].message
    assert slint(text.replace("| Time |", "| Time (PST) |"), rule="timeline-without-time-zone") == []
    assert slint(text.replace("| 10:42 |", "| 10:42+02:00 |"), rule="timeline-without-time-zone") == []


def test_timeline_ignores_other_labelled_parts_inside_it(slint):
    text = ("# X\n\n## Timeline\n\nTimes in UTC.\n\n- 10:42 disk full\n\n**Root causes:**\n\n"
            "- WAL archiving failed\n- No growth alert\n")
    assert [f for f in slint(text) if f.rule in ("BL311", "BL312", "BL313")] == []


# --- placeholders ---------------------------------------------------------------------------------
def test_placeholders(slint):
    text = ("# X\n\n## Impact\n\nWrites failed for TBD minutes on <service name>.\n\n## Timeline\n\n"
            "- XX:XX UTC alert\n- YYYY-MM-DD restore\n")
    assert texts(slint(text, rule="template-placeholder")) == ["TBD", "<service name>", "XX:XX", "YYYY-MM-DD"]


def test_placeholders_not_in_code_comments_or_html(slint):
    text = ("# X\n\n## TODO\n\n- Run `rm -r <dataDir>/db` with a guard (OPS-1)\n\n<!-- TODO: fill in -->\n\n"
            "Line one<br>line two, see <https://example.com/x>.\n\n```\nTBD\n```\n")
    assert slint(text, rule="template-placeholder") == []


# --- the corpus --------------------------------------------------------------------------------------
@needs_shared
@pytest.mark.corpus
def test_corpus_offsets_are_exact_for_every_structure_rule(corpus_report):
    flagged: dict[str, int] = {}
    for entry in corpus_report["files"]:  # the session's one run over the corpus
        with open(entry["path"], encoding="utf-8", newline="") as handle:
            text = handle.read()
        for finding in (f for f in entry["findings"] if f["family"] == "structure"):
            assert 0 <= finding["offset"] <= finding["end_offset"] <= len(text)
            assert finding["text"] == text[finding["offset"]:finding["end_offset"]]
            flagged[finding["name"]] = flagged.get(finding["name"], 0) + 1
    # Every check fires somewhere in 185 real postmortems, and none fires on every line of them.
    assert {"missing-root-cause-section", "missing-required-section", "action-item-without-owner",
            "action-item-vague-verb", "timeline-entry-without-time", "timeline-out-of-order",
            "timeline-without-time-zone", "template-placeholder"} <= set(flagged)


# --- one code per check; the old ids stand for the rules they were split into -------------------
SPLIT_DOC = ("# X\n\n## Timeline\n\n- 10:42 disk full\n- alerts fire\n- 10:40 cleanup starts\n\n"
             "## Action items\n\n- Improve monitoring\n")


def test_each_check_of_a_split_rule_has_its_own_id(slint):
    assert sorted({f.rule for f in slint(SPLIT_DOC) if f.rule >= "BL308"}) == [
        "BL308", "BL309", "BL311", "BL312", "BL313"]


def test_the_old_id_selects_ignores_and_suppresses_its_parts(tmp_path, slint):
    resolve = slint.linter.resolve
    assert resolve("BL305") == ("BL308", "BL309", "BL310") and resolve("timeline-quality") == ("BL311", "BL312", "BL313")
    config = tmp_path / ".blamelint.yaml"
    config.write_text("ignore: [BL306]\nrules:\n  BL305: {level: error}\n", encoding="utf-8")
    loaded = load_config(config, slint.linter.ruleset)
    found = slint(SPLIT_DOC, loaded)
    assert {f.rule for f in found} & {"BL311", "BL312", "BL313"} == set()
    assert {f.level for f in found if f.rule in ("BL308", "BL309")} == {Level.ERROR}
    suppressed = SPLIT_DOC.replace("- Improve monitoring", "<!-- blamelint-disable-next-line BL305 -->\n- Improve monitoring")
    assert [f for f in slint(suppressed) if f.rule in ("BL308", "BL309")] == []
    single = SPLIT_DOC.replace("- Improve monitoring", "<!-- blamelint-disable-next-line BL309 -->\n- Improve monitoring")
    assert [f.rule for f in slint(single) if f.rule in ("BL308", "BL309")] == ["BL308"]
