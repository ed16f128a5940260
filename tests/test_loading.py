"""loading.py: the collector paused while loading, and spaCy imported without its command line.

What a fresh interpreter imports is the point of the import tests, so they run in subprocesses."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import textwrap

import pytest

from blamelint import loading
from blamelint.loading import collector_paused
from conftest import run_cli


def test_the_collector_is_off_inside_and_on_again_after(monkeypatch):
    monkeypatch.setattr(loading, "_keeping", False)
    frozen_before = gc.get_freeze_count()
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        kept = [[n] for n in range(1000)]  # tracked objects made while loading
    assert gc.isenabled() and len(kept) == 1000
    assert gc.get_freeze_count() == frozen_before  # a process that may drop what it loaded freezes nothing


def test_a_process_that_keeps_what_it_loads_freezes_it(monkeypatch):
    monkeypatch.setattr(loading, "_keeping", False)
    loading.keep_what_is_loaded()
    frozen_before = gc.get_freeze_count()
    with collector_paused():
        kept = [[n] for n in range(1000)]
    frozen = gc.get_freeze_count()
    assert frozen >= frozen_before + len(kept)  # left out of every later collection
    with collector_paused(freeze=False):  # a pipeline of its own (the language server's)
        more = [[n] for n in range(1000)]
    assert gc.get_freeze_count() == frozen and len(more) == 1000


def test_a_process_that_keeps_what_it_loads_collects_its_young_objects_less_often(monkeypatch):
    monkeypatch.setattr(loading, "_keeping", False)
    before = gc.get_threshold()
    gc.set_threshold(700, *before[1:])
    try:
        loading.keep_what_is_loaded()
        assert gc.get_threshold() == (loading._YOUNG_THRESHOLD, *before[1:])
        assert loading._YOUNG_THRESHOLD > 700
    finally:
        gc.set_threshold(*before)


def test_a_command_line_lint_keeps_what_it_loads(monkeypatch, tmp_path):
    monkeypatch.setattr(loading, "_keeping", False)
    (tmp_path / "pm.md").write_text("# Notes\n\nThe deploy went out.\n", encoding="utf-8")
    run_cli("check", "--no-cache", "pm.md", cwd=tmp_path)
    assert loading._keeping


def test_a_collector_that_was_off_stays_off():
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_collector_comes_back_when_loading_fails():
    with pytest.raises(OSError), collector_paused():
        raise OSError("no such pipeline")
    assert gc.isenabled()


def _run(script: str, tmp_path, extra_path: str | None = None, blas_threads: dict | None = None) -> dict:
    env_path = [extra_path] if extra_path else []
    code = "import sys; sys.path[:0] = %r\n" % env_path + textwrap.dedent(script)
    env = {k: v for k, v in os.environ.items() if k not in loading._THREAD_COUNTS}
    env.update(blas_threads or {})
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=120,
                          env=env)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


_THREADS = """
def process_threads():
    with open("/proc/self/status") as status:
        return int(next(line for line in status if line.startswith("Threads:")).split()[1])
"""


@pytest.mark.slow
def test_spacy_is_imported_without_its_command_line_and_it_comes_back_when_asked_for(tmp_path):
    seen = _run("""
        import json, sys
        from blamelint.loading import import_spacy
        spacy = import_spacy()
        without = "spacy.cli" not in sys.modules and "typer" not in sys.modules
        import spacy.cli
        print(json.dumps({"without": without, "real": hasattr(spacy.cli, "download"),
                          "info": sorted(spacy.info())[:1]}))
    """, tmp_path)
    assert seen == {"without": True, "real": True, "info": [seen["info"][0]]} and seen["info"]


@pytest.mark.slow
@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="counts threads in /proc")
@pytest.mark.parametrize("user_set, threads", [({}, 1), ({"OMP_NUM_THREADS": "2"}, 2), ({"OPENBLAS_NUM_THREADS": "2"}, 2)])
def test_numpy_gets_one_blas_thread_unless_the_user_set_a_count(tmp_path, user_set, threads):
    """One OpenBLAS thread by default, a count the user set is kept, and the environment is
    left as it was (a host program's later subprocesses get its own)."""
    seen = _run(_THREADS + """
import json, os
before = process_threads()
from blamelint.loading import import_spacy
import_spacy()
print(json.dumps({"started": process_threads() - before, "env": sorted(k for k in os.environ if "NUM_THREADS" in k)}))
    """, tmp_path, blas_threads=user_set)
    assert seen == {"started": threads - 1, "env": sorted(user_set)}


@pytest.mark.slow
def test_a_spacy_that_wants_more_of_its_command_line_is_imported_as_it_is(tmp_path):
    """A spaCy whose __init__ imports more than `info` from its command line: the stand-ins
    are dropped and the package imports as written."""
    fake = tmp_path / "fake"
    (fake / "spacy" / "cli").mkdir(parents=True)
    (fake / "spacy" / "__init__.py").write_text("from .cli.info import info\nfrom .cli import download\n")
    (fake / "spacy" / "cli" / "__init__.py").write_text("from .info import info\ndownload = 'real download'\n")
    (fake / "spacy" / "cli" / "info.py").write_text("def info():\n    return 'real info'\n")
    seen = _run("""
        import json
        from blamelint.loading import import_spacy
        spacy = import_spacy()
        print(json.dumps({"download": spacy.download, "info": spacy.info(), "cli": spacy.cli.download}))
    """, tmp_path, extra_path=str(fake))
    assert seen == {"download": "real download", "info": "real info", "cli": "real download"}


@pytest.mark.slow
def test_a_spacy_whose_modules_want_its_command_line_is_imported_whole(tmp_path):
    """spaCy's __init__ passes the check, but a module it imports later wants more of the
    command line: the import fails half-way with the stand-ins, and is made again without
    them; the modules imported before the failure are still attributes of the package (as
    spacy.tokens must be, for lemminflect)."""
    fake = tmp_path / "fake"
    (fake / "spacy" / "cli").mkdir(parents=True)
    (fake / "spacy" / "__init__.py").write_text(
        "from .vocab import Vocab\nfrom . import helper\nfrom .cli.info import info  # noqa: F401\n")
    (fake / "spacy" / "vocab.py").write_text("from .tokens import Token\nVocab = 'a vocab'\n")  # spacy.tokens: set by the import system only
    (fake / "spacy" / "tokens.py").write_text("Token = 'a token'\n")
    (fake / "spacy" / "helper.py").write_text("from .cli import download\n")
    (fake / "spacy" / "cli" / "__init__.py").write_text("from .info import info\ndownload = 'real download'\n")
    (fake / "spacy" / "cli" / "info.py").write_text("def info():\n    return 'real info'\n")
    seen = _run("""
        import json
        from blamelint.loading import import_spacy
        spacy = import_spacy()
        print(json.dumps({"tokens": spacy.tokens.Token, "helper": spacy.helper.download, "info": spacy.info()}))
    """, tmp_path, extra_path=str(fake))
    assert seen == {"tokens": "a token", "helper": "real download", "info": "real info"}


@pytest.mark.slow
def test_threads_importing_at_once_all_get_the_whole_of_spacy(tmp_path):
    """The language server loads in worker threads: a thread that asks while another is still
    importing waits for the whole package, not the half-made one."""
    seen = _run("""
        import json, sys, threading, time
        from blamelint.loading import import_spacy
        got = []
        def load():
            got.append(hasattr(import_spacy(), "load"))
        def load_once_it_is_under_way():  # asks while the first thread's import is half done
            while "spacy" not in sys.modules:
                time.sleep(0.001)
            load()
        threads = [threading.Thread(target=load), threading.Thread(target=load_once_it_is_under_way)]
        for thread in threads: thread.start()
        for thread in threads: thread.join()
        print(json.dumps({"whole": got}))
    """, tmp_path)
    assert seen == {"whole": [True, True]}


def test_msgpack_decoders_are_listed_once_inside_and_as_registered_after(monkeypatch):
    import catalogue
    import srsly
    import srsly.msgpack

    registry = srsly.msgpack.msgpack_decoders
    calls = []
    real = catalogue.Registry.get_all
    monkeypatch.setattr(catalogue.Registry, "get_all", lambda self: calls.append(self) or real(self))
    blob = srsly.msgpack_dumps({"weights": [1, 2, 3]})
    with loading.msgpack_decoders_listed_once():
        assert [srsly.msgpack_loads(blob) for _ in range(5)] == [{"weights": [1, 2, 3]}] * 5
        assert calls.count(registry) == 1  # once, not once a blob
    assert "get_all" not in vars(registry)  # the registry's own method again
    registry.register("blamelint-test", func=lambda obj, chain=None: obj if chain is None else chain(obj))
    try:
        srsly.msgpack_loads(blob)
        assert calls.count(registry) == 2  # a decoder registered later is seen
    finally:
        catalogue._remove((*registry.namespace, "blamelint-test"))


def test_entry_point_groups_are_selected_once_inside_and_by_catalogue_after():
    import catalogue

    available = catalogue.AVAILABLE_ENTRY_POINTS
    selections = []

    class Counting:
        def select(self, **params):
            selections.append(params)
            return available.select(**params)

    catalogue.AVAILABLE_ENTRY_POINTS = Counting()
    try:
        registry = catalogue.create("blamelint_test_group", entry_points=True)
        with loading.entry_points_selected_once():
            first = [registry.get_entry_point("absent") for _ in range(4)]
            assert first == [None] * 4
            assert len(selections) == 1  # once, not once a lookup
            other = catalogue.create("blamelint_test_other", entry_points=True)
            assert other.get_entry_point("absent", default=7) == 7
            assert len(selections) == 2  # another group is a selection of its own
        assert isinstance(catalogue.AVAILABLE_ENTRY_POINTS, Counting)  # catalogue's own list again
        registry.get_entry_point("absent")
        assert len(selections) == 3
    finally:
        catalogue.AVAILABLE_ENTRY_POINTS = available
        for namespace in (("blamelint_test_group",), ("blamelint_test_other",)):
            catalogue._remove(namespace) if catalogue.check_exists(*namespace) else None


def test_a_pipeline_loads_the_same_with_entry_points_selected_once():
    spacy = loading.import_spacy()
    from blamelint.pipeline import resolve_model

    name = resolve_model(None)
    with loading.entry_points_selected_once():
        inside = spacy.load(name, exclude=["ner"])
    outside = spacy.load(name, exclude=["ner"])
    assert inside.pipe_names == outside.pipe_names
    text = "The deploy failed because the config named a host that was gone."
    assert [(t.tag_, t.dep_, t.head.i) for t in inside(text)] == [(t.tag_, t.dep_, t.head.i) for t in outside(text)]
