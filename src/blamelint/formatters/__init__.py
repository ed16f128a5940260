"""Output formats, chosen by name. Each takes the same list of findings per file.

`render(results, options=None)`: `results` is a list of (path, [Finding]); `options` is a
dict. `options["sources"]` maps a path to the text its findings were made on (the full
text format shows the flagged lines from it; optional). `options["rules"]` is the RuleSet the
findings were made with (ruleset.py): SARIF lists it, so it requires it.
"""

from __future__ import annotations

import os

from blamelint.formatters import github, gitlab, jsonfmt, sarif, text

FORMATTERS = {
    "text": text.render,  # the full format (source lines, ^ under the span); `full` is its other name
    "full": text.render,
    "concise": text.render_concise,  # one line per finding, for errorformat
    "json": jsonfmt.render,
    "sarif": sarif.render,
    "github": github.render,
    "gitlab": gitlab.render,
}

# What --format (or --output-format) accepts: every formatter, plus `auto` (github inside GitHub
# Actions, else text).
FORMAT_CHOICES = sorted(FORMATTERS) + ["auto"]


def resolve_format(name: str) -> str:
    if name == "auto":
        return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    return name
