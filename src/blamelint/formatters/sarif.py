"""SARIF 2.1.0 (OASIS), as GitHub code scanning and other viewers read it.

Columns and character offsets are Unicode code points, like every Finding, so the run says
`columnKind: unicodeCodePoints`. Regions are end-exclusive, as in SARIF. Each result carries
a `partialFingerprints` entry (blamelint/fingerprint.py) that does not depend on line
numbers, so an alert keeps its identity when lines are inserted above it.
"""

from __future__ import annotations

import json
from functools import lru_cache
from urllib.parse import quote

from blamelint import __version__
from blamelint.findings import Finding, Level
from blamelint.fingerprint import KEY, fingerprint_results, normalise_path

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SARIF_VERSION = "2.1.0"
# Used when the installed package does not name its repository (Project-URL in its metadata).
DEFAULT_REPOSITORY = "https://github.com/blamelint/blamelint"
_LEVELS = {Level.ERROR: "error", Level.WARNING: "warning", Level.INFO: "note"}


@lru_cache(maxsize=1)
def repository_url() -> str:
    """The project's repository, from the package metadata's Project-URL when it has one."""
    try:
        from importlib.metadata import metadata

        for entry in metadata("blamelint").get_all("Project-URL") or []:
            label, _, url = entry.partition(",")
            if label.strip().lower() in ("repository", "source", "source code", "homepage") and url.strip():
                return url.strip().rstrip("/")
    except Exception:  # metadata is a nicety; never fail a report over it
        pass
    return DEFAULT_REPOSITORY


def help_uri(rule_id: str) -> str:
    return f"{repository_url()}/blob/main/docs/rules/{rule_id}.md"


def artifact_location(path: str) -> dict:
    # the URI percent-encodes the file name's own bytes, also where they are not UTF-8
    posix = normalise_path(path).encode("utf-8", "surrogateescape")
    if posix.startswith(b"/"):
        return {"uri": "file://" + quote(posix)}
    return {"uri": quote(posix), "uriBaseId": "%SRCROOT%"}


def rule_descriptor(rule) -> dict:
    from blamelint.docgen import rule_page

    page = rule_page(rule)
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": " ".join(rule.docs["what"].split())},
        "help": {"text": page, "markdown": page},
        "helpUri": help_uri(rule.id),
        "defaultConfiguration": {"level": _LEVELS[rule.level]},
        "properties": {"tags": [rule.family, "postmortem"], "family": rule.family,
                       "applicability": rule.applicability.value},
    }


def _fallback_descriptor(finding: Finding) -> dict:
    """A rule that is not among the built-in rules: a team's own (rules-dir:), which has no
    page of ours to link to."""
    return {
        "id": finding.rule,
        "name": finding.name,
        "shortDescription": {"text": finding.message},
        "defaultConfiguration": {"level": _LEVELS[finding.level]},
        "properties": {"tags": [finding.family, "postmortem"], "family": finding.family},
    }


def region(finding: Finding) -> dict:
    result = {
        "startLine": finding.line,
        "startColumn": finding.column,
        "endLine": finding.end_line,
        "endColumn": finding.end_column,
        "charOffset": finding.offset,
        "charLength": finding.end_offset - finding.offset,
    }
    if finding.text:
        result["snippet"] = {"text": finding.text}
    return result


def _fixes(finding: Finding) -> list[dict]:
    fix = finding.fix
    if fix is None or not fix.edits:
        return []
    replacements = [
        {"deletedRegion": {"charOffset": edit.start, "charLength": edit.end - edit.start},
         "insertedContent": {"text": edit.content}}
        for edit in sorted(fix.edits, key=lambda e: (e.start, e.end))
    ]
    return [{
        "description": {"text": fix.title},
        "artifactChanges": [{"artifactLocation": artifact_location(finding.path), "replacements": replacements}],
        "properties": {"applicability": fix.applicability.value},
    }]


def result(finding: Finding, fingerprint: str, rule_index: int) -> dict:
    properties = {
        "name": finding.name,
        "family": finding.family,
        "applicability": finding.fix.applicability.value if finding.fix else None,
        "suggestion": finding.suggestion,
        "rewrite": finding.rewrite,
        "section": finding.section,
    }
    entry = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": _LEVELS[finding.level],
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": {"artifactLocation": artifact_location(finding.path),
                                            "region": region(finding)}}],
        "partialFingerprints": {KEY: fingerprint},
        "properties": {key: value for key, value in properties.items() if value is not None},
    }
    fixes = _fixes(finding)
    if fixes:
        entry["fixes"] = fixes
    return entry


def build(results, rules) -> dict:
    """The SARIF log as a dict; `rules` (the run's RuleSet, or any rules) are the driver's rule
    list, and a finding of a rule not among them gets a descriptor of its own."""
    rules = list(rules)
    descriptors = [rule_descriptor(rule) for rule in rules]
    index = {rule.id: i for i, rule in enumerate(rules)}
    sarif_results = []
    for finding, fingerprint in fingerprint_results(results):
        if finding.rule not in index:
            index[finding.rule] = len(descriptors)
            descriptors.append(_fallback_descriptor(finding))
        sarif_results.append(result(finding, fingerprint, index[finding.rule]))
    return {
        "$schema": SCHEMA,
        "version": SARIF_VERSION,
        "runs": [{
            "tool": {"driver": {
                "name": "blamelint",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": repository_url(),
                "rules": descriptors,
            }},
            "columnKind": "unicodeCodePoints",
            "invocations": [{"executionSuccessful": True}],
            "results": sarif_results,
        }],
    }


def render(results, options=None) -> str:
    """`options["rules"]`: the RuleSet the findings were made with (the command line passes it)."""
    rules = (options or {}).get("rules")
    if rules is None:
        raise TypeError("the SARIF format lists the rules: pass options['rules'] (a RuleSet)")
    return json.dumps(build(results, rules), indent=2, ensure_ascii=False) + "\n"
