"""Loading what a run reads but never changes (spaCy, the pipeline, lemminflect's tables) at
less cost: without the garbage collector walking it, without spaCy's command line, and with
the model's matrix products given to numpy.

Python's collector walks every tracked object of the oldest generation each time enough new
objects have survived: loading builds about a million such objects that live until the
process ends, and over `../shared/corpus/docs` (`--jobs 1`) four collections during the
start took 0.5 s and three later ones 0.3 s more. Loading with the collector paused, then
freezing what is loaded (`gc.freeze`: later collections skip it), leaves those objects out
of every collection. The few cycles that became garbage while loading (some hundreds of
objects) are frozen with the rest and never freed. Frozen objects are also never written to
by the collector, so workers forked after the load keep sharing their pages.
"""

from __future__ import annotations

import gc
import os
import sys
import threading
import types
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the block with the garbage collector off, and freeze what exists after it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


# The pipeline's layers multiply matrices with thinc's default, the blis library. Here numpy's
# (OpenBLAS) is 3 to 4.5 times as fast on the shapes tok2vec and the parser use, single
# threaded (a 2,000 x 288 by 288 x 288 product: 20.6 ms against 4.5 ms), and the corpus's parsed
# blocks (48,261 tokens) took 3.5-4.3 s instead of 5.8-7.5 s, every tag, head and label the
# same. One thread: a worker per core is blamelint's parallelism, and OpenBLAS's own threads
# doubled the CPU for no gain in time. A thread count the user set is kept.
_BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "1")


def numpy_matrix_products():
    """A context in which the layers of a pipeline being loaded multiply with numpy, not blis."""
    from thinc.api import use_ops

    return use_ops("numpy", use_blis=False)


def import_spacy() -> types.ModuleType:
    """spaCy, imported without its command-line package where that is still possible.

    `spacy/__init__.py` imports `spacy.cli` only to offer `spacy.info`; that package imports
    every command and their libraries (typer, requests, ...): 0.45 s of each cold start, for
    code blamelint never runs. While spaCy is imported, `spacy.cli` and `spacy.cli.info` are
    stand-ins whose `info` imports the real one when called; they are removed again at once,
    so a later `import spacy.cli` gets the real package. Where spaCy's `__init__` asks the
    stand-in for anything else, spaCy is imported as it is."""
    with _importing:  # one thread at a time puts the stand-ins in (the language server loads in threads)
        if "spacy" not in sys.modules:
            _import_with_stand_ins()
    import spacy  # waits, as any import does, while another thread is still importing it

    return spacy


_importing = threading.Lock()


def _import_with_stand_ins() -> None:
    if "numpy" not in sys.modules:  # OpenBLAS reads it once, when numpy is first imported
        os.environ.setdefault(*_BLAS_THREADS)
    stand_ins = _cli_stand_ins()
    sys.modules.update(stand_ins)
    try:
        import spacy  # noqa: F401
    except ImportError:
        _forget_stand_ins(stand_ins)
        import spacy  # noqa: F401  (spaCy's __init__ wants more of its command line: imported as it is)
    finally:
        _forget_stand_ins(stand_ins)


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
