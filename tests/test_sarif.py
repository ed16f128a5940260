"""--format sarif: valid SARIF 2.1.0, exact regions, rule metadata, fixes, stable fingerprints."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from blamelint.cli import cli
from blamelint.docgen import rule_page
from blamelint.findings import Applicability, Edit, Finding, Fix, Level
from blamelint.fingerprint import KEY, fingerprints
from blamelint.formatters import sarif
from conftest import FORMAT_DOC, FORMAT_SELECT, RULES, SHARED, require

SCHEMA_PATH = SHARED / "schemas" / "sarif-schema-2.1.0.json"
needs_schema = pytest.mark.skipif(not SCHEMA_PATH.is_file(), reason="../shared/schemas (SARIF schema) is not present")

DOC = FORMAT_DOC


SELECT = FORMAT_SELECT


def check(tmp_path, monkeypatch, text: str, *args: str, name: str = "pm.md"):
    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--format", "sarif", *SELECT, *args, name])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, json.loads(result.stdout)


def validate(log: dict) -> None:
    jsonschema = require("jsonschema")
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    validator = jsonschema.Draft4Validator(schema)
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


def by_rule_and_text(log: dict) -> dict:
    out = {}
    for res in log["runs"][0]["results"]:
        region = res["locations"][0]["physicalLocation"]["region"]
        out.setdefault((res["ruleId"], region["snippet"]["text"]), []).append(res)
    return out


@needs_schema
def test_cli_output_validates_against_the_oasis_schema(tmp_path, monkeypatch):
    code, log = check(tmp_path, monkeypatch, DOC)
    assert code == 1
    validate(log)
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("sarif-schema-2.1.0.json")


def test_regions_are_exact_code_point_ranges(tmp_path, monkeypatch):
    _, log = check(tmp_path, monkeypatch, DOC)
    run = log["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    found = by_rule_and_text(log)
    assert set(found) == {("BL101", "John forgot"), ("BL104", "human error"), ("BL103", "careless")}
    john = found[("BL101", "John forgot")][0]
    assert john["level"] == "warning"
    assert john["message"]["text"].startswith("This sentence makes a person the cause of the failure.")
    location = john["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "pm.md", "uriBaseId": "%SRCROOT%"}
    offset = DOC.index("John forgot")
    assert location["region"] == {"startLine": 5, "startColumn": 1, "endLine": 5, "endColumn": 12,
                                  "charOffset": offset, "charLength": 11, "snippet": {"text": "John forgot"}}
    human = found[("BL104", "human error")][0]
    assert human["level"] == "error"
    assert human["locations"][0]["physicalLocation"]["region"]["startColumn"] == DOC.split("\n")[4].index("human") + 1
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in found[("BL103", "careless")]] == [9, 9]
    reference = CliRunner().invoke(cli, ["check", "--format", "json", *SELECT, "pm.md"]).stdout
    as_json = json.loads(reference)["files"][0]["findings"][0]
    assert as_json["rule"] == "BL101"
    assert john["message"]["text"] == as_json["message"]
    assert john["properties"]["suggestion"] == as_json["suggestion"] and as_json["suggestion"]
    assert john["properties"]["applicability"] == "unsafe"
    assert john["properties"]["rewrite"] == as_json["rewrite"] and as_json["rewrite"].startswith("Nothing in the process")
    [change] = john["fixes"][0]["artifactChanges"]
    assert change["replacements"][0]["insertedContent"]["text"] == as_json["rewrite"]
    assert john["properties"]["section"] == "Outage on 3 May > Root cause"


def test_non_ascii_offsets_count_code_points(tmp_path, monkeypatch):
    line = "Zoë 🙂 — naïvely — this was caused by human error."
    text = f"# Ausfall 🔥 am Montag\n\n## Root cause\n\n{line}\n"
    _, log = check(tmp_path, monkeypatch, text)
    (res,) = log["runs"][0]["results"]
    region = res["locations"][0]["physicalLocation"]["region"]
    start, length = region["charOffset"], region["charLength"]
    assert start == text.index("human error") and length == 11
    assert text[start:start + length] == region["snippet"]["text"] == "human error"
    # columns count code points: each emoji is one column, not two UTF-16 code units
    assert region["startColumn"] == line.index("human") + 1 == 38
    assert region["endColumn"] == 49


def test_rules_metadata_for_every_builtin_rule(tmp_path, monkeypatch):
    _, log = check(tmp_path, monkeypatch, DOC)
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["name"] == "blamelint"
    rules = RULES
    assert [d["id"] for d in driver["rules"]] == [rule.id for rule in rules]
    for descriptor, rule in zip(driver["rules"], rules):
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"]["text"] == rule.summary
        assert descriptor["fullDescription"]["text"] == " ".join(rule.docs["what"].split())
        assert descriptor["help"]["markdown"] == rule_page(rule)
        assert descriptor["help"]["text"] == rule_page(rule)
        assert descriptor["helpUri"].endswith(f"/docs/rules/{rule.id}.md")
        assert descriptor["helpUri"].startswith("https://")
        expected = {Level.ERROR: "error", Level.WARNING: "warning", Level.INFO: "note"}[rule.level]
        assert descriptor["defaultConfiguration"]["level"] == expected
    for res in log["runs"][0]["results"]:
        assert driver["rules"][res["ruleIndex"]]["id"] == res["ruleId"]


def test_configured_level_reaches_results(tmp_path, monkeypatch):
    (tmp_path / ".blamelint.yaml").write_text("rules:\n  BL101:\n    level: info\n", encoding="utf-8")
    _, log = check(tmp_path, monkeypatch, DOC)
    (john,) = by_rule_and_text(log)[("BL101", "John forgot")]
    assert john["level"] == "note"
    driver_rule = log["runs"][0]["tool"]["driver"]["rules"][john["ruleIndex"]]
    assert driver_rule["defaultConfiguration"]["level"] == "warning"  # the rule's default is unchanged


def _fingerprints(log: dict) -> dict:
    return {(res["ruleId"], res["locations"][0]["physicalLocation"]["region"]["startLine"],
             res["locations"][0]["physicalLocation"]["region"]["startColumn"]): res["partialFingerprints"][KEY]
            for res in log["runs"][0]["results"]}


def test_fingerprints_survive_lines_inserted_above(tmp_path, monkeypatch):
    _, before = check(tmp_path, monkeypatch, DOC)
    moved = DOC.replace("## Root cause\n", "Some context.\n\nMore context, added later.\n\n## Root cause\n")
    _, after = check(tmp_path, monkeypatch, moved)
    old, new = _fingerprints(before), _fingerprints(after)
    assert len(old) == len(new) == 4
    assert sorted(old.values()) == sorted(new.values())
    assert old[("BL101", 5, 1)] == new[("BL101", 9, 1)]
    # the two identical findings in one section keep distinct, ordered identities
    assert old[("BL103", 9, 9)] == new[("BL103", 13, 9)]
    assert old[("BL103", 9, 9)] != old[("BL103", 9, 33)]
    assert len(set(old.values())) == 4


def test_fingerprints_change_with_what_was_flagged(tmp_path, monkeypatch):
    _, before = check(tmp_path, monkeypatch, DOC)
    _, reworded = check(tmp_path, monkeypatch, DOC.replace("Bob was careless. Later", "Bob was sloppy. Later"))
    _, other_section = check(tmp_path, monkeypatch, DOC.replace("## Root cause", "## Root causes"))
    john = _fingerprints(before)[("BL101", 5, 1)]
    assert _fingerprints(reworded)[("BL103", 9, 9)] != _fingerprints(before)[("BL103", 9, 9)]
    assert _fingerprints(reworded)[("BL101", 5, 1)] == john
    assert _fingerprints(other_section)[("BL101", 5, 1)] != john
    # the case of the flagged text is folded (and so is its spacing: see test_normalise_text)
    _, recased = check(tmp_path, monkeypatch, DOC.replace("This was caused by human error", "This was caused by Human Error"))
    assert _fingerprints(recased)[("BL104", 5, 58)] == _fingerprints(before)[("BL104", 5, 58)]


def test_normalise_text():
    from blamelint.fingerprint import normalise_text

    assert normalise_text("  Human \n\t Error ") == "human error"
    assert normalise_text(None) == ""


def _finding(**changes) -> Finding:
    base = dict(rule="BL999", name="test-rule", family="blame", level=Level.WARNING, message="Say it kindly.",
                path="notes/pm.md", offset=10, end_offset=20, line=2, column=3, end_line=2, end_column=13,
                text="was sloppy", suggestion="Describe what happened.", section="Title > Causes")
    base.update(changes)
    return Finding(**base)


def test_fix_with_edits_becomes_artifact_changes():
    fix = Fix("Use a neutral word", Applicability.SAFE, (Edit(24, 30, "careful"), Edit(10, 20, "was rushed")))
    log = sarif.build([("notes/pm.md", [_finding(fix=fix)])], rules=[])
    (res,) = log["runs"][0]["results"]
    (change,) = res["fixes"]
    assert change["description"]["text"] == "Use a neutral word"
    assert change["properties"]["applicability"] == "safe"
    (artifact,) = change["artifactChanges"]
    assert artifact["artifactLocation"] == {"uri": "notes/pm.md", "uriBaseId": "%SRCROOT%"}
    assert artifact["replacements"] == [
        {"deletedRegion": {"charOffset": 10, "charLength": 10}, "insertedContent": {"text": "was rushed"}},
        {"deletedRegion": {"charOffset": 24, "charLength": 6}, "insertedContent": {"text": "careful"}},
    ]
    assert res["properties"]["applicability"] == "safe"
    # a rule missing from the catalogue still gets a descriptor, and ruleIndex points at it
    assert log["runs"][0]["tool"]["driver"]["rules"][res["ruleIndex"]]["id"] == "BL999"
    if SCHEMA_PATH.is_file():
        validate(log)


def test_info_level_is_note_and_paths_are_uris():
    findings = [_finding(level=Level.INFO, path="/srv/post mortems/a.md")]
    log = sarif.build([("/srv/post mortems/a.md", findings)], rules=[])
    (res,) = log["runs"][0]["results"]
    assert res["level"] == "note"
    assert res["locations"][0]["physicalLocation"]["artifactLocation"] == {"uri": "file:///srv/post%20mortems/a.md"}
    assert res["partialFingerprints"][KEY] == fingerprints(findings)[0]
    if SCHEMA_PATH.is_file():
        validate(log)


@needs_schema
def test_empty_report_is_valid(tmp_path, monkeypatch):
    code, log = check(tmp_path, monkeypatch, "# Outage\n\n## Root cause\n\nThe pipeline skipped the migration step.\n")
    assert code == 0
    assert log["runs"][0]["results"] == []
    assert len(log["runs"][0]["tool"]["driver"]["rules"]) == len(RULES)
    validate(log)
