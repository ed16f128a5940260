"""One declarative schema language for blamelint's own files: rule files, configuration
(.blamelint.yaml and [tool.blamelint]) and profiles.

A `Spec` says what one value may be, as data: its types, its choices (an enum, or a function
that reads them from data such as sections.yaml), whether it must be non-empty, a regular
expression, the keys of a record, the items of a list, the keys and values of an open
mapping, and hooks for what data cannot say (a rule id that must exist, an id prefix that
must fit the family). `validate` walks a loaded file (yamlsource.LocatedYaml, so that every
key has its line) and raises the caller's error class, `file:line: message`, at the first
mistake. Messages are templates over:

    {path}    the dotted key path (scope.exclude-sections)   {key}      the last key
    {value}   the value found                                 {choices}  the allowed values
    {allowed} the allowed keys, as written                    {sorted}   the allowed keys, sorted

Adding a key to a file format is one line: `"new-key": Spec((str,), "{path} must be a string")`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from blamelint.yamlsource import LocatedYaml

# A hook gets the (normalized) value and the caller's context; it returns None, a message,
# or (message, path below the value) when the mistake is deeper in.
Hook = Callable[[object, object], "str | tuple[str, tuple] | None"]


@dataclass(frozen=True)
class Spec:
    types: tuple[type, ...] = ()  # empty: any type
    message: str = ""  # a wrong type (or an empty value where `nonempty`)
    nonempty: bool = False  # a string with words, a list or mapping with entries
    choices: tuple | Callable[[], object] | None = None
    choice_message: str = "{path} must be one of {choices}, not {value!r}"
    many: bool = False  # a choice may also be given as a list of choices
    pattern: re.Pattern | None = None  # matched against str(value), with `message`
    keys: dict[str, Spec] | None = None  # a record: these keys and no other
    required: tuple[str, ...] = ()
    missing_message: str = "missing required key {key!r}"
    unknown_message: str = "unknown key {key!r} (allowed: {sorted})"
    key_spec: Spec | None = None  # an open mapping: what each key may be ...
    values: Spec | None = None  # ... and each value
    items: Spec | None = None  # a list: what each item may be
    hooks: tuple[Hook, ...] = ()  # run after everything above, in order
    nullable: bool = True  # `key:` with nothing after it counts as empty (a list or mapping) or absent


class _Walk:
    def __init__(self, located: LocatedYaml, where: str, error: type, context):
        self.located, self.where, self.error, self.context = located, where, error, context

    def fail(self, template: str, path: tuple, **values) -> None:
        values.setdefault("path", ".".join(map(str, path)))
        values.setdefault("key", path[-1] if path else "")
        raise self.error(template.format(**values), self.where, self.located.line_of(path))

    def value(self, spec: Spec, value, path: tuple, parent: tuple[str, tuple] | None = None,
              required: bool = False) -> None:
        """`parent`: (message, path) to report an item's type mistake at, when the item has no message
        of its own. `required`: a required key left empty is a mistake, not an absent key."""
        message, at = (spec.message, path) if spec.message or parent is None else parent
        if value is None and spec.nullable and not required:
            if spec.keys is None and spec.values is None and spec.items is None:
                return None  # an optional value left out
            value = [] if spec.items is not None else {}
        if spec.types and not _is_instance(value, spec.types):
            self.fail(message, at, value=value)
        if spec.nonempty and not (value.strip() if isinstance(value, str) else value):
            self.fail(message, at, value=value)
        if spec.pattern is not None and not spec.pattern.match(str(value)):
            self.fail(message, at, value=value)
        if spec.choices is not None:
            self._choice(spec, value, path)
        if spec.keys is not None and isinstance(value, dict):
            self._record(spec, value, path)
        if (spec.values is not None or spec.key_spec is not None) and isinstance(value, dict):
            for key, item in value.items():
                if spec.key_spec is not None:
                    self.value(spec.key_spec, key, path + (key,), (spec.message, path))
                if spec.values is not None:
                    self.value(spec.values, item, path + (key,))
        if spec.items is not None and isinstance(value, list):
            for index, item in enumerate(value):
                self.value(spec.items, item, path + (index,), (message, at), required=True)
        self._hooks(spec, value, path)

    def _choice(self, spec: Spec, value, path: tuple) -> None:
        choices = tuple(spec.choices() if callable(spec.choices) else spec.choices)
        for item in value if spec.many and isinstance(value, list) else [value]:
            if not _is_choice(item, choices):
                self.fail(spec.choice_message, path, value=item, choices=", ".join(map(str, choices)))

    def _record(self, spec: Spec, value: dict, path: tuple) -> None:
        allowed = ", ".join(spec.keys)
        for key in value:
            if key not in spec.keys:
                self.fail(spec.unknown_message, path + (key,), allowed=allowed, sorted=", ".join(sorted(spec.keys)))
        for key in spec.required:
            if key not in value:
                self.fail(spec.missing_message, path, key=key)
        for key, item in value.items():
            self.value(spec.keys[key], item, path + (key,), required=key in spec.required)

    def _hooks(self, spec: Spec, value, path: tuple) -> None:
        for hook in spec.hooks:
            problem = hook(value, self.context)
            if problem:
                message, below = (problem, ()) if isinstance(problem, str) else problem
                self.fail(message.replace("{", "{{").replace("}", "}}"), path + tuple(below))


def _is_instance(value, types: tuple[type, ...]) -> bool:
    """bool is not a number here: `max-file-size: true` is a mistake, not 1."""
    if isinstance(value, bool):
        return bool in types
    return isinstance(value, types)


def _is_choice(value, choices: tuple) -> bool:
    """True and 1 are different choices (Python says they are equal)."""
    return any(value == choice and type(value) is type(choice) for choice in choices)


def validate(located: LocatedYaml, spec: Spec, where: str, error: type, context=None) -> None:
    """Raise `error(message, where, line)` at the first value of `located` that `spec` refuses."""
    _Walk(located, where, error, context).value(spec, located.data, ())


# --- building blocks shared by the three file formats ------------------------------------------
def text(message: str = "{path} must be a non-empty string", **more) -> Spec:
    """A string with words in it."""
    return Spec((str,), message, nonempty=True, **more)


def string(message: str = "{path} must be a string", **more) -> Spec:
    return Spec((str,), message, **more)


def switch(message: str = "{path} must be true or false") -> Spec:
    return Spec((bool,), message, nullable=False)


def one_of(choices, message: str = "{path} must be one of {choices}, not {value!r}", **more) -> Spec:
    return Spec(choices=choices, choice_message=message, **more)


def list_of(item: Spec, message: str, nonempty: bool = False, **more) -> Spec:
    """A list whose wrong items are reported with the list's `message` unless `item` has its own."""
    return Spec((list,), message, nonempty=nonempty, items=item, **more)


def record(keys: dict[str, Spec], message: str, required: tuple[str, ...] = (), **more) -> Spec:
    return Spec((dict,), message, keys=keys, required=required, **more)


def mapping_of(values: Spec, message: str, key: Spec | None = None, **more) -> Spec:
    return Spec((dict,), message, values=values, key_spec=key, **more)


def section_kinds() -> list[str]:
    """The section kinds of data/sections.yaml (the enum of every `sections` key and scope list)."""
    from blamelint.sections import default_vocabulary

    return sorted(default_vocabulary().synonyms)
