"""Command line: argument handling only; the work is in runner.py and the formatters."""

from __future__ import annotations

import sys
from pathlib import Path

import click
import yaml

from blamelint import __version__
from blamelint.errors import EXIT_ERROR, BlamelintError
from blamelint.formatters import FORMATTERS
from blamelint.runner import RunOptions, Runner, exit_code

LEVELS = click.Choice(["error", "warning", "info"])


def _fail(error: BlamelintError):
    click.echo(f"blamelint: error: {error.one_line()}", err=True)
    sys.exit(error.exit_code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="blamelint")
def cli():
    """blamelint: catch blaming language and unsupported assumptions in postmortems."""


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "output_format", type=click.Choice(sorted(FORMATTERS)), default="text", show_default=True)
@click.option("--fail-level", type=LEVELS, help="Lowest level that makes the exit status 1 (default: warning).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path), help="Use this config file instead of searching.")
@click.option("--stdin-filename", help="Path used for config lookup and reporting when reading '-'.")
@click.option("--select", multiple=True, help="Only these rules (id or name); repeatable.")
@click.option("--ignore", multiple=True, help="Skip these rules (id or name); repeatable.")
def check(paths, output_format, fail_level, config_path, stdin_filename, select, ignore):
    """Lint postmortems (files, directories, or - for stdin)."""
    options = RunOptions(config_path, stdin_filename, select or None, ignore, fail_level)
    try:
        if config_path is not None and not config_path.is_file():
            raise BlamelintError("configuration file not found", str(config_path))
        result = Runner(options).run(list(paths))
    except BlamelintError as error:
        _fail(error)
    for path, reason in result.skipped:
        click.echo(f"blamelint: skipped {path}: {reason}", err=True)
    click.echo(FORMATTERS[output_format](result.results), nl=False)
    sys.exit(exit_code(result))


@cli.command("rules")
def list_rules():
    """List every rule: id, name, family, level and summary."""
    linter = _linter()
    for rule in linter.rules:
        click.echo(f"{rule.id}  {rule.name:<32} {rule.family:<10} {str(rule.level):<7}  {rule.summary}")


@cli.command()
@click.argument("rule")
def explain(rule):
    """Show the documentation of RULE (id or name), with examples."""
    from blamelint.docgen import rule_page

    linter = _linter()
    rule_id = linter.resolve(rule)
    if rule_id is None:
        _fail(BlamelintError(f"unknown rule {rule!r} (see `blamelint rules`)"))
    click.echo(rule_page(linter.by_id[rule_id]))


@cli.command("config")
@click.argument("path", required=False, default=".")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path))
def show_config(path, config_path):
    """Print the effective configuration for PATH (a file or folder)."""
    try:
        runner = Runner(RunOptions(config_path=config_path))
        target = Path(path)
        config = runner.config_for(target / "_" if target.is_dir() else target)
    except BlamelintError as error:
        _fail(error)
    click.echo(yaml.safe_dump(config.as_dict(), sort_keys=False), nl=False)


def _linter():
    from blamelint.runner import default_linter

    try:
        return default_linter()
    except BlamelintError as error:
        _fail(error)


def main():
    try:
        cli(standalone_mode=True)
    except BlamelintError as error:  # a last guard: never a traceback for a known problem
        _fail(error)
    except KeyboardInterrupt:
        sys.exit(EXIT_ERROR)
