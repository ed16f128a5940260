"""`blamelint init` writes placeholders; checking the unfilled template flags every one of
them, in tables too (a cell holding only "<owner>" reads as an HTML tag and makes no block)."""

from __future__ import annotations

import json
import re

import pytest

from blamelint.structure.profiles import builtin_profile_names
from conftest import run_cli

# What the templates write for a value to fill in, read here independently of the rule.
_WRITTEN = re.compile(r"<[a-z][^<>\n]*>|YYYY-MM-DD|HH:MM|\bTBD\b")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def _placeholders(text: str) -> set[tuple[int, str]]:
    blanked = _COMMENT.sub(lambda m: " " * len(m.group(0)), text)
    return {(m.start(), m.group(0)) for m in _WRITTEN.finditer(blanked)}


@pytest.mark.parametrize("profile", builtin_profile_names())
def test_every_placeholder_init_writes_is_flagged(tmp_path, profile):
    code, _, err = run_cli("init", "pm.md", "--profile", profile, cwd=tmp_path)
    assert code == 0, err
    text = (tmp_path / "pm.md").read_text(encoding="utf-8")
    written = _placeholders(text)
    in_tables = [at for at, _ in written if text.rfind("\n", 0, at) < text.rfind("|", 0, at)]
    assert in_tables or profile not in ("default", "google-sre"), "these templates have tables to fill in"
    code, out, err = run_cli("check", "--format", "json", "--select", "BL307", "--profile", profile, "pm.md",
                             cwd=tmp_path)
    assert code == 1, err
    flagged = {(f["offset"], f["text"]) for f in json.loads(out)["files"][0]["findings"]}
    assert written <= flagged, sorted(written - flagged)


def test_a_cell_that_is_only_a_placeholder_is_flagged(lint):
    text = "# T\n\n## Action items\n\n| Action | Owner |\n|---|---|\n| <action> | <owner> |\n"
    found = [(f.text, f.line, f.column) for f in lint(text) if f.rule == "BL307"]
    assert found == [("<action>", 7, 3), ("<owner>", 7, 14)]
    assert not [f for f in lint(text.replace("<owner>", "<br>")) if f.text == "<br>"]  # a tag is not one


def test_text_that_is_not_searched_holds_no_placeholder():
    """template_placeholder searches only text holding one of _ANY_PLACEHOLDER's literals: every
    text PLACEHOLDER finds something in must hold one (random strings of the characters its
    alternatives are made of, from a fixed seed, and one sample of every alternative)."""
    import random

    from blamelint.structure.checks.template_placeholder import _ANY_PLACEHOLDER
    from blamelint.structure.content import PLACEHOLDER

    samples = ["TBD", "TBA", "TBC", "TODO", "FIXME", "XX:XX", "XX:YY", "HH:MM", "HH:MM:SS", "hh:mm", "hh:mm:ss",
               "YYYY-MM-DD", "YYYY/MM/DD", "DD/MM/YYYY", "MM/DD/YYYY", "DD.MM.YYYY", " ??", "2024-01-??", "??:??",
               "<owner>", "<Name of the service>"]
    generator = random.Random(13)
    pieces = list("TBDACOFIXMEHhmsSYX:-/.?<>|a1 \n") + ["TB", "XX", "HH", "MM", "YY", "DD", "??", "owner", "2024"]
    samples += ["".join(generator.choice(pieces) for _ in range(generator.randint(1, 10))) for _ in range(30_000)]
    found = [text for text in samples if PLACEHOLDER.search(text)]
    assert len(found) > 200  # the random strings do reach the placeholders
    assert [text for text in found if not _ANY_PLACEHOLDER.search(text)] == []
