"""The allowed shape of a rule file. Anything else is an error naming file and line."""

import re

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
FIX_KEYS = {"applicability", "pattern", "replace", "title"}  # pattern/replace: see fixes.py
DOCS_KEYS = {"what", "why", "references", "known-problems", "options"}
EXAMPLE_KEYS = {"bad", "good"}
BAD_EXAMPLE_KEYS = {"text", "suggestion", "fixed", "level", "rewrite", "span", "config"}
GOOD_EXAMPLE_KEYS = {"text", "config"}
# How a rule rewords what it flags (rewrite/__init__.py); "none": no rewording, only the question.
REWRITE_STRATEGIES = ("omission", "commission", "without", "belief", "counterfactual", "drop", "hindsight", "judged-decision",
                      "label", "possessive", "folk-label", "exhortation", "none")
SPAN_CHOICES = ("match", "sentence", "clause")
