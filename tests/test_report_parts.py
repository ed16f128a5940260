"""The archive report's parts on their own: dates, trends, themes from the parse, charts."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from blamelint.pipeline import load_pipeline
from blamelint.report.charts import chart
from blamelint.report.dates import document_date
from blamelint.report.themes import content_lemmas, factor_groups, repeated_actions, terms
from blamelint.report.trends import choose_period, direction, trends


# --- dates ---------------------------------------------------------------------------
@pytest.mark.parametrize("front_matter, expected", [
    ("title: x\ndate: 2024-03-05\n", "2024-03-05"),  # YAML reads a date
    ("date: '2024-03-05T09:30:00Z'\n", "2024-03-05"),  # a quoted timestamp
    ("Incident_Date: March 7, 2024\n", "2024-03-07"),
    ("published: 7 March 2024\n", "2024-03-07"),
])
def test_front_matter_dates(front_matter, expected):
    date = document_date("notes.md", "", front_matter, ["On 2020-01-01 something else happened."])
    assert (date.iso(), date.source) == (expected, "front-matter")


def test_toml_front_matter_date():
    source = '+++\ntitle = "x"\ndate = 2023-05-01\n+++\n\nBody.\n'
    assert document_date("post.md", source, None, ["Body."]).iso() == "2023-05-01"


def test_malformed_front_matter_falls_through():
    date = document_date("2022-02-02-x.md", "", "date: [unclosed\n", [])
    assert (date.iso(), date.source) == ("2022-02-02", "file-name")


@pytest.mark.parametrize("name, expected", [
    ("2021-05-09-disk.md", ("2021-05-09", "day")),
    ("incident_2021_05_09.md", ("2021-05-09", "day")),
    ("pm-20210509.md", ("2021-05-09", "day")),
    ("2021-05_2021-05-26-site.md", ("2021-05-26", "day")),
    ("2023-04_04-25-account.md", ("2023-04-25", "day")),  # a month folder folded into the name
    ("2023-04-review.md", ("2023-04", "month")),
    ("2024-02-30-x.md", ("2024-02", "month")),  # no 30 February: the month still holds
])
def test_file_name_dates(name, expected):
    date = document_date(f"archive/{name}", "", None, [])
    assert ((date.iso(), date.precision), date.source) == (expected, "file-name")


@pytest.mark.parametrize("name", ["PM2019-009-network.md", "release-1.2024.3.md", "retro-28-nov.md"])
def test_names_without_a_date(name):
    assert document_date(name, "", None, []).source == "undated"


@pytest.mark.parametrize("text, expected", [
    ("On Monday 3. February 2020 the cluster was upgraded.", "2020-02-03"),
    ("It started on May 3rd, 2024 at noon.", "2024-05-03"),
    ("The 14th of June 2022 was quiet until 10:00.", "2022-06-14"),
    ("At 01:52 UTC, 2022-10-28, the change was merged.", "2022-10-28"),
    ("Logged 2019/11/05 by the pager.", "2019-11-05"),
])
def test_text_dates(text, expected):
    date = document_date("x.md", text, None, ["# Title", text])
    assert (date.iso(), date.source) == (expected, "text")


@pytest.mark.parametrize("text", ["On 3 May the cache filled.", "Version 2.2024.10 shipped.", "On 1850-01-01 nothing.",
                                  "It failed on 31 April 2024."])
def test_text_without_a_usable_date(text):
    assert document_date("x.md", text, None, [text]).source == "undated"


# --- trends --------------------------------------------------------------------------
def fact(day: str | None, words: int, blame: int, score: float):
    date = SimpleNamespace(day=dt.date.fromisoformat(day) if day else None)
    return SimpleNamespace(date=date, words=words, by_family={"blame": blame, "assumption": 0, "structure": 0},
                           completeness={"score": score})


def test_trends_pool_findings_and_keep_empty_periods():
    documents = [fact("2024-01-05", 1000, 4, 0.5), fact("2024-02-20", 3000, 0, 1.0), fact("2024-07-01", 500, 1, 0.2),
                 fact(None, 800, 9, 0.0)]
    result = trends(documents, "quarter")
    assert [b["period"] for b in result["buckets"]] == ["2024-Q1", "2024-Q2", "2024-Q3"]
    first, empty, last = result["buckets"]
    assert first["blame_density"] == 1.0  # 4 findings in 4,000 words, not the mean of 4.0 and 0.0
    assert first["completeness"] == 0.75
    assert (empty["documents"], empty["blame_density"], empty["completeness"]) == (0, None, None)
    assert last["blame_density"] == 2.0
    assert result["undated_documents"] == 1


def test_auto_period_is_months_for_a_short_archive():
    short = [dt.date(2024, 1, 1), dt.date(2025, 6, 30)]
    assert choose_period(short, "auto") == "month"
    assert choose_period([dt.date(2024, 1, 1), dt.date(2025, 7, 1)], "auto") == "quarter"
    assert choose_period(short, "quarter") == "quarter"


@pytest.mark.parametrize("values, expected", [
    ([3.0, 2.0, None, 1.0], "down"),
    ([1.0, 1.5, 2.5], "up"),
    ([2.0, 2.05, 1.98, 2.0], "flat"),
    ([0.0, 0.0], "flat"),
    ([None, 4.0, None], "unknown"),
])
def test_direction(values, expected):
    assert direction(values) == expected


# --- themes --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def nlp(linter):
    return load_pipeline()


def pairs(nlp, text: str) -> set[tuple[str, str]]:
    return {pair for term in terms(list(nlp(text))) for pair in term.pairs()}


@pytest.mark.parametrize("text", [
    "The certificate expired over the weekend.",
    "Certificate expiry took the site down.",
    "The expiry of the certificate was not tracked.",
    "An expired certificate broke the handshake.",
])
def test_wordings_of_certificate_expiry_meet(nlp, text):
    assert ("certificate", "expire") in pairs(nlp, text)


@pytest.mark.parametrize("text", [
    "There was no alert on the queue.",
    "A missing alert let the backlog grow.",
    "The lack of alerting hid the backlog.",
])
def test_absent_things_read_as_missing(nlp, text):
    assert ("alert", "missing") in pairs(nlp, text)


def test_a_clause_is_not_a_compound(nlp):
    assert not any("deploy" in pair for pair in pairs(nlp, "Engineers deploy code on Fridays."))


def test_generic_nouns_make_no_theme(nlp):
    assert pairs(nlp, "The root cause of the issue was a problem.") == set()


def doc(path: str, day: str | None, factors=(), actions=()):
    return SimpleNamespace(path=path, date_iso=day, factors=list(factors), actions=list(actions))


def factor(nlp, text: str):
    return SimpleNamespace(text=text, line=1, terms=terms(list(nlp(text))))


def test_factor_groups_need_two_documents(nlp):
    documents = [
        doc("a.md", "2024-01-01", [factor(nlp, "The manual deploy step was skipped.")]),
        doc("b.md", "2024-02-01", [factor(nlp, "It was a manual deploy step again."),
                                   factor(nlp, "The disk filled up.")]),
        doc("c.md", None, [factor(nlp, "The disk quota was too small.")]),
    ]
    groups = factor_groups(documents)
    assert [g["label"] for g in groups] == ["manual deploy step"]
    assert [d["path"] for d in groups[0]["documents"]] == ["a.md", "b.md"]


def action(nlp, text: str):
    return SimpleNamespace(text=text, line=1, lemmas=content_lemmas(list(nlp(text))))


def test_repeated_action_items_across_documents_only(nlp):
    documents = [
        doc("a.md", "2024-01-01", actions=[action(nlp, "Add an alert on disk usage above 90%"),
                                           action(nlp, "Add an alert on disk usage for the database")]),
        doc("b.md", "2024-06-01", actions=[action(nlp, "Alert on disk usage above 90 percent"),
                                           action(nlp, "Rotate the signing keys every year")]),
    ]
    groups = repeated_actions(documents)
    assert len(groups) == 1
    assert {i["path"] for i in groups[0]["items"]} == {"a.md", "b.md"}
    assert {"alert", "disk", "usage"} <= set(groups[0]["lemmas"])
    alone = repeated_actions(documents[:1])  # the same document twice is not a repetition
    assert alone == []


# --- charts --------------------------------------------------------------------------
def test_chart_draws_one_mark_per_value_and_escapes_labels():
    svg = chart("c", "Density <by> quarter", ["2024-Q1", "<Q2>", "2024-Q3"], [1.5, None, 0.0], "bar")
    assert svg.count('class="mark"') == 2 and 'data-marks="2"' in svg
    assert "&lt;by&gt;" in svg and "&lt;Q2&gt;" in svg and "<Q2>" not in svg
    line = chart("d", "Completeness", ["a", "b", "c"], [0.5, 0.75, None], "line", y_max=1.0)
    assert line.count("<circle") == 2 and "<polyline" in line


# --- facts as plain data ---------------------------------------------------------------
def test_document_facts_survive_a_round_trip_through_json(linter):
    import json

    from blamelint.config import Config
    from blamelint.inputs import read_file
    from blamelint.report.collect import document_facts
    from blamelint.report.facts import from_data, to_data
    from conftest import REPO

    path = REPO / "tests" / "fixtures" / "archive" / "2023-08-14-api-certificate.md"
    facts = document_facts(read_file(path, 1_000_000), Config(), linter)
    assert facts.factors and facts.actions and facts.examples and facts.date.day  # something of each to keep
    assert from_data(json.loads(json.dumps(to_data(facts)))) == facts
