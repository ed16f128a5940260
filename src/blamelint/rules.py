"""Load rule files (one YAML file per rule) and validate them strictly."""

from __future__ import annotations

import string
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
    span: str | None = None  # the text the finding must underline
    config: dict | None = None  # the configuration it runs under ({profile: gitlab})


@dataclass(frozen=True)
class GoodExample:
    text: str
    config: dict | None = None


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
    good: tuple[GoodExample, ...]
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
    check: str | None = None  # a structure rule's check (structure/checks/)
    variants: dict = field(default_factory=dict)  # a check's other ways to say a finding

    def texts(self, variant: str, values) -> tuple[str, str | None]:
        """A structure rule's message and suggestion for one finding of its check."""
        words = self.variants.get(variant, {})
        message = words.get("message", self.message).format_map(values)
        suggestion = words.get("suggestion", self.suggestion)
        return message, None if suggestion is None else suggestion.format_map(values)

    def rewrite_strategy(self, pattern_index: int) -> str | None:
        return self.patterns[pattern_index].get("rewrite", self.rewrite)

    @property
    def applicability(self) -> Applicability:
        return Applicability(self.fix.get("applicability", "display-only"))

    @property
    def is_structural(self) -> bool:
        return self.check is not None


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
    rules = [load_rule_file(path) for path in _rule_files(directory)]
    _check_unique(rules)
    if directory == builtin_rules_dir():
        _check_every_check_has_a_rule(rules, directory)
    return rules


def _rule_files(directory: Path) -> list[Path]:
    """Every *.yaml and *.yml file: a rule file is read, never skipped for its spelling."""
    return sorted(p for p in directory.iterdir() if p.suffix in (".yaml", ".yml") and not p.name.startswith("_"))


def _check_every_check_has_a_rule(rules: list[Rule], directory: Path) -> None:
    from blamelint.structure import CHECKS

    named = {rule.check for rule in rules}
    missing = sorted(set(CHECKS) - named)
    if missing:
        raise RuleError(f"structure check {missing[0]!r} has no rule file (add one with `check: {missing[0]}`)",
                        str(directory))


def _check_unique(rules: list[Rule]) -> None:
    """Ids and names are unique. An alias may name a group (BL305 for the rules it was split
    into), but only of one family, and never another rule's id or name."""
    seen: dict[str, str] = {}
    for rule in rules:
        for key in (rule.id, rule.name):
            if key.lower() in seen:
                raise RuleError(f"duplicate rule id or name {key!r} (also in {seen[key.lower()]})", rule.source)
            seen[key.lower()] = rule.source
    families: dict[str, tuple[str, str]] = {}
    for rule in rules:
        for alias in rule.aliases:
            if alias.lower() in seen:
                raise RuleError(f"alias {alias!r} is the id or name of the rule in {seen[alias.lower()]}", rule.source)
            family, source = families.setdefault(alias.lower(), (rule.family, rule.source))
            if family != rule.family:
                raise RuleError(f"alias {alias!r} also names a {family} rule ({source})", rule.source)


def load_rule_file(path: Path) -> Rule:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as problem:
        raise RuleError(f"cannot read rule file: {problem}", str(path)) from None
    located = load_located(text, str(path), RuleError, fast=True)
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
        check = self._check_name(data)
        if check is None and "{" in data["message"]:
            self.fail("message is shown as written: placeholders such as {match} belong in suggestion", ("message",))
        variants = self._variants(check)
        self._check_id_family(data)
        self._check_choice("status", schema.STATUSES, "stable")
        scope = self._scope()
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
            if example.span is not None and example.span not in example.text:
                self.fail("span: must be words of the example's text", ("examples", "bad", index, "span"))
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
            rewrite=data.get("rewrite"), check=None if check is None else check.name, variants=variants,
        )

    def _check_name(self, data: dict):
        """The structure check a rule names, which a structure rule must and no other may."""
        from blamelint.structure import CHECKS

        name = data.get("check")
        if data["family"] != "structure":
            if name is not None:
                self.fail("only a structure rule names a check", ("check",))
            return None
        if name is None:
            self.fail(f"a structure rule needs `check:`, one of {', '.join(sorted(CHECKS))}", ())
        if name not in CHECKS:
            self.fail(f"unknown check {name!r} (known: {', '.join(sorted(CHECKS))})", ("check",))
        if data.get("patterns"):
            self.fail("a structure rule is its check: it takes no patterns", ("patterns",))
        return CHECKS[name]

    def _variants(self, check) -> dict:
        """Every variant the check says a finding in, with its words; templates use only the
        names the check supplies."""
        value = self.data.get("variants", {}) or {}
        if not isinstance(value, dict):
            self.fail("variants must map a variant name to its message and suggestion", ("variants",))
        if check is None:
            if value:
                self.fail("only a structure rule has variants", ("variants",))
            return {}
        from blamelint.structure import DEFAULT

        expected = set(check.variants) - {DEFAULT}
        for name in value:
            if name not in expected:
                known = ", ".join(sorted(expected)) or "none"
                self.fail(f"check {check.name} has no variant {name!r} (its variants: {known})", ("variants", name))
        for name in sorted(expected - set(value)):
            self.fail(f"check {check.name} says some findings as variant {name!r}: give its message or suggestion",
                      ("variants",))
        templates = [(("message",), self.data["message"]), (("suggestion",), self.data.get("suggestion"))]
        for name, words in value.items():
            if not isinstance(words, dict) or not words:
                self.fail("a variant maps message and/or suggestion to its words", ("variants", name))
            self._check_keys(words, schema.VARIANT_KEYS, ("variants", name))
            templates += [(("variants", name, key), text) for key, text in words.items()]
        for path, text in templates:
            if text is not None:
                self._check_template(text, check, path)
        return value

    def _check_template(self, text, check, path: tuple) -> None:
        self._check_string(text, path)
        try:
            fields = [field for _, field, _, _ in string.Formatter().parse(text) if field is not None]
        except ValueError as problem:
            self.fail(f"{'.'.join(map(str, path))}: {problem} (write a literal brace as {{{{ or }}}})", path)
        for field in fields:
            if field not in check.supplies:
                known = ", ".join(f"{{{name}}}" for name in sorted(check.supplies)) or "none"
                self.fail(f"placeholder {{{field}}} is not supplied by check {check.name} (it supplies: {known})", path)

    def _check_id_family(self, data: dict) -> None:
        """BL1xx are blame rules, BL2xx assumption, BL3xx structure: the id says the family."""
        expected = schema.FAMILY_PREFIX[data["family"]]
        if not str(data["id"]).startswith(expected):
            self.fail(f"id {data['id']} does not fit family {data['family']}: its ids start with {expected}", ("id",))

    def _scope(self) -> dict:
        """Section kinds are lists of the kinds in data/sections.yaml (a bare string or a typo
        would silently switch the rule off); the switches are true or false."""
        from blamelint.sections import default_vocabulary

        scope = self._mapping("scope", schema.SCOPE_KEYS)
        kinds = set(default_vocabulary().synonyms)
        for key in ("include-sections", "exclude-sections", "exclude-columns"):
            if key not in scope:
                continue
            value = scope[key]
            if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
                self.fail(f"scope.{key} must be a list of names, e.g. [{'timeline' if 'sections' in key else 'owner'}]",
                          ("scope", key))
            unknown = [v for v in value if "sections" in key and v not in kinds]
            if unknown:
                self.fail(f"scope.{key}: unknown section kind {unknown[0]!r} (known: {', '.join(sorted(kinds))})",
                          ("scope", key))
        for key in ("skip-quotes", "skip-headings", "skip-tables", "list-items-only"):
            if key in scope and not isinstance(scope[key], bool):
                self.fail(f"scope.{key} must be true or false", ("scope", key))
        return scope

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

    def _check_choice(self, key: str, choices, default=None) -> None:
        """`default`: the value of an optional key that is left out (required keys are checked before)."""
        value = self.data.get(key, default)
        if value not in choices:
            self.fail(f"{key} must be one of {', '.join(choices)}, not {value!r}", (key,))

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
            self._check_example_config(item.get("config"), path + ("config",))
            bad.append(BadExample(**item))
        good = []
        for index, item in enumerate(good_raw):
            path = ("examples", "good", index)
            if isinstance(item, str):
                item = {"text": item}
            if not isinstance(item, dict) or not isinstance(item.get("text"), str):
                self.fail("a good example is a string or a mapping with text", path)
            self._check_keys(item, schema.GOOD_EXAMPLE_KEYS, path)
            self._check_example_config(item.get("config"), path + ("config",))
            good.append(GoodExample(**item))
        return tuple(bad), tuple(good)

    def _check_example_config(self, value, path: tuple) -> None:
        """An example's configuration: a mapping of config keys (checked in full when it runs)."""
        if value is None:
            return
        from blamelint.config import CONFIG_KEYS

        if not isinstance(value, dict) or not value:
            self.fail("config: is a mapping of configuration keys, e.g. {profile: gitlab}", path)
        for key in value:
            if key not in CONFIG_KEYS:
                self.fail(f"unknown configuration key {key!r} (allowed: {', '.join(CONFIG_KEYS)})", path + (key,))
