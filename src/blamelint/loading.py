"""Loading what a run reads but never changes (spaCy, the pipeline, lemminflect's tables) at
less cost: without the garbage collector walking it, without spaCy's command line, and with
the model's matrix products given to numpy.

Python's collector walks every tracked object of the oldest generation each time enough new
objects have survived: loading builds about a million such objects, and over
`../shared/corpus/docs` (`--jobs 1`) four collections during the start took 0.5 s and three
later ones 0.3 s more. Loading runs with the collector paused. A command-line lint, which
keeps what it loads until the process ends, also freezes it (`gc.freeze`: later collections
skip it, and never write to its pages, so forked workers keep sharing them). Freezing is
for such a process only: it freezes every object alive, and a frozen cycle is never freed,
so a Linter with a pipeline of its own (the language server's) is loaded without it.
"""

from __future__ import annotations

import gc
import os
import sys
import threading
import types
from collections.abc import Iterator
from contextlib import contextmanager

_keeping = False  # True: this process keeps what it loads until it ends (keep_what_is_loaded)
# A young-generation collection every 10,000 net allocations, not Python's 700: a lint makes
# and drops many short-lived objects (tokens, rows, matches), and over `../shared/corpus/docs`
# (`--jobs 2`) the parent spent 0.21-0.30 s in 388-498 collections, one or two of them full
# ones; with 10,000 it spends about 0.1 s in a few dozen, none full.
_YOUNG_THRESHOLD = 10_000


def keep_what_is_loaded() -> None:
    """Say that this process keeps what it loads to its end (a command-line lint), so that
    collector_paused may freeze it."""
    global _keeping
    _keeping = True
    gc.set_threshold(_YOUNG_THRESHOLD, *gc.get_threshold()[1:])


@contextmanager
def collector_paused(freeze: bool = True) -> Iterator[None]:
    """Run the block with the garbage collector off; after it, freeze what exists if `freeze`
    and the process keeps what it loads (keep_what_is_loaded)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze and _keeping:
            gc.freeze()
        if was_enabled:
            gc.enable()


# The pipeline's layers multiply matrices with thinc's default, the blis library. Here numpy's
# (OpenBLAS) is 3 to 4.5 times as fast on the shapes tok2vec and the parser use, single
# threaded (a 2,000 x 288 by 288 x 288 product: 20.6 ms against 4.5 ms), and the corpus's parsed
# blocks (48,261 tokens) took 3.5-4.3 s instead of 5.8-7.5 s, every tag, head and label the
# same. One thread: a worker per core is blamelint's parallelism, and OpenBLAS's own threads
# doubled the CPU for no gain in time. OpenBLAS reads its thread count once, when numpy is
# imported, from the first of these that is set; a count the user set is kept.
_THREAD_COUNTS = ("OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS")


def numpy_matrix_products():
    """A context in which the layers of a pipeline being loaded multiply with numpy, not blis."""
    from thinc.api import use_ops

    return use_ops("numpy", use_blis=False)


@contextmanager
def msgpack_decoders_listed_once() -> Iterator[None]:
    """A context in which srsly lists its msgpack decoders once, not once a blob.

    srsly's `unpackb` asks its registry for every decoder each time it is called, and the
    registry (catalogue's `get_all`) then reads the entry points of every installed package: a
    pipeline's weights are 92 such blobs, 0.1 s of each load. Within the context the registry
    answers with the list it gave first; nothing registers a decoder while a pipeline loads.
    Loads in several threads (the language server's) take turns."""
    import srsly.msgpack

    registry = srsly.msgpack.msgpack_decoders
    with _listing_decoders:
        listed = registry.get_all()
        registry.get_all = lambda: dict(listed)  # an attribute of the instance hides the method
        try:
            yield
        finally:
            del registry.get_all


_listing_decoders = threading.Lock()


@contextmanager
def entry_points_selected_once() -> Iterator[None]:
    """A context in which catalogue selects each group of the installed entry points once.

    catalogue keeps every entry point of the environment and, each time a registry looks up a
    name it does not hold (spaCy's registries do for each function a pipeline's config names),
    selects that registry's group from all of them again: 96 selections in a load, 15-30 ms
    of it. The entry points do not change while a pipeline loads, so within the context each
    group's selection is made once and given again; after it, catalogue reads its own list."""
    import catalogue

    with _selecting_entry_points:
        available = catalogue.AVAILABLE_ENTRY_POINTS
        catalogue.AVAILABLE_ENTRY_POINTS = _SelectedOnce(available)
        try:
            yield
        finally:
            catalogue.AVAILABLE_ENTRY_POINTS = available


class _SelectedOnce:
    """Entry points whose `select(...)` is made once for each set of arguments."""

    def __init__(self, available):
        self._available = available
        self._selected: dict[tuple, object] = {}

    def select(self, **params):
        key = tuple(sorted(params.items()))
        if key not in self._selected:
            self._selected[key] = self._available.select(**params)
        return self._selected[key]


_selecting_entry_points = threading.Lock()


def import_spacy() -> types.ModuleType:
    """spaCy, imported without its command-line package where its `__init__` allows, and numpy
    with one BLAS thread where the user set no thread count.

    `spacy/__init__.py` imports `spacy.cli` only to offer `spacy.info`; that package imports
    every command and their libraries (typer, requests, ...): 0.45 s of each cold start, for
    code blamelint never runs. When that line is the `__init__`'s only use of `.cli`, then while
    spaCy is imported `spacy.cli` and `spacy.cli.info` are stand-ins whose `info` imports the
    real one when called; they are removed again at once, so a later `import spacy.cli` gets
    the real package."""
    with _importing:  # one thread at a time puts the stand-ins in (the language server loads in threads)
        if "numpy" not in sys.modules:
            _import_numpy_with_one_thread()
        if "spacy" not in sys.modules:
            _import_spacy_with_stand_ins()
    import spacy  # waits, as any import does, while another thread is still importing it

    return spacy


_importing = threading.Lock()


def _import_numpy_with_one_thread() -> None:
    """numpy imported with OPENBLAS_NUM_THREADS=1 unless a thread count is set, which is then
    taken out of the environment again (OpenBLAS has read it): the programs a host process
    starts later, and the libraries it loads later, get the environment it had."""
    if any(name in os.environ for name in _THREAD_COUNTS):
        import numpy  # noqa: F401

        return
    os.environ[_THREAD_COUNTS[0]] = "1"
    try:
        import numpy  # noqa: F401
    finally:
        os.environ.pop(_THREAD_COUNTS[0], None)


def _import_spacy_with_stand_ins() -> None:
    if not _only_info_from_cli():
        import spacy  # noqa: F401  (its __init__ wants more of its command line: imported as it is)

        return
    stand_ins = _cli_stand_ins()
    sys.modules.update(stand_ins)
    try:
        import spacy  # noqa: F401
    except ImportError:  # a module spaCy imports wants more of its command line after all
        _forget_stand_ins(stand_ins)
        import spacy  # noqa: F401

        _attach_submodules("spacy")
    finally:
        _forget_stand_ins(stand_ins)


def _only_info_from_cli() -> bool:
    """Whether spaCy's `__init__` uses its command line only in `from .cli.info import info`."""
    import importlib.util

    spec = importlib.util.find_spec("spacy")
    if spec is None or spec.origin is None:
        return False
    try:
        with open(spec.origin, encoding="utf-8") as init:
            lines = [line.strip() for line in init]
    except OSError:
        return False
    uses = [line for line in lines if "cli" in line and not line.startswith("#")]
    return bool(uses) and all(line.split("#")[0].strip() == "from .cli.info import info" for line in uses)


def _attach_submodules(package: str) -> None:
    """Set each imported submodule of `package` on its parent where it is missing: an import
    that failed half-way left them in sys.modules, and importing the package again does not
    set them on the new module (spacy.tokens, which lemminflect reads, would be missing)."""
    for name, module in sorted(sys.modules.items()):
        if name.startswith(package + ".") and module is not None:
            parent, _, child = name.rpartition(".")
            if parent in sys.modules and not hasattr(sys.modules[parent], child):
                setattr(sys.modules[parent], child, module)


def _cli_stand_ins() -> dict[str, types.ModuleType]:
    package = types.ModuleType("spacy.cli")
    package.__path__ = []  # a package: "from .cli.info import info" looks for spacy.cli.info
    info_module = types.ModuleType("spacy.cli.info")

    def info(*args, **kwargs):
        from spacy.cli.info import info as real_info  # the stand-ins are gone by now

        return real_info(*args, **kwargs)

    info_module.info = info
    package.info = info_module
    return {"spacy.cli": package, "spacy.cli.info": info_module}


def _forget_stand_ins(stand_ins: dict[str, types.ModuleType]) -> None:
    for name, module in stand_ins.items():
        if sys.modules.get(name) is module:
            del sys.modules[name]
    spacy = sys.modules.get("spacy")
    if spacy is not None and getattr(spacy, "cli", None) is stand_ins["spacy.cli"]:
        delattr(spacy, "cli")  # `spacy.cli` is then found by importing it, as normal
