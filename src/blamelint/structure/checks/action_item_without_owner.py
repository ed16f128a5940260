"""An open action item with no owner and no tracking reference."""

from __future__ import annotations

from blamelint.structure.actions import action_items, is_done, is_tracked
from blamelint.structure.check import Check, Result


def run(document, config):
    for item, owner in action_items(document, config):
        if owner is None and not is_done(item) and not is_tracked(document, item):
            yield Result(item.start, item.end)


CHECK = Check("action-item-without-owner", run)
