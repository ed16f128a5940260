"""Stable identities for findings, shared by SARIF, GitLab Code Quality and the baseline.

A fingerprint must survive edits elsewhere in the file: lines inserted above a finding move
its line, column and offsets, so none of those go into it. What does go in is what the
finding *is*: the file, the rule, the flagged text (case and whitespace folded), the heading
path of the section it sits in, and which occurrence it is among the findings of the same
file that share all of these (so two identical sentences in one section stay distinct).
Moving a sentence to another section, rewording it or renaming the file gives it a new
identity, which is what a reviewer would expect.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

from blamelint.findings import Finding

VERSION = 1
KEY = f"blamelint/v{VERSION}"  # the partialFingerprints key in SARIF
EXTRA_KEY = "fingerprint"  # where `stamped` records it in Finding.extra
_SPACE = re.compile(r"\s+")


def normalise_text(text: str | None) -> str:
    return _SPACE.sub(" ", text or "").strip().casefold()


def normalise_path(path: str) -> str:
    """Forward slashes, no leading './', relative to the working directory when below it."""
    if path in ("-", "") or path.startswith("<"):
        return path
    candidate = Path(path)
    if candidate.is_absolute():
        try:
            candidate = candidate.relative_to(Path.cwd())
        except ValueError:
            pass
    return candidate.as_posix()


def printable_path(path: str) -> str:
    """`path` as text any output can hold: bytes of a file name that are not UTF-8 (kept by
    Python as lone surrogates) become U+FFFD."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def identity(finding: Finding) -> tuple[str, str, str, str]:
    return (normalise_path(finding.path), finding.rule, normalise_text(finding.section), normalise_text(finding.text))


def fingerprint(finding: Finding, occurrence: int = 0) -> str:
    parts = (f"v{VERSION}",) + identity(finding) + (str(occurrence),)
    # surrogateescape: a file name that is not valid UTF-8 hashes as its own bytes
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogateescape")).hexdigest()[:32]


def fingerprints(findings: list[Finding]) -> list[str]:
    """One fingerprint per finding, in the given order; occurrences are counted by offset.

    A finding that already carries its fingerprint (see `stamped`) keeps it: after a baseline
    has removed some findings of a file, the occurrence numbers of the rest must not shift.
    """
    order = sorted(range(len(findings)), key=lambda i: findings[i].sort_key())
    seen: Counter = Counter()
    result = [""] * len(findings)
    for index in order:
        key = identity(findings[index])
        result[index] = dict(findings[index].extra).get(EXTRA_KEY) or fingerprint(findings[index], seen[key])
        seen[key] += 1
    return result


def stamped(findings: list[Finding]) -> list[Finding]:
    """The findings with their fingerprint recorded in `extra`, computed over this full list."""
    return [f if EXTRA_KEY in dict(f.extra) else replace(f, extra=f.extra + ((EXTRA_KEY, fp),))
            for f, fp in zip(findings, fingerprints(findings))]


def fingerprint_results(results) -> list[tuple[Finding, str]]:
    """(finding, fingerprint) for every finding of `results` (a list of (path, [Finding]))."""
    pairs = []
    for _path, findings in results:
        pairs.extend(zip(findings, fingerprints(list(findings))))
    return pairs
