"""One run of `blamelint check`: gather files, find each file's config, lint, collect results."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from blamelint.cache import FindingsCache, cache_key
from blamelint.config import Config, find_config_file, load_config, split_names, with_overrides
from blamelint.engine import Linter
from blamelint.errors import EXIT_ERROR, BlamelintError, InputError
from blamelint.findings import Finding, Level
from blamelint.fixer import FileFix, applicable
from blamelint.inputs import SourceText, matches, read_file, read_stdin, walk
from blamelint.loading import keep_what_is_loaded
from blamelint.parallel import Work, default_jobs, in_batches, lint_in_workers, lint_one, ticked, worth_workers
from blamelint.perfile import for_file
from blamelint.userrules import linter_with


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
    profile: str | None = None  # --profile: a built-in profile name or a profile file, over the config's


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
    def __init__(self, options: RunOptions, linter: Linter):
        """`linter`: the entry point's (session.py), over the rules the formatters read too."""
        self.options = options
        self.linter = linter
        if options.exhaustive and not self.linter.exhaustive:
            self.linter = Linter(self.linter.ruleset, exhaustive=True)
        self.cache = FindingsCache() if options.use_cache else None
        self._config_cache: dict[Path | None, Config] = {}
        self._profile_cache: dict = {}
        # folder -> its configuration file: the files of one folder share it, and the search
        # up to the root for each of 185 files cost more than every other part of a cached run
        # but loading the rules; a run (or the language server's question) is one moment
        self._source_of_folder: dict[str, Path | None] = {}
        self._source_of_path: dict[str, Path | None] = {}

    def config_for(self, path: Path) -> Config:
        """The configuration of the file at `path`, its per-file-ignores applied."""
        return for_file(self.base_config_for(path), path)

    def base_config_for(self, path: Path) -> Config:
        """The configuration file's settings (and the command line's), for every file under it."""
        source = self.options.config_path or self._config_file_for(path)
        if source not in self._config_cache:
            config = load_config(source, self.linter.ruleset)
            self._config_cache[source] = self._apply_cli(config)
        return self._config_cache[source]

    def _config_file_for(self, path: Path) -> Path | None:
        key = str(path)
        if key not in self._source_of_path:  # asked twice a file (its Work and its cache key)
            # realpath, not Path.resolve(): a symlink loop must be one file's error, not a crash
            real = Path(os.path.realpath(path))
            folder = str(real if real.is_dir() else real.parent)
            if folder not in self._source_of_folder:
                self._source_of_folder[folder] = find_config_file(Path(folder))
            self._source_of_path[key] = self._source_of_folder[folder]
        return self._source_of_path[key]

    def linter_for(self, config: Config) -> Linter:
        """The Linter of the built-in rules and the config's own (rules-dir:)."""
        return linter_with(self.linter, config.user_rules)

    def rules_by_id(self) -> dict:
        """Every rule this run may report: the built-in ones and those of the configs read."""
        found = dict(self.linter.by_id)
        for config in self._config_cache.values():
            found.update({rule.id: rule for rule in config.user_rules})
        return found

    def _apply_cli(self, config: Config) -> Config:
        opts = self.options

        def resolve(name: str) -> tuple[str, ...]:  # the config's own rules (rules-dir:) too
            return self._resolve_cli(name, config)

        select = tuple(i for n in _split(opts.select) for i in resolve(n)) if opts.select else None
        if opts.select and not select:
            raise BlamelintError("--select names no rule (an empty value would switch every rule off)", "command line")
        ignore = config.ignore + tuple(i for n in _split(opts.ignore) for i in resolve(n))
        fail_level = Level.parse(opts.fail_level) if opts.fail_level else None
        return with_overrides(config, select=select, ignore=ignore, fail_level=fail_level,
                              profile=self._cli_profile())

    def _cli_profile(self):
        """--profile NAME (or a profile file, relative to the working directory), read once."""
        if self.options.profile is None:
            return None
        if "profile" not in self._profile_cache:
            from blamelint.structure.profiles import resolve_profile

            try:
                self._profile_cache["profile"] = resolve_profile(self.options.profile, Path.cwd())
            except BlamelintError as problem:
                if problem.where is not None:  # a mistake inside the profile file names its line
                    raise
                raise BlamelintError(problem.message, "--profile") from None
        return self._profile_cache["profile"]

    def _resolve_cli(self, name: str, config: Config) -> tuple[str, ...]:
        rule_ids = self.linter_for(config).resolve_selection(name)
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

    def run(self, paths: list[str], on_file=None, progress=None, fixing=None) -> RunResult:
        """Every file: read, lint, and with `fixing` (fixer.FixRun: --fix or --diff) fix and
        write (or diff) it, then record what remains. Files are read first and linted (and
        fixed) together, from the cache or in workers; results, skips and errors are then
        recorded, and fixed files written, in the order the files were read.
        `on_file(path, findings, text)` is called for each linted file in input order as soon
        as it and the files before it are done (streamed output). `progress`
        (progress.Progress) is started with the number of files to lint and advanced as each
        finishes, cached ones included."""
        result = RunResult()
        read = [(target, source, config, len(result.errors), len(result.skipped))
                for target, source, config in self.read_all(paths, result)]
        files = [(s, c) for _, s, c, *_ in read if s.text.strip()]
        if progress is not None:
            progress.start(len(files))
        fix = None if fixing is None else fixing.mode
        outcomes = self.lint_all(files, fix, progress.advance if progress is not None else None)
        read_errors, read_skips = result.errors, result.skipped  # those reading recorded
        result.errors, result.skipped = [], []
        errors_seen = skips_seen = 0
        for target, source, config, errors_before, skipped_before in read:
            result.errors.extend(read_errors[errors_seen:errors_before])
            result.skipped.extend(read_skips[skips_seen:skipped_before])
            errors_seen, skips_seen = errors_before, skipped_before
            if skip_if_empty(result, source):
                if fixing is not None:
                    fixing.keep_empty(target, source)  # stdin's text is still echoed
                continue
            outcome = next(outcomes)
            if isinstance(outcome, InputError):
                result.errors.append(outcome)
                continue
            findings, text = outcome, source.text
            if fixing is not None:  # write (or diff) it now; a refused write leaves the file as read
                fixed = fixing.settle(target, source, outcome)
                findings, text = fixed.findings, fixed.fixed
            result.results.append((source.path, findings))
            result.sources[source.path] = text
            if on_file is not None:
                on_file(source.path, findings, text)
        result.errors.extend(read_errors[errors_seen:])
        result.skipped.extend(read_skips[skips_seen:])
        return result

    def lint_all(self, files: list[tuple[SourceText, Config]], fix=None, on_done=None) -> Iterator:
        """For each (source, config), in order, as it is done: its findings (with `fix`, a
        fixer.FixMode: its FileFix), or the InputError linting it raised. Cached findings are
        taken as they are (and, when fixing, a file none of whose findings has a fix to apply is
        not linted again); the rest are linted here or, when there are several and --jobs
        allows, in worker processes. `on_done()` is called as each file is done."""
        keep_what_is_loaded()  # a command-line run: what it loads is kept to the end (loading.py)
        keys = [cache_key(self.linter_for(c), s.path, s.text, c) for s, c in files] if self.cache else [None] * len(files)
        known = [self.cache.get(key) if key else None for key in keys]
        work = [Work(s.text, s.path, c, fix, found) for (s, c), found in zip(files, known)]
        settled = {}  # index -> its outcome, from the cache
        for index, found in enumerate(known):
            if found is not None and (fix is None or not any(applicable(f, fix.unsafe) for f in found)):
                settled[index] = found if fix is None else lint_one(self.linter_for(files[index][1]), work[index])
        fresh = self._lint_fresh([work[i] for i in range(len(files)) if i not in settled], on_done)
        for index in range(len(files)):
            if index in settled:
                if on_done is not None:
                    on_done()
                yield settled[index]
                continue
            outcome = next(fresh)
            self._remember(keys[index], work[index], outcome)
            yield outcome

    def _remember(self, key: str | None, work: Work, outcome) -> None:
        """Cache fresh findings; a fix's, for the text as read and for the fixed text."""
        if key is None or isinstance(outcome, InputError):
            return
        if not isinstance(outcome, FileFix):
            self.cache.put(key, outcome)
            return
        self.cache.put(key, outcome.found)
        if outcome.changed:  # the next check of the fixed file is answered from the cache
            linter = self.linter_for(work.config)
            self.cache.put(cache_key(linter, work.path, outcome.fixed, work.config), outcome.findings)

    def _lint_fresh(self, items: list[Work], on_done=None) -> Iterator:
        """Files are linted in groups of one rule set (configs with their own rules-dir: differ).
        With one rule set (the usual case) results stream in input order as they are done."""
        groups: dict[int, list[int]] = {}
        linters = {}
        for index, work in enumerate(items):
            linter = self.linter_for(work.config)
            linters[id(linter)] = linter
            groups.setdefault(id(linter), []).append(index)
        if len(groups) <= 1:
            linter = next(iter(linters.values()), self.linter)
            return self._lint_group(linter, items, on_done)
        outcomes: list = [None] * len(items)
        for key, indexes in groups.items():
            group = self._lint_group(linters[key], [items[i] for i in indexes], on_done)
            for index, outcome in zip(indexes, group):
                outcomes[index] = outcome
        return iter(outcomes)

    def _lint_group(self, linter: Linter, items: list[Work], on_done=None) -> Iterator:
        jobs = min(self.options.jobs or default_jobs(), len(items))
        if jobs <= 1 or not worth_workers([work.text for work in items]):  # parallel.MIN_WORDS_FOR_WORKERS
            return ticked(in_batches(linter, items), on_done)
        return lint_in_workers(linter, items, jobs, on_done)

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
    return [name for value in names for name in split_names(value)]


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

