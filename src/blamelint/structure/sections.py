"""Checks on which sections a postmortem has, and whether they hold anything.

What a profile needs (required / recommended sections, their titles, the causal kinds,
rename hints) comes from structure/profiles.py; where sections are (headings, bold labels,
front-matter keys) from structure/outline.py.
"""

from __future__ import annotations

from collections.abc import Iterator

from blamelint.findings import Level
from blamelint.sections import normalize_heading
from blamelint.structure.content import has_content
from blamelint.structure.outline import outermost, parts
from blamelint.structure.profiles import profile_of

CAUSAL_KINDS = ("causes", "trigger")


def _vocabulary(config):
    return config.vocabulary


def _level_for(need: str) -> Level | None:
    return Level.INFO if need == "recommended" else None


def missing_root_cause_section(rule, document, config) -> Iterator[tuple]:
    """No heading, bold label or front-matter key whose wording means causal analysis;
    and, under a profile with rename hints (howie), an info hint on "Root cause" wording."""
    if not document.source.strip():
        return
    profile = profile_of(config)
    found = parts(document, _vocabulary(config))
    causal = set(profile.causal_kinds)
    primary = profile.spec(profile.causal_kinds[0])
    need = primary.need if primary else "required"
    if need != "optional" and not any(p.kinds & causal for p in found):
        start, end = _anchor(document)
        yield start, end, rule.message, rule.suggestion, _level_for(need)
    for hint in profile.rename:
        for part in found:
            if part.origin == "front-matter" or hint.kind not in part.own_kinds:
                continue
            padded = f" {normalize_heading(part.title)} "
            if any(f" {wording} " in padded for wording in hint.wording):
                message = (f'Profile "{profile.name}" avoids the wording of the heading "{part.title}". '
                           f"What would a reader expect to find under it?")
                yield part.title_start, part.title_end, message, hint.hint, Level.INFO


def missing_required_section(rule, document, config) -> Iterator[tuple]:
    """One finding per section the profile needs and the document lacks (causal analysis
    is missing-root-cause-section's job). Recommended sections are reported at level info."""
    if not document.source.strip():
        return
    profile = profile_of(config)
    found = parts(document, _vocabulary(config))
    present = set().union(*(p.kinds for p in found)) if found else set()
    start, end = _anchor(document)
    for spec in profile.needed():
        if spec.kind == profile.causal_kinds[0] or spec.kind in present:
            continue
        message = f'This postmortem has no "{spec.title}" section.'
        if spec.need == "recommended":
            message += " It is recommended, not required."
        article = "an" if spec.title[:1].lower() in "aeiou" else "a"
        suggestion = f'Add {article} "{spec.title}" section' + (f": {_lower_first(spec.guidance)}" if spec.guidance else ".")
        yield start, end, message, suggestion, _level_for(spec.need)


def empty_section(rule, document, config) -> Iterator[tuple]:
    """A section the profile needs whose body is only template text: HTML comments,
    placeholders (TBD, <...>, YYYY-MM-DD), italic guidance, an empty table."""
    profile = profile_of(config)
    needed = {spec.kind: spec for spec in profile.needed()}
    for causal in profile.causal_kinds:  # every causal kind counts once the causal analysis is needed
        if profile.causal_kinds[0] in needed and causal not in needed and profile.spec(causal):
            needed[causal] = profile.spec(causal)
    found = parts(document, _vocabulary(config))
    for kind, spec in needed.items():
        of_kind = outermost([p for p in found if kind in p.kinds])
        for part in of_kind:
            if has_content(document, part.body_start, part.body_end):
                continue
            message = f'The "{part.title}" section holds only template text or placeholders.'
            suggestion = (f"Write the {spec.title.lower()} section: {_lower_first(spec.guidance)}" if spec.guidance
                          else rule.suggestion)
            yield part.title_start, part.title_end, message, suggestion, _level_for(spec.need)


def _lower_first(text: str) -> str:
    text = text.strip()
    return text[:1].lower() + text[1:] if text else text


def _anchor(document) -> tuple[int, int]:
    """The document's title heading if it has one, else its first non-blank line."""
    for block in document.blocks:
        if block.kind == "heading":
            return block.start, block.end
    offset = 0
    for line in document.source.split("\n"):
        text = line.rstrip("\r")
        if text.strip() and not any(a <= offset < b for a, b in document.skipped):
            lead = len(text) - len(text.lstrip())
            return offset + lead, offset + len(text.rstrip())
        offset += len(line) + 1
    text = document.source.split("\n", 1)[0].rstrip("\r")
    lead = len(text) - len(text.lstrip())
    return lead, max(lead, len(text.rstrip()))
