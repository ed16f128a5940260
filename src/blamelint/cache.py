"""The content cache: a file's findings, remembered under everything they depend on.

Findings are a pure function of the file's text and path, the effective configuration, the
rules (their files and the word lists), blamelint's own code, and the spaCy pipeline. The key
hashes all of them, so a changed input is a different key, never a stale answer; an entry is
one JSON file in the user cache folder (platformdirs; BLAMELINT_CACHE_DIR overrides it).
Nothing here imports spaCy: a run whose files are all cached never loads the model.

`findings_for` is the one call the runner, the language server and a report share.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

from blamelint import __version__, findingcodec
from blamelint.config import Config
from blamelint.findings import Finding

ENV_DIR = "BLAMELINT_CACHE_DIR"
_FORMAT = 1  # the stored form of an entry; a new one makes old entries unreadable, hence misses
_ENTRIES = "findings"  # the subfolder we own: `cache clear` removes only this


def cache_root() -> Path:
    override = os.environ.get(ENV_DIR)
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("blamelint", appauthor=False))


class FindingsCache:
    def __init__(self, root: Path | None = None):
        self.directory = (root or cache_root()) / _ENTRIES

    def get(self, key: str) -> list[Finding] | None:
        """The findings stored under `key`; None when there are none or the entry is unreadable."""
        stored = self.get_record(key, "findings")
        try:
            return None if stored is None else [findingcodec.decode(value) for value in stored]
        except (ValueError, KeyError, TypeError, AttributeError):
            return None

    def put(self, key: str, findings: list[Finding]) -> None:
        self.put_record(key, "findings", [findingcodec.encode(f) for f in findings])

    def get_record(self, key: str, kind: str):
        """JSON data of one kind ("findings", "report-facts") stored under `key`, or None."""
        try:
            stored = json.loads(self._path(key, kind).read_text(encoding="utf-8", errors="surrogateescape"))
            if stored.get("format") != _FORMAT or stored.get("key") != key:
                return None
            return stored[kind]
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def put_record(self, key: str, kind: str, data) -> None:
        """Store the data; a cache that cannot be written is only a slower run, not an error."""
        entry = {"format": _FORMAT, "key": key, kind: data}
        path = self._path(key, kind)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        except OSError:
            return
        try:
            # surrogateescape: a file name that is not UTF-8 (Python's lone surrogates) round-trips
            with os.fdopen(handle, "w", encoding="utf-8", errors="surrogateescape") as stream:
                json.dump(entry, stream, ensure_ascii=False, separators=(",", ":"))
            os.replace(temporary, path)  # atomic: a concurrent reader sees no entry or a whole one
        except (OSError, UnicodeError, ValueError):
            with contextlib.suppress(OSError):
                os.unlink(temporary)

    def clear(self) -> int:
        """Remove every entry; the number removed."""
        if not self.directory.is_dir():
            return 0
        # what the rule files parse to (ParsedRuleFiles) is removed too, but is not a result
        count = sum(1 for path in self.directory.rglob("*.json") if not path.name.endswith(_RULE_FILE_SUFFIX))
        shutil.rmtree(self.directory)
        return count

    def _path(self, key: str, kind: str = "findings") -> Path:
        suffix = "" if kind == "findings" else f".{kind}"
        return self.directory / key[:2] / f"{key}{suffix}.json"


def cache_key(linter, path: str, text: str, config: Config) -> str:
    parts = {
        "format": _FORMAT,
        "blamelint": __version__,
        "code": _code_digest(),
        "rules": _rules_digest(linter),
        "pipeline": pipeline_version(config.model),
        "config": _config_digest(config),
        "exhaustive": bool(getattr(linter, "exhaustive", False)),
        "path": path,
        "text": hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


_RULE_FILE_SUFFIX = ".rule-file.json"


class ParsedRuleFiles:
    """Rule files' YAML as parsed (the data and the line of each key), kept in the cache by the
    digest of the file's text, blamelint's code and PyYAML's: a fully cached run spent a quarter
    of its time parsing the 27 rule files it reads every time. What is kept is only the parse:
    every rule is validated and built from it as from a fresh parse, so a bad rule file is the
    same error, and a file whose data JSON cannot carry exactly (a key that is not a string, a
    date) is parsed every time. Kept as JSON, like the findings; `cache clear` removes it too."""

    KIND = "rule-file"

    def __init__(self, cache: FindingsCache | None = None):
        self._cache = cache or FindingsCache()

    def get(self, text: str):
        """The yamlsource.LocatedYaml parsed from `text` before, or None."""
        from blamelint.yamlsource import LocatedYaml

        stored = self._cache.get_record(self._key(text), self.KIND)
        try:
            return None if stored is None else LocatedYaml(stored["data"], {
                tuple(path): line for path, line in stored["lines"]})
        except (KeyError, TypeError, ValueError):
            return None

    def put(self, text: str, located) -> None:
        record = {"data": located.data, "lines": [[list(path), line] for path, line in located.lines.items()]}
        try:
            written = json.dumps(record, ensure_ascii=False)
            written.encode("utf-8")  # strictly: a lone surrogate (a YAML escape) would not read back
            carried = json.loads(written) == record
        except (TypeError, ValueError):  # UnicodeEncodeError is a ValueError
            carried = False
        if carried:
            self._cache.put_record(self._key(text), self.KIND, record)

    def _key(self, text: str) -> str:
        import yaml

        parts = {"format": _FORMAT, "blamelint": __version__, "code": _code_digest(),
                 "yaml": [yaml.__version__, getattr(yaml, "__with_libyaml__", False)],
                 "text": hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()}
        return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def findings_for(linter, path: str, text: str, config: Config, cache: FindingsCache | None,
                 remember: bool = True, document=None) -> list[Finding]:
    """The findings of `text` (read from `path`): from the cache when it has them, else linted
    and, with `remember`, stored. With no cache, always linted. `document`: `text` already
    parsed with config.vocabulary (a report needs it too), linted as it is, not parsed again."""
    if cache is None:
        return _lint(linter, path, text, config, document)
    key = cache_key(linter, path, text, config)
    found = cache.get(key)
    if found is None:
        found = _lint(linter, path, text, config, document)
        if remember:
            cache.put(key, found)
    return found


def _lint(linter, path: str, text: str, config: Config, document) -> list[Finding]:
    if document is None:
        return linter.lint_text(text, path, config)
    return linter.lint_document(document, config)  # what lint_text does once it has parsed


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """blamelint's own modules and data files (word lists, sections, profiles, packaged rules):
    a change to any of them, even without a new version number, is a different key."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for file in sorted(package.rglob("*")):
        if file.is_file() and file.suffix in (".py", ".yaml", ".yml", ".json") and "__pycache__" not in file.parts:
            digest.update(str(file.relative_to(package)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()


def _rules_digest(linter) -> str:
    """The rules as loaded (a rule's repr holds every field read from its file)."""
    cached = getattr(linter, "_cache_rules_digest", None)
    if cached is None:
        cached = hashlib.sha256(repr(linter.rules).encode()).hexdigest()
        linter._cache_rules_digest = cached
    return cached


def _config_digest(config: Config) -> str:
    """The settings of `config` as text, made once per configuration object: the files of a
    folder share theirs (made for each of 185 files, a tenth of a cached run)."""
    known = _config_digests.get(id(config))
    if known is not None and known[0] is config:  # the object itself is kept, so its id is its own
        return known[1]
    # as_dict covers the settings; the profile's repr its sections, when it came from a file
    digest = json.dumps([config.as_dict(), repr(config.profile)], sort_keys=True, default=str)
    if len(_config_digests) >= _CONFIG_DIGESTS_KEPT:  # a language server sees new configs as files change
        _config_digests.clear()
    _config_digests[id(config)] = (config, digest)
    return digest


_CONFIG_DIGESTS_KEPT = 64
_config_digests: dict[int, tuple[Config, str]] = {}


@lru_cache(maxsize=8)
def pipeline_version(model: str | None) -> str:
    """The pipeline package and its version, and spaCy's, read without importing spaCy."""
    from blamelint.pipeline import resolve_model

    name = resolve_model(model)
    version = "unknown"
    spec = importlib.util.find_spec(name)
    for folder in (spec.submodule_search_locations or []) if spec else []:
        meta = Path(folder) / "meta.json"
        if meta.is_file():
            version = json.loads(meta.read_text(encoding="utf-8")).get("version", version)
    try:
        spacy_version = importlib.metadata.version("spacy")
    except importlib.metadata.PackageNotFoundError:
        spacy_version = "unknown"
    return f"{name}=={version} spacy=={spacy_version}"
