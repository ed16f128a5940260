"""Write a file so that a crash, a full disk or `kill -9` leaves the old file or the new one,
never half of one, and so that a rewrite keeps what the user set on the file.

The new content goes to a temporary file in the same folder, named
`.<name>.blamelint-tmp-<pid>-<random>`, is flushed to disk, given the original permission
bits and owner, and renamed over the target (os.replace). Before a write, temporary
files of that name left by a process that no longer runs (a `kill -9`) are removed.

A file is rewritten only when the person running blamelint may write it: a read-only
file (no write bit for the user, even when running as root), a file with other hard
links (a rename would leave them holding the old text) or a file whose owner cannot be
kept is refused with a clear message, and nothing is written.
"""

from __future__ import annotations

import glob
import os
import stat
import tempfile
import time
from pathlib import Path

from blamelint.errors import BlamelintError

TEMP_MARK = ".blamelint-tmp-"
_STALE_SECONDS = 3600  # a temporary file this old is stale even if its pid was reused
_LEGACY_SUFFIX = ".blamelint-fix"  # the name used before: `.<name>.<random>.blamelint-fix`


class WriteError(BlamelintError):
    """The file was not written (nothing changed on disk)."""


class ExistsError(WriteError):
    """An exclusive write found a file already there."""


def write_atomic(path: Path, data: bytes, expected: bytes | None = None, exclusive: bool = False) -> None:
    """Replace (or, with `exclusive`, create) `path` with `data`.

    `expected`: write only if the file still holds these bytes (it was read, then fixed).
    `exclusive`: never replace an existing file (`blamelint init`).
    A symbolic link is followed: the file it points to is replaced.
    """
    shown = str(path)
    target = Path(os.path.realpath(path))
    existing = _existing(target, shown)
    if existing is not None and exclusive:
        raise ExistsError("file exists; refusing to overwrite it (choose another path or remove it)", shown)
    if existing is not None:
        _check_rewritable(target, existing, shown)
    remove_stale_temporaries(target)
    try:
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}{TEMP_MARK}{os.getpid()}-")
    except OSError as problem:
        raise WriteError(f"cannot write: {problem.strerror or problem}", shown) from None
    try:
        _fill(handle, data, existing, shown)
        if expected is not None and target.read_bytes() != expected:
            raise WriteError("file changed on disk since it was read; not written (run again)", shown)
        if exclusive:
            _link_new(temporary, target, shown)
        else:
            os.replace(temporary, target)
        _sync_folder(target.parent)
    except WriteError:
        _remove(temporary)
        raise
    except OSError as problem:
        _remove(temporary)
        raise WriteError(f"cannot write: {problem.strerror or problem}", shown) from None


def _existing(target: Path, shown: str) -> os.stat_result | None:
    try:
        found = target.stat()
    except FileNotFoundError:
        return None
    except OSError as problem:
        raise WriteError(f"cannot write: {problem.strerror or problem}", shown) from None
    if not stat.S_ISREG(found.st_mode):
        raise WriteError("not a regular file; not written", shown)
    return found


def _check_rewritable(target: Path, found: os.stat_result, shown: str) -> None:
    if not may_write(target, found):
        raise WriteError("file is read-only for you (no write permission on the file itself); not written", shown)
    if found.st_nlink > 1:
        raise WriteError(f"file has {found.st_nlink} hard links; replacing it would leave the other links with the "
                         "old text, so it is not written (apply the --diff output instead)", shown)
    if hasattr(os, "geteuid") and found.st_uid != os.geteuid() and os.geteuid() != 0:
        raise WriteError("file belongs to another user; replacing it would change its owner, so it is not written",
                         shown)


def may_write(target: Path, found: os.stat_result) -> bool:
    """Whether the file's own permission bits let this user write it. Root passes every
    access check, so the bits are read directly: a 444 file stays unwritten even for root."""
    if not hasattr(os, "geteuid"):
        return os.access(target, os.W_OK)
    uid = os.geteuid()
    if uid == found.st_uid:
        bit = stat.S_IWUSR
    elif found.st_gid == os.getegid() or found.st_gid in os.getgroups():
        bit = stat.S_IWGRP
    else:
        bit = stat.S_IWOTH
    return bool(found.st_mode & bit) and (uid == 0 or os.access(target, os.W_OK))


def _fill(handle: int, data: bytes, existing: os.stat_result | None, shown: str) -> None:
    """Write and flush the temporary file, with the target's mode and owner (or the umask's mode)."""
    with os.fdopen(handle, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
        if existing is None:
            os.fchmod(out.fileno(), 0o666 & ~_umask())
            return
        os.fchmod(out.fileno(), stat.S_IMODE(existing.st_mode))
        if hasattr(os, "fchown") and (existing.st_uid, existing.st_gid) != (os.geteuid(), os.getegid()):
            try:
                os.fchown(out.fileno(), existing.st_uid, existing.st_gid)
            except PermissionError:
                raise WriteError("cannot keep the file's owner and group; not written", shown) from None


def _link_new(temporary: str, target: Path, shown: str) -> None:
    """Put the complete temporary file at `target` only if nothing is there (atomic, no overwrite)."""
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise ExistsError("file exists; refusing to overwrite it", shown) from None
    except OSError:  # a file system without hard links: check, then rename (a narrow race)
        if target.exists():
            raise ExistsError("file exists; refusing to overwrite it", shown) from None
        os.replace(temporary, target)
        return
    _remove(temporary)


def remove_stale_temporaries(target: Path) -> list[str]:
    """Remove temporary files for `target` whose writer is gone; returns the removed paths."""
    removed = []
    base = glob.escape(str(target.parent / f".{target.name}"))
    for candidate in glob.glob(base + TEMP_MARK + "*") + glob.glob(base + ".*" + _LEGACY_SUFFIX):
        if _stale(candidate):
            _remove(candidate)
            removed.append(candidate)
    return removed


def _stale(candidate: str) -> bool:
    try:
        age = time.time() - os.lstat(candidate).st_mtime
    except OSError:
        return False
    if age > _STALE_SECONDS:
        return True
    pid = candidate.rpartition(TEMP_MARK)[2].split("-")[0]
    if not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except OSError:  # alive, another user's
        return False
    return False


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (best effort: not every system can open a folder)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
