"""Counts shared by the formatters."""

from collections import Counter

from blamelint.findings import Level


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
