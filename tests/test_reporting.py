"""Reporting options of `blamelint check` (--statistics, --output-file, --exit-zero, --color,
--quiet), `blamelint rules --format json`, results streamed file by file, and the progress bar."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from blamelint import output, parallel, progress
from blamelint.engine import Linter
from blamelint.parallel import in_input_order
from blamelint.rulelist import FIELDS
from conftest import FORMAT_DOC, FORMAT_SELECT, RULES, run_cli

ANSI = re.compile(r"\x1b\[[0-9;]*m")

# Three small postmortems of my own, each with at least one finding of the pinned rules.
DOCS = {
    "a.md": "# A\n\n## Root cause\n\nPriya forgot to renew the certificate.\n",
    "b.md": "# B\n\n## Root cause\n\nThe deploy was sloppy. Human error caused the outage.\n",
    "c.md": "# C\n\n## Root cause\n\nMarek ignored the disk alert. The rollout was careless.\n",
}


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "docs").mkdir()
    for name, text in DOCS.items():
        (tmp_path / "docs" / name).write_text(text, encoding="utf-8")
    return tmp_path / "docs"


@pytest.fixture
def rewordable(tmp_path):
    """A postmortem with a finding whose rewording --diff --unsafe-fixes shows."""
    path = tmp_path / "rewordable.md"
    path.write_text("# Cert outage\n\n## Root cause\n\nWe should have caught the expired certificate in review.\n",
                    encoding="utf-8")
    return path


@pytest.fixture
def doc(tmp_path):
    path = tmp_path / "pm.md"
    path.write_text(FORMAT_DOC, encoding="utf-8")
    return path


def _json_findings(*paths) -> list[dict]:
    code, out, err = run_cli("check", "--format", "json", *FORMAT_SELECT, *paths)
    assert code == 1, err
    return [f for file in json.loads(out)["files"] for f in file["findings"]]


# --- --statistics ---------------------------------------------------------------------------------
def test_statistics_count_each_rule_most_frequent_first(folder, doc):
    expected = Counter((f["rule"], f["name"]) for f in _json_findings(folder, doc))
    code, out, err = run_cli("check", "--statistics", *FORMAT_SELECT, folder, doc)
    assert code == 1, err
    *rows, summary = out.splitlines()
    parsed = [row.split("\t") for row in rows]
    assert {(rule, name): int(n) for n, rule, name in parsed} == expected
    counts = [int(n) for n, _rule, _name in parsed]
    assert counts == sorted(counts, reverse=True) and len(set(counts)) > 1  # the order is the count's
    assert summary.startswith("4 files checked, ") and "forgot" not in out  # no findings listed


def test_statistics_as_json(folder):
    expected = Counter(f["rule"] for f in _json_findings(folder))
    code, out, _ = run_cli("check", "--statistics", "--format", "json", *FORMAT_SELECT, folder)
    rows = json.loads(out)
    assert code == 1 and {row["id"]: row["count"] for row in rows} == expected
    assert [row["count"] for row in rows] == sorted((row["count"] for row in rows), reverse=True)
    assert all(set(row) == {"count", "id", "name"} for row in rows)


# --- --output-file --------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["text", "concise", "json", "github"])
def test_output_file_holds_what_stdout_would(folder, tmp_path, fmt):
    target = tmp_path / "out" / "report.txt"
    target.parent.mkdir()
    target.write_text("an older report, longer than the new one " * 200, encoding="utf-8")
    plain = run_cli("check", "--format", fmt, *FORMAT_SELECT, folder)
    code, out, err = run_cli("check", "--format", fmt, *FORMAT_SELECT, "--output-file", target, folder)
    assert (code, out) == (plain[0], "") and code == 1, err
    assert target.read_text(encoding="utf-8") == plain[1]
    assert not [p for p in target.parent.iterdir() if p != target]  # no temporary file left


def test_output_file_in_a_missing_folder_fails_before_linting(folder, tmp_path):
    code, out, err = run_cli("check", "--output-file", tmp_path / "nowhere" / "r.txt", folder)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and "nowhere" in err and "folder does not exist" in err


def test_output_file_that_cannot_be_written_is_one_error(folder, tmp_path, monkeypatch):
    from blamelint.atomicfile import WriteError

    def refuse(path, data, **_):
        raise WriteError("cannot write: No space left on device", str(path))

    monkeypatch.setattr(output, "write_atomic", refuse)
    code, _, err = run_cli("check", "--output-file", tmp_path / "r.txt", folder)
    assert code == 2 and "No space left on device" in err and "Traceback" not in err


def test_output_file_takes_the_diff(rewordable, tmp_path):
    target = tmp_path / "changes.diff"
    code, out, _ = run_cli("check", "--diff", "--unsafe-fixes", "--output-file", target, rewordable)
    assert code == 1 and out == "" and target.read_text(encoding="utf-8").startswith("---")
    assert "+Nothing in the process" in target.read_text(encoding="utf-8")


# --- --exit-zero ----------------------------------------------------------------------------------
def test_exit_zero_with_findings(doc):
    assert run_cli("check", doc)[0] == 1
    code, out, _ = run_cli("check", "--exit-zero", doc)
    assert code == 0 and "BL101" in out  # the findings are still reported


def test_exit_zero_keeps_errors_at_2(doc, rewordable, tmp_path):
    assert run_cli("check", "--exit-zero", doc, tmp_path / "missing.md")[0] == 2
    bad = tmp_path / "bad.yaml"
    bad.write_text("select: [BL999]\n", encoding="utf-8")
    assert run_cli("check", "--exit-zero", "--config", bad, doc)[0] == 2
    assert run_cli("check", "--diff", "--unsafe-fixes", rewordable)[0] == 1  # a diff to show
    assert run_cli("check", "--exit-zero", "--diff", "--unsafe-fixes", rewordable)[0] == 0


# --- --color --------------------------------------------------------------------------------------
def _colour_run(*args, tty=False, env=None, monkeypatch):
    monkeypatch.setattr(output, "on_terminal", lambda stream: tty)
    return run_cli("check", *FORMAT_SELECT, *args, env=env)[1]


@pytest.mark.parametrize("fmt", ["text", "concise"])
def test_color_always_styles_level_rule_and_location(doc, fmt, monkeypatch):
    plain = _colour_run("--format", fmt, doc, monkeypatch=monkeypatch)
    styled = _colour_run("--format", fmt, "--color", "always", doc, monkeypatch=monkeypatch)
    assert ANSI.search(styled) and not ANSI.search(plain)
    assert ANSI.sub("", styled) == plain  # colour adds escapes and changes nothing else
    header = next(line for line in styled.splitlines() if "BL104" in line)
    red = "\x1b[31m"  # BL104 is an error
    assert re.search(r"\x1b\[1m[^\x1b]*pm\.md:\d+:\d+:\x1b\[0m", header)
    assert f"{red}\x1b[1mBL104\x1b[0m" in header and f"{red}[error]\x1b[0m" in header


@pytest.mark.parametrize(("args", "tty", "env", "coloured"), [
    ((), True, {}, True),  # auto on a terminal
    ((), False, {}, False),  # auto in a pipe
    ((), True, {"NO_COLOR": "1"}, False),
    ((), True, {"NO_COLOR": ""}, True),  # NO_COLOR counts only when set to something
    (("--color", "never"), True, {}, False),
    (("--color", "always"), False, {"NO_COLOR": "1"}, True),  # the flag wins over the variable
])
def test_color_choice(doc, args, tty, env, coloured, monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    out = _colour_run(*args, str(doc), tty=tty, env=env, monkeypatch=monkeypatch)
    assert bool(ANSI.search(out)) is coloured


def test_no_color_in_machine_formats_or_an_output_file(doc, tmp_path, monkeypatch):
    assert not ANSI.search(_colour_run("--format", "github", "--color", "always", doc, monkeypatch=monkeypatch))
    target = tmp_path / "r.txt"
    _colour_run("--output-file", target, doc, tty=True, monkeypatch=monkeypatch)
    assert "BL101" in target.read_text(encoding="utf-8") and not ANSI.search(target.read_text(encoding="utf-8"))


# --- rules --format json --------------------------------------------------------------------------
def test_rules_json_is_one_object_per_rule():
    code, out, _ = run_cli("rules", "--format", "json")
    records = json.loads(out)
    assert code == 0 and [r["id"] for r in records] == sorted(rule.id for rule in RULES)
    assert all(tuple(r) == FIELDS for r in records)  # the same keys, in the same order
    by_id = {rule.id: rule for rule in RULES}
    for record in records:
        rule = by_id[record["id"]]
        assert (record["name"], record["family"], record["level"], record["status"]) == \
               (rule.name, rule.family, str(rule.level), rule.status)
        assert record["aliases"] == list(rule.aliases)
    assert any(r["aliases"] for r in records)  # a split rule answers to its old id
    assert run_cli("rules", "--format", "json")[1] == out  # stable from run to run
    text_lines = run_cli("rules")[1].splitlines()
    assert [line.split()[0] for line in text_lines] == [r.id for r in RULES]


def test_rules_rejects_an_unknown_format():
    code, _, err = run_cli("rules", "--format", "yaml")
    assert code == 2 and "yaml" in err and "Traceback" not in err


# --- streaming ------------------------------------------------------------------------------------
def _record_events(monkeypatch) -> list[tuple[str, str]]:
    """('lint', file name) as each file is linted, ('write', text) as the report is written."""
    events: list[tuple[str, str]] = []
    lint_document, write = Linter.lint_document, output.Output.write

    def linting(self, document, config, *args, **kwargs):
        events.append(("lint", document.path.rsplit("/", 1)[-1]))
        return lint_document(self, document, config, *args, **kwargs)

    def writing(self, text, err=False):
        events.append(("write", text))
        return write(self, text, err)

    monkeypatch.setattr(Linter, "lint_document", linting)
    monkeypatch.setattr(output.Output, "write", writing)
    return events


def _named(events: list[tuple[str, str]]) -> list[tuple[str, str]]:
    names = sorted(DOCS)
    return [(kind, "summary" if kind == "write" and "checked" in text else
             next((n for n in names if n in text), text) if kind == "write" else text) for kind, text in events]


@pytest.mark.parametrize("fmt", ["text", "concise", "github"])
def test_each_batch_is_printed_before_the_next_is_linted(folder, fmt, monkeypatch):
    """Files are linted in batches (parallel.BATCH_WORDS); with batches of one file each, each file
    is printed before the next is linted."""
    monkeypatch.setattr(parallel, "BATCH_WORDS", 1)
    events = _record_events(monkeypatch)
    code, out, _ = run_cli("check", "--no-cache", "--jobs", "1", "--format", fmt, *FORMAT_SELECT, folder)
    assert code == 1
    expected = [step for name in sorted(DOCS) for step in (("lint", name), ("write", name))] + [("write", "summary")]
    assert _named(events) == expected
    assert "".join(text for kind, text in events if kind == "write") == out


def test_the_files_of_one_batch_are_printed_together(folder, monkeypatch):
    monkeypatch.setattr(parallel, "BATCH_WORDS", 25)  # "a.md" (11 words) and "b.md" (14) together, then "c.md"
    events = _record_events(monkeypatch)
    code, _, _ = run_cli("check", "--no-cache", "--jobs", "1", *FORMAT_SELECT, folder)
    assert code == 1
    assert _named(events) == [("lint", "a.md"), ("lint", "b.md"), ("write", "a.md"), ("write", "b.md"),
                              ("lint", "c.md"), ("write", "c.md"), ("write", "summary")]


def test_json_stays_one_document(folder, monkeypatch):
    events = _record_events(monkeypatch)
    code, out, _ = run_cli("check", "--no-cache", "--jobs", "1", "--format", "json", folder)
    writes = [text for kind, text in events if kind == "write"]
    assert code == 1 and writes == [out] and events[-1][0] == "write"
    assert [kind for kind, _ in events[:-1]] == ["lint"] * len(DOCS)


def test_streamed_text_with_workers_equals_one_process(folder):
    serial = run_cli("check", "--no-cache", "--jobs", "1", folder)
    in_workers = run_cli("check", "--no-cache", "--jobs", "2", folder)
    assert in_workers == serial and serial[0] == 1


@settings(max_examples=60, deadline=None)
@given(st.permutations(range(6)))
def test_outcomes_come_in_input_order_as_soon_as_they_can(arrival):
    log: list[tuple[str, int]] = []

    def arriving():
        for index in arrival:
            log.append(("arrive", index))
            yield index, f"outcome {index}"

    for outcome in in_input_order(arriving()):
        log.append(("yield", int(outcome.split()[1])))
    assert [i for kind, i in log if kind == "yield"] == list(range(6))
    for position, (kind, index) in enumerate(log):
        if kind == "yield":  # yielded right after the last of 0..index arrived, not later
            arrived = {i for k, i in log[:position] if k == "arrive"}
            assert set(range(index + 1)) <= arrived
            last = max(p for p, (k, i) in enumerate(log) if k == "arrive" and i <= index)
            assert all(k == "yield" for k, _ in log[last + 1:position])


# --- progress bar and --quiet ---------------------------------------------------------------------
@pytest.fixture
def terminal_stderr(monkeypatch):
    monkeypatch.setattr(progress, "on_terminal", lambda stream: True)
    monkeypatch.setattr(progress, "DELAY_SECONDS", 0)  # drawn at once, so a short run shows it


def test_progress_bar_on_a_terminal(folder, terminal_stderr):
    code, out, err = run_cli("check", "--no-cache", folder)
    assert code == 1 and "3/3" in err and "blamelint" in err
    assert "\r" not in out and "3/3" not in out  # the results stay clean


@pytest.mark.parametrize("flag", ["--no-progress", "--quiet"])
def test_progress_bar_can_be_turned_off(folder, terminal_stderr, flag):
    code, _, err = run_cli("check", "--no-cache", flag, folder)
    assert code == 1 and "3/3" not in err and "\r" not in err


def test_no_progress_bar_in_a_pipe(folder):
    code, _, err = run_cli("check", "--no-cache", folder)
    assert code == 1 and "\r" not in err and "/3" not in err


def test_quiet_hides_notes_not_errors(folder, tmp_path):
    (folder / "empty.md").write_text("", encoding="utf-8")
    assert "skipped" in run_cli("check", folder)[2]
    code, _, err = run_cli("check", "--quiet", folder, tmp_path / "missing.md")
    assert code == 2 and "skipped" not in err and "missing.md" in err
