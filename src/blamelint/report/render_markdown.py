"""The report as Markdown: the same sections as the HTML page, as tables and lists."""

from __future__ import annotations

import re

from blamelint.report.render_html import DOCS_PER_THEME, TOP_THEMES

TOP_RULES = 10

_ARROWS = {"down": "going down", "up": "going up", "flat": "about flat", "unknown": "not enough dated periods"}
_SPECIAL = re.compile(r"([\\`*_\[\]<>|#&])")


def md(value) -> str:
    """Document text made inert in Markdown: markup characters escaped, one line."""
    return _SPECIAL.sub(r"\\\1", " ".join(str("" if value is None else value).split()))


def _num(value, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _percent(value) -> str:
    return "–" if value is None else f"{round(100 * value)}%"


def render(report: dict) -> str:
    parts = [_summary(report), _trends(report), _themes(report), _actions(report), _rules(report),
             _documents(report), _problems(report)]
    return "\n".join(p for p in parts if p)


def _summary(report: dict) -> str:
    s, t = report["summary"], report["trends"]
    span = f"{s['first_date']} to {s['last_date']}" if s["first_date"] else "no dated documents"
    return (f"# Postmortem archive report\n\n{s['documents']} documents ({s['dated']} dated, {s['undated']} undated), "
            f"{span}, {s['words']:,} words.\n\n"
            f"- Blame language: {_num(s['blame_density'])} findings per 1,000 words, "
            f"{_ARROWS[t['blame_density_direction']]}\n"
            f"- Structural completeness: {_percent(s['completeness'])} on average, "
            f"{_ARROWS[t['completeness_direction']]}\n"
            f"- Recurring contributing factors: {len(report['themes']['factors'])}\n"
            f"- Action items proposed again: {len(report['themes']['repeated_action_items'])}\n")


def _trends(report: dict) -> str:
    t = report["trends"]
    if not t["buckets"]:
        return "## Over time\n\nNo dated documents.\n"
    rows = "".join(f"| {b['period']} | {b['documents']} | {b['words']:,} | {b['findings']['blame']} | "
                   f"{_num(b['blame_density'])} | {_percent(b['completeness'])} |\n" for b in t["buckets"])
    undated = t["undated_documents"]
    note = f"{undated} undated document{'' if undated == 1 else 's'} {'is' if undated == 1 else 'are'} not counted here."
    return (f"## Over time (by {t['period']})\n\n{note}\n\n"
            "| Period | Documents | Words | Blame findings | Blame per 1,000 words | Completeness |\n"
            f"|---|---:|---:|---:|---:|---:|\n{rows}")


def _themes(report: dict) -> str:
    groups = report["themes"]["factors"]
    if not groups:
        return "## Recurring contributing factors\n\nNo contributing factor comes back in two documents.\n"
    lines = ["## Recurring contributing factors\n"]
    for group in groups[:TOP_THEMES]:
        lines.append(f"- **{md(group['label'])}** ({len(group['documents'])} documents)")
        for d in group["documents"][:DOCS_PER_THEME]:
            lines.append(f"  - {d['date'] or 'undated'} {md(d['path'])}: {md(d['text'])}")
    return "\n".join(lines) + "\n" + _more(len(groups) - TOP_THEMES, "themes")


def _actions(report: dict) -> str:
    groups = report["themes"]["repeated_action_items"]
    if not groups:
        return "## Action items proposed again\n\nNo action item looks repeated across documents.\n"
    lines = ["## Action items proposed again\n"]
    for group in groups[:TOP_THEMES]:
        lines.append(f"- **{md(group['label'])}**")
        lines.extend(f"  - {i['date'] or 'undated'} {md(i['path'])}: {md(i['text'])}" for i in group["items"])
    return "\n".join(lines) + "\n" + _more(len(groups) - TOP_THEMES, "groups")


def _rules(report: dict) -> str:
    if not report["rules"]:
        return "## Most frequent rules\n\nNo findings.\n"
    lines = ["## Most frequent rules\n", "| Rule | Findings | Documents | Example |", "|---|---:|---:|---|"]
    for rule in report["rules"][:TOP_RULES]:
        example = rule["examples"][0] if rule["examples"] else None
        shown = "" if example is None else _highlighted(example) if rule["family"] != "structure" else (
            f"{md(example['message'])} ({md(example['sentence'][slice(*example['highlight'])])})")
        lines.append(f"| [{rule['rule']}]({rule['url']}) {md(rule['name'])} | {rule['findings']} | "
                     f"{rule['documents']} | {shown} |")
    return "\n".join(lines) + "\n" + _more(len(report["rules"]) - TOP_RULES, "rules")


def _highlighted(example: dict) -> str:
    sentence, (start, end) = example["sentence"], example["highlight"]
    return f"{md(sentence[:start])} **{md(sentence[start:end])}** {md(sentence[end:])}".strip()


def _documents(report: dict) -> str:
    lines = ["## Documents\n", "| Date | Document | Words | Blame | Assumption | Structure | Blame per 1,000 words "
             "| Completeness |", "|---|---|---:|---:|---:|---:|---:|---:|"]
    for d in report["documents"]:
        f = d["findings"]["by_family"]
        lines.append(f"| {d['date'] or 'undated'} | {md(d['path'])} | {d['words']:,} | {f['blame']} | "
                     f"{f['assumption']} | {f['structure']} | {_num(d['blame_density'])} | "
                     f"{_percent(d['completeness']['score'])} |")
    return "\n".join(lines) + "\n"


def _problems(report: dict) -> str:
    entries = [f"- {md(s['path'])}: skipped ({md(s['reason'])})" for s in report["skipped"]]
    entries += [f"- {md(e['path'] or '')}: {md(e['message'])}" for e in report["errors"]]
    return "## Files not in the report\n\n" + "\n".join(entries) + "\n" if entries else ""


def _more(count: int, what: str) -> str:
    return f"\n{count} more {what} in the JSON report (`--format json`).\n" if count > 0 else ""
