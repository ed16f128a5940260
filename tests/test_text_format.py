"""--format text (= full): source lines with the span underlined; --format concise: one line each."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace

import pytest
from click.testing import CliRunner

from blamelint.cli import cli
from blamelint.findings import Finding, Level
from blamelint.formatters import FORMAT_CHOICES, FORMATTERS, resolve_format, text
from blamelint.lineindex import LineIndex
from conftest import FORMAT_DOC, FORMAT_SELECT

NOTE = re.compile(r"  = (rewrite|suggestion): \S")  # engine-made findings: a rewrite once the engine has one
BL103 = ("pm.md:5:16: BL103 judgmental-language: This word judges the people or their work rather than "
         "describing what happened. What observable fact is behind it? [warning]")


def finding(source: str, flagged: str, *, occurrence: int = 0, path: str = "pm.md", empty: bool = False,
            **changes) -> Finding:
    """A finding on `flagged` (its `occurrence`-th appearance) in `source`; `empty`: a zero-width span at its start."""
    start = -1
    for _ in range(occurrence + 1):
        start = source.index(flagged, start + 1)
    end = start if empty else start + len(flagged)
    lines = LineIndex(source)
    (line, column), (end_line, end_column) = lines.line_col(start), lines.line_col(end)
    base = dict(rule="BL103", name="judgmental-language", family="blame", level=Level.WARNING,
                message="Judges people.", path=path, offset=start, end_offset=end, line=line, column=column,
                end_line=end_line, end_column=end_column, text=source[start:end], suggestion="Say what happened.")
    base.update(changes)
    return Finding(**base)


def carets(pad: int, length: int, width: int = 1) -> str:
    """A caret line: `width` is the line number's width in the gutter."""
    return " " * width + " | " + " " * pad + "^" * length


def full(source: str, *findings: Finding, path: str = "pm.md") -> str:
    return text.render([(path, list(findings))], {"sources": {path: source}})


def excerpt(source: str, f: Finding) -> list[str]:
    """The source and caret lines only (without the gutter line above them)."""
    return text.snippet(f, text._Source.of(source))[1:]


# --- the layout -------------------------------------------------------------------------------------
def test_full_layout_for_one_finding():
    source = "# Outage\n\nThe deploy ran without error, but Kenji forgot to renew the certificate.\n"
    out = full(source, finding(source, "Kenji forgot", rule="BL101", name="person-as-failure-agent",
                               message="Makes a person the cause.", suggestion="Say what the process did."))
    assert out == (
        "pm.md:3:35: BL101 person-as-failure-agent: Makes a person the cause. [warning]\n"
        "  |\n"
        "3 | The deploy ran without error, but Kenji forgot to renew the certificate.\n"
        "  |                                   ^^^^^^^^^^^^\n"
        "  = suggestion: Say what the process did.\n"
        "\n"
        "1 file checked, 1 finding (0 error, 1 warning, 0 info)\n"
    )


def test_rewrite_replaces_the_suggestion_line():
    source = "Intro.\n\nKenji forgot to renew the certificate.\n"
    rewritten = finding(source, "Kenji forgot", suggestion="Say what the process did.",
                        rewrite="Nothing in the process prompted renewing the certificate.")
    lines = full(source, rewritten).splitlines()
    assert lines[4] == "  = rewrite: Nothing in the process prompted renewing the certificate."
    assert not any("suggestion" in line for line in lines)
    assert full(source, finding(source, "Kenji forgot")).splitlines()[4] == "  = suggestion: Say what happened."
    bare = full(source, finding(source, "Kenji forgot", suggestion=None)).splitlines()
    assert bare[1:5] == ["  |", "3 | Kenji forgot to renew the certificate.", "  | ^^^^^^^^^^^^", ""]


def test_note_lines_sit_under_the_gutter_and_wrap_aligned():
    source = "\n" * 11 + "Bob was careless.\n"
    lines = full(source, finding(source, "careless", rewrite="Bob had no reminder.\nNo alert fired.")).splitlines()
    assert lines[1:6] == [
        "   |",
        "12 | Bob was careless.",
        "   |         ^^^^^^^^",
        "   = rewrite: Bob had no reminder.",
        "              No alert fired.",
    ]


def test_a_message_with_a_line_break_stays_on_the_first_line():
    source = "Bob was careless.\n"
    f = finding(source, "careless", message="Judges people.\nWhat happened?")
    one_line = "pm.md:1:9: BL103 judgmental-language: Judges people. What happened? [warning]"
    assert full(source, f).splitlines()[0] == one_line
    assert text.render_concise([("pm.md", [f])]).splitlines()[0] == one_line


# --- underlining ----------------------------------------------------------------------------------
def test_ascii_span():
    source = "Bob was careless.\n"
    assert excerpt(source, finding(source, "careless")) == ["1 | Bob was careless.", carets(8, 8)]
    assert carets(8, 8) == "  |         ^^^^^^^^"


def test_tabs_are_expanded_alike_in_both_lines():
    source = "\tThe\tteam was careless.\n"
    # tab stops every 4 cells: the first tab takes 4, the second (after "The" at 4..6) 1
    assert excerpt(source, finding(source, "careless")) == [
        "1 |     The team was careless.",
        carets(17, 8),
    ]
    tab_in_span = "Bob was\tcareless.\n"
    assert excerpt(tab_in_span, finding(tab_in_span, "was\tcareless")) == [
        "1 | Bob was careless.",
        carets(4, 12),
    ]


def test_wide_characters_take_two_cells():
    source = "東京チームで Bob was careless.\n"
    assert excerpt(source, finding(source, "careless")) == [
        "1 | 東京チームで Bob was careless.",
        carets(12 + 9, 8),  # 6 wide characters = 12 cells, then " Bob was " = 9
    ]
    fullwidth = "Ｂｏｂ was ｃａｒｅｌｅｓｓ.\n"
    assert excerpt(fullwidth, finding(fullwidth, "ｃａｒｅｌｅｓｓ")) == [
        "1 | Ｂｏｂ was ｃａｒｅｌｅｓｓ.",
        carets(6 + 5, 16),
    ]


def test_combining_marks_and_invisible_characters_do_not_move_the_carets():
    source = "Cafe\u0301 team\u200b was careless.\n"  # e + combining acute; a zero-width space
    assert excerpt(source, finding(source, "careless")) == [
        "1 | Cafe\u0301 team was careless.",
        carets(14, 8),
    ]


def test_control_characters_are_shown_as_pictures():
    source = "Bob\x1b[2J was careless.\n"
    assert excerpt(source, finding(source, "careless")) == [
        "1 | Bob\u241b[2J was careless.",
        carets(12, 8),
    ]


def test_span_over_two_lines():
    source = "# Root cause\n\nThe deploy ran, and the reviewer was\ncareless about it.\n"
    assert excerpt(source, finding(source, "reviewer was\ncareless")) == [
        "3 | The deploy ran, and the reviewer was",
        carets(24, 12),
        "4 | careless about it.",
        carets(0, 8),
    ]


def test_span_over_many_lines_shows_three_and_an_ellipsis():
    source = "".join(f"line {n} of the item\n" for n in range(1, 13))
    f = finding(source, source[source.index("the item\nline 9"):source.index("line 12") + 7])
    assert (f.line, f.end_line) == (8, 12)
    assert excerpt(source, f) == [
        " 8 | line 8 of the item",
        carets(10, 8, width=2),
        " 9 | line 9 of the item",
        carets(0, 18, width=2),
        "10 | line 10 of the item",
        carets(0, 19, width=2),
        "...",
    ]


def test_span_ending_with_its_line_break_shows_one_line():
    source = "- Improve alerting\n- Next item\n"
    f = finding(source, "Improve alerting\n")
    assert (f.end_line, f.end_column) == (2, 1)
    assert excerpt(source, f) == ["1 | - Improve alerting", carets(2, 16)]


def test_empty_span_gets_one_caret():
    source = "# Outage\n\n## Root cause\n\nThe deploy failed.\n"
    heading = finding(source, "## Root cause", empty=True, rule="BL302", name="empty-section")
    assert heading.offset == heading.end_offset
    assert excerpt(source, heading) == ["3 | ## Root cause", "  | ^"]
    at_end_of_line = finding(source, "\n\n## Root", empty=True)
    assert excerpt(source, at_end_of_line) == ["1 | # Outage", carets(8, 1)]


def test_whole_file_findings_print():
    source = "Some notes.\n"
    at_start = finding(source, "Some", empty=True, rule="BL301", name="missing-section", suggestion=None)
    assert full(source, at_start).splitlines()[:4] == [
        "pm.md:1:1: BL301 missing-section: Judges people. [warning]", "  |", "1 | Some notes.", "  | ^"]
    at_end = replace(at_start, offset=len(source), end_offset=len(source), line=2, column=1, end_line=2,
                     end_column=1)  # after the last line break
    assert excerpt(source, at_end) == ["2 |", "  | ^"]
    assert excerpt("", at_start) == ["1 |", "  | ^"]


def test_long_line_shows_a_window_around_the_span():
    source = "a" * 200 + " careless " + "b" * 200 + "\n"
    lines = excerpt(source, finding(source, "careless"))
    # 114 cells between the two "...": the 8 of the span, 53 before and 53 after it
    assert lines == [
        "1 | ..." + "a" * 52 + " careless " + "b" * 52 + "...",
        carets(3 + 53, 8),
    ]
    assert len(lines[0]) == len("1 | ") + 120


def test_long_line_window_at_either_end():
    head = "Bob was careless " + "x" * 200 + "\n"
    assert excerpt(head, finding(head, "careless")) == [
        "1 | Bob was careless " + "x" * (114 - 17) + "...",
        carets(8, 8),
    ]
    tail = "x" * 200 + " Bob was careless.\n"
    assert excerpt(tail, finding(tail, "careless")) == [
        "1 | ..." + "x" * (114 - 18) + " Bob was careless.",
        carets(3 + 114 - 9, 8),
    ]


def test_long_line_of_wide_characters_keeps_the_width():
    source = "東" * 100 + "careless" + "京" * 100 + "\n"
    shown, underline = excerpt(source, finding(source, "careless"))
    # the window starts at a whole wide character: 26 before the span (52 cells), 27 after it (54 cells)
    assert shown == "1 | ..." + "東" * 26 + "careless" + "京" * 27 + "..."
    assert underline == carets(3 + 52, 8)


def test_span_longer_than_the_window_is_cut_with_it():
    source = "Intro " + "x" * 300 + "\n"
    shown, underline = excerpt(source, finding(source, "x" * 300))
    assert shown == "1 | Intro " + "x" * 108 + "..."
    assert underline == carets(6, 108)


# --- without the source ----------------------------------------------------------------------------
def test_without_sources_the_header_and_note_remain():
    source = "Bob was careless.\n"
    f = finding(source, "careless")
    assert text.render([("pm.md", [f])]) == (
        "pm.md:1:9: BL103 judgmental-language: Judges people. [warning]\n"
        "  = suggestion: Say what happened.\n"
        "\n"
        "1 file checked, 1 finding (0 error, 1 warning, 0 info)\n"
    )


def test_a_source_that_does_not_hold_the_span_is_not_shown():
    source = "Bob was careless.\n"
    f = finding(source, "careless")
    assert full("Bob was careful.\n", f).splitlines()[1] == "  = suggestion: Say what happened."
    assert full("Bob\n", f).splitlines()[1] == "  = suggestion: Say what happened."


# --- concise ----------------------------------------------------------------------------------------
def test_concise_is_one_line_per_finding():
    source = "Bob was careless. Bob was careless again.\n"
    findings = [finding(source, "careless"), finding(source, "careless", occurrence=1, level=Level.ERROR,
                                                      rewrite="Bob had no checklist.")]
    assert text.render_concise([("pm.md", findings)], {"sources": {"pm.md": source}}) == (
        "pm.md:1:9: BL103 judgmental-language: Judges people. [warning]\n"
        "pm.md:1:27: BL103 judgmental-language: Judges people. [error]\n"
        "1 file checked, 2 findings (1 error, 1 warning, 0 info)\n"
    )


def _check(tmp_path, monkeypatch, *args, doc=FORMAT_DOC, input=None):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pm.md").write_text(doc, encoding="utf-8")
    result = CliRunner(env={"GITHUB_ACTIONS": None}).invoke(cli, ["check", *FORMAT_SELECT, *args], input=input)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout


def test_output_format_concise_on_the_command_line(tmp_path, monkeypatch):
    code, out = _check(tmp_path, monkeypatch, "--output-format", "concise", "pm.md")
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 5
    assert [line.split(": ")[0] for line in lines[:4]] == ["pm.md:5:1", "pm.md:5:58", "pm.md:9:9", "pm.md:9:33"]
    assert lines[0] == ("pm.md:5:1: BL101 person-as-failure-agent: This sentence makes a person the cause of the "
                        "failure. What in the system let this happen, or kept it from being noticed? [warning]")
    assert lines[-1] == "1 file checked, 4 findings (1 error, 3 warning, 0 info)"
    assert _check(tmp_path, monkeypatch, "--format", "concise", "pm.md")[1] == out


def test_full_is_text_and_the_default(tmp_path, monkeypatch):
    _, default = _check(tmp_path, monkeypatch, "pm.md")
    assert _check(tmp_path, monkeypatch, "--format", "text", "pm.md")[1] == default
    assert _check(tmp_path, monkeypatch, "--output-format", "full", "pm.md")[1] == default
    _, concise = _check(tmp_path, monkeypatch, "--format", "concise", "pm.md")
    headers = [line for line in default.splitlines() if line.startswith("pm.md:")]
    assert headers == concise.splitlines()[:-1]
    lines = default.splitlines()
    assert lines[:4] == [
        concise.splitlines()[0],
        "  |",
        "5 | John forgot to renew the certificate. This was caused by human error.",
        carets(0, 11),
    ]
    assert NOTE.match(lines[4]) and lines[5] == ""  # the rewrite, or the suggestion while there is none
    assert lines[6:10] == [
        concise.splitlines()[1],
        "  |",
        "5 | John forgot to renew the certificate. This was caused by human error.",
        carets(57, 11),
    ]


def test_stdin_shows_its_lines(tmp_path, monkeypatch):
    doc = "# Outage\n\n## Root cause\n\n東京チームで Bob was careless.\n"
    code, out = _check(tmp_path, monkeypatch, "--stdin-filename", "pm.md", "-", doc="", input=doc.encode())
    assert code == 1
    assert out.splitlines() == [
        BL103,
        "  |",
        "5 | 東京チームで Bob was careless.",
        carets(21, 8),
        out.splitlines()[4],
        "",
        "1 file checked, 1 finding (0 error, 1 warning, 0 info)",
    ]
    assert NOTE.match(out.splitlines()[4])


def test_fix_shows_the_lines_of_the_fixed_text(tmp_path, monkeypatch):
    doc = "# Checkout outage\n\n## Summary\n\nThe outage was caused by just a typo in the config. Bob was careless.\n"
    code, out = _check(tmp_path, monkeypatch, "--select", "BL108", "--fix", "pm.md", doc=doc)
    assert (tmp_path / "pm.md").read_text(encoding="utf-8") == doc.replace("just ", "")
    assert out.splitlines()[:4] == [
        BL103.replace(":5:16:", ":5:56:"),
        "  |",
        "5 | The outage was caused by a typo in the config. Bob was careless.",
        carets(55, 8),
    ]


def test_format_choices_and_auto():
    assert {"text", "full", "concise", "auto"} <= set(FORMAT_CHOICES)
    assert FORMATTERS["full"] is FORMATTERS["text"]
    assert resolve_format("full") == "full" and resolve_format("concise") == "concise"
    result = CliRunner().invoke(cli, ["check", "--help"])
    assert "--format, --output-format" in result.output and "concise" in result.output


@pytest.mark.skipif(shutil.which("vim") is None, reason="vim is not installed")
@pytest.mark.parametrize("fmt", ["concise", "text"])
def test_vim_errorformat_of_the_docs_reads_the_findings(tmp_path, monkeypatch, fmt):
    """docs/editors.md's errorformat: one quickfix entry per finding, with its type and position."""
    _, out = _check(tmp_path, monkeypatch, "--format", fmt, "pm.md")
    (tmp_path / "out.txt").write_text(out, encoding="utf-8")
    (tmp_path / "ef.vim").write_text(
        "set errorformat=%f:%l:%c:\\ %m\\ [%t%*[a-z]],%-G%.%#\n"
        "cgetfile out.txt\n"
        "call writefile(map(getqflist(), {_, e -> printf('%d:%d:%s:%s', e.lnum, e.col, e.type, bufname(e.bufnr))}),"
        " 'qf.txt')\n"
        "qa!\n", encoding="utf-8")
    subprocess.run(["vim", "-Nu", "NONE", "-es", "-S", "ef.vim"], cwd=tmp_path, stdin=subprocess.DEVNULL,
                   capture_output=True, timeout=30)
    assert (tmp_path / "qf.txt").read_text().splitlines() == ["5:1:w:pm.md", "5:58:e:pm.md", "9:9:w:pm.md",
                                                              "9:33:w:pm.md"]
