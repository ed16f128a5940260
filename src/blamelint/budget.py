"""Budgets that keep one file from taking unbounded time: every input finishes or stops
with a clear message naming the file, and the other files are still linted.

- `Deadline`: the per-file time budget (`time-budget` in the configuration, seconds). The
  engine checks it between blocks and between matches; the language server also cancels
  a run whose document changed meanwhile (the newest version wins).
- MAX_MATCHES_PER_BLOCK: the per-block budget of pattern matches. With bounded patterns
  (patternguard.py) a real paragraph has a few dozen; thousands mean generated text.
- MAX_PARSED_TOKENS: the per-file parse budget, taken before each block is parsed (its
  tokens are counted first, which is cheap): a postmortem parses a few thousand tokens, a
  megabyte of prose on one line about 200,000, and parsing is most of the time. A file over
  it stops with an error naming the line where parsing would have gone past it.
- REWORDING_BUDGET_CHARS: checking a rewording re-parses the document, so a file gets
  rewordings while the text re-parsed for them stays under this many characters (a
  1,000-line postmortem gets thousands; a 5 MB file only its first few). The findings
  themselves are never dropped. MAX_REWORDINGS_PER_BLOCK bounds the attempts in one
  block the same way (each attempt parses the block again: a run of "!!!" made 77).
  MAX_REWORDING_BLOCK_CHARS: no rewording is checked in a block longer than this (each check
  re-parses the block: 60 of them in the 20,000-character pieces of a long line took over 100
  s). The longest paragraph of the 210 corpus documents has 1,638 characters.
"""

from __future__ import annotations

import time

from blamelint.errors import InputError

MAX_MATCHES_PER_BLOCK = 500
MAX_PARSED_TOKENS = 500_000
MAX_REWORDINGS_PER_BLOCK = 12
MAX_REWORDING_BLOCK_CHARS = 5_000
REWORDING_BUDGET_CHARS = 20_000_000
DEFAULT_TIME_BUDGET = 120.0


class BudgetError(InputError):
    """A file took more than its budget; it is reported as an error, the run goes on."""


class Cancelled(Exception):
    """The run is no longer wanted (the language server got a newer version of the text)."""


class Deadline:
    def __init__(self, seconds: float | None, where: str, cancelled=None):
        self.seconds = seconds
        self.where = where
        self.cancelled = cancelled
        self.end = time.monotonic() + seconds if seconds else None
        self.rewording_chars = REWORDING_BUDGET_CHARS
        self.rewordings_in: dict[int, int] = {}  # block start -> rewording attempts
        self.parse_tokens = MAX_PARSED_TOKENS

    def check(self) -> None:
        if self.cancelled is not None and self.cancelled():
            raise Cancelled()
        if self.end is not None and time.monotonic() > self.end:
            raise BudgetError(f"linting stopped after {self.seconds:g} s (the per-file time-budget); the file is too "
                              "slow to lint: split it, or raise time-budget in the configuration", self.where)

    def spend_time(self, seconds: float) -> None:
        """Count `seconds` spent on this file before its lint began (its share of a batch's parse,
        engine.Linter.warm) as spent; the next check() stops the file if that is over budget."""
        if self.end is not None:
            self.end -= seconds

    def spend_rewording(self, chars: int, block_start: int) -> bool:
        """Take one attempt in the block at `block_start` and `chars` from the file's rewording
        budget; False (nothing taken) when either is spent."""
        attempts = self.rewordings_in.get(block_start, 0)
        if chars > self.rewording_chars or attempts >= MAX_REWORDINGS_PER_BLOCK:
            return False
        self.rewording_chars -= chars
        self.rewordings_in[block_start] = attempts + 1
        return True

    def spend_parse(self, tokens: int, line) -> None:
        """Take a block's `tokens` from the file's parse budget before it is parsed; `line()`:
        the line the block starts on, for the error when the budget cannot pay for it."""
        self.check()
        if tokens > self.parse_tokens:
            raise BudgetError(f"more than {MAX_PARSED_TOKENS:,} words of prose to parse (the per-file parse budget); "
                              "linting stopped before parsing this line: split the file, or exclude it", self.where, line())
        self.parse_tokens -= tokens
