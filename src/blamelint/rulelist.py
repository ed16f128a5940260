"""`blamelint rules --format json`: every rule as one JSON object, for tools (editor plugins,
documentation sites, CI dashboards).

A list in id order; each object has the keys of FIELDS in that order. It is a contract like
the check output (docs/json-format.md): keys are only ever added.
"""

from __future__ import annotations

import json

FIELDS = ("id", "name", "family", "level", "status", "summary", "aliases")


def rule_record(rule) -> dict:
    return {
        "id": rule.id,
        "name": rule.name,
        "family": rule.family,
        "level": str(rule.level),  # the default level; a configuration may change it
        "status": rule.status,  # stable, preview or deprecated
        "summary": rule.summary,
        "aliases": list(rule.aliases),  # other names it answers to (the old id of a split rule)
    }


def render_json(rules) -> str:
    records = [rule_record(rule) for rule in sorted(rules, key=lambda r: r.id)]
    return json.dumps(records, indent=2, ensure_ascii=False) + "\n"
