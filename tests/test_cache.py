"""The content cache: exact round trips, byte-identical output, keys that change with every
input, and cached runs (and --help, --version) that never import spaCy."""

from __future__ import annotations

import os
from pathlib import Path
import subprocess
import sys

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from blamelint import findingcodec
from blamelint.cache import FindingsCache, cache_key
from blamelint.cli import cli
from blamelint.config import Config
from blamelint.engine import Linter
from blamelint.findings import Applicability, Edit, Finding, Fix, Level

BLAMING = """# Database outage

## Summary

Writes failed for ten minutes.

## Root cause

Priya forgot to renew the certificate, and we should have caught this in review.
The replica probably ran out of memory. This was a sloppy change.

## Action items

- Be more careful with certificates.
"""

texts = st.text(max_size=40)
edits = st.builds(Edit, st.integers(0, 10**6), st.integers(0, 10**6), texts)
fixes = st.none() | st.builds(Fix, texts, st.sampled_from(list(Applicability)), st.lists(edits, max_size=3).map(tuple))
findings = st.builds(
    Finding, rule=texts, name=texts, family=texts, level=st.sampled_from(list(Level)), message=texts, path=texts,
    offset=st.integers(0, 10**6), end_offset=st.integers(0, 10**6), line=st.integers(1, 10**5),
    column=st.integers(1, 10**4), end_line=st.integers(1, 10**5), end_column=st.integers(1, 10**4), text=texts,
    suggestion=st.none() | texts, rewrite=st.none() | texts, section=st.none() | texts, fix=fixes,
    extra=st.lists(st.tuples(texts, texts), max_size=2).map(tuple),
)


@settings(max_examples=200, deadline=None)
@given(findings)
def test_any_finding_round_trips_through_the_cache(tmp_path_factory, finding):
    store = FindingsCache(tmp_path_factory.mktemp("cache"))
    store.put("k" * 64, [finding])
    assert store.get("k" * 64) == [finding]


def test_real_findings_round_trip_with_their_fixes_and_rewrites(lint):
    found = lint(BLAMING, path="pm.md")
    assert any(f.fix is not None and f.fix.edits for f in found) and any(f.rewrite for f in found)
    assert [findingcodec.decode(findingcodec.encode(f)) for f in found] == found


def _check(tmp_path, *args):
    result = CliRunner().invoke(cli, ["check", *args], catch_exceptions=False)
    return result.exit_code, result.stdout


@pytest.mark.parametrize("output_format", ["json", "sarif", "text"])
def test_cached_output_is_byte_identical(tmp_path, monkeypatch, output_format):
    path = tmp_path / "pm.md"
    path.write_text(BLAMING, encoding="utf-8")
    fresh = _check(tmp_path, "--format", output_format, "--no-cache", str(path))
    first = _check(tmp_path, "--format", output_format, str(path))  # lints and stores
    assert list((tmp_path / "blamelint-cache").rglob("*.json")), "nothing was stored"

    def no_linting(*args, **kwargs):
        raise AssertionError("a cached file was linted again")

    monkeypatch.setattr(Linter, "lint_text", no_linting)
    cached = _check(tmp_path, "--format", output_format, str(path))
    assert fresh == first == cached
    assert fresh[0] == 1


def test_a_change_of_text_or_config_is_a_new_key(linter):
    base = cache_key(linter, "pm.md", BLAMING, Config())
    assert cache_key(linter, "pm.md", BLAMING, Config()) == base
    assert cache_key(linter, "pm.md", BLAMING + " ", Config()) != base
    assert cache_key(linter, "other.md", BLAMING, Config()) != base
    assert cache_key(linter, "pm.md", BLAMING, Config(select=("BL101",))) != base
    assert cache_key(linter, "pm.md", BLAMING, Config(levels={"BL101": Level.ERROR})) != base
    assert cache_key(Linter(linter.rules[:-1]), "pm.md", BLAMING, Config()) != base
    assert cache_key(Linter(linter.rules, exhaustive=True), "pm.md", BLAMING, Config()) != base


def test_a_configs_settings_are_read_once_and_still_tell_configs_apart(linter, monkeypatch):
    from blamelint import cache

    monkeypatch.setattr(cache, "_config_digests", {})
    first, same, other = Config(), Config(), Config(ignore=("BL101",))
    key = cache_key(linter, "a.md", "text", first)
    assert cache_key(linter, "a.md", "text", first) == key == cache_key(linter, "a.md", "text", same)
    assert cache_key(linter, "a.md", "text", other) != key
    assert [entry[0] for entry in cache._config_digests.values()] == [first, same, other]  # one each, kept
    monkeypatch.setattr(cache, "_CONFIG_DIGESTS_KEPT", 1)  # full: emptied before the next is kept
    assert cache_key(linter, "a.md", "text", Config(ignore=("BL102",))) not in (key, cache_key(linter, "a.md", "text", other))


def test_an_unreadable_entry_is_a_miss(tmp_path):
    store = FindingsCache(tmp_path)
    store.put("ab" * 32, [])
    entry = next(tmp_path.rglob("*.json"))
    entry.write_text('{"format": 1, "key": "abab", "findings": [{"rule": 1}]}', encoding="utf-8")
    assert store.get("ab" * 32) is None
    entry.write_text("not json", encoding="utf-8")
    assert store.get("ab" * 32) is None


def test_cache_clear_removes_the_entries(tmp_path):
    path = tmp_path / "pm.md"
    path.write_text(BLAMING, encoding="utf-8")
    _check(tmp_path, str(path))
    result = CliRunner().invoke(cli, ["cache", "clear"])
    assert result.exit_code == 0 and "removed 1 cached result" in result.stdout
    assert not list((tmp_path / "blamelint-cache").rglob("*.json"))
    assert "removed 0 cached results" in CliRunner().invoke(cli, ["cache", "clear"]).stdout


def _count_parses(cache_dir) -> int:
    return sum(1 for _ in cache_dir.rglob("*.rule-file.json"))


def test_the_rule_files_are_parsed_once_and_give_the_same_rules(tmp_path, monkeypatch):
    from blamelint import rules
    from blamelint.cache import ParsedRuleFiles
    from blamelint.ruleset import RuleSet

    parsed = ParsedRuleFiles(FindingsCache(tmp_path))
    first = RuleSet.load(parsed=parsed)
    assert _count_parses(tmp_path) == len(first.rules) > 20
    monkeypatch.setattr(rules, "load_located", lambda *args, **kwargs: pytest.fail("parsed again"))
    again = RuleSet.load(parsed=parsed)
    monkeypatch.undo()
    assert again.rules == first.rules == RuleSet.load().rules
    assert parsed.get("id: X\n") is None  # a text never kept: a miss


def test_a_parse_json_cannot_carry_is_not_kept(tmp_path):
    from blamelint.cache import ParsedRuleFiles
    from blamelint.yamlsource import LocatedYaml

    parsed = ParsedRuleFiles(FindingsCache(tmp_path))
    parsed.put("a", LocatedYaml({1: "one"}, {(): 1}))  # JSON would make the key "1"
    parsed.put("b", LocatedYaml({"when": __import__("datetime").date(2026, 1, 1)}, {(): 1}))
    parsed.put("c", LocatedYaml({"id": "BL9", "list": [1, 2.5, True, None]}, {(): 1, ("list",): 2}))
    parsed.put("d", LocatedYaml({"id": "\udcc3\udca9"}, {(): 1}))  # lone surrogates would read back as "é"
    assert parsed.get("a") is None and parsed.get("b") is None and parsed.get("d") is None
    kept = parsed.get("c")
    assert kept.data == {"id": "BL9", "list": [1, 2.5, True, None]} and kept.line_of(("list", 0)) == 2


def test_a_bad_rule_file_is_the_same_error_from_a_kept_parse(tmp_path, monkeypatch):
    from blamelint.cache import ParsedRuleFiles
    from blamelint.errors import RuleError
    from blamelint.rules import load_rule_file

    source = (Path(__file__).resolve().parents[1] / "rules" / "BL103-judgmental-language.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "BL103-judgmental-language.yaml"
    bad.write_text(source.replace("level: warning", "level: warnin", 1), encoding="utf-8")
    from blamelint import rules

    parsed = ParsedRuleFiles(FindingsCache(tmp_path / "cache"))
    errors = []
    for attempt in range(2):
        if attempt:  # the second load must use the kept parse, and still check the rule
            monkeypatch.setattr(rules, "load_located", lambda *args, **kwargs: pytest.fail("parsed again"))
        with pytest.raises(RuleError) as raised:
            load_rule_file(bad, parsed)
        errors.append(str(raised.value))
    assert _count_parses(tmp_path / "cache") == 1  # the parse was kept; the rule is checked each time
    assert errors[0] == errors[1] and "warnin" in errors[0] and ":" in errors[0]


def test_no_cache_keeps_no_parse_of_the_rule_files(tmp_path, monkeypatch):
    path = tmp_path / "pm.md"
    path.write_text(BLAMING, encoding="utf-8")
    from blamelint.session import Session

    cache_dir = tmp_path / "blamelint-cache"
    for args, parses in ((["--no-cache"], 0), ([], len(Session().rules().rules))):
        # a Session of its own, which loads the rules (the suite's has them loaded already)
        result = CliRunner().invoke(cli, ["check", *args, str(path)], obj=Session(), catch_exceptions=False)
        assert result.exit_code == 1 and _count_parses(cache_dir) == parses


_PROBE = """
import sys
from blamelint.cli import cli
try:
    cli(sys.argv[1:])
except SystemExit:
    pass
print("spaCy imported" if "spacy" in sys.modules else "spaCy not imported", file=sys.stderr)
# what only linting needs (engine.py imports it where a lint first needs it)
print("lint modules:", sorted(set(sys.modules) & {"markdown_it", "blamelint.rewrite", "blamelint.matching",
                                                  "blamelint.conditions", "blamelint.prefilter"}), file=sys.stderr)
"""


def _probe(*args):
    proc = subprocess.run([sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, env=os.environ.copy())
    return proc.stdout, proc.stderr


def test_a_fully_cached_run_does_not_import_spacy(tmp_path):
    paths = []
    for name, cause in (("a.md", "Priya forgot to renew it."), ("b.md", "The node probably ran out of memory.")):
        paths.append(tmp_path / name)
        paths[-1].write_text(BLAMING.replace("Priya forgot to renew the certificate", cause), encoding="utf-8")
    warm_out, warm_err = _probe("check", "--jobs", "1", "--format", "json", *map(str, paths))
    assert "spaCy imported" in warm_err  # the probe can tell: this run had to lint
    assert "lint modules: ['blamelint.conditions', 'blamelint.matching', 'blamelint.prefilter', 'blamelint.rewrite', " \
           "'markdown_it']" in warm_err
    out, err = _probe("check", "--format", "json", *map(str, paths))
    assert "spaCy not imported" in err
    assert "lint modules: []" in err  # nor Markdown, the matchers, the rewordings (0.3 s of imports)
    assert out == warm_out and '"BL101"' in out


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["check", "--help"], ["cache", "clear"]])
def test_help_and_version_do_not_import_spacy(args):
    out, err = _probe(*args)
    assert out and "spaCy not imported" in err
