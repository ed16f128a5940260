"""Baselines: accept the findings a project has today, report only new ones.

`blamelint check --write-baseline FILE` stores the fingerprint of every current finding
(blamelint/fingerprint.py: file, rule, flagged text, section, occurrence; never line numbers).
`blamelint check --baseline FILE` then drops the findings whose fingerprint is in FILE, and
the exit status depends on the remaining (new) findings only.
"""

from __future__ import annotations

import json
from pathlib import Path

from blamelint.atomicfile import WriteError, write_atomic
from blamelint.errors import BlamelintError
from blamelint.fingerprint import EXTRA_KEY, fingerprints, normalise_path, printable_path, stamped

FORMAT_VERSION = 1


class BaselineError(BlamelintError):
    """The baseline file is missing, unreadable or not a blamelint baseline."""


def build(results) -> dict:
    entries = []
    for _path, findings in results:
        for finding, fp in zip(findings, fingerprints(list(findings))):
            entries.append({"fingerprint": fp, "rule": finding.rule, "path": printable_path(normalise_path(finding.path)),
                            "line": finding.line, "text": finding.text})
    entries.sort(key=lambda e: (e["path"], e["line"], e["rule"], e["fingerprint"]))
    return {"tool": "blamelint", "version": FORMAT_VERSION, "findings": entries}


def write(path: Path, results) -> int:
    """Write the baseline of `results` to `path`; returns how many findings it holds."""
    data = build(results)
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    try:  # atomic: a full disk or a crash leaves the previous baseline, never a truncated one
        write_atomic(path, text.encode("utf-8"))
    except WriteError as problem:
        raise BaselineError(f"cannot write baseline: {problem.message}", str(path)) from None
    return len(data["findings"])


def load(path: Path) -> frozenset[str]:
    """The fingerprints stored in a baseline file; any problem is one BaselineError."""
    where = str(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BaselineError("baseline file not found", where) from None
    except (OSError, UnicodeDecodeError) as problem:
        raise BaselineError(f"cannot read baseline: {problem}", where) from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as problem:
        raise BaselineError(f"baseline is not valid JSON: {problem.msg}", where, problem.lineno) from None
    except RecursionError:
        raise BaselineError("baseline is not a blamelint baseline: JSON nested too deeply", where) from None
    if not isinstance(data, dict) or data.get("tool") != "blamelint" or not isinstance(data.get("findings"), list):
        raise BaselineError("not a blamelint baseline (expected an object with tool: blamelint and a findings list; "
                            "create one with --write-baseline)", where)
    if data.get("version") != FORMAT_VERSION:
        raise BaselineError(f"unsupported baseline version {data.get('version')!r} (this blamelint reads "
                            f"version {FORMAT_VERSION}; recreate it with --write-baseline)", where)
    found = set()
    for index, entry in enumerate(data["findings"]):
        if not isinstance(entry, dict) or not isinstance(entry.get("fingerprint"), str) or not entry["fingerprint"]:
            raise BaselineError(f"findings[{index}] has no fingerprint string", where)
        found.add(entry["fingerprint"])
    return frozenset(found)


def filter_results(results, known: frozenset[str]) -> tuple[list, int]:
    """`results` without the findings in the baseline; also returns how many were dropped."""
    kept, dropped = [], 0
    for path, findings in results:
        # stamped: the fingerprints of the kept findings stay those of the full file
        new = [f for f in stamped(list(findings)) if dict(f.extra)[EXTRA_KEY] not in known]
        dropped += len(findings) - len(new)
        kept.append((path, new))
    return kept, dropped
