"""Per-document facts for the archive report, read from the engine and the structure views.

Nothing here judges language: findings come from the linter, through `findings_for`, the
one place the report asks for a file's findings (a content cache can answer there). The
rest is read off the Document (sections, action items, timeline) and the spaCy parses the
lint already made (engine.Linter.parsed_blocks). `document_facts` is the whole of it for
one file; a cache that keeps its result (facts.to_data / facts.from_data) spares the parse too.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

import yaml

from blamelint.config import Config
from blamelint.document import Block, Document, parse_document
from blamelint.engine import Linter
from blamelint.errors import InputError
from blamelint.findings import Finding
from blamelint.inputs import SourceText
from blamelint.masking import code_spans
from blamelint.prose import token_end, token_start
from blamelint.report.completeness import completeness
from blamelint.report.dates import document_date
from blamelint.report.facts import FAMILIES, Action, Archive, DocumentFacts, Example, Factor
from blamelint.report.themes import content_lemmas, terms
from blamelint.runner import RunResult, Runner, skip_if_empty
from blamelint.structure.actions import action_items
from blamelint.structure.outline import outermost, parts
from blamelint.structure.profiles import profile_of

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_SENTENCE_END = re.compile(r"[.!?][\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")
_MAX_EXAMPLE = 280
# A sentence that states a cause, for documents that have no causal section.
_CAUSE_CUE = re.compile(r"\b(?:caused by|due to|because|as a result of|resulted in|led to|triggered by|root cause"
                        r"|contribut\w* to|the cause)\b", re.IGNORECASE)


def findings_for(path: str, text: str, config: Config, linter: Linter) -> list[Finding]:
    """A file's findings. The report asks for findings here and nowhere else."""
    return linter.lint_text(text, path, config)


def collect(paths: list[str], runner: Runner, on_file: Callable[[str], None] | None = None) -> Archive:
    """Facts for every postmortem under `paths`; unreadable files are recorded, not fatal."""
    result, archive = RunResult(), Archive()
    for _target, source, config in runner.read_all(paths, result):
        if on_file is not None:
            on_file(source.path)
        if skip_if_empty(result, source):
            continue
        try:
            archive.documents.append(document_facts(source, config, runner.linter))
        except InputError as error:  # e.g. an unknown rule in a suppression comment
            archive.errors.append(error)
    archive.skipped = list(result.skipped)
    archive.errors = list(result.errors) + archive.errors
    return archive


def document_facts(source: SourceText, config: Config, linter: Linter) -> DocumentFacts:
    findings = findings_for(source.path, source.text, config, linter)
    document = parse_document(source.text, source.path, config.vocabulary)
    prose = [b.text for b in document.blocks]
    by_family = Counter(f.family for f in findings)
    return DocumentFacts(
        path=source.path,
        title=_title(document),
        date=document_date(source.path, source.text, document.front_matter, prose),
        words=sum(len(_WORD.findall(text)) for text in prose),
        by_family={family: by_family.get(family, 0) for family in FAMILIES},
        by_rule=dict(sorted(Counter(f.rule for f in findings).items())),
        completeness=completeness(document, config),
        factors=_factors(document, config, linter),
        actions=_actions(document, config, linter),
        examples=_examples(document, findings),
    )


def _title(document: Document) -> str | None:
    if document.front_matter:
        try:
            data = yaml.safe_load(document.front_matter)
        except (yaml.YAMLError, RecursionError):
            data = None
        if isinstance(data, dict) and isinstance(data.get("title"), str) and data["title"].strip():
            return " ".join(data["title"].split())
    heading = next((b for b in document.blocks if b.kind == "heading"), None)
    if heading is None:
        return None
    start, end = _whole_code(document.source, heading.start, heading.end)
    return plain(document.source[start:end]) or None


# --- contributing factors and action items -------------------------------------------------
def _factors(document: Document, config: Config, linter: Linter) -> list[Factor]:
    """Every sentence of the causal sections, with its terms; in a document without a causal
    section, its sentences that state a cause ("caused by", "due to", "because ...")."""
    causal = set(profile_of(config).causal_kinds)
    regions = [(p.body_start, p.body_end) for p in outermost([p for p in parts(document, config.vocabulary)
                                                              if p.kinds & causal])]
    if regions:
        chosen = [(b, max(b.start, lo), min(b.end, hi)) for b in document.blocks if not b.in_quote
                  for lo, hi in regions if b.start < hi and lo < b.end]
    else:
        chosen = [(b, b.start, b.end) for b in document.blocks if not b.in_quote and _CAUSE_CUE.search(b.text)]
    if not chosen:
        return []
    docs = linter.parsed_blocks([b.text for b, _, _ in chosen], config.model)
    factors = []
    for (block, lo, hi), doc in zip(chosen, docs):
        for sentence in doc.sents:
            tokens = [t for t in _words(document, block, doc, sentence) if lo <= block.start + token_start(doc, t.i) < hi]
            if not tokens or (not regions and not _CAUSE_CUE.search(" ".join(t.text for t in sentence))):
                continue
            start, end = block.start + token_start(doc, tokens[0].i), block.start + token_end(doc, tokens[-1].i)
            shown = plain(document.source[slice(*_whole_code(document.source, start, end))])
            factors.append(Factor(shown, document.lines.line_col(start)[0],
                                  tuple(terms(tokens))))
    return factors


def _words(document: Document, block: Block, doc, tokens) -> list:
    """The tokens that are the document's own words: not the placeholders masking puts for code and URLs."""
    return [t for t in tokens
            if document.source[block.start + token_start(doc, t.i):block.start + token_end(doc, t.i)] == t.text]


def _actions(document: Document, config: Config, linter: Linter) -> list[Action]:
    found = [(a, _block_at(document, a.action[0])) for a in action_items(document, config.vocabulary)]
    found = [(a, b) for a, b in found if b is not None]
    if not found:
        return []
    docs = linter.parsed_blocks([b.text for _, b in found], config.model)
    actions = []
    for (action, block), doc in zip(found, docs):
        start, end = action.action
        owner = action.owner[:2] if action.owner else (end, end)  # "Owner: @sre" says who, not what
        tokens = [t for t in _words(document, block, doc, doc) if start <= block.start + token_start(doc, t.i) < end
                  and not owner[0] <= block.start + token_start(doc, t.i) < owner[1]]
        shown = plain(document.source[slice(*_whole_code(document.source, start, end))])
        actions.append(Action(shown, document.lines.line_col(start)[0],
                              content_lemmas(tokens), action.owner is not None, action.tracked))
    return actions


def _whole_code(source: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) widened so that it does not cut a code span: a block's masked text begins
    after a heading's opening backtick, which masking turned into a space."""
    line_start = source.rfind("\n", 0, start) + 1
    line_end = source.find("\n", end)
    line_end = len(source) if line_end == -1 else line_end
    for a, b in code_spans(source[line_start:line_end]):
        a, b = a + line_start, b + line_start
        start = a if a < start < b else start
        end = b if a < end < b else end
    return start, end


def _block_at(document: Document, offset: int) -> Block | None:
    return next((b for b in document.blocks if b.start <= offset < b.end), None)


# --- example sentences ------------------------------------------------------------------
def _examples(document: Document, findings: list[Finding]) -> dict[str, Example]:
    examples: dict[str, Example] = {}
    for finding in findings:
        if finding.rule not in examples:
            examples[finding.rule] = example(document, finding)
    return dict(sorted(examples.items()))


def example(document: Document, finding: Finding) -> Example:
    """The sentence around a finding, without markup, and where the finding is in it."""
    block = _block_at(document, finding.offset)
    if block is None:  # a structural finding on a line outside prose (front matter)
        lo, hi = finding.offset, finding.end_offset
    else:
        lo, hi = _whole_code(document.source, *_sentence_around(block, finding.offset - block.start))
    end = min(max(finding.end_offset, finding.offset), hi)
    before = plain(document.source[lo:finding.offset], keep_edges=True).lstrip()
    hit = plain(document.source[finding.offset:end], keep_edges=True)
    after = plain(document.source[end:hi], keep_edges=True).rstrip()
    before, after = _shorten(before, after, len(hit))
    return Example(before + hit + after, (len(before), len(before) + len(hit)), finding.line, finding.message)


def _sentence_around(block: Block, offset: int) -> tuple[int, int]:
    start, end = 0, len(block.text)
    for match in _SENTENCE_END.finditer(block.text):
        if match.end() <= offset:
            start = match.end()
        elif match.start() >= offset:
            end = match.start() + 1
            break
    return block.start + start, block.start + end


def _shorten(before: str, after: str, hit: int) -> tuple[str, str]:
    room = max(_MAX_EXAMPLE - hit, 40) // 2
    if len(before) > room:
        before = "…" + before[-room:].lstrip()
    if len(after) > room:
        after = after[:room].rstrip() + "…"
    return before, after


_LINK = re.compile(r"!?\[((?:[^\[\]\n]|\[[^\]\n]*\])*)\](?:\([^)\n]*\)|\[[^\]\n]*\])")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|<!--.*?-->", re.DOTALL)
_EMPHASIS = re.compile(r"\*+|(?<![A-Za-z0-9])_+|_+(?![A-Za-z0-9])|~~")


_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)


def plain(markdown: str, keep_edges: bool = False) -> str:
    """Inline Markdown as a reader sees it: link labels, no emphasis or tags, one space between
    words; code spans are kept as written, with their backticks."""
    pieces, position = [], 0
    for code in _CODE.finditer(markdown):
        pieces.append(_unmarked(markdown[position:code.start()]) + code.group(0))
        position = code.end()
    text = re.sub(r"\s+", " ", "".join(pieces) + _unmarked(markdown[position:]))
    return text if keep_edges else text.strip()


def _unmarked(text: str) -> str:
    text = _LINK.sub(lambda m: m.group(1), text)
    return _EMPHASIS.sub("", _TAG.sub("", text))
