"""A timeline entry (list item, table row) with no timestamp."""

from __future__ import annotations

from blamelint.structure.check import Check, Result
from blamelint.structure.timeline import timeline_entries


def run(document, config):
    for _, entries in timeline_entries(document, config.vocabulary):
        for start, end, has_stamp, _, _ in entries:
            if not has_stamp:
                yield Result(start, end)


CHECK = Check("timeline-entry-without-time", run)
