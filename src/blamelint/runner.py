"""One run of `blamelint check`: gather files, find each file's config, lint, collect results."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from blamelint.cache import FindingsCache, cache_key
from blamelint.config import Config, find_config_file, load_config, with_overrides
from blamelint.engine import Linter
from blamelint.errors import EXIT_ERROR, BlamelintError, InputError
from blamelint.findings import Finding, Level
from blamelint.inputs import SourceText, matches, read_file, read_stdin, walk
from blamelint.parallel import default_jobs, lint_in_workers, lint_one, worth_workers
from blamelint.rules import load_rules


@dataclass
class RunOptions:
    config_path: Path | None = None
    stdin_filename: str | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    fail_level: str | None = None
    jobs: int | None = None  # worker processes; None: one per core (parallel.default_jobs)
    use_cache: bool = True  # the content cache (cache.py)
    exhaustive: bool = False  # parse every block in scope, not only those with a trigger word


@dataclass
class RunResult:
    results: list = field(default_factory=list)  # (path, [Finding])
    skipped: list = field(default_factory=list)  # (path, reason)
    configs: dict = field(default_factory=dict)  # path -> Config
    # Files that could not be read or linted: each is reported on one line and makes the exit
    # status 2, but the other files are still linted and reported.
    errors: list = field(default_factory=list)
    # path -> the text its findings were made on (stdin included), for formatters that show lines
    sources: dict = field(default_factory=dict)


class Runner:
    def __init__(self, options: RunOptions, linter: Linter | None = None):
        self.options = options
        self.linter = linter or default_linter()  # one rule set per process (formatters read it too)
        if options.exhaustive and not self.linter.exhaustive:
            self.linter = Linter(self.linter.rules, exhaustive=True)
        self.cache = FindingsCache() if options.use_cache else None
        self._config_cache: dict[Path | None, Config] = {}

    def config_for(self, path: Path) -> Config:
        # realpath, not Path.resolve(): a symlink loop must be one file's error, not a crash
        source = self.options.config_path or find_config_file(Path(os.path.realpath(path)))
        if source not in self._config_cache:
            config = load_config(source, self.linter.resolve)
            self._config_cache[source] = self._apply_cli(config)
        return self._config_cache[source]

    def _apply_cli(self, config: Config) -> Config:
        opts = self.options
        resolve = self._resolve_cli
        select = tuple(i for n in _split(opts.select) for i in resolve(n)) if opts.select else None
        if opts.select and not select:
            raise BlamelintError("--select names no rule (an empty value would switch every rule off)", "command line")
        ignore = config.ignore + tuple(i for n in _split(opts.ignore) for i in resolve(n))
        fail_level = Level.parse(opts.fail_level) if opts.fail_level else None
        return with_overrides(config, select=select, ignore=ignore, fail_level=fail_level)

    def _resolve_cli(self, name: str) -> tuple[str, ...]:
        rule_ids = self.linter.resolve_selection(name)
        if not rule_ids:
            raise BlamelintError(f"unknown rule {name!r} (see `blamelint rules`)", "command line")
        return rule_ids

    def targets(self, paths: list[str], errors: list | None = None) -> list[str | Path]:
        """Expand directories; `-` stays as stdin. A missing path, a directory without
        postmortems or an unreadable subfolder is an InputError appended to `errors` (raised
        when `errors` is None); the other paths are still expanded."""
        if paths.count("-") > 1:
            raise BlamelintError("standard input (-) can be read only once", "command line")
        if self.options.stdin_filename and "-" not in paths:
            raise BlamelintError("--stdin-filename names standard input: add - to the paths", "command line")
        expanded: list[str | Path] = []
        problems: list[InputError] = []
        for raw in paths:
            if raw == "-":
                expanded.append("-")
                continue
            path = Path(raw)
            if path.is_dir():
                config = self.config_for(path / "_")
                found = walk(path, config.include, config.exclude, _config_folder(config), problems)
                if not found:
                    problems.append(InputError(f"no postmortems found (looked for {', '.join(config.include)})", raw))
                expanded.extend(found)
            elif not path.exists() and not path.is_symlink():
                problems.append(InputError("no such file or directory", raw))
            else:
                expanded.append(path)  # a broken link or a loop is reported when it is read
        if problems and errors is None:
            raise problems[0]
        if errors is not None:
            errors.extend(problems)
        return expanded

    def read_all(self, paths: list[str], result: RunResult):
        """(target, source, config) for every target, recording each file's config in `result`."""
        for target in self.targets(paths, result.errors):
            if target != "-" and self._excluded(target, result):
                continue
            try:
                source, config = self._read(target)
            except InputError as error:
                result.errors.append(error)
                continue
            result.configs[source.path] = config
            yield target, source, config

    def run(self, paths: list[str]) -> RunResult:
        result = RunResult()
        # Files are read first and linted together (from the cache, or in workers); results,
        # skips and errors are then recorded in the order the files were read, as one by one.
        read = [(source, config, len(result.errors), len(result.skipped))
                for _target, source, config in self.read_all(paths, result)]
        outcomes = iter(self.lint_all([(s, c) for s, c, *_ in read if s.text.strip()]))
        read_errors, read_skips = result.errors, result.skipped  # those reading recorded
        result.errors, result.skipped = [], []
        errors_seen = skips_seen = 0
        for source, config, errors_before, skipped_before in read:
            result.errors.extend(read_errors[errors_seen:errors_before])
            result.skipped.extend(read_skips[skips_seen:skipped_before])
            errors_seen, skips_seen = errors_before, skipped_before
            if skip_if_empty(result, source):
                continue
            outcome = next(outcomes)
            if isinstance(outcome, InputError):
                result.errors.append(outcome)
                continue
            result.results.append((source.path, outcome))
            result.sources[source.path] = source.text
        result.errors.extend(read_errors[errors_seen:])
        result.skipped.extend(read_skips[skips_seen:])
        return result

    def lint_all(self, files: list[tuple[SourceText, Config]]) -> list:
        """For each (source, config): its findings, or the InputError linting it raised. Cached
        findings are taken as they are; the rest are linted here or, when there are several and
        --jobs allows, in worker processes."""
        keys = [cache_key(self.linter, s.path, s.text, c) for s, c in files] if self.cache else [None] * len(files)
        outcomes = [self.cache.get(key) if key else None for key in keys]
        missing = [i for i, outcome in enumerate(outcomes) if outcome is None]
        fresh = self._lint_fresh([(files[i][0].text, files[i][0].path, files[i][1]) for i in missing])
        for index, outcome in zip(missing, fresh):
            outcomes[index] = outcome
            if self.cache and not isinstance(outcome, InputError):
                self.cache.put(keys[index], outcome)
        return outcomes

    def _lint_fresh(self, items: list[tuple[str, str, Config]]) -> list:
        jobs = min(self.options.jobs or default_jobs(), len(items))
        if jobs <= 1 or not worth_workers([text for text, _, _ in items]):  # parallel.MIN_WORDS_FOR_WORKERS
            return [lint_one(self.linter, text, path, config) for text, path, config in items]
        return lint_in_workers(self.linter, items, jobs)

    def _excluded(self, path: Path, result: RunResult) -> bool:
        """A file named on the command line but excluded by its config (as pre-commit names files)."""
        config = self.config_for(path)
        if not config.exclude or not matches(path, config.exclude, _config_folder(config) or path.parent):
            return False
        result.skipped.append((str(path), f"excluded by {config.source}"))
        return True

    def _read(self, target) -> tuple[SourceText, Config]:
        if target == "-":
            name = self.options.stdin_filename or "<stdin>"
            config = self.config_for(Path(name) if self.options.stdin_filename else Path.cwd() / "_")
            return read_stdin(sys.stdin, config.max_file_size, name), config
        config = self.config_for(target)
        return read_file(target, config.max_file_size), config


def _config_folder(config: Config) -> Path | None:
    return Path(config.source).parent if config.source else None


def _split(names) -> list[str]:
    """Rule names from repeated options, each of which may also be a comma-separated list."""
    return [name.strip() for value in names for name in value.split(",") if name.strip()]


def skip_if_empty(result: RunResult, source: SourceText) -> bool:
    """An empty file is skipped cleanly (noted on stderr by the CLI), not an error."""
    if source.text.strip():
        return False
    result.skipped.append((source.path, "empty file"))
    result.results.append((source.path, []))
    return True


def exit_code(result: RunResult) -> int:
    if result.errors:
        return EXIT_ERROR
    for path, findings in result.results:
        fail_level = result.configs[path].fail_level
        if any(f.level >= fail_level for f in findings):
            return 1
    return 0


def all_findings(result: RunResult) -> list[Finding]:
    return [f for _, findings in result.results for f in findings]


@lru_cache(maxsize=1)
def default_linter() -> Linter:
    return Linter(load_rules())
