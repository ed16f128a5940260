"""docs/rules/ is generated from the rule files; a stale page fails the build."""

from blamelint.docgen import expected_pages
from conftest import REPO, RULES


def test_rule_pages_are_up_to_date():
    directory = REPO / "docs" / "rules"
    for name, text in expected_pages(list(RULES)).items():
        page = directory / name
        assert page.is_file(), f"missing {page}: run `python -m blamelint.docgen`"
        assert page.read_text(encoding="utf-8") == text, f"stale {page}: run `python -m blamelint.docgen`"


def test_no_orphan_rule_pages():
    expected = set(expected_pages(list(RULES)))
    present = {p.name for p in (REPO / "docs" / "rules").glob("*.md")}
    assert present <= expected, f"pages without a rule: {sorted(present - expected)}"
