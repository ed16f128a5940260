"""Structural rules: Python checks over the whole Document (one module each in checks/), with
their words and metadata in rules/*.yaml.

A rule file names its check (`check:`); the check yields Results (offsets and named values)
and the rule's templates say them. Which checks exist is what checks/ holds: the rule loader
refuses a rule file that names no known check, and a check that no rule file names.
"""

from __future__ import annotations

import importlib
import pkgutil

from blamelint.structure import checks as _package
from blamelint.structure.check import DEFAULT, Check, Result


def _discover() -> dict[str, Check]:
    found: dict[str, Check] = {}
    for module in pkgutil.iter_modules(_package.__path__):
        check = getattr(importlib.import_module(f"{_package.__name__}.{module.name}"), "CHECK", None)
        if isinstance(check, Check):
            found[check.name] = check
    return found


CHECKS: dict[str, Check] = _discover()

__all__ = ["CHECKS", "DEFAULT", "Check", "Result"]
