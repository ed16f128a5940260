"""GitHub Actions workflow commands: one `::error|warning|notice ...::message` line per finding.

GitHub turns these lines into annotations on the pull request's changed files. Properties are
escaped like @actions/core does (%25 %0D %0A, plus %3A and %2C inside properties); the message
may span lines through %0A. GitHub accepts `col`/`endColumn` only when the annotation starts
and ends on the same line, so a finding across lines is annotated with its lines only.
Columns are 1-based code points and `endColumn` is one past the last flagged character, as in
the text and SARIF output (ruff's GitHub output does the same).
"""

from __future__ import annotations

from blamelint.findings import Finding, Level
from blamelint.fingerprint import normalise_path
from blamelint.formatters.summary import summary_line

COMMANDS = {Level.ERROR: "error", Level.WARNING: "warning", Level.INFO: "notice"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def properties(finding: Finding) -> dict:
    props = {"file": normalise_path(finding.path), "line": finding.line}
    if finding.end_line == finding.line:
        props["col"] = finding.column
        props["endLine"] = finding.end_line
        props["endColumn"] = finding.end_column
    else:
        props["endLine"] = finding.end_line
    props["title"] = f"{finding.rule} {finding.name}"
    return props


def command(finding: Finding) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties(finding).items())
    message = finding.message
    if finding.rewrite is not None:
        message += f"\nRewrite: {finding.rewrite or '(remove this sentence)'}"
    elif finding.suggestion:
        message += f"\nSuggestion: {finding.suggestion}"
    return f"::{COMMANDS[finding.level]} {props}::{escape_data(message)}"


def render(results, options=None) -> str:
    return "".join(render_file(path, findings) for path, findings in results) + render_footer(results)


def render_file(path, findings, text=None, color=False) -> str:
    """One file's commands (streamed output prints them as soon as the file is done)."""
    return "".join(command(f) + "\n" for f in findings)


def render_footer(results) -> str:
    return f"blamelint: {summary_line(results)}\n"
