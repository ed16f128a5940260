"""Findings to plain JSON values and back, exactly: the content cache stores them this way.

JSON, not pickle: the cache folder is only a folder of files, and loading one must never run
code. Every field is written; decoding rebuilds the same frozen records (tuples, enums), so a
cached run's output is byte for byte the output of a fresh one.
"""

from __future__ import annotations

import dataclasses

from blamelint.findings import Applicability, Edit, Finding, Fix, Level

_FIELDS = [f.name for f in dataclasses.fields(Finding)]


def encode(finding: Finding) -> dict:
    value = {name: getattr(finding, name) for name in _FIELDS}
    value["level"] = str(finding.level)
    value["fix"] = _encode_fix(finding.fix)
    value["extra"] = [list(pair) for pair in finding.extra]
    return value


def decode(value: dict) -> Finding:
    """The finding `encode` wrote; KeyError, TypeError or ValueError for anything else."""
    if set(value) != set(_FIELDS):
        raise KeyError(f"fields {sorted(set(value) ^ set(_FIELDS))}")
    fields = dict(value)
    fields["level"] = Level.parse(value["level"])
    fields["fix"] = _decode_fix(value["fix"])
    fields["extra"] = tuple((str(k), str(v)) for k, v in value["extra"])
    return Finding(**fields)


def _encode_fix(fix: Fix | None) -> dict | None:
    if fix is None:
        return None
    return {"title": fix.title, "applicability": fix.applicability.value,
            "edits": [[e.start, e.end, e.content] for e in fix.edits]}


def _decode_fix(value: dict | None) -> Fix | None:
    if value is None:
        return None
    edits = tuple(Edit(int(start), int(end), str(content)) for start, end, content in value["edits"])
    return Fix(str(value["title"]), Applicability(value["applicability"]), edits)
