"""`blamelint report` on a small archive written for these tests (tests/fixtures/archive/).

The archive spans seven quarters (one of them empty): dates in front matter (YAML `date:` and
`incident_date:`), in file names, in the text, and one undated document. Planted recurring
factors: a missing alert (five documents), a manual deploy step (four, worded differently),
certificate expiry (two: "the certificate expired", "certificate expiry"); one action item is
proposed twice. Blaming language is in the early documents only, so the trend goes down.

The golden file is compared exactly. After a deliberate change, regenerate it with
    BLAMELINT_REGEN_GOLDEN=1 .venv/bin/python -m pytest -q tests/test_report.py -k golden
and review the diff.
"""

from __future__ import annotations

import io
import json
import os
import re
import sys
from contextlib import contextmanager
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from blamelint.cli import cli
from conftest import REPO

FIXTURES = REPO / "tests" / "fixtures"
GOLDEN = FIXTURES / "archive-report.json"
SCHEMA = REPO / "src" / "blamelint" / "report" / "report.schema.json"


@contextmanager
def cwd(path: Path):
    before = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


def run(*args: str, at: Path = FIXTURES):
    with cwd(at):
        return CliRunner().invoke(cli, ["report", *args], catch_exceptions=False)


@pytest.fixture(scope="module")
def report_text() -> str:
    result = run("archive", "--format", "json")
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def report(report_text) -> dict:
    return json.loads(report_text)


def validate(report: dict) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(report)


def test_golden(report_text):
    if os.environ.get("BLAMELINT_REGEN_GOLDEN"):
        GOLDEN.write_text(report_text, encoding="utf-8")
    assert report_text == GOLDEN.read_text(encoding="utf-8")


def test_json_matches_the_schema(report):
    validate(report)


def test_the_schema_rejects_what_the_contract_does_not_allow(report):
    broken = json.loads(json.dumps(report))
    broken["documents"][0]["date_source"] = "guess"
    with pytest.raises(jsonschema.ValidationError):
        validate(broken)


def by_path(report: dict) -> dict:
    return {Path(d["path"]).name: d for d in report["documents"]}


def test_dates_come_from_front_matter_file_name_text_or_nowhere(report):
    documents = by_path(report)
    assert (documents["payments-timeouts.md"]["date"], documents["payments-timeouts.md"]["date_source"]) == (
        "2023-11-02", "front-matter")  # the text says 1 November: front matter comes first
    assert documents["queue-consumer-lag.md"]["date_source"] == "front-matter"
    assert (documents["2024-05-20-login-outage.md"]["date"], documents["2024-05-20-login-outage.md"]["date_source"]) == (
        "2024-05-20", "file-name")
    assert (documents["search-index-rebuild.md"]["date"], documents["search-index-rebuild.md"]["date_source"]) == (
        "2024-02-12", "text")
    assert documents["notes-cache-stampede.md"]["date"] is None
    assert documents["notes-cache-stampede.md"]["date_source"] == "undated"


def test_every_document_is_counted_once(report):
    paths = [d["path"] for d in report["documents"]]
    assert len(paths) == len(set(paths)) == len(list((FIXTURES / "archive").glob("*.md")))
    assert sum(b["documents"] for b in report["trends"]["buckets"]) == report["summary"]["dated"]


def theme(report: dict, *lemmas: str) -> dict:
    return next(g for g in report["themes"]["factors"] if set(lemmas) <= set(g["lemmas"]))


def names(group: dict, key: str = "documents") -> set[str]:
    return {Path(d["path"]).name for d in group[key]}


def test_planted_factors_are_grouped_across_wordings(report):
    assert names(theme(report, "missing", "alert")) == {
        "2023-08-14-api-certificate.md", "payments-timeouts.md", "2024-05-20-login-outage.md",
        "queue-consumer-lag.md", "2025-02-11-billing-export.md"}
    step = theme(report, "manual", "deploy", "step")
    assert step["label"] == "manual deploy step"
    assert len(step["documents"]) == 4
    assert names(theme(report, "certificate", "expire")) == {"2023-08-14-api-certificate.md", "2024-05-20-login-outage.md"}


def test_a_fix_proposed_twice_is_reported(report):
    groups = report["themes"]["repeated_action_items"]
    assert any(names(g, "items") == {"2023-08-14-api-certificate.md", "2024-05-20-login-outage.md"}
               and {"alert", "certificate"} <= set(g["lemmas"]) for g in groups)


def test_trend_goes_down_with_an_empty_quarter(report):
    trends = report["trends"]
    assert trends["period"] == "quarter"
    assert trends["blame_density_direction"] == "down"
    empty = [b for b in trends["buckets"] if b["documents"] == 0]
    assert [b["period"] for b in empty] == ["2024-Q3"]
    assert empty[0]["blame_density"] is None and empty[0]["completeness"] is None


def test_monthly_periods_on_request():
    result = run("archive", "--format", "json", "--period", "month")
    buckets = json.loads(result.stdout)["trends"]["buckets"]
    assert buckets[0]["period"] == "2023-08" and buckets[-1]["period"] == "2025-02"
    assert len(buckets) == 19  # every month in between, empty ones too


def test_frequent_rules_link_their_pages_and_show_the_sentence(report):
    rules = {r["rule"]: r for r in report["rules"]}
    counts = [r["findings"] for r in report["rules"]]
    assert counts == sorted(counts, reverse=True)
    blame = rules["BL101"]
    assert blame["url"].endswith("/docs/rules/BL101.md")
    example = blame["examples"][0]
    start, end = example["highlight"]
    assert example["sentence"][start:end].startswith("Priya forgot")
    assert example["sentence"].endswith("reading the first page.")


def test_markdown_and_html_from_the_same_report():
    markdown = run("archive", "--format", "markdown").stdout
    assert markdown.startswith("# Postmortem archive report")
    assert "**manual deploy step** (4 documents)" in markdown
    html = run("archive").stdout  # html is the default
    assert html.startswith("<!doctype html>")
    assert html.count('<svg class="chart"') == 2


def test_output_file_and_format_from_its_suffix(tmp_path):
    target = tmp_path / "report.md"
    result = run("archive", "-o", str(target))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert target.read_text(encoding="utf-8").startswith("# Postmortem archive report")
    assert f"wrote the markdown report on 8 documents to {target}" in result.stderr


@pytest.fixture
def hostile_archive(tmp_path) -> Path:
    """Two postmortems whose names and text hold markup: the report must show it, never run it."""
    for day in ("2024-01-10", "2024-04-02"):
        (tmp_path / f"{day}-a<i>&b.md").write_text(
            f'# `<script>alert("{day}")</script>` & "quoted"\n\n## Contributing factors\n\n'
            "- The missing alert on disk usage let the disk fill: `<img src=x onerror=alert(1)>`.\n",
            encoding="utf-8")
    return tmp_path


def test_document_text_is_escaped_in_html(hostile_archive):
    html = run(".", at=hostile_archive).stdout
    assert "<script>" not in html and "<img" not in html and "<i>" not in html
    assert "`&lt;script&gt;alert(&quot;2024-01-10&quot;)&lt;/script&gt;` &amp; &quot;quoted&quot;" in html
    assert "`&lt;img src=x onerror=alert(1)&gt;`" in html  # in the recurring factor's sentence
    assert "a&lt;i&gt;&amp;b.md" in html


def test_document_text_is_escaped_in_markdown(hostile_archive):
    markdown = run(".", "--format", "markdown", at=hostile_archive).stdout
    assert not re.search(r"(?<!\\)[<&]", markdown)  # every < and & is escaped
    assert r"\`\<img src=x onerror=alert(1)\>\`" in markdown
    assert r"a\<i\>\&b.md" in markdown


def test_unreadable_and_empty_files_are_reported_not_fatal(tmp_path):
    (tmp_path / "2024-03-01-ok.md").write_text("# Fine\n\n## Summary\n\nThe cache filled up.\n", encoding="utf-8")
    (tmp_path / "2024-03-02-binary.md").write_bytes(b"\x00\x01binary")
    (tmp_path / "2024-03-03-empty.md").write_text("", encoding="utf-8")
    result = run(".", "--format", "json", at=tmp_path)
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    assert [Path(d["path"]).name for d in report["documents"]] == ["2024-03-01-ok.md"]
    assert [Path(s["path"]).name for s in report["skipped"]] == ["2024-03-03-empty.md"]
    assert [Path(e["path"]).name for e in report["errors"]] == ["2024-03-02-binary.md"]
    assert "binary file" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("args, message", [
    (("no-such-folder",), "no-such-folder: no such file or directory"),
    (("-",), "not standard input"),
    (("archive", "-o", "no-such-dir/report.html"), "cannot write the report"),
    (("archive", "--config", "missing.yaml"), "configuration file not found"),
])
def test_bad_input_is_one_line_and_exit_2(args, message):
    result = run(*args)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and lines[0].startswith("blamelint: error:")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_only_on_a_terminal(monkeypatch, tmp_path, capsys, linter):
    from blamelint.report import command

    monkeypatch.setattr(command, "PROGRESS_MIN_FILES", 2)
    with cwd(FIXTURES):
        command.run_report(["archive"], "json", tmp_path / "quiet.json", "auto", None, linter)
    assert "blamelint report" not in capsys.readouterr().err  # pytest's stderr is no terminal
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with cwd(FIXTURES):
        command.run_report(["archive"], "json", tmp_path / "loud.json", "auto", None, linter)
    assert "blamelint report" in terminal.getvalue() and "8/8" in terminal.getvalue()


def test_the_documented_example_follows_the_schema():
    page = (REPO / "docs" / "report-format.md").read_text(encoding="utf-8")
    example = json.loads(re.search(r"```json\n(.*?)```", page, re.S).group(1))
    validate(example)


def test_cli_offers_every_renderer():
    from blamelint import cli as cli_module
    from blamelint.report.command import RENDERERS

    assert cli_module.REPORT_FORMATS == tuple(RENDERERS)


# --- the content cache: a report over an archive reported before neither lints nor parses ----
def test_a_second_report_reads_the_cache_not_the_parser(monkeypatch, report_text):
    from blamelint.engine import Linter

    first = run("archive", "--format", "json")
    assert first.exit_code == 0 and first.stdout == report_text

    def refuse(*args, **kwargs):
        raise AssertionError("the second report linted or parsed again")

    monkeypatch.setattr(Linter, "lint_text", refuse)
    monkeypatch.setattr(Linter, "parsed_blocks", refuse)
    second = run("archive", "--format", "json")
    assert second.exit_code == 0 and second.stdout == report_text
    with pytest.raises(AssertionError, match="linted or parsed again"):
        run("archive", "--format", "json", "--no-cache")  # the check can fail: --no-cache reads again


def test_a_report_after_check_reuses_the_findings(monkeypatch, tmp_path, report_text):
    """`check` fills the cache with findings; the report then only parses for its themes."""
    from blamelint.engine import Linter

    with cwd(FIXTURES):
        assert CliRunner().invoke(cli, ["check", "--jobs", "1", "archive"]).exit_code in (0, 1)
    calls = []
    original = Linter.lint_text
    monkeypatch.setattr(Linter, "lint_text", lambda self, *a, **k: calls.append(1) or original(self, *a, **k))
    result = run("archive", "--format", "json")
    assert result.exit_code == 0 and result.stdout == report_text and calls == []
