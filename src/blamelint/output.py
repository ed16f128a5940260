"""Where `blamelint check` writes its report, and how: standard output (or standard error, when
stdout holds the fixed text of stdin), or `--output-file`, written atomically once at the end
(atomicfile.py: a crash never leaves half a report); colour only on a terminal."""

from __future__ import annotations

import os
import sys
from contextlib import nullcontext
from pathlib import Path

import click

from blamelint.atomicfile import write_atomic
from blamelint.errors import BlamelintError
from blamelint.formatters import STREAMING
from blamelint.progress import on_terminal

COLOR_CHOICES = ("auto", "always", "never")


def wants_color(choice: str, stream) -> bool:
    """--color always/never decide; auto is colour on a terminal unless NO_COLOR is set to
    anything non-empty (https://no-color.org). `stream` None is a file: never a terminal."""
    if choice in ("always", "never"):
        return choice == "always"
    return not os.environ.get("NO_COLOR") and stream is not None and on_terminal(stream)


class Output:
    """The report's destination. `write` prints to the stream at once (clearing the progress bar
    around it) or, with `path`, keeps the text for `close` to write in one atomic step."""

    def __init__(self, path: Path | None = None, color: str = "auto", progress=None):
        self.path = path
        self.color_choice = color
        self.progress = progress  # cleared around each write, so results never land inside the bar
        self._parts: list[str] = []
        if path is not None:
            check_writable_folder(path)

    def color(self, err: bool = False) -> bool:
        return wants_color(self.color_choice, None if self.path is not None else self._stream(err))

    def write(self, text: str, err: bool = False) -> None:
        if self.path is not None:
            self._parts.append(text)
            return
        with self.progress.paused() if self.progress is not None else nullcontext():
            click.echo(text, file=self._stream(err), nl=False, color=self.color(err))

    def close(self) -> None:
        """Write --output-file (the whole report, or nothing if this raises)."""
        if self.path is not None:
            write_atomic(self.path, "".join(self._parts).encode("utf-8"))

    @staticmethod
    def _stream(err: bool):
        return sys.stderr if err else sys.stdout


def check_writable_folder(path: Path) -> None:
    """Fail before linting when --output-file cannot be written at all (the folder is missing)."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise BlamelintError("cannot write the output file: its folder does not exist", str(path))


class Streamer:
    """Prints each file's findings as soon as the runner has them (Runner.run's on_file), in input
    order, then the footer: the text, concise and github formats over many files show results
    while the rest are linted."""

    def __init__(self, fmt: str, out: Output):
        self.file_part, self.footer = STREAMING[fmt]
        self.out = out
        self.color = out.color()

    def file_done(self, path, findings, text) -> None:
        if findings:
            self.out.write(self.file_part(path, findings, text, self.color))

    def finish(self, results) -> None:
        self.out.write(self.footer(results))
