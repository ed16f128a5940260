"""Output formats, chosen by name. Each takes the same list of findings per file."""

from __future__ import annotations

import os

from blamelint.formatters import github, gitlab, jsonfmt, sarif, text

FORMATTERS = {
    "text": text.render,
    "json": jsonfmt.render,
    "sarif": sarif.render,
    "github": github.render,
    "gitlab": gitlab.render,
}

# What --format accepts: every formatter, plus `auto` (github inside GitHub Actions, else text).
FORMAT_CHOICES = sorted(FORMATTERS) + ["auto"]


def resolve_format(name: str) -> str:
    if name == "auto":
        return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    return name
