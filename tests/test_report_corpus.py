"""`blamelint report` over the shared corpus (185 postmortems from many organisations).

One report is built for the whole module (linting the corpus takes a minute or two) and
checked for invariants, not for figures: every document counted once, dates found where the
file names carry them, recurring themes that hold at least two documents, periods that add
up, and the HTML page opening cleanly in headless Chromium.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from blamelint.report.collect import collect
from blamelint.report.model import build_report
from blamelint.report.render_html import render
from blamelint.runner import RunOptions, Runner
from conftest import CORPUS, needs_shared
from test_report import validate
from test_report_html import check_in_browser, chromium  # noqa: F401 (a fixture)

pytestmark = [needs_shared, pytest.mark.corpus]
_NAME_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})-(\d{2})-(\d{2})(?!\d)")


@pytest.fixture(scope="module")
def report(linter) -> dict:
    runner = Runner(RunOptions(), linter)
    return build_report(collect([str(CORPUS)], runner), linter.by_id)


def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*.md"))


def test_matches_the_schema(report):
    validate(report)


def test_every_document_counted_once(report):
    listed = [d["path"] for d in report["documents"]] + [s["path"] for s in report["skipped"]] + [
        e["path"] for e in report["errors"]]
    assert len(listed) == len(set(listed)) == len(corpus_files())
    assert {Path(p).name for p in listed} == {p.name for p in corpus_files()}
    assert report["summary"]["documents"] == len(report["documents"])
    assert report["summary"]["dated"] + report["summary"]["undated"] == len(report["documents"])


def _name_date(name: str) -> dt.date | None:
    for match in _NAME_DATE.finditer(name):
        try:
            return dt.date(*map(int, match.groups()))
        except ValueError:
            continue
    return None


def test_dates_parsed_where_file_names_carry_them(report):
    named = 0
    for document in report["documents"]:
        expected = _name_date(Path(document["path"]).name)
        if expected is None:
            continue
        named += 1
        assert document["date"] is not None, document["path"]
        if document["date_source"] != "front-matter":  # front matter comes first, and may differ
            assert (document["date_source"], document["date"]) == ("file-name", expected.isoformat()), document["path"]
    assert named >= 100  # most corpus file names carry a date


def test_periods_add_up(report):
    trends = report["trends"]
    assert sum(b["documents"] for b in trends["buckets"]) == report["summary"]["dated"]
    periods = [b["period"] for b in trends["buckets"]]
    assert periods == sorted(periods) and len(periods) == len(set(periods))
    assert periods[0] <= report["summary"]["first_date"][:4] + "-Q4"


def test_recurring_groups_are_not_empty(report):
    known = {d["path"]: d["date"] for d in report["documents"]}
    groups = report["themes"]["factors"]
    assert groups
    for group in groups:
        paths = [d["path"] for d in group["documents"]]
        assert len(set(paths)) == len(paths) >= 2, group["label"]
        assert group["label"].strip()
        assert all(known[d["path"]] == d["date"] for d in group["documents"])
    for group in report["themes"]["repeated_action_items"]:
        assert len({i["path"] for i in group["items"]}) >= 2


def test_frequent_rules_count_every_finding(report):
    by_rule = sum(r["findings"] for r in report["rules"])
    assert by_rule == sum(report["summary"]["findings"].values()) > 0


def test_corpus_report_renders_in_chromium(report, chromium, tmp_path):  # noqa: F811
    target = tmp_path / "corpus.html"
    target.write_text(render(report), encoding="utf-8")
    check_in_browser(chromium, target, buckets=len(report["trends"]["buckets"]))
