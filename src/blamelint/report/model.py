"""The report as data: the JSON contract (docs/report-format.md), which every format renders.

Documents are listed oldest first, undated ones last; every list is in a fixed order, so the
same archive gives the same report byte for byte.
"""

from __future__ import annotations

from collections import Counter

from blamelint import __version__
from blamelint.formatters.sarif import help_uri
from blamelint.report.facts import FAMILIES, Archive, DocumentFacts
from blamelint.report.themes import chronological, factor_groups, repeated_actions
from blamelint.report.trends import trends

SCHEMA_VERSION = 1
EXAMPLES_PER_RULE = 3


def build_report(archive: Archive, rules_by_id: dict, period: str = "auto") -> dict:
    documents = sorted(archive.documents, key=chronological)
    return {
        "schema_version": SCHEMA_VERSION,
        "generator": {"name": "blamelint", "version": __version__},
        "summary": _summary(documents, archive),
        "trends": trends(documents, period),
        "themes": {"factors": factor_groups(documents), "repeated_action_items": repeated_actions(documents)},
        "rules": _rules(documents, rules_by_id),
        "documents": [_document(d) for d in documents],
        "skipped": [{"path": path, "reason": reason} for path, reason in archive.skipped],
        "errors": [{"path": e.where, "message": e.message} for e in archive.errors],
    }


def _summary(documents: list[DocumentFacts], archive: Archive) -> dict:
    dated = [d.date_iso for d in documents if d.date_iso]
    words = sum(d.words for d in documents)
    findings = {family: sum(d.by_family[family] for d in documents) for family in FAMILIES}
    return {
        "documents": len(documents),
        "dated": len(dated),
        "undated": len(documents) - len(dated),
        "skipped": len(archive.skipped),
        "errors": len(archive.errors),
        "first_date": min(dated) if dated else None,
        "last_date": max(dated) if dated else None,
        "words": words,
        "findings": findings,
        "blame_density": round(1000 * findings["blame"] / words, 3) if words else 0.0,
        "assumption_density": round(1000 * findings["assumption"] / words, 3) if words else 0.0,
        "completeness": round(sum(d.completeness["score"] for d in documents) / len(documents), 3) if documents else 0.0,
    }


def _document(document: DocumentFacts) -> dict:
    return {
        "path": document.path,
        "title": document.title,
        "date": document.date_iso,
        "date_precision": document.date.precision,
        "date_source": document.date.source,
        "words": document.words,
        "findings": {"total": sum(document.by_family.values()), "by_family": document.by_family,
                     "by_rule": document.by_rule},
        "blame_density": document.density("blame"),
        "assumption_density": document.density("assumption"),
        "completeness": document.completeness,
        "factors": len(document.factors),
        "action_items": len(document.actions),
    }


def _rules(documents: list[DocumentFacts], rules_by_id: dict) -> list[dict]:
    counts = Counter()
    spread = Counter()
    for document in documents:
        counts.update(document.by_rule)
        spread.update(document.by_rule.keys())
    ranked = sorted(counts, key=lambda rule_id: (-counts[rule_id], rule_id))
    return [_rule(rule_id, counts[rule_id], spread[rule_id], documents, rules_by_id.get(rule_id)) for rule_id in ranked]


def _rule(rule_id: str, count: int, spread: int, documents: list[DocumentFacts], rule) -> dict:
    examples = [(d, d.examples[rule_id]) for d in documents if rule_id in d.examples][:EXAMPLES_PER_RULE]
    return {
        "rule": rule_id,
        "name": rule.name if rule else rule_id,
        "family": rule.family if rule else None,
        "summary": rule.summary if rule else None,
        "url": help_uri(rule_id),
        "findings": count,
        "documents": spread,
        "examples": [{"path": d.path, "line": e.line, "sentence": e.sentence, "highlight": list(e.highlight),
                      "message": e.message}
                     for d, e in examples],
    }
