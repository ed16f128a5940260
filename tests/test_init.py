"""`blamelint init`: a template per profile that the structure rules accept once filled in."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from blamelint.cli import cli
from blamelint.config import Config
from blamelint.engine import Linter
from blamelint.structure.profiles import builtin_profile, builtin_profile_names
from blamelint.template import template_text
from conftest import RULES

STRUCTURE = [r for r in RULES if r.family == "structure"]

# What a responder would write in place of each kind of placeholder.
_FILL = [
    (r"<(?:short title of the incident|incident title|Incident title)>", "Disk full on db-3"),
    (r"<number>", "4521"),
    (r"<(?:authors|investigators|responders|owner|name)>", "Dana Okafor"),
    (r"<role or team>|<team or role>", "the storage team"),
    (r"<(?:change to the system|change|corrective action)[^>]*>",
     "Page the storage on-call when WAL archiving fails for 10 minutes"),
    (r"<(?:what happened|event)>", "WAL archive job starts failing after the credentials rotation"),
    (r"<metric>", "Failed writes"),
    (r"<(?:ticket|bug|issue link)>", "[OPS-1234](https://tracker.example.com/OPS-1234)"),
    (r"<link>", "https://grafana.example.com/d/db3"),
    (r"YYYY-MM-DD", "2024-05-14"),
    (r"HH:MM", "10:42"),
    (r"(?m)^(\s*(?:-|1\.)?\s*(?:Why\? )?)TBD$",
     r"\1WAL archiving had failed silently for 3 days, so old segments were never removed and the disk filled."),
    (r"TBD", "SEV-2"),
]


def fill(template: str) -> str:
    text = template
    for pattern, replacement in _FILL:
        text = re.sub(pattern, replacement, text)
    return text


@pytest.mark.parametrize("name", builtin_profile_names())
def test_filled_template_passes_the_structure_rules(name):
    profile = builtin_profile(name)
    linter = Linter(STRUCTURE)
    config = Config(profile=profile)
    unfilled = linter.lint_text(profile.template, "postmortem.md", config)
    assert any(f.name == "template-placeholder" for f in unfilled)  # the raw template is not a postmortem yet
    assert any(f.name == "empty-section" for f in unfilled)
    filled = fill(profile.template)
    prose = re.sub(r"<!--.*?-->", "", filled, flags=re.DOTALL)  # guidance comments may mention placeholders
    assert "TBD" not in prose and not re.search(r"<[a-z][^>]*>", prose, re.IGNORECASE)
    findings = linter.lint_text(filled, "postmortem.md", config)
    assert [(f.name, f.text, f.message) for f in findings] == []


def test_template_has_guidance_in_html_comments():
    for name in builtin_profile_names():
        assert "<!--" in template_text(name) and "blame" in template_text(name).lower()


def test_init_writes_and_refuses_to_overwrite(tmp_path):
    runner = CliRunner()
    target = tmp_path / "pm.md"
    result = runner.invoke(cli, ["init", str(target), "--profile", "howie"])
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8") == builtin_profile("howie").template
    target.write_text("my notes\n", encoding="utf-8")
    again = runner.invoke(cli, ["init", str(target)])
    assert again.exit_code == 2
    assert "refusing to overwrite" in again.output
    assert target.read_text(encoding="utf-8") == "my notes\n"


def test_init_into_a_folder_and_default_name(tmp_path, monkeypatch):
    runner = CliRunner()
    result = runner.invoke(cli, ["init", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "postmortem.md").read_text(encoding="utf-8") == builtin_profile("default").template
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    assert runner.invoke(cli, ["init"]).exit_code == 0
    assert (here / "postmortem.md").is_file()
    assert runner.invoke(cli, ["init"]).exit_code == 2


def test_init_unknown_profile(tmp_path):
    result = CliRunner().invoke(cli, ["init", str(tmp_path / "pm.md"), "--profile", "nope"])
    assert result.exit_code == 2
    assert "unknown profile 'nope'" in result.output
    assert not (tmp_path / "pm.md").exists()


def test_init_with_a_profile_file(tmp_path):
    profile = tmp_path / "ours.yaml"
    profile.write_text("name: ours\nextends: default\ntemplate: |\n  # Our template\n\n  ## Summary\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["init", str(tmp_path / "pm.md"), "--profile", str(profile)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "pm.md").read_text(encoding="utf-8").startswith("# Our template")
