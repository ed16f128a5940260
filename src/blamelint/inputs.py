"""Find the files to lint and read them, turning every bad input into one clear error."""

from __future__ import annotations

import fnmatch
import os
import stat
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
    """Read a regular file, at most max_size + 1 bytes of it.

    The size in stat() is not trusted (it is 0 for /dev/zero, a FIFO or /proc files): the
    read itself is bounded. A FIFO, device or socket is refused without waiting on it
    (opened non-blocking, checked with fstat), so one cannot hang the run.
    """
    shown = str(path)
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise InputError("no such file or directory", shown) from None
    except IsADirectoryError:
        raise InputError("is a directory", shown) from None
    except PermissionError:
        raise InputError("permission denied", shown) from None
    except OSError as problem:
        raise InputError(f"cannot read: {problem.strerror or problem}", shown) from None
    try:
        kind = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(kind):
            raise InputError("is a directory", shown)
        if not stat.S_ISREG(kind):
            raise InputError(f"not a regular file ({_KINDS.get(stat.S_IFMT(kind), 'special file')}); not read", shown)
        with os.fdopen(descriptor, "rb", closefd=False) as handle:
            raw = read_bounded(handle, max_size, shown)
    except OSError as problem:
        raise InputError(f"cannot read: {problem.strerror or problem}", shown) from None
    finally:
        os.close(descriptor)
    return decode(raw, shown, max_size)


def read_bounded(handle, max_size: int, shown: str) -> bytes:
    """At most max_size bytes from a binary stream; more is an InputError (endless input ends)."""
    chunks, total = [], 0
    while total <= max_size:
        chunk = handle.read(min(1 << 20, max_size + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
    raise InputError(f"file too large (more than {max_size} bytes; the limit is {max_size}, set max-file-size "
                     "to raise it)", shown)


def read_stdin(stream, max_size: int, shown: str) -> SourceText:
    """Standard input, bounded like a file; closed or unreadable stdin is one InputError."""
    buffer = getattr(stream, "buffer", None)
    if stream is None or buffer is None or getattr(stream, "closed", False):
        raise InputError("standard input is closed; nothing to read", shown)
    try:
        raw = read_bounded(buffer, max_size, shown)
    except (OSError, ValueError) as problem:  # ValueError: I/O on a closed file
        raise InputError(f"cannot read standard input: {getattr(problem, 'strerror', None) or problem}", shown) from None
    return decode(raw, shown, max_size)


_KINDS = {stat.S_IFIFO: "a FIFO", stat.S_IFCHR: "a character device", stat.S_IFBLK: "a block device",
          stat.S_IFSOCK: "a socket"}


def walk(directory: Path, include: tuple[str, ...], exclude: tuple[str, ...], base: Path | None = None,
         problems: list | None = None) -> list[Path]:
    """Postmortem files under `directory` matching include and not exclude globs, sorted.

    Globs match paths relative to `base` (the config file's folder), so a config means the
    same files wherever blamelint is run from. Links to folders are not followed (no loops);
    a subfolder that cannot be read is an InputError appended to `problems`.
    """
    found = []

    def unreadable(error: OSError) -> None:
        if problems is not None:
            problems.append(InputError(f"cannot read folder: {error.strerror or error}; its files were not linted",
                                       os.fsdecode(error.filename) if error.filename else str(directory)))

    real_base = os.path.realpath(base or directory)  # once: each realpath is an lstat a path part
    for root, dirs, files in os.walk(directory, onerror=unreadable):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith("."))
        for name in sorted(files):
            path = Path(root) / name
            relative = _relative(path, real_base)
            if _matching(relative, name, include) and not _matching(relative, name, exclude):
                found.append(path)
    return found


def matches(path: Path, globs: tuple[str, ...], base: Path) -> bool:
    """Whether `path` (relative to `base` when under it) or its file name matches a glob."""
    return _matching(_relative(path, os.path.realpath(base)), path.name, globs)


def _relative(path: Path, real_base: str) -> str:
    """`path` relative to the folder `real_base` (a realpath) when under it, else as given."""
    try:  # realpath: a symlink loop does not raise (Path.resolve() does)
        return Path(os.path.realpath(path)).relative_to(real_base).as_posix()
    except ValueError:
        return path.as_posix()


def _matching(relative: str, name: str, globs: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatch(relative, g) or fnmatch.fnmatch(name, g) for g in globs)
