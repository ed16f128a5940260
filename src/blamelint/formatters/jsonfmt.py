"""The versioned JSON contract (docs/json-format.md). Version 1."""

import json

from blamelint.formatters.summary import summarise

VERSION = 1


def finding_to_dict(f) -> dict:
    return {
        "rule": f.rule,
        "name": f.name,
        "family": f.family,
        "level": str(f.level),
        "message": f.message,
        "suggestion": f.suggestion,
        "rewrite": f.rewrite,
        "path": f.path,
        "line": f.line,
        "column": f.column,
        "end_line": f.end_line,
        "end_column": f.end_column,
        "offset": f.offset,
        "end_offset": f.end_offset,
        "text": f.text,
        "section": f.section,
        "fix": None if f.fix is None else {"title": f.fix.title, "applicability": f.fix.applicability.value,
                                            "edits": [{"offset": e.start, "end_offset": e.end, "content": e.content} for e in f.fix.edits]},
    }


def render(results, options=None) -> str:
    report = {
        "version": VERSION,
        "files": [{"path": path, "findings": [finding_to_dict(f) for f in findings]} for path, findings in results],
        "summary": summarise(results),
    }
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"
