"""A heading in wording the profile avoids ("Root cause" under howie), with the profile's hint."""

from __future__ import annotations

from blamelint.sections import normalize_heading
from blamelint.structure.check import Check, Result
from blamelint.structure.outline import parts
from blamelint.structure.profiles import profile_of


def run(document, config):
    profile = profile_of(config)
    if not profile.rename:
        return
    found = parts(document, config.vocabulary)
    for hint in profile.rename:
        for part in found:
            if part.origin == "front-matter" or hint.kind not in part.own_kinds:
                continue
            padded = f" {normalize_heading(part.title)} "
            if any(f" {wording} " in padded for wording in hint.wording):
                yield Result(part.title_start, part.title_end,
                             {"heading": part.title, "profile": profile.name, "hint": hint.hint})


CHECK = Check("avoided-heading-wording", run, supplies=frozenset({"heading", "profile", "hint"}),
              needs=frozenset({"profile"}))
