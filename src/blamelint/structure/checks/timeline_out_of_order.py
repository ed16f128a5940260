"""A timeline entry whose time goes against the order of the others (newest-first
timelines are recognised by their majority direction)."""

from __future__ import annotations

from blamelint.structure.check import Check, Result
from blamelint.structure.timeline import out_of_order, timeline_entries


def run(document, config):
    for _, entries in timeline_entries(document, config.vocabulary):
        for start, end, direction in out_of_order(entries):
            yield Result(start, end, {"direction": direction})


CHECK = Check("timeline-out-of-order", run, supplies=frozenset({"direction"}))
