"""splice.spliced: a sentence replaced without parsing the Markdown again must give exactly the
Document parse_document gives for the new text, or nothing (the caller then parses)."""

from __future__ import annotations

import itertools
import random
import re

import pytest

from blamelint import splice
from blamelint.document import parse_document
from blamelint.sections import default_vocabulary
from conftest import CORPUS, RULESET, needs_shared

FIELDS = ("path", "source", "sections", "blocks", "skipped", "comments", "rows", "front_matter")
# Replacements as rewordings read, and ones that must send the caller back to the parser.
PLAIN = ["What made the check easy to skip?", "The runbook did not say which host to drain.",
         "Nothing in the deploy tool asked for a second review.", "Où la procédure était-elle ambiguë?"]
NOT_PLAIN = ["1. The step ran.", "- a list item now", "# A heading", "> a quote", "The `drain` step.",
             "See [the log](http://x.y).", "A | B", "The **deploy** failed.", "https://example.com broke",
             "An <b>HTML</b> tag", "Two\nlines", " padded", "", "_emphasis_ here", "Path a/b", "(aside)"]


def _same(got, want) -> None:
    for name in FIELDS:
        assert getattr(got, name) == getattr(want, name), name
    assert got.lines._starts == want.lines._starts


def _checked(document, start: int, end: int, text: str) -> bool:
    """spliced() of the edit, compared with a parse of the new text; whether it spliced."""
    made = splice.spliced(document, start, end, text)
    if made is None:
        return False
    source = document.source[:start] + text + document.source[end:]
    _same(made, parse_document(source, document.path, default_vocabulary()))
    return True


def _sentences(document):
    """(start, end) of the sentences of each block, split at ". " as a writer reads them."""
    for block in document.blocks:
        for match in re.finditer(r"[^.!?]+[.!?]?", block.text):
            lead = len(match.group(0)) - len(match.group(0).lstrip())
            trail = len(match.group(0)) - len(match.group(0).rstrip())
            if match.end() - trail > match.start() + lead:
                yield block.start + match.start() + lead, block.start + match.end() - trail


DOCUMENTS = [
    "# Outage\n\n## Root cause\n\nThe deploy failed at noon. Bob forgot the flag. It took an hour.\n",
    "# Outage\n\n- Ana skipped the canary. Then the pods restarted.\n- Kenji paged the team.\n\n"
    "1. Wei missed the alert. The graph was flat.\n",
    "# Outage\n\n> Priya ignored the warning. The queue grew.\n> It kept growing.\n\nA paragraph after.\n",
    "# Outage\n\n| When | What |\n|---|---|\n| 14:02 | Olu restarted the node. |\n\nThen nobody looked.\n",
    "# Outage\n\nSee [the log](https://example.com/x) where Sam dropped the table. Later `psql` ran.\n",
    "---\ntitle: x\n---\n# Outage\n\nThe operator was careless. *Nobody* checked it.\n\n## Impact\n\nAll users.\n",
    "Intro without heading. Tomás should have checked.\n\n```\ncode block. Ignored here.\n```\n\nAfter the fence.\n",
    "# Outage\r\n\r\nLines end in CRLF. Zoë forgot the key.\r\n\r\n## Causes\r\n\r\nA cause.\r\n",
    "# Outage\n\nThe first line of a paragraph. Amara forgot it\nand the second line wraps here.\n<!-- a comment -->\n",
    "# Outage\n\nHe ran the script_name step. Then _someone_ missed it. Dana lost the key~\n",
]


@pytest.mark.parametrize("index", range(len(DOCUMENTS)))
def test_every_edit_of_a_written_document_splices_as_it_parses_or_declines(index):
    document = parse_document(DOCUMENTS[index], "doc.md", default_vocabulary())
    for (start, end), text in itertools.product(list(_sentences(document)), PLAIN + NOT_PLAIN):
        _checked(document, start, end, text)


def test_plain_edits_of_plain_sentences_are_spliced_and_syntax_is_not():
    document = parse_document(DOCUMENTS[0], "doc.md", default_vocabulary())
    start = document.source.index("Bob forgot the flag.")
    end = start + len("Bob forgot the flag.")
    assert all(_checked(document, start, end, text) for text in PLAIN)
    assert not any(_checked(document, start, end, text) for text in NOT_PLAIN)
    heading = document.source.index("Root cause")
    assert not _checked(document, heading, heading + len("Root cause"), "What happened")  # a heading
    table = parse_document(DOCUMENTS[3], "doc.md", default_vocabulary())
    cell = table.source.index("Olu restarted")
    assert not _checked(table, cell, cell + len("Olu restarted the node."), "The node restarted.")
    linked = parse_document(DOCUMENTS[4], "doc.md", default_vocabulary())
    target = linked.source.index("example")  # masked: a link's target
    assert not _checked(linked, target, target + len("example"), "sample")
    for masked in ("Run `the Bob forgot step` now.\n", "See [the log](the Bob forgot page) now.\n"):
        coded = parse_document("# T\n\n" + masked, "doc.md", default_vocabulary())
        inside = coded.source.index("Bob forgot")  # spaces on both sides, but masked where it stands
        assert not _checked(coded, inside, inside + len("Bob forgot"), "The step was skipped")


def test_a_piece_of_a_paragraph_cut_for_its_length_is_not_spliced(monkeypatch):
    from blamelint import document as documents

    monkeypatch.setattr(documents, "MAX_BLOCK_CHARS", 60)
    monkeypatch.setattr(splice, "MAX_BLOCK_CHARS", 60)
    text = "# T\n\n" + " ".join(f"Sentence {n} tells what the pager did." for n in range(6)) + "\n"
    document = documents.parse_document(text, "doc.md", default_vocabulary())
    assert len(document.blocks) > 2  # the paragraph is in pieces
    piece = document.blocks[2]
    assert splice.spliced(document, piece.start, piece.start + len("Sentence"), "Statement") is None


def test_random_plain_edits_of_generated_documents_splice_as_they_parse():
    chooser = random.Random(20261202)
    words = ["the", "deploy", "Bob", "forgot", "a", "flag", "and", "Ngozi", "paged", "SRE", "it", "was",
             "ok", "Łukasz", "ran", "late", "-", ":", "'", '"', ",", ";", "?", "x2"]
    lines = ["# Title", "## Root cause", "", "- item", "  - nested item", "> quote", "1) step", "| a | b |",
             "|---|---|", "```", "<div>", "***", "Setext", "===", "    indented code", "[ref]: http://r.s"]
    spliced = 0
    for _ in range(300):
        body = [chooser.choice(lines) + " " + " ".join(chooser.choices(words, k=chooser.randint(0, 8)))
                for _ in range(chooser.randint(2, 9))]
        document = parse_document("\n".join(body) + "\n", "gen.md", default_vocabulary())
        sentences = list(_sentences(document))
        for start, end in chooser.sample(sentences, min(3, len(sentences))):
            new = chooser.choice(PLAIN + NOT_PLAIN + [" ".join(chooser.choices(words, k=3)).capitalize()])
            spliced += _checked(document, start, end, new)
    assert spliced > 20  # the comparison is not empty


@needs_shared
def test_edits_of_every_corpus_document_splice_as_they_parse():
    spliced = 0
    for path in sorted(CORPUS.glob("*.md")):
        document = parse_document(path.read_text(encoding="utf-8"), path.name, default_vocabulary())
        sentences = list(_sentences(document))
        for (start, end), text in zip(random.Random(path.name).sample(sentences, min(4, len(sentences))),
                                      itertools.cycle(PLAIN)):
            spliced += _checked(document, start, end, text)
    assert spliced > 200


def test_a_rewording_is_judged_the_same_spliced_or_parsed(monkeypatch):
    from blamelint.config import Config
    from blamelint.engine import Linter

    text = ("# Outage\n\n## Root cause\n\nBob forgot to run the migration. The on-call engineer should have "
            "noticed the alert.\n\n- Kenji was careless with the flag.\n")
    made = []
    real = splice.spliced
    monkeypatch.setattr(splice, "spliced", lambda *args: made.append(real(*args)) or made[-1])
    spliced = Linter(RULESET).lint_text(text, "<test>", Config())  # a Linter of its own: no reworded sentence kept
    assert any(document is not None for document in made)  # some rewording was checked on a splice
    monkeypatch.setattr(splice, "spliced", lambda *args: None)
    parsed = Linter(RULESET).lint_text(text, "<test>", Config())
    assert [(f.rule, f.offset, f.suggestion, f.fix) for f in spliced] == [
        (f.rule, f.offset, f.suggestion, f.fix) for f in parsed]
    assert any(f.fix is not None for f in spliced)
