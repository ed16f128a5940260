"""Command line: argument handling only; the work is in runner.py and the formatters."""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

import click
import yaml

from blamelint import __version__
from blamelint.errors import EXIT_ERROR, BlamelintError
from blamelint.formatters import FORMAT_CHOICES, FORMATTERS, STREAMING, resolve_format
from blamelint.output import COLOR_CHOICES, Output, Streamer
from blamelint.progress import progress_for
from blamelint.report.trends import PERIODS

LEVELS = click.Choice(["error", "warning", "info"])
REPORT_FORMATS = ("html", "json", "markdown")  # blamelint.report.command.RENDERERS, without importing it


def _fail(error: BlamelintError):
    click.echo(f"blamelint: error: {error.one_line()}", err=True)
    sys.exit(error.exit_code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="blamelint")
def cli():
    """blamelint: catch blaming language and unsupported assumptions in postmortems."""


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "--output-format", "output_format", type=click.Choice(FORMAT_CHOICES), default="text",
              show_default=True,
              help="Output format: text (= full: each finding with its source lines), concise (one line per "
                   "finding), json, sarif, github, gitlab; auto is github inside GitHub Actions (GITHUB_ACTIONS=true), "
                   "else text.")
@click.option("--fail-level", type=LEVELS, help="Lowest level that makes the exit status 1 (default: warning).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path), help="Use this config file instead of searching.")
@click.option("--stdin-filename", help="Path used for config lookup and reporting when reading '-'.")
@click.option("--select", multiple=True, help="Only these rules: ids, names or id prefixes (BL1), comma-separated or repeated.")
@click.option("--ignore", multiple=True, help="Skip these rules: ids, names or id prefixes (BL3), comma-separated or repeated.")
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Report only findings that are not in this baseline file (see --write-baseline).")
@click.option("--write-baseline", "write_baseline_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write every current finding to this baseline file and exit 0.")
@click.option("--fix", is_flag=True, help="Apply safe fixes in place (stdin: print the fixed text), then report what remains.")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix or --diff, also apply fixes that may change the meaning.")
@click.option("--diff", is_flag=True, help="Print a unified diff of what --fix would change; write nothing.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Lint files in this many processes (default: one per core); 1 lints in this process.")
@click.option("--no-cache", is_flag=True, help="Lint every file again instead of reusing cached findings "
              "(the cache: `blamelint cache dir`).")
@click.option("--exhaustive", is_flag=True, help="Parse every sentence in scope, not only those holding a rule's "
              "trigger words whose tags still allow a match; the findings are the same (a check of the prefilter "
              "and the tag gate), only slower.")
@click.option("--statistics", is_flag=True, help="Print how many findings each rule has (count, id, name), "
              "most first, instead of the findings (--format json: as JSON).")
@click.option("--output-file", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to this file (atomically) instead of standard output; the exit status is unchanged.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even with findings (input and configuration errors still exit 2).")
@click.option("--color", type=click.Choice(COLOR_CHOICES), default="auto", show_default=True,
              help="Colour the text and concise formats: auto (on a terminal, unless NO_COLOR is set), always, never.")
@click.option("--no-progress", is_flag=True, help="No progress bar (one is shown on stderr only when it is a terminal).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no notes on stderr (skipped files); errors are still shown.")
@click.option("--profile", help="Required sections from this profile instead of the configuration's: "
              "default, google-sre, pagerduty, howie, gitlab, or a profile file.")
def check(paths, output_format, fail_level, config_path, stdin_filename, select, ignore, baseline_path,
          write_baseline_path, fix=False, unsafe_fixes=False, diff=False, jobs=None, no_cache=False, exhaustive=False,
          statistics=False, output_file=None, exit_zero=False, color="auto", no_progress=False, quiet=False,
          profile=None):
    """Lint postmortems (files, directories, or - for stdin)."""
    from blamelint.runner import RunOptions, Runner, exit_code  # here: --help and --version need no engine

    options = RunOptions(config_path, stdin_filename, select or None, ignore, fail_level, jobs=jobs,
                         use_cache=not no_cache, exhaustive=exhaustive, profile=profile)
    fmt = resolve_format(output_format)
    # Results are printed file by file as they come, unless the output is one document or
    # depends on every file (statistics, a baseline) or on the fixes.
    streamed = fmt in STREAMING and not (statistics or fix or diff or baseline_path or write_baseline_path)
    try:
        if config_path is not None and not config_path.is_file():
            raise BlamelintError("configuration file not found", str(config_path))
        known = _read_baseline(baseline_path)  # before linting, so a bad file fails fast
        out = Output(output_file, color)
        runner = Runner(options, _session_reading_the_cache(options.use_cache).linter())
        streamer = Streamer(fmt, out) if streamed else None
        with progress_for(not (quiet or no_progress)) as progress:
            out.progress = progress
            fixed = _run_fixes(runner, paths, fix, unsafe_fixes, diff)  # None without --fix/--diff
            result = fixed.result if fixed is not None else runner.run(
                list(paths), on_file=streamer.file_done if streamer else None, progress=progress)
            out.progress = None
        _apply_baseline(result, known, baseline_path, write_baseline_path)
    except BlamelintError as error:
        _fail(error)
    for path, reason in [] if quiet else result.skipped:
        click.echo(f"blamelint: skipped {path}: {reason}", err=True)
    if fixed is not None:
        _report_fixes(fixed, unsafe_fixes, diff, out, exit_zero)  # --diff exits here: the diff is the output
    _print_report(out, streamer, fmt, result, fixed, statistics, runner.linter.ruleset)
    _echo_errors(result.errors)
    _close(out)
    code = EXIT_ERROR if fixed is not None and fixed.errors else exit_code(result)
    sys.exit(0 if exit_zero and code == 1 else code)


def _print_report(out, streamer, fmt, result, fixed, statistics, rules):
    """The findings report (or what is left of it after streaming: the footer)."""
    if streamer is not None:
        streamer.finish(result.results)
        return
    err = fixed is not None and fixed.used_stdin  # stdout holds the fixed text of stdin: the report to stderr
    out.write(_render(fmt, result, statistics, out.color(err), rules), err=err)


def _render(fmt, result, statistics, color, rules) -> str:
    if statistics:
        from blamelint.formatters import statistics as stats

        return (stats.render_json if fmt == "json" else stats.render)(result.results)
    # with --fix, result.sources holds the fixed text (the text as read where nothing was written)
    return FORMATTERS[fmt](result.results, {"sources": result.sources, "color": color, "rules": rules})  # SARIF lists the rules


def _echo_errors(errors) -> None:
    for error in errors:
        click.echo(f"blamelint: error: {error.one_line()}", err=True)


def _close(out):
    try:
        out.close()
    except BlamelintError as error:
        _fail(error)


def _run_fixes(runner, paths, fix, unsafe_fixes, diff):
    if not (fix or diff):
        if unsafe_fixes:
            raise BlamelintError("--unsafe-fixes takes effect only with --fix or --diff", "command line")
        return None
    from blamelint.fixer import run_fixes

    return run_fixes(runner, list(paths), unsafe=unsafe_fixes, write=not diff)


def _report_fixes(fixed, unsafe_fixes, diff, out, exit_zero):
    """--fix: the fixed text of stdin to stdout; --diff: the diff to stdout (or --output-file). A
    summary to stderr."""
    from blamelint.fixer import summary_lines

    if diff:
        out.write(fixed.diff)
    elif fixed.stdout is not None:
        click.echo(fixed.stdout, nl=False)
    for line in summary_lines(fixed, unsafe_fixes, write=not diff):
        click.echo(line, err=True)
    if diff:  # a file that could not be read or linted is an error here too, as in a check
        _echo_errors(fixed.result.errors)
        _close(out)
        sys.exit(EXIT_ERROR if fixed.errors or fixed.result.errors else 0 if exit_zero or not fixed.diff else 1)


def _read_baseline(baseline_path):
    from blamelint import baseline

    return None if baseline_path is None else baseline.load(baseline_path)


def _apply_baseline(result, known, baseline_path, write_baseline_path):
    """--write-baseline stores every finding and exits 0; --baseline drops the known ones."""
    from blamelint import baseline

    if write_baseline_path is not None:
        count = baseline.write(write_baseline_path, result.results)
        click.echo(f"blamelint: wrote {count} findings to baseline {write_baseline_path}", err=True)
        _echo_errors(result.errors)  # a file that could not be read is not in the baseline: say so
        sys.exit(EXIT_ERROR if result.errors else 0)
    if known is None:
        return
    result.results, hidden = baseline.filter_results(result.results, known)
    if hidden:
        click.echo(f"blamelint: {hidden} findings in baseline {baseline_path} not shown", err=True)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "output_format", type=click.Choice(REPORT_FORMATS),
              help="html (self-contained page), json (docs/report-format.md) or markdown; default: from -o's suffix, else html.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the report here instead of stdout.")
@click.option("--period", type=click.Choice(PERIODS), default="auto", show_default=True,
              help="Trend periods: month, quarter, or auto (months for up to 18 months of documents).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path), help="Use this config file instead of searching.")
@click.option("--no-cache", is_flag=True, help="Read every file again instead of using the content cache.")
def report(paths, output_format, output, period, config_path, no_cache):
    """Report on an archive of postmortems: trends, recurring factors, frequent rules."""
    from blamelint.report.command import run_report

    try:
        linter = _session().linter()
        sys.exit(run_report(list(paths), output_format, output, period, config_path, linter, use_cache=not no_cache))
    except BlamelintError as error:
        _fail(error)


_RULES_CONFIG = click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
                             help="The config whose rules-dir: to include (default: found from the current folder).")


@cli.command("rules")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: one line per rule; json: one object per rule (id, name, family, level, status, summary, "
                   "aliases).")
@_RULES_CONFIG
@click.option("--check-examples", is_flag=True,
              help="Run the bad and good examples of your own rules (rules-dir:); exit 1 if any fails.")
def list_rules(output_format, config_path, check_examples):
    """List every rule: id, name, family, level and summary (your own rules last, with their file)."""
    linter, config = _linter_here(config_path)
    if check_examples:
        _check_examples(linter, config)
    if output_format == "json":
        from blamelint.rulelist import render_json

        click.echo(render_json(linter.rules), nl=False)
        return
    own = {rule.id for rule in config.user_rules}
    for rule in linter.rules:
        source = f"  ({rule.source})" if rule.id in own else ""
        click.echo(f"{rule.id}  {rule.name:<32} {rule.family:<10} {str(rule.level):<7}  {rule.summary}{source}")


def _check_examples(linter, config):
    from blamelint.examplecheck import example_problems

    if not config.user_rules:
        _fail(BlamelintError("no rules of your own to check: set rules-dir: in the configuration",
                             config.source or "command line"))
    problems = example_problems(linter, config.user_rules)
    for problem in problems:
        click.echo(f"blamelint: {problem}", err=True)
    count = sum(len(rule.bad) + len(rule.good) for rule in config.user_rules)
    click.echo(f"{count - len(problems)} of {count} examples of {len(config.user_rules)} rules pass")
    sys.exit(1 if problems else 0)


@cli.command()
@click.argument("rule")
@_RULES_CONFIG
def explain(rule, config_path):
    """Show the documentation of RULE (id or name), with examples."""
    from blamelint.docgen import rule_page

    linter, _config = _linter_here(config_path)
    rule_ids = linter.resolve(rule)
    if not rule_ids:
        _fail(BlamelintError(f"unknown rule {rule!r} (see `blamelint rules`)"))
    if len(rule_ids) > 1:  # an old id that was split: say which rules it stands for now
        click.echo(f"{rule} stands for {len(rule_ids)} rules: {', '.join(rule_ids)}.\n")
    click.echo("\n".join(rule_page(linter.by_id[rule_id]) for rule_id in rule_ids))


@cli.command("config")
@click.argument("path", required=False, default=".")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path))
def show_config(path, config_path):
    """Print the effective configuration for PATH (a file or folder)."""
    from blamelint.runner import RunOptions, Runner

    try:
        runner = Runner(RunOptions(config_path=config_path), _session().linter())
        target = Path(path)
        if not target.exists():
            raise BlamelintError("no such file or directory", path)
        config = runner.config_for(target / "_" if target.is_dir() else target)
    except BlamelintError as error:
        _fail(error)
    click.echo(yaml.safe_dump(config.as_dict(), sort_keys=False), nl=False)


@cli.command()
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Use this config file for every document instead of searching.")
@click.option("--debounce-ms", type=click.IntRange(0, 10_000), default=300, show_default=True,
              help="Wait this long after the last edit before linting the buffer.")
@click.option("--stdio", is_flag=True, hidden=True, help="Accepted for editors that pass it; stdio is the only transport.")
def lsp(config_path, debounce_ms, stdio):
    """Run the language server over stdio (needs: pip install 'blamelint[lsp]')."""
    try:
        from blamelint.lsp import serve
    except ImportError as error:
        if (error.name or "").split(".")[0] in ("pygls", "lsprotocol", "cattrs", "attrs"):
            _fail(BlamelintError(f"the language server needs {error.name}: pip install 'blamelint[lsp]' "
                                 "(from a clone of blamelint: pip install '.[lsp]')"))
        raise
    if config_path is not None and not config_path.is_file():
        _fail(BlamelintError("configuration file not found", str(config_path)))
    serve(_rules(), config_path, debounce_ms / 1000)  # the server's rules, loaded once here


@cli.group()
def cache():
    """The cache of findings by file content (reused when nothing they depend on changed)."""


@cache.command("clear")
def cache_clear():
    """Remove every cached finding."""
    from blamelint.cache import FindingsCache

    store = FindingsCache()
    try:
        removed = store.clear()
    except OSError as error:
        _fail(BlamelintError(f"cannot remove the cache: {error.strerror or error}", str(store.directory)))
    click.echo(f"blamelint: removed {removed} cached results from {store.directory}")


@cache.command("dir")
def cache_dir():
    """Print the folder the cache is kept in (set BLAMELINT_CACHE_DIR to move it)."""
    from blamelint.cache import FindingsCache

    click.echo(FindingsCache().directory)


@cli.command()
@click.argument("path", required=False)
@click.option("--profile", default="default", show_default=True,
              help="Profile whose template to write: default, google-sre, pagerduty, howie, gitlab, or a profile file.")
def init(path, profile):
    """Write a blameless postmortem template to PATH (default: postmortem.md); never overwrites."""
    from blamelint.template import write_template

    try:
        written = write_template(path, profile)
    except BlamelintError as error:
        _fail(error)
    # the check must use the template's profile, or it asks for the default profile's sections
    profile_option = "" if profile == "default" else f" --profile {shlex.quote(profile)}"
    click.echo(f"blamelint: wrote {written} (profile {profile}); fill it in, then run: "
               f"blamelint check{profile_option} {shlex.quote(str(written))}")


def _linter_here(config_path):
    """The Linter of the built-in rules and those of the config for the current folder."""
    from blamelint.runner import RunOptions, Runner

    try:
        if config_path is not None and not config_path.is_file():
            raise BlamelintError("configuration file not found", str(config_path))
        runner = Runner(RunOptions(config_path=config_path, use_cache=False), _session().linter())
        config = runner.base_config_for(Path.cwd() / "_")
        return runner.linter_for(config), config
    except BlamelintError as error:
        _fail(error)


def _session():
    """This invocation's Session (main makes it; click's test runner calling `cli` gets a new one)."""
    from blamelint.session import Session

    return click.get_current_context().ensure_object(Session)


def _session_reading_the_cache(use_cache: bool):
    """This invocation's Session; with `use_cache`, its rule files are parsed once and kept in
    the cache with the findings (cache.ParsedRuleFiles)."""
    session = _session()
    if use_cache and session.parsed_rule_files is None:
        from blamelint.cache import ParsedRuleFiles

        session.parsed_rule_files = ParsedRuleFiles()
    return session


def _rules():
    try:
        return _session().rules()
    except BlamelintError as error:  # a bad rule file: one line, exit 2
        _fail(error)


def main(session=None):
    """The console script. `session`: rules and a Linter already loaded (the test suite's)."""
    if session is None and not _observed():
        _exit_without_teardown(_main)
    _main(session)


def _observed() -> bool:
    """A profiler, tracer or coverage tool is watching: it writes its data at exit, so the process
    must end the ordinary way."""
    if sys.getprofile() is not None or sys.gettrace() is not None:
        return True
    monitoring = getattr(sys, "monitoring", None)  # Python 3.12: coverage may use sys.monitoring
    return monitoring is not None and any(monitoring.get_tool(tool) for tool in range(6))


def _exit_without_teardown(run) -> None:
    """Run, then end the process as soon as its output is flushed: Python's teardown frees the
    loaded pipeline object by object, 0.5 s of a one-file run (a pre-commit hook) that nothing
    reads. Nothing of ours runs at exit (no atexit hook; --fix and the cache write before)."""
    try:
        run(None)
        code = 0
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
        if isinstance(exit_.code, str):
            print(exit_.code, file=sys.stderr)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, OSError):  # a reader that went away (| head): nothing left to tell
        code = code or EXIT_ERROR
    os._exit(code)


def _main(session) -> None:
    from blamelint.session import Session

    try:
        cli(standalone_mode=True, obj=session or Session())
    except BlamelintError as error:  # a last guard: never a traceback for a known problem
        _fail(error)
    except KeyboardInterrupt:
        sys.exit(EXIT_ERROR)
    except Exception as error:  # a bug of ours: still one line and exit 2, never "findings" (1)
        if os.environ.get("BLAMELINT_DEBUG"):
            raise
        click.echo(f"blamelint: internal error: {type(error).__name__}: {error} "
                   "(set BLAMELINT_DEBUG=1 for the traceback, and please report it)", err=True)
        sys.exit(EXIT_ERROR)
