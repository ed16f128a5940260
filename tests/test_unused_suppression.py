"""BL315 unused-suppression: a blamelint-disable comment that suppresses nothing is reported,
name by name, only for rules that ran; one that suppresses something is not."""

from __future__ import annotations

import json

from blamelint.config import Config
from conftest import run_cli

HEAD = "# Cache warm-up\n\n"
JUDGED = "That was a sloppy cache change.\n"  # BL103
PLAIN = "The cache warmed up in four minutes.\n"


def _unused(lint, text: str, **config) -> list[str]:
    return [f.text for f in lint(HEAD + text, Config(**config)) if f.rule == "BL315"]


def test_a_comment_that_still_suppresses_is_not_reported(lint):
    assert _unused(lint, "<!-- blamelint-disable-next-line BL103 -->\n" + JUDGED) == []
    assert _unused(lint, "<!-- blamelint-disable judgmental-language -->\n" + JUDGED + "<!-- blamelint-enable -->\n") == []
    assert _unused(lint, "<!-- blamelint-disable -->\n" + JUDGED) == []


def test_a_stale_comment_is_reported_at_the_name_that_suppresses_nothing(lint):
    assert _unused(lint, "<!-- blamelint-disable-next-line BL103 -->\n" + PLAIN) == ["BL103"]
    assert _unused(lint, "<!-- blamelint-disable-next-line BL103, counterfactual -->\n" + JUDGED) == ["counterfactual"]
    assert _unused(lint, "<!-- blamelint-disable-next-line -->\n" + PLAIN) == ["<!-- blamelint-disable-next-line -->"]


def test_disable_next_line_covers_only_the_block_of_the_next_line(lint):
    # a blank line ends the block the directive covers (docs/suppressions.md)
    text = "<!-- blamelint-disable-next-line BL103 -->\n" + PLAIN + "\n" + JUDGED
    findings = lint(HEAD + text)
    assert [f.text for f in findings if f.rule == "BL315"] == ["BL103"]
    assert [f.text for f in findings if f.rule == "BL103"] == ["sloppy"]


def test_directive_kinds_are_read_in_any_case_as_suppressions_read_them(lint):
    # find_suppressions reads BLAMELINT-ENABLE as an enable: it is no stale disable
    assert _unused(lint, "<!-- blamelint-disable BL103 -->\n" + JUDGED + "<!-- blamelint-ENABLE -->\n") == []


def test_a_second_disable_of_an_open_region_is_reported(lint):
    text = "<!-- blamelint-disable BL103 -->\n" + JUDGED + "<!-- blamelint-disable BL103 -->\n" + JUDGED
    found = [f for f in lint(HEAD + text) if f.rule == "BL315"]
    assert [f.line for f in found] == [5]


def test_rules_that_did_not_run_are_not_reported(lint):
    text = "<!-- blamelint-disable-next-line BL103 -->\n" + PLAIN
    assert _unused(lint, text, ignore=("BL103",)) == []
    assert _unused(lint, text, select=("BL315",)) == []
    assert _unused(lint, text, select=("BL315", "BL103")) == ["BL103"]


def test_a_comment_naming_the_rule_itself_is_never_reported(lint):
    assert _unused(lint, "<!-- blamelint-disable-next-line unused-suppression -->\n" + PLAIN) == []


def test_its_findings_can_be_suppressed_and_switched_off(lint):
    stale = "<!-- blamelint-disable-next-line BL103 -->\n" + PLAIN
    assert _unused(lint, "<!-- blamelint-disable unused-suppression -->\n" + stale) == []
    assert _unused(lint, stale, ignore=("BL315",)) == []


def test_comments_in_code_are_not_directives(lint):
    assert _unused(lint, "```\n<!-- blamelint-disable-next-line BL103 -->\n```\n" + PLAIN) == []


def test_on_by_default_at_info_so_the_default_fail_level_passes(tmp_path):
    path = tmp_path / "pm.md"
    path.write_text(HEAD + "<!-- blamelint-disable-next-line BL103 -->\n" + PLAIN)
    code, out, _ = run_cli("check", "--format", "json", "--select", "BL103,BL315", str(path))
    findings = json.loads(out)["files"][0]["findings"]
    assert [(f["rule"], f["level"], f["line"]) for f in findings] == [("BL315", "info", 3)]
    assert code == 0
    assert run_cli("check", "--select", "BL103,BL315", "--fail-level", "info", str(path))[0] == 1


def test_many_stale_comments_are_reported_in_linear_time(linter):
    import time

    # 4,000 comments and 4,000 findings of another rule (TBD: BL307, found without a parse)
    pairs = "".join("<!-- blamelint-disable BL101 -->\nIt took TBD.\n<!-- blamelint-enable -->\n\n" for _ in range(4_000))
    linter.lint_text(HEAD + JUDGED, "warm-up.md", Config())  # the pipeline loads outside the timing
    started = time.monotonic()
    found = linter.lint_text(HEAD + pairs, "many.md", Config(select=("BL101", "BL307", "BL315")))
    assert [len([f for f in found if f.rule == rule]) for rule in ("BL307", "BL315")] == [4_000, 4_000]
    assert time.monotonic() - started < 10  # about 3 s; a scan of every finding per comment: 16 million tests
