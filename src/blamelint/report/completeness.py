"""How complete a postmortem's structure is, from the same views the structural rules use.

Three parts, each a fraction from 0 to 1, and their mean as the document's score:
- sections: the profile's required sections that are present and hold more than template text;
- action items: the mean of the fractions of items with an owner and with a ticket;
- timeline: the fraction of timeline entries that carry a time or date.
A document without action items or without a timeline scores 0 on that part.
"""

from __future__ import annotations

from blamelint.structure.actions import action_items
from blamelint.structure.content import has_content
from blamelint.structure.outline import outermost, parts
from blamelint.structure.profiles import profile_of
from blamelint.structure.timeline import timeline_entries


def completeness(document, config) -> dict:
    sections = _sections(document, config)
    actions = _action_items(document, config)
    timeline = _timeline(document, config)
    score = (sections["score"] + actions["score"] + timeline["score"]) / 3
    return {"score": round(score, 3), "sections": sections, "action_items": actions, "timeline": timeline}


def _sections(document, config) -> dict:
    profile = profile_of(config)
    found = parts(document, config.vocabulary)
    required, present, filled = [], [], []
    for spec in (s for s in profile.needed() if s.need == "required"):
        kinds = set(profile.causal_kinds) if spec.kind == profile.causal_kinds[0] else {spec.kind}
        of_kind = outermost([p for p in found if p.kinds & kinds])
        required.append(spec.kind)
        if of_kind:
            present.append(spec.kind)
        if any(has_content(document, p.body_start, p.body_end) for p in of_kind):
            filled.append(spec.kind)
    score = _fraction(len(filled), len(required)) if required else 1.0  # a profile that requires nothing
    return {"required": required, "present": present, "filled": filled, "score": score}


def _action_items(document, config) -> dict:
    items = action_items(document, config.vocabulary)
    owners = sum(1 for a in items if a.owner is not None)
    tickets = sum(1 for a in items if a.tracked)
    score = (_fraction(owners, len(items)) + _fraction(tickets, len(items))) / 2
    return {"total": len(items), "with_owner": owners, "with_ticket": tickets, "score": round(score, 3)}


def _timeline(document, config) -> dict:
    entries = [entry for _, found in timeline_entries(document, config.vocabulary) for entry in found]
    stamped = sum(1 for entry in entries if entry[2])
    return {"entries": len(entries), "with_time": stamped, "score": _fraction(stamped, len(entries))}


def _fraction(part: int, whole: int) -> float:
    return round(part / whole, 3) if whole else 0.0
