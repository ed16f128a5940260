"""Counts shared by the formatters."""

from collections import Counter

from blamelint.findings import Level


def summary_line(results) -> str:
    """"2 files checked, 3 findings (0 error, 3 warning, 0 info)": the last line of text output."""
    summary = summarise(results)
    counts = ", ".join(f"{n} {level}" for level, n in summary["by_level"].items())
    files, found = summary["files"], summary["findings"]
    return f"{files} file{'s' if files != 1 else ''} checked, {found} finding{'s' if found != 1 else ''} ({counts})"


def summarise(results) -> dict:
    """`results` is a list of (path, findings); returns counts by level and family."""
    levels = Counter(str(f.level) for _, findings in results for f in findings)
    families = Counter(f.family for _, findings in results for f in findings)
    return {
        "files": len(results),
        "files_with_findings": sum(1 for _, findings in results if findings),
        "findings": sum(levels.values()),
        "by_level": {str(level): levels.get(str(level), 0) for level in sorted(Level, reverse=True)},
        "by_family": dict(sorted(families.items())),
    }
