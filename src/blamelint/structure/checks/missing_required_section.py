"""One finding per section the profile needs and the document lacks (causal analysis is
missing-root-cause-section's job). Recommended sections are reported at level info."""

from __future__ import annotations

from blamelint.structure.check import DEFAULT, Check, Result
from blamelint.structure.outline import parts
from blamelint.structure.profiles import profile_of
from blamelint.structure.sections import anchor, level_for, lower_first


def run(document, config):
    if not document.source.strip():
        return
    profile = profile_of(config)
    found = parts(document, config.vocabulary)
    present = set().union(*(p.kinds for p in found)) if found else set()
    start, end = anchor(document)
    for spec in profile.needed():
        if spec.kind == profile.causal_kinds[0] or spec.kind in present:
            continue
        values = {"title": spec.title, "a": "an" if spec.title[:1].lower() in "aeiou" else "a",
                  "guidance": lower_first(spec.guidance or "")}
        variant = "recommended" if spec.need == "recommended" else DEFAULT
        if not spec.guidance:
            variant += "-without-guidance"
        yield Result(start, end, values, variant, level_for(spec.need))


CHECK = Check("missing-required-section", run, supplies=frozenset({"title", "a", "guidance"}),
              variants=frozenset({DEFAULT, "recommended", f"{DEFAULT}-without-guidance",
                                  "recommended-without-guidance"}),
              needs=frozenset({"profile"}))
