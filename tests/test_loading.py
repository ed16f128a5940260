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

from blamelint.loading import collector_paused


def test_the_collector_is_off_inside_and_on_again_after():
    assert gc.isenabled()
    frozen_before = gc.get_freeze_count()
    with collector_paused():
        assert not gc.isenabled()
        kept = [[n] for n in range(1000)]  # tracked objects made while loading
    assert gc.isenabled()
    assert gc.get_freeze_count() >= frozen_before + len(kept)  # what was loaded is left out of collections


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


def _run(script: str, tmp_path, extra_path: str | None = None, blas_threads: str | None = None) -> dict:
    env_path = [extra_path] if extra_path else []
    code = "import sys; sys.path[:0] = %r\n" % env_path + textwrap.dedent(script)
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    if blas_threads is not None:
        env["OPENBLAS_NUM_THREADS"] = blas_threads
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=120,
                          env=env)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_spacy_is_imported_without_its_command_line_and_it_comes_back_when_asked_for(tmp_path):
    seen = _run("""
        import json, sys
        from blamelint.loading import import_spacy
        spacy = import_spacy()
        without = "spacy.cli" not in sys.modules and "typer" not in sys.modules
        import spacy.cli
        print(json.dumps({"without": without, "real": hasattr(spacy.cli, "download"),
                          "info": sorted(spacy.info())[:1], "threads": os.environ.get("OPENBLAS_NUM_THREADS")}))
    """.replace("import json, sys", "import json, os, sys"), tmp_path)
    assert seen == {"without": True, "real": True, "info": [seen["info"][0]], "threads": "1"} and seen["info"]


@pytest.mark.slow
def test_a_blas_thread_count_the_user_set_is_kept(tmp_path):
    seen = _run("""
        import json, os
        from blamelint.loading import import_spacy
        import_spacy()
        print(json.dumps({"threads": os.environ.get("OPENBLAS_NUM_THREADS")}))
    """, tmp_path, blas_threads="3")
    assert seen == {"threads": "3"}


def test_the_pipeline_multiplies_with_numpy_not_blis(linter):
    """Every layer of tok2vec and the tagger, and the parser's and recogniser's precomputed
    layer (the products over all tokens), use numpy's matrix product (loading.py says why)."""
    nlp = linter._pipeline(None)[0]
    layers = {name: {node.name: node.ops.use_blis for node in pipe.model.walk()}
              for name, pipe in nlp.pipeline if name in ("tok2vec", "tagger", "parser", "ner")}
    assert set(layers) == {"tok2vec", "tagger", "parser", "ner"}
    assert not any(layers["tok2vec"].values()) and not any(layers["tagger"].values())
    assert layers["parser"]["precomputable_affine"] is False and layers["ner"]["precomputable_affine"] is False


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
