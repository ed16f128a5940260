"""Under a profile that names owners by role (`owners: roles`, as gitlab's), an owner that
looks like a personal name."""

from __future__ import annotations

from blamelint.structure.actions import action_items, is_personal_name
from blamelint.structure.check import Check, Result
from blamelint.structure.profiles import profile_of


def run(document, config):
    profile = profile_of(config)
    if profile.owners != "roles":
        return
    for action in action_items(document, config.vocabulary):
        if action.owner is not None and is_personal_name(action.owner):
            start, end, text = action.owner
            yield Result(start, end, {"owner": text, "profile": profile.name})


CHECK = Check("owner-not-a-role", run, supplies=frozenset({"owner", "profile"}), needs=frozenset({"profile"}))
