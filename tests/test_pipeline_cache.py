"""One pipeline per process for one package, however a configuration names it."""

from __future__ import annotations

from blamelint.engine import Linter
from blamelint.pipeline import resolve_model
from conftest import RULESET


def test_naming_the_default_pipeline_in_a_config_loads_it_once():
    # a file whose config says `model: <the default package>` next to one whose config says
    # nothing: two Linters (the language server keeps one per folder), one loaded pipeline
    unnamed, named = Linter(RULESET), Linter(RULESET)
    assert unnamed._pipeline(None)[0] is named._pipeline(resolve_model(None))[0]
