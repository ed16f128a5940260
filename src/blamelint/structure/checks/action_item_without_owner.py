"""An open action item with no owner and no tracking reference."""

from __future__ import annotations

from blamelint.structure.actions import action_items
from blamelint.structure.check import Check, Result


def run(document, config):
    for action in action_items(document, config.vocabulary):
        if action.owner is None and not action.done and not action.tracked:
            yield Result(action.item.start, action.item.end)


CHECK = Check("action-item-without-owner", run)
