"""One pipeline per process for one package, however a configuration names it."""

from __future__ import annotations

import pytest

from blamelint.engine import Linter
from blamelint.pipeline import resolve_model
from conftest import RULESET


def test_naming_the_default_pipeline_in_a_config_loads_it_once():
    # a file whose config says `model: <the default package>` next to one whose config says
    # nothing: two Linters (the language server keeps one per folder), one loaded pipeline
    unnamed, named = Linter(RULESET), Linter(RULESET)
    assert unnamed._pipeline(None)[0] is named._pipeline(resolve_model(None))[0]


def test_the_tokenizer_filled_from_disk_is_spacys_own():
    """The pipeline is made with an empty tokenizer that the package's saved one fills
    (pipeline._tokenizer_override): it must end exactly as spaCy's own load leaves it."""
    import spacy

    from blamelint.pipeline import _UNUSED, load_pipeline

    name = resolve_model(None)
    ours = load_pipeline(name)
    assert ours.config["nlp"]["tokenizer"] == {"@tokenizers": "blamelint.empty_tokenizer.v1"}  # the override is in use
    plain = spacy.load(name, exclude=list(_UNUSED))
    assert ours.tokenizer.to_bytes(exclude=["vocab"]) == plain.tokenizer.to_bytes(exclude=["vocab"])
    text = "Bob's deploy (v1.2) didn't work: see https://example.com/x... e.g. 40% at 14:05!"
    assert [t.text for t in ours.tokenizer(text)] == [t.text for t in plain.tokenizer(text)]


def _package(folder, tokenizer_lines: str, saved: bool):
    import json

    data = folder / "en_core_web_xx-1.0.0"
    data.mkdir(parents=True)
    (folder / "meta.json").write_text(json.dumps({"lang": "en", "name": "core_web_xx", "version": "1.0.0"}))
    (data / "config.cfg").write_text(f"[nlp]\nlang = \"en\"\n{tokenizer_lines}\n")
    if saved:
        (data / "tokenizer").write_bytes(b"")
    return folder


SPACYS = 'tokenizer = {"@tokenizers":"spacy.Tokenizer.v1"}'


@pytest.mark.parametrize(("lines", "saved", "expected"), [
    (SPACYS, True, True),
    ('\n[nlp.tokenizer]\n@tokenizers = "spacy.Tokenizer.v1"', True, True),  # the same, as a section
    (SPACYS, False, False),  # nothing saved to fill it: spaCy's own load
    ('tokenizer = {"@tokenizers":"spacy.ja.JapaneseTokenizer"}', True, False),
    ('\n[nlp.tokenizer]\n@tokenizers = "spacy.Tokenizer.v1"\nextra = 1', True, False),
    ("", True, False),
    ("tokenizer = {not json", True, False),
])
def test_only_a_package_that_saves_spacys_tokenizer_gets_the_empty_one(tmp_path, monkeypatch, lines, saved, expected):
    import spacy

    from blamelint import pipeline

    folder = _package(tmp_path, lines, saved)
    monkeypatch.setattr(spacy.util, "get_package_path", lambda name: folder)
    assert pipeline._saves_spacys_tokenizer(spacy, "en_core_web_xx") is expected
    assert bool(pipeline._tokenizer_override(spacy, "en_core_web_xx")) is expected
