"""Output formats, chosen by name. Each takes the same list of findings per file."""

from __future__ import annotations

from blamelint.formatters import jsonfmt, text

FORMATTERS = {
    "text": text.render,
    "json": jsonfmt.render,
}
