"""`blamelint check --statistics`: how many findings each rule has, most frequent first (as ruff).

text: one `count<TAB>id<TAB>name` line per rule (the counts right-aligned), then the summary line;
json: a list of {"count", "id", "name"} objects in the same order.
"""

from __future__ import annotations

import json
from collections import Counter

from blamelint.formatters.summary import summary_line


def counts(results) -> list[tuple[int, str, str]]:
    """(count, rule id, name) of every rule with findings: by count, most first, then by id."""
    found = Counter((f.rule, f.name) for _path, findings in results for f in findings)
    return sorted(((n, rule, name) for (rule, name), n in found.items()), key=lambda row: (-row[0], row[1]))


def render(results, options=None) -> str:
    rows = counts(results)
    width = len(str(rows[0][0])) if rows else 1
    lines = [f"{n:>{width}}\t{rule}\t{name}" for n, rule, name in rows]
    return "".join(line + "\n" for line in lines) + summary_line(results) + "\n"


def render_json(results, options=None) -> str:
    rows = [{"count": n, "id": rule, "name": name} for n, rule, name in counts(results)]
    return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
