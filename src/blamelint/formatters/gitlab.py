"""GitLab Code Quality report: a JSON array of issues (a subset of the Code Climate spec).

Save it as the `codequality` report artifact of a job and GitLab shows new and fixed findings
in the merge request. GitLab compares reports by `fingerprint`, so it comes from
blamelint/fingerprint.py and does not change when lines move.
"""

from __future__ import annotations

import json

from blamelint.findings import Level
from blamelint.fingerprint import fingerprint_results, normalise_path, printable_path

SEVERITIES = {Level.ERROR: "major", Level.WARNING: "minor", Level.INFO: "info"}


def issue(finding, fingerprint: str) -> dict:
    description = f"{finding.rule} {finding.name}: {finding.message}"
    if finding.rewrite is not None:
        description += f" Rewrite: {finding.rewrite or '(remove this sentence)'}"
    elif finding.suggestion:
        description += f" Suggestion: {finding.suggestion}"
    return {
        "type": "issue",
        "description": description,
        "check_name": f"blamelint/{finding.rule}",
        "fingerprint": fingerprint,
        "severity": SEVERITIES[finding.level],
        "categories": ["Style"],
        "location": {
            "path": printable_path(normalise_path(finding.path)),
            "lines": {"begin": finding.line, "end": finding.end_line},
        },
    }


def render(results, options=None) -> str:
    report = [issue(finding, fp) for finding, fp in fingerprint_results(results)]
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"
