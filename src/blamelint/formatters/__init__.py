"""Output formats, chosen by name. Each takes the same list of findings per file.

`render(results, options=None)`: `results` is a list of (path, [Finding]); `options` is a
dict, and every key in it is optional unless said. `options["sources"]` maps a path to the
text its findings were made on (the full text format shows the flagged lines from it);
`options["color"]`: colour the text formats for a terminal; `options["rules"]` is the RuleSet
the findings were made with (ruleset.py): SARIF lists it, so it requires it.
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

# Formats printed file by file as each file is done (streamed): format -> (one file's part,
# the footer after the last file). json, sarif and gitlab are one document, printed at the end.
STREAMING = {
    "text": (text.render_file, text.render_footer),
    "full": (text.render_file, text.render_footer),
    "concise": (text.render_concise_file, text.render_footer),
    "github": (github.render_file, github.render_footer),
}

# What --format (or --output-format) accepts: every formatter, plus `auto` (github inside GitHub
# Actions, else text).
FORMAT_CHOICES = sorted(FORMATTERS) + ["auto"]


def resolve_format(name: str) -> str:
    if name == "auto":
        return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    return name
