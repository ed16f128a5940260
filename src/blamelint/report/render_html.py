"""The report as one self-contained HTML page: inline CSS and SVG, no script, no font, no
network (a Content-Security-Policy says so to the browser). Every piece of document text
is escaped."""

from __future__ import annotations

from html import escape
from importlib import resources
from pathlib import PurePath

from blamelint.report.charts import chart

TOP_THEMES = 20
TOP_RULES = 5  # per family
DOCS_PER_THEME = 6
OPEN_THEMES = 1  # the first theme is shown unfolded, as an example of what the others hold
_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
_ARROWS = {"down": "↓ going down", "up": "↑ going up", "flat": "→ about flat", "unknown": "not enough dated periods"}


def render(report: dict) -> str:
    css = resources.files("blamelint.report").joinpath("report.css").read_text(encoding="utf-8")
    body = "".join([_header(report), _cards(report), _trends(report), _themes(report), _actions(report),
                    _rules(report), _documents(report), _problems(report), _footer(report)])
    return ("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<meta http-equiv=\"Content-Security-Policy\" content=\"{_CSP}\">\n"
            "<title>Postmortem archive report</title>\n"
            f"<style>\n{css}</style>\n</head>\n<body>\n<main>\n{body}</main>\n</body>\n</html>\n")


def _e(value) -> str:
    return escape("" if value is None else str(value))


def _name(path: str) -> str:
    return PurePath(path).name


def _percent(value) -> str:
    return "–" if value is None else f"{round(100 * value)}%"


def _density(value) -> str:
    return "–" if value is None else f"{value:.2f}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s") + (" is" if n == 1 else " are")


def _header(report: dict) -> str:
    summary = report["summary"]
    span = (f"{summary['first_date']} to {summary['last_date']}" if summary["first_date"] else "no dated documents")
    return (f"<header><h1>Postmortem archive report</h1><p class=\"lede\">{summary['documents']} documents, "
            f"{_e(span)} · {summary['undated']} undated · {summary['words']:,} words</p></header>\n")


def _cards(report: dict) -> str:
    summary, trends, themes = report["summary"], report["trends"], report["themes"]
    cards = [
        ("Documents", f"{summary['documents']}", f"{summary['dated']} dated, {summary['undated']} undated"),
        ("Blame language", _density(summary["blame_density"]),
         f"findings per 1,000 words · {_ARROWS[trends['blame_density_direction']]}"),
        ("Structural completeness", _percent(summary["completeness"]),
         f"mean score · {_ARROWS[trends['completeness_direction']]}"),
        ("Recurring factors", f"{len(themes['factors'])}", "themes in two or more documents"),
        ("Action items proposed again", f"{len(themes['repeated_action_items'])}", "groups across documents"),
    ]
    items = "".join(f'<div class="card"><div class="k">{_e(k)}</div><div class="v">{_e(v)}</div>'
                    f'<div class="s">{_e(s)}</div></div>' for k, v, s in cards)
    return f'<section class="cards">{items}</section>\n'


def _trends(report: dict) -> str:
    trends = report["trends"]
    buckets = trends["buckets"]
    unit = "month" if trends["period"] == "month" else "quarter"
    if not buckets:
        return '<section id="trends"><h2>Over time</h2><p class="muted">No dated documents.</p></section>\n'
    labels = [b["period"] for b in buckets]
    density = chart("chart-density", f"Blame-language findings per 1,000 words, by {unit}", labels,
                    [b["blame_density"] for b in buckets], "bar", fmt=lambda v: f"{v:.2f}",
                    tooltips=[_tip(b, _density(b["blame_density"]) + " per 1,000 words") for b in buckets])
    complete = chart("chart-completeness", f"Mean structural completeness, by {unit}", labels,
                     [b["completeness"] for b in buckets], "line", y_max=1.0, fmt=_percent,
                     tooltips=[_tip(b, _percent(b["completeness"])) for b in buckets], color="#0f766e")
    undated = trends["undated_documents"]
    note = (f'<p class="muted">{_count(undated, "undated document")} not in the charts. '
            "The dashed line is the least-squares trend.</p>")
    return (f'<section id="trends"><h2>Over time</h2>{note}<div class="charts">'
            + _figure(f"Blame language by {unit}", density, _density_table(buckets, unit))
            + _figure(f"Completeness by {unit}", complete, _completeness_table(buckets, unit))
            + "</div></section>\n")


def _tip(bucket: dict, value: str) -> str:
    if not bucket["documents"]:
        return f"{bucket['period']}: no documents"
    return f"{bucket['period']}: {value} ({bucket['documents']} documents)"


def _figure(caption: str, svg: str, table: str) -> str:
    return (f'<figure class="chart-figure"><figcaption>{_e(caption)}</figcaption>{svg}'
            f"<details><summary>Table</summary>{table}</details></figure>")


def _density_table(buckets: list[dict], unit: str) -> str:
    rows = "".join(f"<tr><td>{_e(b['period'])}</td><td class=\"n\">{b['documents']}</td>"
                   f"<td class=\"n\">{b['words']:,}</td><td class=\"n\">{b['findings']['blame']}</td>"
                   f"<td class=\"n\">{_density(b['blame_density'])}</td></tr>" for b in buckets)
    return (f"<table><thead><tr><th>{unit.capitalize()}</th><th>Documents</th><th>Words</th>"
            f"<th>Blame findings</th><th>Per 1,000 words</th></tr></thead><tbody>{rows}</tbody></table>")


def _completeness_table(buckets: list[dict], unit: str) -> str:
    rows = "".join(f"<tr><td>{_e(b['period'])}</td><td class=\"n\">{b['documents']}</td>"
                   f"<td class=\"n\">{_percent(b['completeness'])}</td></tr>" for b in buckets)
    return (f"<table><thead><tr><th>{unit.capitalize()}</th><th>Documents</th><th>Mean completeness</th>"
            f"</tr></thead><tbody>{rows}</tbody></table>")


def _themes(report: dict) -> str:
    groups = report["themes"]["factors"]
    if not groups:
        return ('<section id="themes"><h2>Recurring contributing factors</h2>'
                '<p class="muted">No contributing factor comes back in two documents.</p></section>\n')
    items = "".join(_group(g["label"], g["documents"], index < OPEN_THEMES) for index, g in enumerate(groups[:TOP_THEMES]))
    more = _more(len(groups) - TOP_THEMES, "themes")
    return (f'<section id="themes"><h2>Recurring contributing factors</h2><p class="muted">Grouped by the head '
            f'nouns and lemmas of the causes they name.</p><ol class="themes">{items}</ol>{more}</section>\n')


def _group(label: str, mentions: list[dict], open_: bool) -> str:
    """One folded entry: the label, how many documents and their dates; unfolded, each sentence."""
    dates = "".join(f'<span class="chip">{_e(m["date"] or "undated")}</span>' for m in mentions[:DOCS_PER_THEME])
    if len(mentions) > DOCS_PER_THEME:
        dates += f'<span class="chip">+{len(mentions) - DOCS_PER_THEME}</span>'
    entries = "".join(f'<li><span class="date">{_e(m["date"] or "undated")}</span> '
                      f'<span class="doc" title="{_e(m["path"])}">{_e(_name(m["path"]))}:{m["line"]}</span>'
                      f'<q>{_e(_clip(m["text"]))}</q></li>' for m in mentions)
    documents = len({m["path"] for m in mentions})
    return (f'<li><details{" open" if open_ else ""}><summary><span class="label">{_e(label)}</span> '
            f'<span class="count">{documents} documents</span> {dates}</summary><ul>{entries}</ul></details></li>')


def _clip(text: str, limit: int = 220) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def _actions(report: dict) -> str:
    groups = report["themes"]["repeated_action_items"]
    if not groups:
        return ('<section id="actions"><h2>Action items proposed again</h2>'
                '<p class="muted">No action item looks repeated across documents.</p></section>\n')
    items = "".join(_group(g["label"], g["items"], index < OPEN_THEMES) for index, g in enumerate(groups[:TOP_THEMES]))
    return (f'<section id="actions"><h2>Action items proposed again</h2><p class="muted">The same fix proposed in '
            f'more than one postmortem may mean the first one did not land.</p><ol class="themes">{items}</ol>'
            f'{_more(len(groups) - TOP_THEMES, "groups")}</section>\n')


_FAMILY_TITLES = (("blame", "Blaming language"), ("assumption", "Unsupported assumptions"), ("structure", "Structure"))


def _rules(report: dict) -> str:
    """The most frequent rules of each family: language findings first, with their sentences."""
    rules = report["rules"]
    if not rules:
        return '<section id="rules"><h2>Most frequent rules</h2><p class="muted">No findings.</p></section>\n'
    tables = []
    for family, title in _FAMILY_TITLES:
        of_family = [r for r in rules if r["family"] == family]
        if of_family:
            rows = "".join(_rule_row(r) for r in of_family[:TOP_RULES])
            tables.append(f'<h3>{_e(title)}</h3><table class="rules"><thead><tr><th>Rule</th><th>Findings</th>'
                          f'<th>Documents</th><th>Examples</th></tr></thead><tbody>{rows}</tbody></table>'
                          + _more(len(of_family) - TOP_RULES, "rules"))
    return f'<section id="rules"><h2>Most frequent rules</h2>{"".join(tables)}</section>\n'


def _rule_row(rule: dict) -> str:
    """Language rules show the sentence with the flagged words marked; structural rules, what is missing."""
    shown = _highlighted if rule["family"] != "structure" else (lambda e: f"{_e(e['message'])} <mark>{_e(_flagged(e))}</mark>")
    examples = "".join(f'<li>{shown(e)} <span class="doc">{_e(_name(e["path"]))}:{e["line"]}</span></li>'
                       for e in rule["examples"])
    return (f'<tr><td><a href="{_e(rule["url"])}">{_e(rule["rule"])}</a> <span class="family {_e(rule["family"])}">'
            f'{_e(rule["family"])}</span><div class="muted">{_e(rule["name"])}</div></td>'
            f'<td class="n">{rule["findings"]}</td><td class="n">{rule["documents"]}</td>'
            f'<td><ul class="examples">{examples}</ul></td></tr>')


def _flagged(example: dict) -> str:
    start, end = example["highlight"]
    return example["sentence"][start:end]


def _highlighted(example: dict) -> str:
    sentence, (start, end) = example["sentence"], example["highlight"]
    return f"{_e(sentence[:start])}<mark>{_e(sentence[start:end])}</mark>{_e(sentence[end:])}"


def _documents(report: dict) -> str:
    rows = "".join(_document_row(d) for d in report["documents"])
    return (f'<section id="documents"><h2>Documents</h2><table class="documents"><thead><tr><th>Date</th>'
            f'<th>Document</th><th>Words</th><th>Blame</th><th>Assumption</th><th>Structure</th>'
            f'<th>Blame per 1,000 words</th><th>Completeness</th></tr></thead><tbody>{rows}</tbody></table></section>\n')


def _document_row(document: dict) -> str:
    families = document["findings"]["by_family"]
    score = document["completeness"]["score"]
    date = document["date"] or "undated"
    return (f'<tr><td class="date" title="from the {_e(document["date_source"])}">{_e(date)}</td>'
            f'<td><div>{_e(document["title"] or _name(document["path"]))}</div>'
            f'<div class="doc">{_e(document["path"])}</div></td><td class="n">{document["words"]:,}</td>'
            f'<td class="n">{families["blame"]}</td><td class="n">{families["assumption"]}</td>'
            f'<td class="n">{families["structure"]}</td><td class="n">{_density(document["blame_density"])}</td>'
            f'<td><span class="meter"><span style="width:{round(100 * score)}%"></span></span> {_percent(score)}</td></tr>')


def _problems(report: dict) -> str:
    entries = [f"{s['path']}: skipped ({s['reason']})" for s in report["skipped"]]
    entries += [f"{e['path']}: {e['message']}" if e["path"] else e["message"] for e in report["errors"]]
    if not entries:
        return ""
    items = "".join(f"<li>{_e(entry)}</li>" for entry in entries)
    return f'<section id="problems"><h2>Files not in the report</h2><ul>{items}</ul></section>\n'


def _more(count: int, what: str) -> str:
    return f'<p class="muted">{count} more {what} in the JSON report (--format json).</p>' if count > 0 else ""


def _footer(report: dict) -> str:
    generator = report["generator"]
    return (f'<footer>Made by {_e(generator["name"])} {_e(generator["version"])} · report schema version '
            f'{report["schema_version"]} · densities are findings per 1,000 words of prose</footer>\n')
