"""A section the profile needs whose body is only template text: HTML comments,
placeholders (TBD, <...>, YYYY-MM-DD), italic guidance, an empty table."""

from __future__ import annotations

from blamelint.structure.check import DEFAULT, Check, Result
from blamelint.structure.content import has_content
from blamelint.structure.outline import outermost, parts
from blamelint.structure.profiles import profile_of
from blamelint.structure.sections import level_for, lower_first


def run(document, config):
    profile = profile_of(config)
    needed = {spec.kind: spec for spec in profile.needed()}
    for causal in profile.causal_kinds:  # every causal kind counts once the causal analysis is needed
        if profile.causal_kinds[0] in needed and causal not in needed and profile.spec(causal):
            needed[causal] = profile.spec(causal)
    found = parts(document, config.vocabulary)
    for kind, spec in needed.items():
        for part in outermost([p for p in found if kind in p.kinds]):
            if has_content(document, part.body_start, part.body_end):
                continue
            values = {"heading": part.title, "section": spec.title.lower(), "guidance": lower_first(spec.guidance or "")}
            variant = DEFAULT if spec.guidance else "without-guidance"
            yield Result(part.title_start, part.title_end, values, variant, level_for(spec.need))


CHECK = Check("empty-section", run, supplies=frozenset({"heading", "section", "guidance"}),
              variants=frozenset({DEFAULT, "without-guidance"}), needs=frozenset({"profile"}))
