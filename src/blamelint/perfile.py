"""`per-file-ignores:` (as in ruff): rules switched off for the files matching a glob."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from blamelint.config import Config
from blamelint.inputs import matches


def for_file(config: Config, path: Path) -> Config:
    """The configuration of one file: `config` with the rules its per-file-ignores name for
    `path` added to `ignore`. Globs are relative to the config file's folder; a glob without
    a slash also matches the file name (as include and exclude do)."""
    if not config.per_file_ignores or config.source is None:
        return config
    folder = Path(config.source).parent
    extra = [rule_id for glob, rule_ids in config.per_file_ignores if matches(path, (glob,), folder)
             for rule_id in rule_ids]
    if not extra:
        return config
    return replace(config, ignore=tuple(dict.fromkeys(config.ignore + tuple(extra))))
