"""The allowed shape of a rule file, as a schema (schema.py). Anything else is an error naming
file and line."""

import re
import string

from blamelint import schema as s

RULE_ID = re.compile(r"^BL\d{3}$")
RULE_NAME = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
FAMILIES = ("blame", "assumption", "structure")
FAMILY_PREFIX = {"blame": "BL1", "assumption": "BL2", "structure": "BL3"}
STATUSES = ("stable", "preview", "deprecated")
LEVELS = ("error", "warning", "info")
APPLICABILITIES = ("safe", "unsafe", "display-only")
PATTERN_KINDS = ("phrases", "tokens", "dependency")

TOP_KEYS = {
    "id": True, "name": True, "family": True, "level": True, "summary": True, "message": True,
    "examples": True, "docs": True,
    "status": False, "aliases": False, "scope": False, "patterns": False, "exceptions": False,
    "conditions": False, "suggestion": False, "suggestions": False, "fix": False,
    "first-person-level": False, "span": False, "rewrite": False, "check": False, "variants": False,
}
VARIANT_KEYS = {"message", "suggestion"}
SCOPE_KEYS = {"include-sections", "exclude-sections", "skip-quotes", "skip-headings", "skip-tables",
              "exclude-columns", "list-items-only"}
PATTERN_KEYS = {"phrases", "tokens", "dependency", "label", "conditions", "rewrite"}
EXCEPTION_KEYS = {"phrases", "tokens", "label", "within"}
CONDITION_KEYS = {
    "agent": ("person", "team", "first-person", "unstated", "any"),
    "experiencer": ("person", "team", "first-person"),
    "negated": (True, False, "any"),
    "future": (True, False),
    "question": (True, False, "any"),
    "evidence": ("absent", "any"),
    "subject": ("person", "non-person", "any"),
    "conditional": (True, False),
    "restrictive-relative": (True, False),
    "modal": (True, False),
    "claim": ("causal", "any"),
    "systemic-reason": (True, False, "any"),
}
BAD_EXAMPLE_KEYS = {"text", "suggestion", "fixed", "level", "rewrite", "span", "config"}
GOOD_EXAMPLE_KEYS = {"text", "config"}
# How a rule rewords what it flags (rewrite/__init__.py); "none": no rewording, only the question.
REWRITE_STRATEGIES = ("omission", "commission", "without", "belief", "counterfactual", "drop", "hindsight", "judged-decision",
                      "label", "possessive", "folk-label", "exhortation", "none")
SPAN_CHOICES = ("match", "sentence", "clause")


# --- the rule file, as a schema (schema.py) -----------------------------------------------------
def _check_names() -> list[str]:
    from blamelint.structure import CHECKS

    return sorted(CHECKS)


def _config_keys() -> tuple[str, ...]:
    from blamelint.config import CONFIG_KEYS

    return CONFIG_KEYS


def _exactly_one_kind(key: str):
    def hook(entry, _context):
        if len([kind for kind in PATTERN_KINDS if kind in entry]) != 1:
            return f"each entry of {key} needs exactly one of {', '.join(PATTERN_KINDS)}"
        return None
    return hook


def _bounded_tokens(tokens, _context):
    from blamelint.patternguard import unbounded_token_problem

    problem = unbounded_token_problem(tokens)
    return (f"tokens[{problem[0]}]: {problem[1]}", (problem[0],)) if problem else None


CONDITIONS = s.record(
    {key: s.one_of(allowed, f"condition {key} takes {', '.join(map(str, allowed))}, not {{value!r}}", many=True,
                   nullable=False)
     for key, allowed in CONDITION_KEYS.items()},
    "conditions must be a mapping", unknown_message="unknown condition {key!r} (allowed: {allowed})")


def _entries(key: str, allowed: set) -> s.Spec:
    """patterns: and exceptions: lists of matcher entries."""
    fields = {
        **{kind: s.list_of(s.Spec(), f"{kind} must be a non-empty list", nonempty=True,
                           hooks=(_bounded_tokens,) if kind == "tokens" else ()) for kind in PATTERN_KINDS},
        "label": s.Spec(), "conditions": CONDITIONS, "within": s.one_of(("match", "sentence"), "within must be match or sentence", nullable=False),
        "rewrite": s.one_of(REWRITE_STRATEGIES, "rewrite must be one of {choices}, not {value!r}"),
    }
    entry = s.record({name: spec for name, spec in fields.items() if name in allowed},
                     f"each entry of {key} must be a mapping", hooks=(_exactly_one_kind(key),))
    return s.list_of(entry, f"{key} must be a list")


def _section_list(key: str) -> s.Spec:
    kind = s.one_of(s.section_kinds, f"scope.{key}: unknown section kind {{value!r}} (known: {{choices}})", types=(str,))
    return s.list_of(kind, f"scope.{key} must be a list of names, e.g. [timeline]", nonempty=True)


SCOPE = s.record({
    "include-sections": _section_list("include-sections"),
    "exclude-sections": _section_list("exclude-sections"),
    "exclude-columns": s.list_of(s.Spec((str,)), "scope.exclude-columns must be a list of names, e.g. [owner]", nonempty=True),
    **{key: s.switch(f"scope.{key} must be true or false")
       for key in ("skip-quotes", "skip-headings", "skip-tables", "list-items-only")},
}, "scope must be a mapping")
assert set(SCOPE.keys) == SCOPE_KEYS


def _applicability_given(fix, _context):
    if fix and fix.get("applicability") not in APPLICABILITIES:
        return f"fix.applicability must be one of {', '.join(APPLICABILITIES)}", ("applicability",)
    return None


def _fix_edit(fix, _context):
    from blamelint.fixes import fix_spec_problem

    problem = fix_spec_problem(fix) if fix else None
    return (problem[0], (problem[1],)) if problem else None


FIX = s.record({
    "applicability": s.one_of(APPLICABILITIES, "fix.applicability must be one of {choices}"),
    "pattern": s.Spec(), "replace": s.Spec(), "title": s.Spec(),
}, "fix must be a mapping", hooks=(_applicability_given, _fix_edit))


def _what_and_why(docs, _context):
    missing = next((key for key in ("what", "why") if not docs.get(key)), None)
    return f"docs.{missing} is required" if missing else None


DOCS = s.record({key: s.Spec() for key in ("what", "why", "references", "known-problems", "options")},
                "docs must be a mapping", hooks=(_what_and_why,))


def _rewrite_pin(value, _context):
    if value is False or isinstance(value, str):
        return None
    return 'rewrite: is the expected reworded sentence ("" removes it), or false when none is expected'


EXAMPLE_CONFIG = s.Spec((dict,), "config: is a mapping of configuration keys, e.g. {{profile: gitlab}}", nonempty=True,
                        key_spec=s.one_of(_config_keys, "unknown configuration key {value!r} (allowed: {choices})"))
_BAD = "a bad example is a string or a mapping with text"
_GOOD = "a good example is a string or a mapping with text"
BAD_EXAMPLE = s.Spec((str, dict), _BAD, required=("text",), missing_message=_BAD, keys={
    "text": s.string(_BAD), "suggestion": s.string(), "fixed": s.string(), "span": s.string(),
    "level": s.one_of(LEVELS), "rewrite": s.Spec(hooks=(_rewrite_pin,)), "config": EXAMPLE_CONFIG,
})
GOOD_EXAMPLE = s.Spec((str, dict), _GOOD, required=("text",), missing_message=_GOOD,
                      keys={"text": s.string(_GOOD), "config": EXAMPLE_CONFIG})
assert set(BAD_EXAMPLE.keys) == BAD_EXAMPLE_KEYS and set(GOOD_EXAMPLE.keys) == GOOD_EXAMPLE_KEYS


def _one_of_each(examples, _context):
    if not examples.get("bad") or not examples.get("good"):
        return "examples need at least one bad and one good example"
    return None


EXAMPLES = s.record({"bad": s.list_of(BAD_EXAMPLE, "examples.bad must be a list"),
                     "good": s.list_of(GOOD_EXAMPLE, "examples.good must be a list")},
                    "examples must be a mapping", hooks=(_one_of_each,))

VARIANTS = s.mapping_of(
    s.record({key: s.text() for key in VARIANT_KEYS}, "a variant maps message and/or suggestion to its words", nonempty=True),
    "variants must map a variant name to its message and suggestion")


# --- what one key cannot say alone: hooks over the whole rule (after every key is valid) --------
def _check_fits_family(rule, _context):
    """A structure rule names its check (and is it: no patterns); no other rule names one."""
    if rule["family"] != "structure":
        return ("only a structure rule names a check", ("check",)) if rule.get("check") is not None else None
    if rule.get("check") is None:
        return f"a structure rule needs `check:`, one of {', '.join(_check_names())}"
    if rule.get("patterns"):
        return "a structure rule is its check: it takes no patterns", ("patterns",)
    return None


def _id_fits_family(rule, _context):
    """BL1xx are blame rules, BL2xx assumption, BL3xx structure: the id says the family."""
    expected = FAMILY_PREFIX[rule["family"]]
    if not str(rule["id"]).startswith(expected):
        return f"id {rule['id']} does not fit family {rule['family']}: its ids start with {expected}", ("id",)
    return None


def _has_patterns(rule, _context):
    if rule["family"] != "structure" and not rule.get("patterns"):
        return "a blame or assumption rule needs at least one pattern", ("patterns",)
    return None


def _message_is_literal(rule, _context):
    if rule.get("check") is None and "{" in rule["message"]:
        return "message is shown as written: placeholders such as {match} belong in suggestion", ("message",)
    return None


def _variants_fit_check(rule, _context):
    """Every variant the check says a finding in has words, and no other; templates use only
    the names the check supplies."""
    from blamelint.structure import CHECKS, DEFAULT

    variants = rule.get("variants") or {}
    if rule.get("check") is None:
        return ("only a structure rule has variants", ("variants",)) if variants else None
    check = CHECKS[rule["check"]]
    expected = set(check.variants) - {DEFAULT}
    for name in variants:
        if name not in expected:
            known = ", ".join(sorted(expected)) or "none"
            return f"check {check.name} has no variant {name!r} (its variants: {known})", ("variants", name)
    for name in sorted(expected - set(variants)):
        return f"check {check.name} says some findings as variant {name!r}: give its message or suggestion", ("variants",)
    templates = [(("message",), rule["message"]), (("suggestion",), rule.get("suggestion"))]
    templates += [(("variants", name, key), words) for name, entry in variants.items() for key, words in entry.items()]
    return next(filter(None, (_template_problem(words, check, path) for path, words in templates if words is not None)), None)


def _template_problem(words, check, path: tuple):
    if not isinstance(words, str) or not words.strip():
        return f"{'.'.join(map(str, path))} must be a non-empty string", path
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(words) if name is not None]
    except ValueError as problem:
        return f"{'.'.join(map(str, path))}: {problem} (write a literal brace as {{{{ or }}}})", path
    for name in fields:
        if name not in check.supplies:
            known = ", ".join(f"{{{supplied}}}" for supplied in sorted(check.supplies)) or "none"
            return f"placeholder {{{name}}} is not supplied by check {check.name} (it supplies: {known})", path
    return None


def _examples_fit(rule, _context):
    """A pinned span is words of the example; a pinned fix needs a fix edit."""
    for index, example in enumerate(rule["examples"]["bad"]):
        if isinstance(example, str):
            continue
        if example.get("span") is not None and example["span"] not in example["text"]:
            return "span: must be words of the example's text", ("examples", "bad", index, "span")
        if example.get("fixed") is not None and not (rule.get("fix") or {}).get("pattern"):
            return ("a bad example with `fixed:` needs a fix edit (fix.pattern and fix.replace)",
                    ("examples", "bad", index, "fixed"))
    return None


RULE = s.record({
    "id": s.Spec(pattern=RULE_ID, message="id {value!r} must look like BL123"),
    "name": s.Spec(pattern=RULE_NAME, message="name {value!r} must be kebab-case"),
    "family": s.one_of(FAMILIES),
    "level": s.one_of(LEVELS),
    "summary": s.text(),
    "message": s.text(),
    "examples": EXAMPLES,
    "docs": DOCS,
    "status": s.one_of(STATUSES),
    "aliases": s.list_of(s.Spec((str,)), "aliases must be a list of names"),
    "scope": SCOPE,
    "patterns": _entries("patterns", PATTERN_KEYS),
    "exceptions": _entries("exceptions", EXCEPTION_KEYS),
    "conditions": CONDITIONS,
    "suggestion": s.string(),
    "suggestions": s.mapping_of(s.Spec(), "suggestions must map a verb lemma to a template"),
    "fix": FIX,
    "first-person-level": s.one_of(LEVELS, "first-person-level must be one of {choices}"),
    "span": s.one_of(SPAN_CHOICES, "span must be one of {choices}"),
    "rewrite": s.one_of(REWRITE_STRATEGIES, "rewrite must be one of {choices}, not {value!r}"),
    "check": s.one_of(_check_names, "unknown check {value!r} (known: {choices})"),
    "variants": VARIANTS,
}, "a rule file must be a mapping of keys (id, name, family, ...)",
    required=tuple(key for key, needed in TOP_KEYS.items() if needed),
    hooks=(_check_fits_family, _message_is_literal, _variants_fit_check, _id_fits_family, _has_patterns, _examples_fit))
assert set(RULE.keys) == set(TOP_KEYS)
