"""The HTML report in a real browser: headless Chromium (Debian's `chromium` package).

The browser is installed where it is missing (apt-get, as root); the tests skip, saying
why, only when that cannot be done. The report must open with no console error, no blocked
request and no Content-Security-Policy violation, and every chart must draw one mark per
period that has documents, next to a table with one row per period.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from blamelint.cli import cli
from conftest import REPO
from headless import CHART_CHECK, Browser, ensure_chromium

ARCHIVE = REPO / "tests" / "fixtures" / "archive"


@pytest.fixture(scope="session")
def chromium() -> str:
    binary, why_not = ensure_chromium()
    if binary is None:
        pytest.skip(f"headless Chromium is not available: {why_not}")
    return binary


def check_in_browser(chromium: str, html_file: Path, buckets: int) -> None:
    with Browser(chromium) as browser:
        browser.open(html_file)
        charts = browser.evaluate(CHART_CHECK)
        problems = browser.console_problems()
    assert problems == []
    assert [c["id"] for c in charts] == ["chart-density", "chart-completeness"]
    for found in charts:
        assert found["width"] > 200 and found["height"] > 80, found
        assert found["expected"] > 0 and found["drawn"] == found["expected"], found
        assert found["rows"] == buckets, found


def test_fixture_report_renders_in_chromium(chromium, tmp_path):
    target = tmp_path / "report.html"
    result = CliRunner().invoke(cli, ["report", str(ARCHIVE), "-o", str(target)])
    assert result.exit_code == 0, result.output
    check_in_browser(chromium, target, buckets=7)


def test_report_is_self_contained():
    html = CliRunner().invoke(cli, ["report", str(ARCHIVE)]).stdout
    assert not re.search(r"<script|<link|<img|<iframe|@import|url\(|\bsrc=", html, re.IGNORECASE)
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    # the only addresses are links to rule pages, which nothing loads
    addresses = re.findall(r"https?://[^\"'<> ]+", html)
    assert addresses and all("/docs/rules/BL" in a for a in addresses if "w3.org" not in a)
