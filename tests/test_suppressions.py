"""Suppression comments (docs/suppressions.md): only real HTML comments count; a line directive
covers the whole block it lands in, however the paragraph is wrapped; an unknown name is a
finding on the comment (BL316), not the end of the file; the editor's action keeps a
paragraph whole."""

from __future__ import annotations

import pytest

from conftest import require, run_cli

require("lsprotocol")
from lsprotocol import types  # noqa: E402

from blamelint.lsp import Linted, PositionMap, code_actions  # noqa: E402

WRAPPED = ("We watched the graphs and the\n"
           "dashboards for a long while before\n"
           "Dana forgot the flag.\n")  # one paragraph over 3 lines; the finding is on the last


def _rules(lint, text):
    return [(f.rule, f.line) for f in lint(text) if f.rule.startswith("BL1") or f.rule == "BL316"]


def test_a_directive_in_a_code_span_or_code_block_is_only_text(lint):
    for example in ("Write `<!-- blamelint-disable -->` to switch rules off.\n",
                    "```\n<!-- blamelint-disable -->\n```\n",
                    "    <!-- blamelint-disable -->\n"):
        assert [rule for rule, _ in _rules(lint, "# T\n\n" + example + "\nDana forgot the flag.\n")] == ["BL101"]


def test_a_real_inline_comment_still_counts(lint):
    text = "# T\n\nThis is `code` <!-- blamelint-disable BL101 --> here.\n\nDana forgot the flag.\n"
    assert _rules(lint, text) == []


def test_disable_next_line_covers_the_whole_wrapped_paragraph(lint):
    assert _rules(lint, "# T\n\n" + WRAPPED) == [("BL101", 5)]
    assert _rules(lint, "# T\n\n<!-- blamelint-disable-next-line BL101 -->\n" + WRAPPED) == []
    # only the block that follows: the next paragraph is still read
    after = "# T\n\n<!-- blamelint-disable-next-line BL101 -->\n" + WRAPPED + "\nAna forgot the key.\n"
    assert _rules(lint, after) == [("BL101", 8)]


def test_disable_line_covers_the_paragraph_it_is_written_in(lint):
    inline = WRAPPED.replace("a long while", "a long while <!-- blamelint-disable-line BL101 -->")
    assert _rules(lint, "# T\n\n" + inline) == []
    # the name of the directive is read whole: not "disable" with a rule named "-line"
    assert _rules(lint, "# T\n\n" + inline + "\nAna forgot the key.\n") == [("BL101", 7)]


def test_an_unknown_rule_is_a_finding_on_the_comment_and_the_file_is_linted(tmp_path):
    path = tmp_path / "pm.md"
    text = "# T\n\n<!-- blamelint-disable-next-line BL9999 BL101 -->\nDana forgot the flag.\n\nAna forgot the key.\n"
    path.write_text(text, encoding="utf-8")
    code, out, err = run_cli("check", "--format", "concise", "--select", "BL1,BL316", path)
    assert code == 1 and err == ""
    assert f"{path}:3:34: BL316 unknown-suppression" in out
    assert f"{path}:6:1: BL101" in out  # the rest of the file is linted
    assert ":4:" not in out  # BL101, the name it knows, is still suppressed


def test_an_unknown_directive_is_a_finding(lint):
    findings = [f for f in lint("# T\n\n<!-- blamelint-disable-nextline BL101 -->\nDana forgot the flag.\n")
                if f.rule == "BL316"]
    assert [(f.text, f.line) for f in findings] == [("disable-nextline", 3)]


def _disable_edit(lint, text):
    [finding] = [f for f in lint(text) if f.rule == "BL101"]
    linted = Linted(1, text, PositionMap(text), [finding], [])
    action = code_actions("file:///x.md", linted, finding.offset, finding.offset)[-1]
    assert action.title == "Disable BL101 (person-as-failure-agent) for this paragraph"
    (edit,) = action.edit.changes["file:///x.md"]
    positions = PositionMap(text)
    start, end = positions.offset(edit.range.start), positions.offset(edit.range.end)
    return text[:start] + edit.new_text + text[end:]


def test_the_editor_action_inserts_before_the_block_and_silences_it(lint):
    text = "# T\n\n" + WRAPPED + "\nAna forgot the key.\n"
    edited = _disable_edit(lint, text.replace("\nAna forgot the key.\n", ""))
    assert edited == "# T\n\n<!-- blamelint-disable-next-line BL101 -->\n" + WRAPPED
    assert _rules(lint, edited) == []


def test_the_editor_action_in_a_table_keeps_the_table(lint):
    table = "# T\n\n| Step | Note |\n|---|---|\n| 1 | Dana forgot the flag. |\n"
    edited = _disable_edit(lint, table)
    assert edited == table.replace("flag.", "flag. <!-- blamelint-disable-line BL101 -->")
    assert _rules(lint, edited) == []
