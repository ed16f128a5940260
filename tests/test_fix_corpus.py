"""`--fix` over the real postmortems of the shared corpus: only safe edits, never the structure.

The Markdown structure is read here with markdown-it directly (not with the fixer's own
check), so that a fixer bug cannot hide behind itself.
"""

from __future__ import annotations

import shutil

import pytest
from markdown_it import MarkdownIt

from blamelint.document import parse_document
from blamelint.findings import Applicability
from blamelint.fixer import run_fixes
from blamelint.runner import RunOptions, Runner

from conftest import CORPUS, needs_shared

pytestmark = needs_shared

# Minimizers planted into real documents, so that the fixer has real work next to real
# headings, lists, tables, code blocks and front matter.
PLANTED = "Just a typo in one flag started it, and it was only a minor blip for most users."
PLANTED_FIXED = "A typo in one flag started it, and it was a minor blip for most users."
PLANTED_CODE = "\n```\nIt was just a typo, merely an oversight.\n```\n"


def _structure(text: str) -> dict:
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    headings = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            headings.append((token.tag, tokens[index + 1].content))
    return {
        "headings": headings,
        "fences": [(t.info, t.content) for t in tokens if t.type in ("fence", "code_block")],
        "html": [t.content for t in tokens if t.type == "html_block"],
        "blocks": [t.type for t in tokens if t.nesting != -1 and t.type != "inline"],
    }


def _fix_folder(linter, folder, unsafe=False):
    run = run_fixes(Runner(RunOptions(), linter), [str(folder)], unsafe=unsafe, write=True)
    assert not run.errors, [e.one_line() for e in run.errors]
    return run


def _safe(linter, rule_id: str) -> bool:
    return linter.by_id[rule_id].applicability is Applicability.SAFE


@pytest.fixture(scope="module")
def corpus_copy(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    for path in sorted(CORPUS.iterdir()):
        if path.is_file():
            shutil.copy2(path, folder / path.name)
    return folder


@pytest.mark.corpus
def test_fix_on_every_corpus_document_is_safe_and_keeps_the_structure(linter, corpus_copy, corpus_report):
    originals = {p.name: p.read_bytes().decode("utf-8") for p in corpus_copy.iterdir()}
    assert len(originals) >= 100
    run = _fix_folder(linter, corpus_copy)
    assert len(run.files) + len(run.result.skipped) == len(originals)
    # where nothing was fixed, --fix reports what `check` reports (the session's corpus run)
    checked = {entry["path"].rsplit("/", 1)[-1]: [(f["rule"], f["offset"], f["end_offset"]) for f in entry["findings"]]
               for entry in corpus_report["files"]}
    for path, findings in run.result.results:
        name = path.rsplit("/", 1)[-1]
        if (corpus_copy / name).read_bytes().decode("utf-8") == originals[name]:
            assert [(f.rule, f.offset, f.end_offset) for f in findings] == checked[name], name
    changed = 0
    for file in run.files:
        name = file.path.rsplit("/", 1)[-1]
        after = (corpus_copy / name).read_bytes().decode("utf-8")
        assert after == file.fixed
        if after == originals[name]:
            assert not file.applied, name
            continue
        changed += 1
        assert file.applied and all(_safe(linter, rule) for rule in file.applied), (name, file.applied)
        assert _structure(after) == _structure(originals[name]), name
        assert len(after.splitlines()) == len(originals[name].splitlines()), name
    print(f"\n--fix changed {changed} of {len(originals)} corpus documents: {dict(run.applied)}")
    # idempotent: a second run over the fixed copies changes nothing
    again = _fix_folder(linter, corpus_copy)
    assert not again.changed_files() and not again.applied


def test_fix_on_corpus_documents_with_planted_minimizers(linter, tmp_path):
    sample = sorted(p for p in CORPUS.iterdir() if p.suffix == ".md")[::12]
    planted = {}
    for path in sample:
        text = path.read_bytes().decode("utf-8")
        # right after the first heading (outside any action-items section), with a code block that must stay as is
        heading = next((s for s in parse_document(text).sections if s.level and "action-items" not in s.kinds), None)
        if heading is None:
            continue
        at = text.find("\n", heading.heading_end - 1) + 1 or len(text)
        planted[path.name] = text[:at] + "\n" + PLANTED + "\n" + PLANTED_CODE + "\n" + text[at:]
        (tmp_path / path.name).write_bytes(planted[path.name].encode("utf-8"))
    assert len(planted) >= 10
    run = _fix_folder(linter, tmp_path)
    for name, before in planted.items():
        after = (tmp_path / name).read_bytes().decode("utf-8")
        assert PLANTED not in after and PLANTED_FIXED in after, name
        assert PLANTED_CODE in after, name
        assert after.replace(PLANTED_FIXED, PLANTED) == before, name  # nothing else changed
        assert _structure(after) == _structure(before), name
    assert run.applied["BL108"] >= 2 * len(planted)
    assert set(run.applied) == {"BL108"}
