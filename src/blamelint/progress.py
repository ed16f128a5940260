"""A progress bar on stderr while `blamelint check` lints many files.

Only on a terminal: a pipe, a file or a CI log never gets one (nor carriage-return noise), and
`--no-progress` or `--quiet` turn it off. A run that finishes within DELAY_SECONDS never shows
it. The bar is tqdm's; tqdm is imported only when a bar is wanted, so runs without one pay nothing.
"""

from __future__ import annotations

import sys
import time
from contextlib import contextmanager, nullcontext

MIN_FILES = 2  # one file needs no bar
DELAY_SECONDS = 0.5  # shown only once a run has lasted this long


def on_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False


class Progress:
    """Counts files as they finish; draws the bar once `start` knows how many there are."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stderr
        self._bar = None
        self._started = 0.0

    def start(self, total: int) -> None:
        if total < MIN_FILES:
            return
        from tqdm import tqdm

        self._started = time.monotonic()
        self._bar = tqdm(total=total, file=self.stream, unit="file", desc="blamelint", leave=False,
                         delay=DELAY_SECONDS, dynamic_ncols=True)

    def advance(self) -> None:
        if self._bar is not None:
            self._bar.update()

    def paused(self):
        """A context for printing results: the bar is cleared first and drawn again after, so a
        result line never lands in the middle of the bar."""
        if self._bar is None or time.monotonic() - self._started < DELAY_SECONDS:
            return nullcontext()  # not drawn yet: nothing to clear
        return self._bar.external_write_mode(file=sys.stdout)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()  # leave=False: the bar's line is cleared
            self._bar = None


@contextmanager
def progress_for(enabled: bool):
    """A Progress when `enabled` and stderr is a terminal, else None; closed on the way out."""
    if not (enabled and on_terminal(sys.stderr)):
        yield None
        return
    progress = Progress()
    try:
        yield progress
    finally:
        progress.close()
