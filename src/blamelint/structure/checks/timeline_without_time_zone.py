"""A timeline with clock times and no time zone anywhere in the document."""

from __future__ import annotations

from blamelint.structure.check import Check, Result
from blamelint.structure.timeline import has_zone, timeline_entries


def run(document, config):
    found = timeline_entries(document, config.vocabulary)
    if found and any(e[3] is not None for _, entries in found for e in entries) and not has_zone(document):
        part = found[0][0]
        yield Result(part.title_start, part.title_end)


CHECK = Check("timeline-without-time-zone", run)
