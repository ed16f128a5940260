"""`blamelint report`: read the archive, build the report, write it in the chosen format."""

from __future__ import annotations

import sys
from contextlib import nullcontext
from pathlib import Path

import click

from blamelint.errors import EXIT_ERROR, BlamelintError
from blamelint.report import render_html, render_json, render_markdown
from blamelint.report.collect import collect
from blamelint.report.model import build_report
from blamelint.runner import RunOptions, Runner

RENDERERS = {"html": render_html.render, "json": render_json.render, "markdown": render_markdown.render}
FORMATS = tuple(RENDERERS)
_SUFFIXES = {".html": "html", ".htm": "html", ".json": "json", ".md": "markdown", ".markdown": "markdown"}
# Fewer files than this finish before a progress bar would help.
PROGRESS_MIN_FILES = 10


def output_format(requested: str | None, output: Path | None) -> str:
    """--format, else what the output file's suffix names, else html."""
    if requested:
        return requested
    return _SUFFIXES.get(output.suffix.lower(), "html") if output is not None else "html"


def run_report(paths: list[str], requested_format: str | None, output: Path | None, period: str,
               config_path: Path | None, linter, use_cache: bool = True) -> int:
    """Write the report (`linter`: the command line's, session.py); the exit status is 2 when
    a file could not be read, else 0."""
    if "-" in paths:
        raise BlamelintError("the report reads files and folders, not standard input (-)", "command line")
    if config_path is not None and not config_path.is_file():
        raise BlamelintError("configuration file not found", str(config_path))
    fmt = output_format(requested_format, output)
    runner = Runner(RunOptions(config_path=config_path, use_cache=use_cache), linter)
    with _progress(runner, paths) as advance:
        archive = collect(paths, runner, advance)
    text = RENDERERS[fmt](build_report(archive, runner.rules_by_id(), period))
    _write(text, output)
    for path, reason in archive.skipped:
        click.echo(f"blamelint: skipped {path}: {reason}", err=True)
    for error in archive.errors:
        click.echo(f"blamelint: error: {error.one_line()}", err=True)
    if output is not None:
        click.echo(f"blamelint: wrote the {fmt} report on {len(archive.documents)} documents to {output}", err=True)
    return EXIT_ERROR if archive.errors else 0


def _progress(runner: Runner, paths: list[str]):
    """A progress bar on stderr, only for a terminal and a large archive (a pipe or CI log gets none)."""
    if not sys.stderr.isatty():
        return nullcontext(None)
    total = len(runner.targets(paths))
    if total < PROGRESS_MIN_FILES:
        return nullcontext(None)
    return _Bar(total)


class _Bar:
    def __init__(self, total: int):
        self._bar = click.progressbar(length=total, label="blamelint report", file=sys.stderr,
                                      show_pos=True, show_eta=True)

    def __enter__(self):
        self._bar.__enter__()
        return lambda _path: self._bar.update(1)

    def __exit__(self, *exc):
        return self._bar.__exit__(*exc)


def _write(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as problem:
        raise BlamelintError(f"cannot write the report: {problem.strerror or problem}", str(output)) from None
