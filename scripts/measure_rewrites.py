"""Measure the rewordings blamelint proposes (issue 10; figures go in docs/fixes.md).

Over every blame finding on the given Markdown files or folders, and on the rule files' own
bad examples:
  - the share of findings with a rewording;
  - the share of rewordings that, put in place, re-lint with no blame finding on that sentence;
  - the share that keep every number, time, code span and link of the original sentence;
  - the share that are plain (agentless) passive voice in their main clause.
Checked here independently of the engine's own guards. `--show N` prints N rewordings
(a fixed sample) to read; `--all` prints every one.

    python scripts/measure_rewrites.py ../shared/corpus/docs ../shared/corpus/extra --show 40
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

from blamelint.config import Config
from blamelint.engine import Linter
from blamelint.pipeline import load_pipeline
from blamelint.rules import load_rules

_NUMBER = re.compile(r"\b\d+(?:[.,:]\d+)*\b")
_CODE = re.compile(r"`[^`]+`")
_URL = re.compile(r"\]\([^)]*\)|https?://[^\s)>\]]+")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--show", type=int, default=0, help="print this many rewordings (a fixed random sample)")
    parser.add_argument("--all", action="store_true", help="print every finding and its rewording")
    args = parser.parse_args(argv)
    linter = Linter(load_rules())
    config = Config()
    documents = list(_documents(args.paths)) + list(_examples(linter))
    rows = []
    for name, text in documents:
        for finding in linter.lint_text(text, name, config):
            if finding.family == "blame":
                rows.append(_judge(linter, config, name, text, finding))
    corpus = [r for r in rows if not r["name"].startswith("BL")]
    examples = [r for r in rows if r["name"].startswith("BL")]
    for title, part in (("all", rows), ("corpus files", corpus), ("rule examples", examples)):
        if part:
            print(f"== {title}")
            _report(part)
    shown = [r for r in rows if r["rewrite"] is not None]
    if args.show:
        random.Random(10).shuffle(shown)
        shown = shown[: args.show]
    if args.show or args.all:
        for row in (rows if args.all else shown):
            if row["rewrite"] is None:
                print(f"\n{row['rule']} {row['name']}\n  {row['sentence']}")
                continue
            print(f"\n{row['rule']} {row['name']}\n  was: {row['sentence']}\n  now: {row['rewrite']}"
                  + ("" if row["clean"] in (None, True) else "  [STILL BLAMES]")
                  + ("" if row["facts"] in (None, True) else "  [LOST FACTS]")
                  + ("  [PASSIVE]" if row["passive"] else ""))
    return 0


def _documents(paths):
    for path in paths:
        files = sorted(path.rglob("*.md")) if path.is_dir() else [path]
        for file in files:
            try:
                yield str(file), file.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue


def _examples(linter):
    for rule in linter.rules:
        if rule.family == "blame":
            for index, example in enumerate(rule.bad):
                yield f"{rule.id}-bad-{index}", example.text + "\n"


def _judge(linter, config, name, text, finding) -> dict:
    row = {"rule": finding.rule, "name": name, "rewrite": finding.rewrite, "sentence": None,
           "clean": None, "facts": None, "passive": False}
    if finding.rewrite is None:
        row["sentence"] = "(no rewording) " + text.splitlines()[finding.line - 1].strip()
        return row
    edit = finding.fix.edits[0]
    original = text[edit.start : edit.end]
    row["sentence"] = " ".join(original.split())
    reworded = text[: edit.start] + edit.content + text[edit.end :]
    end = edit.start + len(edit.content)
    again = [f for f in linter.lint_text(reworded, name, config)
             if f.family == "blame" and f.offset < end and edit.start < f.end_offset]
    row["clean"] = not again
    row["facts"] = all(fact in edit.content for fact in _facts(original))
    row["passive"] = _plain_passives(edit.content) > _plain_passives(original)
    return row


def _facts(text: str) -> list[str]:
    code = _CODE.findall(text)
    rest = _CODE.sub(" ", text)
    urls = _URL.findall(rest)
    return code + urls + _NUMBER.findall(_URL.sub(" ", rest))


_NLP = None


def _plain_passives(sentence: str) -> int:
    """Passive clauses that name no agent ("the migration was forgotten"). A rewording counts as
    plain passive when it has more of them than the sentence it replaces (the writer's own
    passives in the words it keeps are not the rewording's)."""
    global _NLP
    if _NLP is None:
        _NLP = load_pipeline(None)
    count = 0
    for token in _NLP(sentence):
        deps = {c.dep_ for c in token.children}
        if ("auxpass" in deps or "nsubjpass" in deps) and "agent" not in deps:
            count += 1
    return count


def _report(rows) -> None:
    total = len(rows)
    with_rewrite = [r for r in rows if r["rewrite"] is not None]
    n = len(with_rewrite) or 1

    def share(part, whole):
        return f"{part}/{whole} ({100 * part / whole:.0f}%)" if whole else "0/0"

    print(f"blame findings:                 {total}")
    print(f"with a rewording:               {share(len(with_rewrite), total)}")
    print(f"re-lint with no blame finding:  {share(sum(r['clean'] for r in with_rewrite), len(with_rewrite))}")
    print(f"keep every number/code/link:    {share(sum(r['facts'] for r in with_rewrite), len(with_rewrite))}")
    print(f"introduce a plain passive:      {share(sum(r['passive'] for r in with_rewrite), len(with_rewrite))}")
    by_rule = {}
    for row in rows:
        by_rule.setdefault(row["rule"], [0, 0])
        by_rule[row["rule"]][0] += 1
        by_rule[row["rule"]][1] += row["rewrite"] is not None
    print("by rule:", ", ".join(f"{rule} {done}/{count}" for rule, (count, done) in sorted(by_rule.items())))
    del n


if __name__ == "__main__":
    sys.exit(main())
