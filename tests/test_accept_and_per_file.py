"""`accept:` (words a team uses on purpose) and `per-file-ignores:` (as in ruff), from
.blamelint.yaml and from [tool.blamelint] in pyproject.toml."""

from __future__ import annotations

import json

import pytest

from blamelint.accept import accepted_by
from blamelint.config import Config
from conftest import run_cli

LANGUAGE = tuple(f"BL{n}" for n in (101, 102, 103, 104, 105, 106, 107, 108, 109, 201, 202, 203, 204))
# "Careless" is the team's release tool here; "sloppy" and "careless" below are judgments (BL103)
PRODUCT = "Careless shipped the release at 10:02.\n"
JUDGED = "Careless shipped a sloppy release.\n"


def _flagged(lint, text: str, accept: tuple[str, ...]) -> list[tuple[str, str]]:
    findings = lint("# Release stall\n\n" + text, Config(select=LANGUAGE, accept=accept))
    return [(f.rule, f.text) for f in findings]


def test_an_accepted_word_is_not_reported(lint):
    assert ("BL103", "Careless") in _flagged(lint, PRODUCT, ())
    assert _flagged(lint, PRODUCT, ("Careless",)) == []


def test_accepting_one_word_keeps_the_other_findings_of_the_sentence(lint):
    # one finding per rule and sentence: the accepted word must not hide the next one
    assert _flagged(lint, JUDGED, ("careless",)) == [("BL103", "sloppy")]


def test_case_insensitive_whole_words(lint):
    assert _flagged(lint, "This was a CARELESS change.\n", ("careless",)) == []
    assert ("BL103", "careless") in _flagged(lint, "This was a careless change.\n", ("care",))
    assert ("BL103", "careless") in _flagged(lint, "This was a careless change.\n", ("careless change tool",))


def test_a_phrase_accepts_only_where_the_whole_phrase_is_written(lint):
    accept = ("Careless CI",)
    assert _flagged(lint, "We deployed with Careless\nCI at 10:02.\n", accept) == []  # any white space
    assert ("BL103", "careless") in _flagged(lint, "We used Careless CI, and the rollout was careless.\n", accept)


@pytest.mark.parametrize(("terms", "span", "accepted"), [
    (("git blame",), "blame", True),  # inside an occurrence of the phrase
    (("git blame",), "ran git blame", False),  # "ran" is not accepted
    (("git blame", "ran"), "ran git blame", True),
    (("blame",), "blamed", False),  # not inside a longer word
    (("blame",), " ", False),  # a span without words is never accepted
])
def test_a_span_is_accepted_when_every_word_of_it_is(terms, span, accepted):
    source = "We ran git blame; then we blamed nobody."
    start = source.index(span)
    assert accepted_by(source, terms)(start, start + len(span)) is accepted


@pytest.mark.parametrize(("accept", "message"), [
    ("accept: careless\n", ".blamelint.yaml:1: accept must be a list of words or phrases"),
    ("accept: [ok, yes]\n", ".blamelint.yaml:1: accept[1]: True is not a string"),
    ("accept: [ok, '--']\n", ".blamelint.yaml:1: accept[1]: '--' has no word in it"),
])
def test_bad_accept_lists_are_errors(tmp_path, accept, message):
    (tmp_path / ".blamelint.yaml").write_text(accept)
    (tmp_path / "pm.md").write_text("# Release\n\n" + PRODUCT)
    code, _, err = run_cli("check", str(tmp_path / "pm.md"))
    assert code == 2 and message in err, err


# --- per-file-ignores ---------------------------------------------------------------------------
DOCUMENT = "# Release stall\n\nThis was a sloppy change.\n"


def _archive(tmp_path, config_name: str, config: str):
    for name in ("archive/2019/old.md", "archive/notes.draft.md", "current.md", "plan.draft.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(DOCUMENT)
    (tmp_path / config_name).write_text(config)


def _rules_by_file(tmp_path, cwd) -> dict[str, set[str]]:
    code, out, err = run_cli("check", "--no-cache", "--format", "json", str(tmp_path), cwd=cwd)
    assert code == 1, err
    return {entry["path"].split(str(tmp_path) + "/")[-1]: {f["rule"] for f in entry["findings"]}
            for entry in json.loads(out)["files"]}


YAML = 'per-file-ignores:\n  "archive/**": [BL301, judgmental-language]\n  "*.draft.md": [BL3]\n'
TOML = '[tool.blamelint]\nfail-level = "warning"\n\n[tool.blamelint.per-file-ignores]\n' \
       '"archive/**" = ["BL301", "judgmental-language"]\n"*.draft.md" = ["BL3"]\n'


@pytest.mark.parametrize(("config_name", "config"), [(".blamelint.yaml", YAML), ("pyproject.toml", TOML)])
def test_matching_files_ignore_the_rules_and_others_do_not(tmp_path, config_name, config):
    _archive(tmp_path, config_name, config)
    elsewhere = tmp_path.parent  # globs are relative to the config file, not the working folder
    by_file = _rules_by_file(tmp_path, cwd=elsewhere)
    assert {"BL103", "BL301"} <= by_file["current.md"]
    assert not {"BL103", "BL301"} & by_file["archive/2019/old.md"] and "BL302" in by_file["archive/2019/old.md"]
    assert by_file["plan.draft.md"] == {"BL103"}  # a glob without a slash matches the file name
    assert by_file["archive/notes.draft.md"] == set()  # both globs apply


def test_per_file_ignores_apply_to_a_file_named_on_the_command_line_and_to_stdin(tmp_path):
    _archive(tmp_path, ".blamelint.yaml", YAML)
    _, out, _ = run_cli("check", "--format", "json", "archive/2019/old.md", cwd=tmp_path)
    assert "BL103" not in {f["rule"] for f in json.loads(out)["files"][0]["findings"]}
    _, out, _ = run_cli("check", "--format", "json", "--stdin-filename", "archive/x.md", "-",
                        stdin=DOCUMENT.encode(), cwd=tmp_path)
    assert "BL103" not in {f["rule"] for f in json.loads(out)["files"][0]["findings"]}
    code, out, _ = run_cli("config", "archive/2019/old.md", cwd=tmp_path)
    assert code == 0 and "BL301" in out.split("ignore:")[1].split("rules:")[0]


@pytest.mark.parametrize(("config", "message"), [
    ('per-file-ignores:\n  "archive/**": [BL999]\n', ".blamelint.yaml:2: per-file-ignores['archive/**']: unknown rule 'BL999'"),
    ('per-file-ignores:\n  "archive/**": [BL9]\n', "unknown rule 'BL9'"),
    ('per-file-ignores:\n  "archive/**": BL301\n', ".blamelint.yaml:2: per-file-ignores['archive/**'] must be a non-empty list"),
    ("per-file-ignores: [archive]\n", ".blamelint.yaml:1: per-file-ignores must map a glob to a list of rules"),
])
def test_bad_per_file_ignores_are_errors_naming_file_and_line(tmp_path, config, message):
    _archive(tmp_path, ".blamelint.yaml", config)
    code, _, err = run_cli("check", str(tmp_path / "current.md"))
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1, err


def test_bad_per_file_ignores_in_pyproject(tmp_path):
    _archive(tmp_path, "pyproject.toml", '[tool.blamelint.per-file-ignores]\n"archive/**" = ["no-such-rule"]\n')
    code, _, err = run_cli("check", str(tmp_path / "current.md"))
    assert code == 2 and "pyproject.toml:1: per-file-ignores['archive/**']: unknown rule 'no-such-rule'" in err, err
