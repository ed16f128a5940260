"""Profiles: which sections a postmortem needs, what headings mean them, and the template.

A profile is a YAML file. The built-in ones live in blamelint/data/profiles/; a project
can point `profile:` in its configuration at its own file (a path relative to the
configuration file). A profile may `extends:` another one and change only what differs.

    name: my-team
    description: One line.
    extends: default
    sections:                       # per canonical section kind
      causes:
        title: Contributing factors # how messages and `blamelint init` name it
        need: required              # required | recommended | optional
        synonyms: [why it broke]    # heading wording added to the vocabulary
        guidance: What had to be true for this to happen?
    causal-kinds: [causes, trigger] # kinds that satisfy the causal-analysis requirement
    rename:                         # info-level hints on heading wording
      - kind: causes
        wording: [root cause]
        hint: Call it "Contributing factors".
    owners: names                   # names | roles: what an action-item owner should be
    template: |                     # what `blamelint init --profile NAME` writes
      # Title ...

Validation is strict: a mistake raises ConfigError naming the profile file and line.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from blamelint import schema as s
from blamelint.errors import ConfigError
from blamelint.sections import SectionVocabulary, default_vocabulary, normalize_heading
from blamelint.yamlsource import load_located

NEEDS = ("required", "recommended", "optional")
OWNER_STYLES = ("names", "roles")


def _kind_spelling(kind, _context):
    if not isinstance(kind, str) or normalize_heading(kind).replace(" ", "-") != kind:
        return f"section kind {kind!r} must be lower-case words joined by '-'"
    return None


_SECTION = s.record({
    "title": s.string(nullable=False), "need": s.one_of(NEEDS, "need must be one of {choices}, not {value!r}", nullable=False),
    "synonyms": s.list_of(s.text(""), "{path} must be a list of non-empty strings"), "guidance": s.string(nullable=False),
}, "{path} must be a mapping (title, need, synonyms, guidance)", nullable=False,
    unknown_message="unknown section setting {key!r} (allowed: {allowed})")
_RENAME = s.record({
    "kind": s.Spec((str,), "unknown section kind {value!r}"),  # known kinds: checked with the base profile's
    "wording": s.list_of(s.text(""), "wording must be a non-empty list of strings", nonempty=True),
    "hint": s.text("hint must be a non-empty string"),
}, "each rename entry is a mapping with kind, wording and hint", required=("kind", "wording", "hint"),
    missing_message="rename entry needs {key!r}", unknown_message="unknown rename setting {key!r} (allowed: {allowed})")
PROFILE = s.record({
    "name": s.text("a profile needs a name (a non-empty string)"),
    "description": s.string("description must be a string (text)", nullable=False),
    "extends": s.string("extends must name a profile (or a profile file)", nullable=False),
    "sections": s.mapping_of(_SECTION, "sections must map a section kind to its settings (title, need, synonyms, guidance)",
                             key=s.Spec(hooks=(_kind_spelling,))),
    "causal-kinds": s.list_of(s.Spec((str,)), "causal-kinds must be a non-empty list of section kinds", nonempty=True,
                              nullable=False),
    "rename": s.list_of(_RENAME, "rename must be a list of {{kind, wording, hint}}"),
    "owners": s.one_of(OWNER_STYLES, "owners must be one of {choices}, not {value!r}", nullable=False),
    "template": s.string("template must be a string (a Markdown document)", nullable=False),
}, "a profile must be a mapping of keys (name, sections, ...)", required=("name",),
    missing_message="a profile needs a name (a non-empty string)", unknown_message="unknown profile key {key!r} (allowed: {allowed})")


@dataclass(frozen=True)
class SectionSpec:
    kind: str
    title: str
    need: str = "optional"
    synonyms: tuple[str, ...] = ()
    guidance: str = ""


@dataclass(frozen=True)
class RenameHint:
    kind: str
    wording: tuple[str, ...]
    hint: str


@dataclass(frozen=True)
class Profile:
    name: str
    description: str = ""
    source: str = ""
    sections: tuple[SectionSpec, ...] = ()
    causal_kinds: tuple[str, ...] = ("causes", "trigger")
    rename: tuple[RenameHint, ...] = ()
    owners: str = "names"
    template: str = ""
    _vocabulary: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    def spec(self, kind: str) -> SectionSpec | None:
        return next((s for s in self.sections if s.kind == kind), None)

    def title(self, kind: str) -> str:
        spec = self.spec(kind)
        return spec.title if spec else kind.replace("-", " ").capitalize()

    def needed(self) -> list[SectionSpec]:
        """Required and recommended sections, in the profile's order."""
        return [s for s in self.sections if s.need in ("required", "recommended")]

    def vocabulary(self, overrides: dict | None = None) -> SectionVocabulary:
        """The default heading vocabulary, plus this profile's synonyms, then `overrides` replacing kinds."""
        key = tuple(sorted((k, tuple(v)) for k, v in (overrides or {}).items()))
        if key not in self._vocabulary:
            merged = {kind: list(words) for kind, words in default_vocabulary().synonyms.items()}
            for spec in self.sections:
                merged.setdefault(spec.kind, []).extend(spec.synonyms)
            vocabulary = SectionVocabulary(merged)
            if overrides:
                vocabulary = vocabulary.with_overrides(overrides)
            self._vocabulary[key] = vocabulary
        return self._vocabulary[key]


def builtin_profiles_dir() -> Path:
    return Path(str(resources.files("blamelint").joinpath("data/profiles")))


def builtin_profile_names() -> list[str]:
    return sorted(p.stem for p in builtin_profiles_dir().glob("*.yaml"))


@lru_cache(maxsize=16)
def builtin_profile(name: str) -> Profile:
    path = builtin_profiles_dir() / f"{name}.yaml"
    if not path.is_file():
        raise ConfigError(f"unknown profile {name!r} (built-in: {', '.join(builtin_profile_names())})")
    return load_profile_file(path)


def default_profile() -> Profile:
    return builtin_profile("default")


def looks_like_path(value: str) -> bool:
    return "/" in value or "\\" in value or value.endswith((".yaml", ".yml"))


def resolve_profile(value: str, base_dir: Path | None = None) -> Profile:
    """A built-in profile by name, or a profile file (relative paths from `base_dir`)."""
    if looks_like_path(value):
        path = Path(value)
        if not path.is_absolute() and base_dir is not None:
            path = base_dir / path
        if not path.is_file():
            raise ConfigError(f"profile file not found: {path}")
        return load_profile_file(path)
    return builtin_profile(value)


def load_profile_file(path: Path, _seen: tuple[str, ...] = ()) -> Profile:
    where = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as problem:
        raise ConfigError(f"cannot read profile: {problem}", where) from None
    return _ProfileBuilder(path, load_located(text, where, ConfigError), _seen).build()


class _ProfileBuilder:
    """Validates one profile file; every mistake names the file and line."""

    def __init__(self, path: Path, located, seen: tuple[str, ...]):
        self.path, self.where, self.located, self.seen = path, str(path), located, seen
        self.data = located.data

    def fail(self, message: str, key_path: tuple = ()):
        raise ConfigError(message, self.where, self.located.line_of(key_path))

    def build(self) -> Profile:
        s.validate(self.located, PROFILE, self.where, ConfigError)
        data = self.data
        base = self._base()
        sections = self._sections(base)
        known_kinds = set(default_vocabulary().synonyms) | set(sections)
        owners = data.get("owners", base.owners if base else "names")
        template = data.get("template", base.template if base else "")
        description = data.get("description") or ""
        return Profile(
            name=data["name"], description=description.strip(), source=self.where,
            sections=tuple(sections.values()), causal_kinds=self._causal(base, known_kinds),
            rename=self._rename(base, known_kinds), owners=owners, template=template,
        )

    def _base(self) -> Profile | None:
        """The profile this one extends, if any (a built-in name or a file next to it)."""
        if "extends" not in self.data:
            return None
        parent, name = self.data["extends"], self.data["name"]
        if parent in self.seen or parent == name or str(self.path.parent / parent) in self.seen:
            self.fail(f"profile {name!r} extends itself (through {parent!r})", ("extends",))
        try:
            if not looks_like_path(parent):
                return builtin_profile(parent)
            parent_path = Path(parent) if Path(parent).is_absolute() else self.path.parent / parent
            if not parent_path.is_file():
                self.fail(f"profile file not found: {parent_path}", ("extends",))
            # files are compared by their real path: "../profiles/a.yaml" may be this very file
            if os.path.realpath(parent_path) in self.seen + (os.path.realpath(self.path),):
                self.fail(f"profile {name!r} extends itself (through {parent!r})", ("extends",))
            return load_profile_file(parent_path, self.seen + (name, self.where, os.path.realpath(self.path)))
        except ConfigError as problem:
            if problem.where == self.where:
                raise
            self.fail(f"cannot extend {parent!r}: {problem.one_line()}", ("extends",))

    def _sections(self, base: Profile | None) -> dict[str, SectionSpec]:
        sections = {s.kind: s for s in base.sections} if base else {}
        raw = self.data.get("sections") or {}
        for kind, settings in raw.items():
            sections[kind] = self._section(kind, settings, sections.get(kind))
        for kind, spec in sections.items():
            if kind not in default_vocabulary().synonyms and not spec.synonyms:
                self.fail(f"section kind {kind!r} is not a known kind and has no synonyms", ("sections", kind))
        return sections

    def _section(self, kind, settings, previous: SectionSpec | None) -> SectionSpec:
        previous = previous or SectionSpec(kind=kind, title=kind.replace("-", " ").capitalize())
        need = settings.get("need", previous.need)
        synonyms = settings.get("synonyms") or []
        return SectionSpec(
            kind=kind, title=settings.get("title", previous.title), need=need,
            synonyms=previous.synonyms + tuple(synonyms), guidance=settings.get("guidance", previous.guidance),
        )

    def _causal(self, base: Profile | None, known_kinds: set[str]) -> tuple[str, ...]:
        causal = self.data.get("causal-kinds", list(base.causal_kinds) if base else ["causes", "trigger"])
        for index, kind in enumerate(causal):
            if kind not in known_kinds:
                self.fail(f"unknown section kind {kind!r} (known: {', '.join(sorted(known_kinds))})",
                          ("causal-kinds", index))
        return tuple(causal)

    def _rename(self, base: Profile | None, known_kinds: set[str]) -> tuple[RenameHint, ...]:
        rename = list(base.rename) if base and "rename" not in self.data else []
        raw = self.data.get("rename") or []
        for index, entry in enumerate(raw):
            rename.append(self._rename_entry(entry, ("rename", index), known_kinds))
        return tuple(rename)

    def _rename_entry(self, entry, key_path: tuple, known_kinds: set[str]) -> RenameHint:
        if entry["kind"] not in known_kinds:
            self.fail(f"unknown section kind {entry['kind']!r}", key_path + ("kind",))
        wording = entry["wording"]
        return RenameHint(entry["kind"], tuple(normalize_heading(w) for w in wording), entry["hint"].strip())


def profile_of(config) -> Profile:
    """The profile a configuration selects (the default one when it names none)."""
    return getattr(config, "profile", None) or default_profile()
