"""An action item that starts with a vague verb ("improve", "look into") and has no end state."""

from __future__ import annotations

from blamelint.structure.actions import action_items, vague_verb
from blamelint.structure.check import Check, Result


def run(document, config):
    for action in action_items(document, config.vocabulary):
        found = vague_verb(action.item, document.source)
        if found is not None:
            start, end, verb = found
            yield Result(start, end, {"verb": verb})


CHECK = Check("action-item-vague-verb", run, supplies=frozenset({"verb"}))
