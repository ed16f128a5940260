"""Mutation check of the rule files: does each rule's own examples notice a broken rule?

For every rule file, each mutation below is applied on its own, the mutated file is loaded
and the rule's bad and good examples are run against it (as tests/test_rule_examples.py
does). A mutation is *caught* when loading fails with a RuleError or an example changes its
verdict (a bad example stops firing, a good one starts, a pinned span, rewrite or suggestion
changes). Mutations:

- drop one exception; drop one pattern (when the rule has more than one);
- drop one condition (rule-level or pattern-level);
- drop one scope key;
- misspell one placeholder in the message or suggestion.

    python scripts/mutate_rules.py [--rule BL101] [--show]

It prints the rate per kind of mutation and overall; `--show` lists the survivors (the
mutations no example noticed), which are where a new example would pin behaviour.
"""

from __future__ import annotations

import argparse
import copy
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

import yaml

from blamelint.config import Config, config_from_mapping
from blamelint.engine import Linter
from blamelint.errors import RuleError
from blamelint.rules import builtin_rules_dir, load_rule_file, load_rules


def mutations(data: dict):
    """(kind, description, mutated data) for one rule file's data."""
    for i, _ in enumerate(data.get("exceptions") or []):
        yield "drop an exception", f"exceptions[{i}]", _without(data, ("exceptions",), i)
    if len(data.get("patterns") or []) > 1:
        for i, _ in enumerate(data["patterns"]):
            yield "drop a pattern", f"patterns[{i}]", _without(data, ("patterns",), i)
    for key in list(data.get("conditions") or {}):
        yield "drop a condition", f"conditions.{key}", _without_key(data, ("conditions",), key)
    for i, pattern in enumerate(data.get("patterns") or []):
        for key in list(pattern.get("conditions") or {}):
            yield "drop a condition", f"patterns[{i}].conditions.{key}", _without_key(data, ("patterns", i, "conditions"), key)
    for key in list(data.get("scope") or {}):
        yield "drop a scope key", f"scope.{key}", _without_key(data, ("scope",), key)
    for field in ("message", "suggestion"):
        text = data.get(field) or ""
        for name in sorted(set(re.findall(r"\{(\w+)\}", text))):
            mutated = copy.deepcopy(data)
            mutated[field] = text.replace("{" + name + "}", "{" + name[::-1] + "x}", 1)
            yield "misspell a placeholder", f"{field} {{{name}}}", mutated


def _at(data, path):
    for key in path:
        data = data[key]
    return data


def _without(data, path, index):
    mutated = copy.deepcopy(data)
    del _at(mutated, path)[index]
    return mutated


def _without_key(data, path, key):
    mutated = copy.deepcopy(data)
    del _at(mutated, path)[key]
    return mutated


def verdicts(rule, linter: Linter) -> list:
    """What the rule's examples show: per example, whether it fires and what it pins."""
    out = []
    for example in rule.bad:
        config = config_from_mapping(example.config, "example", linter.resolve) if example.config else Config()
        found = [f for f in linter.lint_text(example.text, "example.md", config) if f.rule == rule.id]
        out.append(("bad", bool(found), example.span in [f.text for f in found] if example.span else None,
                    example.rewrite in [f.rewrite for f in found] if isinstance(example.rewrite, str) else None,
                    example.suggestion in [f.suggestion for f in found] if example.suggestion else None,
                    tuple(sorted((f.message, f.suggestion or "") for f in found))))
    for example in rule.good:
        config = config_from_mapping(example.config, "example", linter.resolve) if example.config else Config()
        out.append(("good", any(f.rule == rule.id for f in linter.lint_text(example.text, "example.md", config))))
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rule", help="only this rule id")
    parser.add_argument("--show", action="store_true", help="list the mutations no example caught")
    args = parser.parse_args(argv)
    rules = load_rules()
    tried, caught, survivors = Counter(), Counter(), []
    for rule in rules:
        if args.rule and rule.id != args.rule:
            continue
        others = [r for r in rules if r.id != rule.id]
        baseline = verdicts(rule, Linter([rule] + others))
        data = yaml.safe_load(Path(rule.source).read_text(encoding="utf-8"))
        for kind, where, mutated in mutations(data):
            tried[kind] += 1
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / Path(rule.source).name
                path.write_text(yaml.safe_dump(mutated, allow_unicode=True, sort_keys=False), encoding="utf-8")
                try:
                    broken = load_rule_file(path)
                    noticed = verdicts(broken, Linter([broken] + others)) != baseline
                except RuleError:
                    noticed = True
            caught[kind] += noticed
            if not noticed:
                survivors.append(f"{rule.id} {kind}: {where}")
    total_tried, total_caught = sum(tried.values()), sum(caught.values())
    for kind in sorted(tried):
        print(f"{kind:24} {caught[kind]:4}/{tried[kind]:<4} caught")
    print(f"{'all':24} {total_caught:4}/{total_tried:<4} caught ({total_caught / max(total_tried, 1):.0%})")
    if args.show:
        print("\nnot caught:")
        print("\n".join(f"  {line}" for line in survivors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
