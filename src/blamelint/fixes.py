"""Build a finding's Fix from its rule's `fix:` block (rules as data, ruff's safety model).

A rule file declares its edit as a regular expression on the matched text and a
replacement, e.g. `fix: {applicability: safe, pattern: '(?i)^just\\s+', replace: ''}`.
`build_fix` turns that into one Edit over the match span, trimmed to the characters that
actually change. No edit is built (and the fix is display-only) when:

- the rule declares no pattern, or the pattern does not match the flagged text;
- the span is not plain prose inside one paragraph or table cell (it holds inline code,
  link targets, emphasis markers or blockquote prefixes, or it crosses blocks);
- the replacement would add a line break, a backtick or, in a table, a pipe.

So an applied fix can change words only, never the Markdown structure. The replacement
keeps sentence case: "Just a typo" becomes "A typo", not "a typo".

Applicability is the rule's, re-classified per rule by `extend-safe-fixes` (unsafe ->
safe) and `extend-unsafe-fixes` (safe -> unsafe) in the configuration; display-only
never changes.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from blamelint.patternguard import catastrophic_regex
from blamelint.findings import Applicability, Edit, Fix

if TYPE_CHECKING:  # pragma: no cover
    from blamelint.config import Config
    from blamelint.document import Block, Document
    from blamelint.rules import Rule

_TITLE_FIELDS = ("match", "fixed")
_GROUP_REF = re.compile(r"\\g<([^>]*)>|\\(\d+)")
_FORBIDDEN_CONTENT = ("\n", "\r", "`")


# --- rule-file validation ---------------------------------------------------------------
def fix_spec_problem(fix: dict) -> tuple[str, str] | None:
    """(message, key) for what is wrong with a rule's `fix:` block, or None when it is valid.

    Called by the rule loader so that a bad regex is a RuleError naming the file and line.
    """
    applicability = fix.get("applicability")
    pattern, replace = fix.get("pattern"), fix.get("replace")
    if (pattern is None) != (replace is None):
        missing = "replace" if replace is None else "pattern"
        return f"fix.pattern and fix.replace go together: fix.{missing} is missing", ("pattern" if pattern is not None else "replace")
    if pattern is None:
        if applicability in ("safe", "unsafe"):
            return (f"fix.applicability {applicability} needs an edit to apply: add fix.pattern (a regex on the "
                    "matched text) and fix.replace, or use display-only", "applicability")
        return None
    if applicability == "display-only":
        return "a display-only fix is never applied: drop fix.pattern and fix.replace, or use safe or unsafe", "applicability"
    if not isinstance(pattern, str) or not pattern:
        return "fix.pattern must be a non-empty string (a regular expression)", "pattern"
    if not isinstance(replace, str):
        return "fix.replace must be a string (quote it; '' deletes the match)", "replace"
    try:
        compiled = re.compile(pattern)
    except re.error as problem:
        return f"fix.pattern is not a valid regular expression: {problem}", "pattern"
    if catastrophic_regex(pattern):
        return ("fix.pattern nests a repetition inside another one (such as (a+)+), which can take exponential "
                "time; rewrite it without the nesting"), "pattern"
    if compiled.match(""):
        return "fix.pattern matches the empty string; it must match some of the flagged text", "pattern"
    problem = _replacement_problem(compiled, replace)
    if problem:
        return problem, "replace"
    title = fix.get("title")
    if title is not None:
        if not isinstance(title, str) or not title.strip():
            return "fix.title must be a non-empty string", "title"
        unknown = set(re.findall(r"\{([^{}]*)\}", title)) - set(_TITLE_FIELDS)
        if unknown:
            return f"fix.title may use {{match}} and {{fixed}}, not {{{sorted(unknown)[0]}}}", "title"
    return None


def _replacement_problem(compiled: re.Pattern, replace: str) -> str | None:
    """Expand `replace` against an empty match of a pattern with the same groups."""
    names = {index: name for name, index in compiled.groupindex.items()}
    dummy = "".join(f"(?P<{names[i]}>)" if i in names else "()" for i in range(1, compiled.groups + 1))
    try:
        re.compile(dummy).match("").expand(replace)
    except (re.error, IndexError) as problem:
        return f"fix.replace is not a valid replacement for fix.pattern: {problem}"
    return None


@lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern:
    return re.compile(pattern)


# --- building a Fix for one finding ------------------------------------------------------
def effective_applicability(rule: "Rule", config: "Config | None",
                            base: Applicability | None = None) -> Applicability:
    """The rule's applicability (or `base`, a rewording's) after `extend-safe-fixes` /
    `extend-unsafe-fixes`."""
    base = base or rule.applicability
    if config is None:
        return base
    if base is Applicability.UNSAFE and rule.id in getattr(config, "extend_safe_fixes", ()):
        return Applicability.SAFE
    if base is Applicability.SAFE and rule.id in getattr(config, "extend_unsafe_fixes", ()):
        return Applicability.UNSAFE
    return base


def build_fix(document: "Document", rule: "Rule", start: int, end: int, suggestion: str | None,
              config: "Config | None" = None, rewrite: tuple | None = None) -> Fix | None:
    """The Fix of a finding at [start, end): an edit when the rule declares one that applies
    here, else a rewording of the sentence (unsafe: it changes what the sentence says), else the
    suggestion as a display-only fix (or None without a suggestion)."""
    edit = build_edit(document, rule, start, end)
    if edit is None and rewrite is not None:
        sentence_start, sentence_end, text, applies = rewrite
        title = f"Reword: {text}" if text else "Reword: remove this sentence"
        # shown, never applied where it does not apply: the edit is kept so that editors and
        # scripts see where it goes
        applicability = effective_applicability(rule, config, Applicability.UNSAFE) if applies \
            else Applicability.DISPLAY_ONLY
        return Fix(title=title, applicability=applicability,
                   edits=(Edit(sentence_start, sentence_end, text),))  # the whole sentence: re-linted whole
    if edit is not None:
        original = document.source[start:end]
        fixed = original[: edit.start - start] + edit.content + original[edit.end - start :]
        title = rule.fix.get("title") or suggestion or f'Replace with "{fixed}"'
        title = title.replace("{match}", original).replace("{fixed}", fixed)
        return Fix(title=title, applicability=effective_applicability(rule, config), edits=(edit,))
    if suggestion:
        return Fix(title=suggestion, applicability=Applicability.DISPLAY_ONLY)
    return None


def build_edit(document: "Document", rule: "Rule", start: int, end: int) -> Edit | None:
    pattern, replace = rule.fix.get("pattern"), rule.fix.get("replace")
    if not pattern or replace is None or not (0 <= start < end <= len(document.source)):
        return None
    block = prose_block(document, start, end)
    if block is None:
        return None
    original = document.source[start:end]
    replaced = _compiled(pattern).sub(replace, original, count=1)
    replaced = _keep_sentence_case(original, replaced)
    if replaced == original or any(c in replaced for c in _FORBIDDEN_CONTENT):
        return None
    if block.kind == "table_cell" and "|" in replaced:
        return None
    return _trimmed(start, original, replaced)


def rewritable(document: "Document", start: int, end: int, text: str) -> bool:
    """A sentence at [start, end) may be replaced by `text`: it lies in one paragraph or table
    cell, crosses no quotation or list prefix on a wrapped line, and `text` adds no line break
    (nor, in a table, a pipe)."""
    original = document.source[start:end]
    if not (0 <= start < end <= len(document.source)) or not _same_code(original, text):
        return False
    for block in document.blocks:
        if block.start - len(emphasis_opener(document.source, block.start)) <= start and end <= block.end:
            if block.kind not in ("paragraph", "table_cell") or (block.kind == "table_cell" and "|" in text):
                return False
            if any(line.lstrip()[:1] in (">", "|") for line in original.splitlines()[1:]):
                return False
            return not any(s < end and start < e for s, e in document.skipped)
    return False


def emphasis_opener(source: str, block_start: int) -> str:
    """Emphasis markers that open a block's first words ("**Kenji** forgot", "- **08:09**: We
    ..."): the block starts after them, so a rewording of its first sentence may take them in."""
    at = block_start
    while at > 0 and source[at - 1] in "*_":
        at -= 1
    return source[at:block_start]


def _same_code(original: str, text: str) -> bool:
    """A rewording may carry the original's code spans, but no more backticks, and no line break."""
    if "\n" in text or "\r" in text:
        return False
    return text.count("`") <= original.count("`")


def prose_block(document: "Document", start: int, end: int) -> "Block | None":
    """The paragraph or table cell holding [start, end) as plain text, else None."""
    for block in document.blocks:
        if block.start <= start and end <= block.end:
            if block.kind not in ("paragraph", "table_cell"):
                return None
            # Masking blanks markup character for character: any difference means the
            # span holds inline code, a link target, emphasis or a quote/list prefix.
            if block.text[start - block.start : end - block.start] != document.source[start:end]:
                return None
            if any(s < end and start < e for s, e in document.skipped):
                return None
            return block
    return None


def _keep_sentence_case(original: str, replaced: str) -> str:
    if original[:1].isupper() and replaced[:1].islower():
        return replaced[0].upper() + replaced[1:]
    return replaced


def _trimmed(start: int, original: str, replaced: str) -> Edit:
    """The smallest Edit turning `original` (at `start`) into `replaced`."""
    prefix = 0
    limit = min(len(original), len(replaced))
    while prefix < limit and original[prefix] == replaced[prefix]:
        prefix += 1
    suffix = 0
    while (suffix < limit - prefix and original[len(original) - 1 - suffix] == replaced[len(replaced) - 1 - suffix]):
        suffix += 1
    return Edit(start + prefix, start + len(original) - suffix, replaced[prefix : len(replaced) - suffix])
