"""The one immutable record every formatter and the fixer consume."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Level(enum.IntEnum):
    """Ordered so that `level >= fail_level` decides the exit code."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, name: str) -> "Level":
        return cls[name.upper()]

    def __str__(self) -> str:
        return self.name.lower()


class Applicability(str, enum.Enum):
    """How safe it is to apply a fix without a human reading it (ruff's model)."""

    SAFE = "safe"
    UNSAFE = "unsafe"
    DISPLAY_ONLY = "display-only"


@dataclass(frozen=True)
class Edit:
    """Replace source[start:end] with `content` (absolute code-point offsets)."""

    start: int
    end: int
    content: str


@dataclass(frozen=True)
class Fix:
    title: str
    applicability: Applicability
    edits: tuple[Edit, ...] = ()


@dataclass(frozen=True)
class Finding:
    """One problem at an exact span of the original file.

    `offset`/`end_offset` are 0-based code-point offsets into the file as read;
    lines and columns are 1-based and derived from the offsets, end exclusive.
    """

    rule: str
    name: str
    family: str
    level: Level
    message: str
    path: str
    offset: int
    end_offset: int
    line: int
    column: int
    end_line: int
    end_column: int
    text: str
    suggestion: str | None = None
    # The sentence proposed in place of the flagged one (its edit is `fix`, unsafe); None when
    # no sentence that keeps the facts could be built, and the message's question stands.
    rewrite: str | None = None
    section: str | None = None
    fix: Fix | None = None
    extra: tuple[tuple[str, str], ...] = field(default=())

    def sort_key(self) -> tuple:
        return (self.path, self.offset, self.end_offset, self.rule)
