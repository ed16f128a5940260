#!/usr/bin/env python3
"""How many prose blocks (and words) the prefilter sends to the parser, by its two tests.

    python scripts/prefilter_stats.py [DIR ...]   (default: ../shared/corpus/docs and extra)

"in scope": blocks some pattern rule applies to; "slot test": those holding every required
word of some pattern (prefilter.Triggers.coarse_rules); "in order": those that also hold
them in a pattern's order, close enough; "sentences": of those blocks, the sentences that
pass both tests on their own (prefilter.Triggers.sentences_that_may_match: what is parsed).
"""

from __future__ import annotations

import sys
from pathlib import Path

from blamelint.config import Config
from blamelint.document import parse_document
from blamelint.prose import block_words
from blamelint.session import Session
from blamelint.scope import block_in_scope

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def main() -> int:
    folders = [Path(a) for a in sys.argv[1:]] or [SHARED / "docs", SHARED / "extra"]
    paths = sorted(p for folder in folders for p in folder.rglob("*.md"))
    if not paths:
        sys.exit(f"prefilter_stats: no postmortems in {', '.join(map(str, folders))}")
    linter = Session().linter()
    rules = [r for r in linter.rules if not r.is_structural and Config().enabled(r.id)]
    _, _, triggers = linter._pipeline(None)
    nlp = linter._pipeline(None)[0]
    counts = {"in scope": [0, 0], "slot test": [0, 0], "in order": [0, 0], "sentences": [0, 0]}
    for path in paths:
        document = parse_document(path.read_text(encoding="utf-8"), str(path), Config().vocabulary)
        for block in document.blocks:
            ids = {r.id for r in rules if block_in_scope(r, document, block)}
            if not ids:
                continue
            words = len(block.text.split())
            for name, kept in (("in scope", ids), ("slot test", triggers.coarse_rules(block.text, ids)),
                               ("in order", triggers.rules_that_may_match(block.text, ids))):
                if kept:
                    counts[name][0] += 1
                    counts[name][1] += words
            split = block_words(nlp, block.text)
            for index, _ in triggers.sentences_of_words(split, ids):
                start, end = split.pieces[index]
                counts["sentences"][0] += 1
                if end > start:  # the words of the block's text the sentence covers
                    counts["sentences"][1] += len(block.text[split.offsets[start][0]:split.offsets[end - 1][1]].split())
    total_blocks, total_words = counts["in scope"]
    print(f"{len(paths)} documents")
    for name, (units, words) in counts.items():
        share = "sentences" if name == "sentences" else f"blocks ({units / total_blocks:4.0%})"
        print(f"{name:>14}: {units:6,} {share:16} {words:8,} words ({words / total_words:4.0%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
