"""The report as JSON: the versioned contract of docs/report-format.md (schema_version 1)."""

from __future__ import annotations

import json


def render(report: dict) -> str:
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"
