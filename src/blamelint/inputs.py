"""Find the files to lint and read them, turning every bad input into one clear error."""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass
from pathlib import Path

from blamelint.errors import InputError

_SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox"}


@dataclass(frozen=True)
class SourceText:
    path: str
    text: str
    raw: bytes  # what was read, so that --fix can refuse to write over a file that changed


def check_size(size: int, max_size: int, path: str) -> None:
    """A postmortem over max-file-size bytes is refused (CLI and language server alike)."""
    if size > max_size:
        raise InputError(f"file too large ({size} bytes; the limit is {max_size}, set max-file-size to raise it)", path)


def decode(raw: bytes, path: str, max_size: int) -> SourceText:
    check_size(len(raw), max_size, path)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("UTF-16 text, not UTF-8; save the file as UTF-8", path)
    if b"\0" in raw[:65536]:
        raise InputError("binary file (contains NUL bytes), not a postmortem", path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as problem:
        raise InputError(f"not valid UTF-8 (byte {problem.start}); save the file as UTF-8", path) from None
    return SourceText(path, text, raw)


def read_file(path: Path, max_size: int) -> SourceText:
    shown = str(path)
    try:
        check_size(path.stat().st_size, max_size, shown)
        raw = path.read_bytes()
    except InputError:
        raise
    except FileNotFoundError:
        raise InputError("no such file or directory", shown) from None
    except IsADirectoryError:
        raise InputError("is a directory", shown) from None
    except PermissionError:
        raise InputError("permission denied", shown) from None
    except OSError as problem:
        raise InputError(f"cannot read: {problem.strerror or problem}", shown) from None
    return decode(raw, shown, max_size)


def walk(directory: Path, include: tuple[str, ...], exclude: tuple[str, ...], base: Path | None = None) -> list[Path]:
    """Postmortem files under `directory` matching include and not exclude globs, sorted.

    Globs match paths relative to `base` (the config file's folder), so a config means the
    same files wherever blamelint is run from.
    """
    found = []
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith("."))
        for name in sorted(files):
            path = Path(root) / name
            if matches(path, include, base or directory) and not matches(path, exclude, base or directory):
                found.append(path)
    return found


def matches(path: Path, globs: tuple[str, ...], base: Path) -> bool:
    """Whether `path` (relative to `base` when under it) or its file name matches a glob."""
    try:
        relative = path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        relative = path.as_posix()
    return any(fnmatch.fnmatch(relative, g) or fnmatch.fnmatch(path.name, g) for g in globs)
