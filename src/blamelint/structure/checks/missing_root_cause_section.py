"""No heading, bold label or front-matter key whose wording means causal analysis."""

from __future__ import annotations

from blamelint.structure.check import Check, Result
from blamelint.structure.outline import parts
from blamelint.structure.profiles import profile_of
from blamelint.structure.sections import anchor, level_for


def run(document, config):
    if not document.source.strip():
        return
    profile = profile_of(config)
    causal = set(profile.causal_kinds)
    primary = profile.spec(profile.causal_kinds[0])
    need = primary.need if primary else "required"
    if need != "optional" and not any(p.kinds & causal for p in parts(document, config.vocabulary)):
        start, end = anchor(document)
        yield Result(start, end, level=level_for(need))


CHECK = Check("missing-root-cause-section", run, needs=frozenset({"profile"}))
