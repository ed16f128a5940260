"""Work done ahead of the model: while the parent of a forked --jobs run loads the pipeline
(1.2-1.6 s with one core busy and the other idle), a helper forked before it does, on the idle
core, what needs no model: it parses each file's Markdown and runs the structure checks that
read only the outline (engine.Linter.structure_ahead).

In a command-line run the helper is forked before spaCy is imported, so it is small and quick
to start; where the model is loaded already there is no load to hide the work behind, and no
helper is started (parallel.py). It writes
each file's result (pickled, with its key, after their length) to an unnamed temporary file, in the order the
files will be linted. Once the model is loaded the parent stops the helper wherever it is and
reads the results written whole; a file without one (the helper was slower, or its work
raised) is done as before, when it is linted. A result is what the parent would have made:
the helper inherits the texts, the configurations (their section vocabularies made before it
is forked, so that the views a Document keeps by vocabulary are the parent's) and the rules,
and its work reads nothing else.
"""

from __future__ import annotations

import os
import pickle
import signal
import struct
import tempfile
from collections.abc import Callable, Sequence

_LENGTH = struct.Struct("<Q")


def can_fork() -> bool:
    return hasattr(os, "fork")


class Ahead:
    """A helper process computing `make(key)` for each of `keys`, in order, while the caller
    works; results() stops it and gives what it finished."""

    def __init__(self, keys: Sequence, make: Callable[[object], object]):
        self._out = tempfile.TemporaryFile()
        parent = os.getpid()
        try:
            self._pid = os.fork()
        except OSError:
            self._out.close()
            raise
        if self._pid == 0:  # the helper: never returns
            _write_results(self._out, keys, make, parent)

    def results(self, wait: bool = False) -> dict:
        """{key: make(key)} for the results the helper wrote whole and that can be read; {} if
        none can. The helper is stopped where it is, unless `wait`: then it finishes first.
        Never raises: a run without the helper's results is a run as before."""
        read = {key: read_result(payload) for key, payload in self.unread(wait).items()}
        return {key: result for key, result in read.items() if result is not _UNREADABLE}

    def unread(self, wait: bool = False) -> dict[object, bytes]:
        """As results(), each result still pickled (read_result reads it): the parent takes the
        results at once and whichever process lints a file reads its result, so that reading
        them (0.1-0.2 s over `corpus/docs`) is shared by the jobs, not done before any starts."""
        if not wait:
            try:
                os.kill(self._pid, signal.SIGKILL)  # what it has written whole is kept
            except OSError:  # gone already
                pass
        try:
            os.waitpid(self._pid, 0)
        except ChildProcessError:  # reaped already: SIGCHLD ignored by whoever started us
            pass
        try:
            with self._out:
                self._out.seek(0)
                data = self._out.read()
            return dict(_frames(data))
        except Exception:  # noqa: BLE001 (a result that cannot be read is a file done as before)
            return {}


_UNREADABLE = object()


def read_result(payload: bytes, default=_UNREADABLE):
    """The result `payload` holds (one of unread()'s), or `default` where it cannot be read."""
    try:
        return pickle.loads(payload)
    except Exception:  # noqa: BLE001 (a result that cannot be read is a file done as before)
        return default


def _write_results(out, keys: Sequence, make, parent: int) -> None:
    """In the helper: each (key, result) pickled after its length, one write a frame; then exit
    without the parent's teardown (its buffers and exit handlers are not the helper's). It
    stops when its parent is gone (killed before it could stop the helper)."""
    code = 0
    try:
        fd = out.fileno()
        for key in keys:
            if os.getppid() != parent:
                break
            try:
                result = pickle.dumps(make(key), protocol=pickle.HIGHEST_PROTOCOL)  # read by whoever needs it
                frame = pickle.dumps((key, result), protocol=pickle.HIGHEST_PROTOCOL)
            except Exception:  # noqa: BLE001 (the parent does this file itself and reports what it raises)
                continue
            _write_all(fd, _LENGTH.pack(len(frame)) + frame)
    except BaseException:  # noqa: BLE001 (a helper that fails leaves its files to the parent)
        code = 1
    finally:
        os._exit(code)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _frames(data: bytes):
    """(key, pickled result) of each whole frame; a frame cut short ends the reading."""
    at = 0
    while at + _LENGTH.size <= len(data):
        (length,) = _LENGTH.unpack_from(data, at)
        start, end = at + _LENGTH.size, at + _LENGTH.size + length
        if end > len(data):
            return
        yield pickle.loads(data[start:end])
        at = end
