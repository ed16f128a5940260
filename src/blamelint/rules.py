"""Load rule files (one YAML file per rule) and validate them strictly."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from blamelint import ruleschema as schema
from blamelint.errors import RuleError
from blamelint.schema import validate
from blamelint.findings import Applicability, Level
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
    # the line of each pattern ("p", index) and exception ("x", index): spaCy compiles them
    # later (matching.py), and a pattern it refuses is reported at its line
    lines: dict = field(default_factory=dict, compare=False, repr=False)

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


def load_rules(directory: Path | None = None, parsed=None) -> list[Rule]:
    """`parsed`: where rule files parsed before are kept (cache.ParsedRuleFiles), or None."""
    directory = directory or builtin_rules_dir()
    if not directory.is_dir():
        raise RuleError("rules directory not found", str(directory))
    rules = [load_rule_file(path, parsed) for path in _rule_files(directory)]
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


def load_rule_file(path: Path, parsed=None) -> Rule:
    """The rule of one file. `parsed` (cache.ParsedRuleFiles) may hold the YAML of this very text
    parsed before; it is validated and built as a fresh parse is."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as problem:
        raise RuleError(f"cannot read rule file: {problem}", str(path)) from None
    located = parsed.get(text) if parsed is not None else None
    if located is None:
        located = load_located(text, str(path), RuleError, fast=True)
        if parsed is not None:
            parsed.put(text, located)
    try:
        return _build_rule(located, str(path))
    except (TypeError, AttributeError, ValueError, KeyError) as problem:
        # a last guard: a value of a type no check above expected is still a RuleError, not a crash
        raise RuleError(f"malformed rule file: {type(problem).__name__}: {problem}", str(path)) from None


def _build_rule(located: LocatedYaml, where: str) -> Rule:
    """The rule a file describes, once ruleschema.RULE accepts it."""
    validate(located, schema.RULE, where, RuleError)
    data = located.data
    level, first_level = Level.parse(data["level"]), data.get("first-person-level")
    return Rule(
        id=data["id"], name=data["name"], family=data["family"], level=level,
        summary=data["summary"].strip(), message=data["message"].strip(), docs=data["docs"],
        bad=tuple(BadExample(**_example(item)) for item in data["examples"]["bad"]),
        good=tuple(GoodExample(**_example(item)) for item in data["examples"]["good"]),
        source=where, status=data.get("status") or "stable", aliases=tuple(data.get("aliases") or ()),
        scope=data.get("scope") or {}, patterns=tuple(data.get("patterns") or ()),
        exceptions=tuple(data.get("exceptions") or ()), conditions=data.get("conditions") or {},
        suggestion=(data.get("suggestion") or None), suggestions=data.get("suggestions") or {},
        fix=data.get("fix") or {}, first_person_level=Level.parse(first_level) if first_level else None,
        span=data.get("span") or "match", rewrite=data.get("rewrite"), check=data.get("check"),
        variants=data.get("variants") or {}, lines=_entry_lines(located),
    )


def _entry_lines(located: LocatedYaml) -> dict:
    return {(role, index): located.line_of((key, index))
            for role, key in (("p", "patterns"), ("x", "exceptions"))
            for index, _ in enumerate(located.data.get(key) or ())}


def _example(item) -> dict:
    return {"text": item} if isinstance(item, str) else item
