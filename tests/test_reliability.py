"""Regression tests for issue 14: nothing crashes, nothing is lost, nothing runs that should not.

Each test reproduces one fault: wrong lines after a lone CR, files rewritten against their
permissions, lost writes, unbounded time or memory from small inputs, a whole run lost for
one bad path, and code imported by name from a configuration."""

from __future__ import annotations

import errno
import json
import os
import stat
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from blamelint import atomicfile, baseline
from blamelint.budget import BudgetError
from blamelint.cli import cli
from blamelint.config import Config, load_config
from blamelint.document import MAX_BLOCK_CHARS, parse_document
from blamelint.errors import ConfigError, InputError, RuleError
from blamelint.fixer import FixWriteError, atomic_write, fix_text
from blamelint.inputs import read_file, read_stdin
from blamelint.rules import load_rule_file
from conftest import RULESET

ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
BLAME = "# Outage\n\n## Root cause\n\nBob forgot to renew the certificate.\n"


def run(*args, stdin=None):
    result = CliRunner().invoke(cli, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


# --- data corruption ------------------------------------------------------------------------
def test_a_lone_cr_in_front_matter_keeps_every_line_in_place(lint, linter):
    text = "---\na: 1\rb: 2\n---\n# Outage\n\n```\nBob forgot to renew it.\n```\n\nBob forgot to renew the certificate.\n"
    findings = [f for f in lint(text) if f.rule == "BL101"]
    assert [f.line for f in findings] == [11]  # lines: \n \r \n \n ... as markdown-it and editors count them
    fixed = fix_text(linter, text, "cr.md", Config(), unsafe=True)
    assert "```\nBob forgot to renew it.\n```" in fixed.fixed  # the fenced code is never edited


def test_a_read_only_file_is_not_rewritten(tmp_path):
    path = tmp_path / "pm.md"
    path.write_text("old\n")
    path.chmod(0o444)  # read-only even for root: the file's own bits are respected
    with pytest.raises(FixWriteError, match="read-only"):
        atomic_write(path, "new\n", b"old\n")
    assert path.read_text() == "old\n" and stat.S_IMODE(path.stat().st_mode) == 0o444


def test_a_hard_linked_file_is_not_rewritten(tmp_path):
    path = tmp_path / "pm.md"
    path.write_text("old\n")
    os.link(path, tmp_path / "other.md")
    with pytest.raises(FixWriteError, match="hard links"):
        atomic_write(path, "new\n", b"old\n")
    assert (tmp_path / "other.md").read_text() == "old\n" == path.read_text()


@pytest.mark.skipif(not ROOT, reason="only root can give a file to another user")
def test_the_owner_of_a_file_is_kept(tmp_path):
    path = tmp_path / "pm.md"
    path.write_text("old\n")
    path.chmod(0o666)
    os.chown(path, 4321, 4321)
    atomic_write(path, "new\n", b"old\n")
    assert path.read_text() == "new\n" and (path.stat().st_uid, path.stat().st_gid) == (4321, 4321)


@pytest.mark.skipif(ROOT, reason="root may keep any owner")
def test_a_file_of_another_user_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "pm.md"
    path.write_text("old\n")
    monkeypatch.setattr(os, "geteuid", lambda: path.stat().st_uid + 1)
    with pytest.raises(FixWriteError):
        atomic_write(path, "new\n", b"old\n")
    assert path.read_text() == "old\n"


def test_stale_temporary_files_are_removed(tmp_path):
    path = tmp_path / "pm.md"
    path.write_text("old\n")
    dead = tmp_path / f".pm.md{atomicfile.TEMP_MARK}999999999-x1"  # a pid that does not run
    alive = tmp_path / f".pm.md{atomicfile.TEMP_MARK}{os.getpid()}-x2"
    dead.write_text("half")
    alive.write_text("half")
    atomic_write(path, "new\n", b"old\n")
    assert not dead.exists() and alive.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["pm.md", alive.name])


def test_write_baseline_on_a_full_disk_keeps_the_old_baseline(tmp_path, monkeypatch):
    path = tmp_path / "baseline.json"
    path.write_text('{"old": true}\n')

    def full(*_args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(baseline.BaselineError, match="No space left"):
        baseline.write(path, [])
    assert path.read_text() == '{"old": true}\n' and [p.name for p in tmp_path.iterdir()] == ["baseline.json"]


def test_init_on_a_full_disk_leaves_no_file(tmp_path, monkeypatch):
    def full(*_args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "link", full)
    monkeypatch.setattr(os, "replace", full)
    code, _, err = run("init", str(tmp_path / "pm.md"))
    assert code == 2 and "No space left" in err and list(tmp_path.iterdir()) == []


# --- unbounded time and memory ---------------------------------------------------------------
def _timed(lint, text: str) -> float:
    started = time.monotonic()
    lint(text)
    return time.monotonic() - started


@pytest.mark.parametrize("text", [
    "# T\n\n" + "!" * 20_000 + "\n",  # 790 s and 22 GB before
    "# T\n\n" + "=" * 5_000 + "\n",  # 36 s in the tokenizer before
    "# T\n\n" + "!! " * 4_000 + "\n",  # the longest-match filter was quadratic in a run of "!" tokens
], ids=["bang", "equals", "spaced-bangs"])
def test_runs_of_punctuation_lint_in_bounded_time(lint, text):
    lint("Bob forgot.\n")  # the pipeline loads outside the timing
    assert _timed(lint, text) < 20


def test_many_suppressions_and_headings_are_linear():
    from blamelint.structure.outline import parts
    from blamelint.suppress import find_suppressions, suppressed_by

    pairs = "".join("<!-- blamelint-disable BL101 -->\nText.\n<!-- blamelint-enable -->\n\n" for _ in range(4_000))
    document = parse_document("# T\n\n" + pairs)
    started = time.monotonic()
    suppressed = suppressed_by(find_suppressions(document, lambda name: (name,)))
    assert all(suppressed("BL101", b.start) for b in document.blocks[1:])
    assert time.monotonic() - started < 3  # 4,000 pairs: quadratic scans took minutes
    document = parse_document("# T\n\n" + "".join(f"## Part {i}\n\n" for i in range(8_000)))
    started = time.monotonic()
    assert len(parts(document, Config().vocabulary)) == 8_000
    assert time.monotonic() - started < 3  # 8,000 headings: about 30 s with the quadratic lookup


def test_a_long_single_line_is_parsed_in_bounded_pieces():
    line = ("The disk filled up after the job ran. " * 3_000).strip()
    document = parse_document(f"# T\n\n{line}\n")
    paragraphs = [b for b in document.blocks if b.kind == "paragraph"]
    assert len(paragraphs) > 1 and all(len(b.text) <= MAX_BLOCK_CHARS for b in paragraphs)
    assert all(document.source[b.start : b.end].endswith(".") for b in paragraphs)  # cut after a sentence


def test_the_time_budget_stops_one_file_with_a_clear_error(tmp_path):
    (tmp_path / ".blamelint.yaml").write_text("time-budget: 0.000001\n")
    (tmp_path / "slow.md").write_text(BLAME * 20)
    (tmp_path / "ok.md").write_text("")
    code, _, err = run("check", str(tmp_path / "slow.md"), str(tmp_path / "ok.md"))
    assert code == 2 and "time-budget" in err and "slow.md" in err and "Traceback" not in err


def test_a_paragraph_over_the_match_budget_is_an_error_not_a_hang(lint):
    with pytest.raises(BudgetError, match="per-block budget"):
        lint("# T\n\n" + "human error, " * 1_000 + "\n")


def test_a_yaml_alias_bomb_in_config_is_refused_quickly(tmp_path):
    lines = ['a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    lines += [f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]" for i in range(8)]
    config = tmp_path / ".blamelint.yaml"
    config.write_text("\n".join(lines) + "\nselect: [*i]\n")
    started = time.monotonic()
    with pytest.raises(ConfigError, match="alias"):
        load_config(config, RULESET)
    assert time.monotonic() - started < 2


def test_a_yaml_alias_bomb_in_front_matter_is_not_expanded():
    bomb = "a: &a [x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 8) + "]\n" for i in range(8))
    from blamelint.structure.outline import _front_matter_parts

    started = time.monotonic()
    document = parse_document(f"---\n{bomb}---\n# T\n")
    assert _front_matter_parts(document, None) == [] and time.monotonic() - started < 2


# --- reading with a bound --------------------------------------------------------------------
def test_a_fifo_is_refused_without_waiting(tmp_path):
    fifo = tmp_path / "pm.md"
    os.mkfifo(fifo)
    (tmp_path / "good.md").write_text(BLAME)
    code, out, err = run("check", "--format", "concise", str(fifo), str(tmp_path / "good.md"))
    assert code == 2 and "not a regular file (a FIFO)" in err and "good.md:5:1: BL101" in out


def test_dev_zero_is_refused():
    with pytest.raises(InputError, match="not a regular file"):
        read_file(Path("/dev/zero"), 1000)


def test_endless_stdin_stops_at_the_size_limit():
    class Endless:
        def read(self, n):
            return b"a" * n

    class Stream:
        buffer = Endless()
        closed = False

    with pytest.raises(InputError, match="too large"):
        read_stdin(Stream(), 10_000, "<stdin>")


def test_closed_stdin_is_one_error():
    with pytest.raises(InputError, match="standard input is closed"):
        read_stdin(None, 100, "<stdin>")


# --- one bad path does not lose the run ------------------------------------------------------
def test_bad_paths_are_reported_and_the_good_files_still_linted(tmp_path):
    good = tmp_path / "good.md"
    good.write_text(BLAME)
    walked = tmp_path / "walked"
    walked.mkdir()
    (walked / "loop.md").symlink_to(walked / "loop.md")
    (walked / "fine.md").write_text(BLAME)
    (tmp_path / "empty").mkdir()
    code, out, err = run("check", "--format", "concise", str(tmp_path / "missing.md"), str(tmp_path / "empty"),
                         str(walked), str(good))
    assert code == 2 and "Traceback" not in err and "internal error" not in err
    assert "missing.md: no such file" in err and "no postmortems found" in err and "loop.md: cannot read" in err
    assert "good.md:5:1: BL101" in out and "fine.md:5:1: BL101" in out


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS refuses file names that are not UTF-8")
@pytest.mark.parametrize("output", ["sarif", "gitlab", "baseline"])
def test_a_file_name_that_is_not_utf8(tmp_path, output):
    name = os.fsdecode(b"pm-\xff.md")
    (tmp_path / name).write_text(BLAME)
    args = ["--write-baseline", str(tmp_path / "b.json")] if output == "baseline" else ["--format", output]
    code, out, err = run("check", *args, str(tmp_path / name))
    assert "internal error" not in err and code in (0, 1)
    if output == "sarif":
        assert "pm-%FF.md" in out
    if output == "baseline":
        code, _, err = run("check", "--baseline", str(tmp_path / "b.json"), str(tmp_path / name))
        assert code == 0 and "findings in baseline" in err and "not shown" in err


def test_a_deeply_nested_baseline_is_one_error(tmp_path):
    path = tmp_path / "b.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(baseline.BaselineError, match="nested too deeply"):
        baseline.load(path)


@pytest.mark.parametrize("model", ["nosuch.sub", "spacy", "../../etc", "this.x", "this"])
def test_model_names_only_an_installed_pipeline_and_imports_nothing(tmp_path, model):
    sys.modules.pop("this", None)
    (tmp_path / ".blamelint.yaml").write_text(f"model: {json.dumps(model)}\n")
    (tmp_path / "pm.md").write_text(BLAME)
    code, _, err = run("check", str(tmp_path / "pm.md"))
    assert code == 2 and ".blamelint.yaml:1:" in err and "internal error" not in err
    assert "this" not in sys.modules  # `import this` prints; nothing of the environment is imported


def test_a_list_nested_ten_levels_deep_does_not_stop_the_parse(lint):
    nested = "".join("  " * i + f"- item {i}\n" for i in range(12))
    findings = lint(f"# Outage\n\n{nested}\n## Root cause\n\nBob forgot to renew the certificate.\n")
    assert "BL301" not in {f.rule for f in findings} and "BL101" in {f.rule for f in findings}


def test_nesting_past_the_limit_is_a_clear_error():
    with pytest.raises(InputError, match="nested more than"):
        parse_document(">" * 250 + " deep\n")


@pytest.mark.parametrize("value", ["[]", '" , "', '""'])
def test_an_empty_select_is_a_config_error(tmp_path, value):
    (tmp_path / ".blamelint.yaml").write_text(f"select: {value}\n")
    with pytest.raises(ConfigError, match="select is empty"):
        load_config(tmp_path / ".blamelint.yaml", RULESET)


def test_a_profile_cycle_through_dot_dot_is_detected(tmp_path):
    (tmp_path / "profiles").mkdir()
    (tmp_path / "profiles" / "p.yaml").write_text("name: p\nextends: ../profiles/p.yaml\n")
    (tmp_path / ".blamelint.yaml").write_text("profile: profiles/p.yaml\n")
    with pytest.raises(ConfigError, match="extends itself"):
        load_config(tmp_path / ".blamelint.yaml", RULESET)


RULE = """id: BL199
name: test-rule
family: blame
level: warning
summary: A test rule.
message: A message.
patterns:
  - tokens: {tokens}
docs: {{what: w, why: y}}
examples: {{bad: [Bad.], good: {good}}}
{extra}"""


@pytest.mark.parametrize("tokens, good, extra, expected", [
    ('[{LOWER: bad}]', "3", "", "examples.good must be a list"),
    ('[{ORTH: "!"}, {ORTH: {IN: ["!", "?"]}, OP: "+"}]', "[Good.]", "", "without bound"),
    ('[{LEMMA: ignore}, {OP: "*", IS_PUNCT: false}]', "[Good.]", "", "without bound"),
    ('[{LOWER: bad}]', "[Good.]", "fix: {applicability: safe, pattern: '(a+)+$', replace: b}\n", "nests a repetition"),
    ('[{LOWER: bad}]', "[Good.]", "aliases: 3\n", "aliases must be a list"),
], ids=["wrong-type", "unbounded-punctuation", "unbounded-any", "catastrophic-fix", "aliases"])
def test_bad_rule_files_are_rule_errors(tmp_path, tokens, good, extra, expected):
    path = tmp_path / "BL199-test-rule.yaml"
    path.write_text(RULE.format(tokens=tokens, good=good, extra=extra))
    with pytest.raises(RuleError, match=expected):
        load_rule_file(path)


def test_the_parse_cache_holds_a_document_larger_than_its_size(linter, monkeypatch):
    from blamelint import engine

    monkeypatch.setattr(engine, "_PARSE_CACHE_SIZE", 8)
    text = "# T\n\n" + "".join(f"Step {i} failed on host {i}.\n\n" for i in range(30))
    linter.lint_text(text, "cache.md", Config())
    parsed = []
    original = engine.parse_pieces
    monkeypatch.setattr(engine, "parse_pieces", lambda nlp, requests, *rest, **named: parsed.extend(
        text for text, _, _ in requests) or original(nlp, requests, *rest, **named))
    linter.lint_text(text, "cache.md", Config())
    assert parsed == []  # every block served from the cache (an LRU of 8 kept none of the 30 before)
