"""path:line:col: ID name: message, then an indented suggestion line, then a summary."""

from blamelint.formatters.summary import summary_line


def render(results, options=None) -> str:
    lines = []
    for _path, findings in results:
        for f in findings:
            lines.append(f"{f.path}:{f.line}:{f.column}: {f.rule} {f.name}: {f.message} [{f.level}]")
            if f.suggestion:
                lines.append(f"    suggestion: {f.suggestion}")
    lines.append(summary_line(results))
    return "\n".join(lines) + "\n"
