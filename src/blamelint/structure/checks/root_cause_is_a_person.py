"""The causal analysis (a section of a causal kind) names a person or a team as the cause."""

from __future__ import annotations

from blamelint.structure.causes import NEGATION, PERSON_CUE, SENTENCE, person_causes
from blamelint.structure.check import Check
from blamelint.structure.outline import outermost, parts
from blamelint.structure.profiles import profile_of


def run(document, config, parse):
    causal_kinds = set(profile_of(config).causal_kinds)
    causal = outermost([p for p in parts(document, config.vocabulary) if p.kinds & causal_kinds])
    candidates = []  # (start, text) of sentences with a cause cue, for the parser
    for part in causal:
        for block in document.blocks:
            inside = part.body_start <= block.start < part.body_end or (
                part.origin == "label" and block.start <= part.body_start < block.end)
            if not inside or block.in_quote:
                continue
            lo = max(block.start, part.body_start) if part.origin == "label" else block.start
            text = block.text[lo - block.start:]
            for sentence in SENTENCE.finditer(text):
                if PERSON_CUE.search(sentence.group(0)) and not NEGATION.search(sentence.group(0)):
                    candidates.append((lo + sentence.start(), sentence.group(0)))
    yield from person_causes(candidates, parse)


CHECK = Check("root-cause-is-a-person", run, supplies=frozenset({"who"}), needs=frozenset({"profile", "parse"}))
