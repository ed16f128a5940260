"""path:line:col: ID name: message, then an indented suggestion line, then a summary."""

from blamelint.formatters.summary import summarise


def render(results, options=None) -> str:
    lines = []
    for _path, findings in results:
        for f in findings:
            lines.append(f"{f.path}:{f.line}:{f.column}: {f.rule} {f.name}: {f.message} [{f.level}]")
            if f.suggestion:
                lines.append(f"    suggestion: {f.suggestion}")
    summary = summarise(results)
    counts = ", ".join(f"{n} {level}" for level, n in summary["by_level"].items())
    files = summary["files"]
    found = summary["findings"]
    lines.append(f"{files} file{'s' if files != 1 else ''} checked, {found} finding{'s' if found != 1 else ''} ({counts})")
    return "\n".join(lines) + "\n"
