"""Load rule files (one YAML file per rule) and validate them strictly."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from blamelint import ruleschema as schema
from blamelint.errors import RuleError
from blamelint.fixes import fix_spec_problem
from blamelint.findings import Applicability, Level
from blamelint.patternguard import unbounded_token_problem
from blamelint.yamlsource import LocatedYaml, load_located


@dataclass(frozen=True)
class BadExample:
    text: str
    suggestion: str | None = None
    fixed: str | None = None
    level: str | None = None
    rewrite: str | bool | None = None  # the expected rewording; false: none is expected


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    family: str
    level: Level
    summary: str
    message: str
    docs: dict
    bad: tuple[BadExample, ...]
    good: tuple[str, ...]
    source: str  # the file it came from
    status: str = "stable"
    aliases: tuple[str, ...] = ()
    scope: dict = field(default_factory=dict)
    patterns: tuple[dict, ...] = ()
    exceptions: tuple[dict, ...] = ()
    conditions: dict = field(default_factory=dict)
    suggestion: str | None = None
    suggestions: dict = field(default_factory=dict)
    fix: dict = field(default_factory=dict)
    first_person_level: Level | None = None
    span: str = "match"
    rewrite: str | None = None  # the rule's rewording strategy; a pattern may name its own

    def rewrite_strategy(self, pattern_index: int) -> str | None:
        return self.patterns[pattern_index].get("rewrite", self.rewrite)

    @property
    def applicability(self) -> Applicability:
        return Applicability(self.fix.get("applicability", "display-only"))

    @property
    def is_structural(self) -> bool:
        return not self.patterns


def builtin_rules_dir() -> Path:
    """rules/ as shipped in the wheel, or the repository's rules/ in a source checkout."""
    packaged = resources.files("blamelint").joinpath("rules")
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "rules"


def load_rules(directory: Path | None = None) -> list[Rule]:
    directory = directory or builtin_rules_dir()
    if not directory.is_dir():
        raise RuleError("rules directory not found", str(directory))
    rules = [load_rule_file(path) for path in sorted(directory.glob("*.yaml")) if not path.name.startswith("_")]
    _check_unique(rules)
    return rules


def _check_unique(rules: list[Rule]) -> None:
    seen: dict[str, str] = {}
    for rule in rules:
        for key in (rule.id, rule.name, *rule.aliases):
            if key in seen:
                raise RuleError(f"duplicate rule id or name {key!r} (also in {seen[key]})", rule.source)
            seen[key] = rule.source


def load_rule_file(path: Path) -> Rule:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as problem:
        raise RuleError(f"cannot read rule file: {problem}", str(path)) from None
    located = load_located(text, str(path), RuleError)
    try:
        return _RuleValidator(located, str(path)).build()
    except (TypeError, AttributeError, ValueError, KeyError) as problem:
        # a last guard: a value of a type no check above expected is still a RuleError, not a crash
        raise RuleError(f"malformed rule file: {type(problem).__name__}: {problem}", str(path)) from None


class _RuleValidator:
    def __init__(self, located: LocatedYaml, where: str):
        self.located = located
        self.where = where
        self.data = located.data

    def fail(self, message: str, path: tuple = ()) -> None:
        raise RuleError(message, self.where, self.located.line_of(path))

    def build(self) -> Rule:
        if not isinstance(self.data, dict):
            self.fail("a rule file must be a mapping of keys (id, name, family, ...)")
        self._check_keys(self.data, schema.TOP_KEYS, ())
        data = self.data
        self._check_choice("family", schema.FAMILIES)
        self._check_choice("level", schema.LEVELS)
        if not schema.RULE_ID.match(str(data["id"])):
            self.fail(f"id {data['id']!r} must look like BL123", ("id",))
        if not schema.RULE_NAME.match(str(data["name"])):
            self.fail(f"name {data['name']!r} must be kebab-case", ("name",))
        for key in ("summary", "message"):
            self._check_string(data[key], (key,))
        if "{" in data["message"]:
            self.fail("message is shown as written: placeholders such as {match} belong in suggestion", ("message",))
        scope = self._mapping("scope", schema.SCOPE_KEYS)
        conditions = self._conditions(data.get("conditions", {}), ("conditions",))
        patterns = self._patterns("patterns", schema.PATTERN_KEYS)
        exceptions = self._patterns("exceptions", schema.EXCEPTION_KEYS)
        if data["family"] != "structure" and not patterns:
            self.fail("a blame or assumption rule needs at least one pattern", ("patterns",))
        fix = self._mapping("fix", schema.FIX_KEYS)
        if fix and fix.get("applicability") not in schema.APPLICABILITIES:
            self.fail(f"fix.applicability must be one of {', '.join(schema.APPLICABILITIES)}", ("fix", "applicability"))
        fix_problem = fix_spec_problem(fix) if fix else None
        if fix_problem:
            self.fail(fix_problem[0], ("fix", fix_problem[1]))
        docs = self._mapping("docs", schema.DOCS_KEYS)
        for key in ("what", "why"):
            if not docs.get(key):
                self.fail(f"docs.{key} is required", ("docs",))
        bad, good = self._examples()
        for index, example in enumerate(bad):
            if example.fixed is not None and not fix.get("pattern"):
                self.fail("a bad example with `fixed:` needs a fix edit (fix.pattern and fix.replace)",
                          ("examples", "bad", index, "fixed"))
        span = data.get("span", "match")
        if span not in schema.SPAN_CHOICES:
            self.fail(f"span must be one of {', '.join(schema.SPAN_CHOICES)}", ("span",))
        suggestions = data.get("suggestions", {}) or {}
        if not isinstance(suggestions, dict):
            self.fail("suggestions must map a verb lemma to a template", ("suggestions",))
        self._check_rewrite(data.get("rewrite"), ("rewrite",))
        for index, pattern in enumerate(patterns):
            self._check_rewrite(pattern.get("rewrite"), ("patterns", index, "rewrite"))
        aliases = data.get("aliases", ())
        if not isinstance(aliases, list | tuple) or not all(isinstance(a, str) for a in aliases):
            self.fail("aliases must be a list of names", ("aliases",))
        for key in ("status", "suggestion"):
            if data.get(key) is not None and not isinstance(data[key], str):
                self.fail(f"{key} must be a string", (key,))
        first_level = data.get("first-person-level")
        if first_level is not None and first_level not in schema.LEVELS:
            self.fail(f"first-person-level must be one of {', '.join(schema.LEVELS)}", ("first-person-level",))
        return Rule(
            id=data["id"], name=data["name"], family=data["family"], level=Level.parse(data["level"]),
            summary=data["summary"].strip(), message=data["message"].strip(), docs=docs, bad=bad, good=good,
            source=self.where, status=data.get("status", "stable"), aliases=tuple(data.get("aliases", ())),
            scope=scope, patterns=patterns, exceptions=exceptions, conditions=conditions,
            suggestion=(data.get("suggestion") or None), suggestions=suggestions, fix=fix,
            first_person_level=Level.parse(first_level) if first_level else None, span=span,
            rewrite=data.get("rewrite"),
        )

    def _check_rewrite(self, value, path: tuple) -> None:
        if value is not None and value not in schema.REWRITE_STRATEGIES:
            self.fail(f"rewrite must be one of {', '.join(schema.REWRITE_STRATEGIES)}, not {value!r}", path)

    def _check_keys(self, mapping: dict, allowed, path: tuple) -> None:
        for key in mapping:
            if key not in allowed:
                choices = ", ".join(sorted(allowed))
                self.fail(f"unknown key {key!r} (allowed: {choices})", path + (key,))
        if isinstance(allowed, dict):
            for key, required in allowed.items():
                if required and key not in mapping:
                    self.fail(f"missing required key {key!r}", path)

    def _check_choice(self, key: str, choices) -> None:
        if self.data[key] not in choices:
            self.fail(f"{key} must be one of {', '.join(choices)}, not {self.data[key]!r}", (key,))

    def _check_string(self, value, path: tuple) -> None:
        if not isinstance(value, str) or not value.strip():
            self.fail(f"{'.'.join(map(str, path))} must be a non-empty string", path)

    def _mapping(self, key: str, allowed: set) -> dict:
        value = self.data.get(key, {}) or {}
        if not isinstance(value, dict):
            self.fail(f"{key} must be a mapping", (key,))
        self._check_keys(value, allowed, (key,))
        return value

    def _conditions(self, value, path: tuple) -> dict:
        if not isinstance(value, dict):
            self.fail("conditions must be a mapping", path)
        for key, wanted in value.items():
            if key not in schema.CONDITION_KEYS:
                self.fail(f"unknown condition {key!r} (allowed: {', '.join(schema.CONDITION_KEYS)})", path + (key,))
            allowed = schema.CONDITION_KEYS[key]
            values = wanted if isinstance(wanted, list) else [wanted]
            for item in values:
                if item not in allowed:
                    self.fail(f"condition {key} takes {', '.join(map(str, allowed))}, not {item!r}", path + (key,))
        return value

    def _patterns(self, key: str, allowed: set) -> tuple[dict, ...]:
        value = self.data.get(key, []) or []
        if not isinstance(value, list):
            self.fail(f"{key} must be a list", (key,))
        for index, entry in enumerate(value):
            path = (key, index)
            if not isinstance(entry, dict):
                self.fail(f"each entry of {key} must be a mapping", path)
            self._check_keys(entry, allowed, path)
            kinds = [kind for kind in schema.PATTERN_KINDS if kind in entry]
            if len(kinds) != 1:
                self.fail(f"each entry of {key} needs exactly one of {', '.join(schema.PATTERN_KINDS)}", path)
            if not isinstance(entry[kinds[0]], list) or not entry[kinds[0]]:
                self.fail(f"{kinds[0]} must be a non-empty list", path + (kinds[0],))
            if kinds[0] == "tokens":
                problem = unbounded_token_problem(entry["tokens"])
                if problem:
                    self.fail(f"tokens[{problem[0]}]: {problem[1]}", path + ("tokens", problem[0]))
            if "conditions" in entry:
                self._conditions(entry["conditions"], path + ("conditions",))
            if entry.get("within", "match") not in ("match", "sentence"):
                self.fail("within must be match or sentence", path + ("within",))
        return tuple(value)

    def _examples(self) -> tuple[tuple[BadExample, ...], tuple[str, ...]]:
        examples = self._mapping("examples", schema.EXAMPLE_KEYS)
        bad_raw, good_raw = examples.get("bad") or [], examples.get("good") or []
        if not bad_raw or not good_raw:
            self.fail("examples need at least one bad and one good example", ("examples",))
        for key, value in (("bad", bad_raw), ("good", good_raw)):
            if not isinstance(value, list):
                self.fail(f"examples.{key} must be a list", ("examples", key))
        bad = []
        for index, item in enumerate(bad_raw):
            path = ("examples", "bad", index)
            if isinstance(item, str):
                item = {"text": item}
            if not isinstance(item, dict) or "text" not in item:
                self.fail("a bad example is a string or a mapping with text", path)
            self._check_keys(item, schema.BAD_EXAMPLE_KEYS, path)
            if "rewrite" in item and not (item["rewrite"] is False or isinstance(item["rewrite"], str)):
                self.fail('rewrite: is the expected reworded sentence ("" removes it), or false when none is expected',
                          path + ("rewrite",))
            bad.append(BadExample(**item))
        for index, item in enumerate(good_raw):
            if not isinstance(item, str):
                self.fail("a good example is a string", ("examples", "good", index))
        return tuple(bad), tuple(good_raw)
