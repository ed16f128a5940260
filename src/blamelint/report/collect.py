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

from blamelint.cache import cache_key
from blamelint.cache import findings_for as cached_findings
from blamelint.config import Config
from blamelint.document import Block, Document, parse_document
from blamelint.engine import Linter
from blamelint.errors import InputError
from blamelint.findings import Finding
from blamelint.inputs import SourceText
from blamelint.prose import token_end, token_start
from blamelint.report.completeness import completeness
from blamelint.report.dates import document_date
from blamelint.report.excerpts import example, plain, whole_code
from blamelint.report.facts import FAMILIES, Action, Archive, DocumentFacts, Example, Factor, from_data, to_data
from blamelint.report.themes import content_lemmas, terms
from blamelint.runner import RunResult, Runner, skip_if_empty
from blamelint.structure.actions import action_items
from blamelint.structure.outline import outermost, parts
from blamelint.structure.profiles import profile_of

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
# A sentence that states a cause, for documents that have no causal section.
_CAUSE_CUE = re.compile(r"\b(?:caused by|due to|because|as a result of|resulted in|led to|triggered by|root cause"
                        r"|contribut\w* to|the cause)\b", re.IGNORECASE)


def findings_for(document: Document, config: Config, linter: Linter, cache=None) -> list[Finding]:
    """A file's findings, from the content cache the check command fills (cache.py) when it
    has them, else linted from `document`, the parse the report reads too. The report asks for
    findings here and nowhere else."""
    return cached_findings(linter, document.path, document.source, config, cache, document=document)


def collect(paths: list[str], runner: Runner, on_file: Callable[[str], None] | None = None) -> Archive:
    """Facts for every postmortem under `paths`; unreadable files are recorded, not fatal."""
    result, archive = RunResult(), Archive()
    for _target, source, config in runner.read_all(paths, result):
        if on_file is not None:
            on_file(source.path)
        if skip_if_empty(result, source):
            continue
        try:
            archive.documents.append(cached_facts(source, config, runner.linter_for(config), runner.cache))
        except InputError as error:  # e.g. an unknown rule in a suppression comment
            archive.errors.append(error)
    archive.skipped = list(result.skipped)
    archive.errors = list(result.errors) + archive.errors
    return archive


def cached_facts(source: SourceText, config: Config, linter: Linter, cache) -> DocumentFacts:
    """A file's facts, kept in the content cache under the same key as its findings: a report
    over an archive reported before neither lints nor parses it again."""
    if cache is None:
        return document_facts(source, config, linter)
    key = cache_key(linter, source.path, source.text, config)
    stored = cache.get_record(key, "report-facts")
    if stored is not None:
        try:
            return from_data(stored)
        except (KeyError, TypeError, ValueError):
            pass  # an entry of an older shape: compute it again
    facts = document_facts(source, config, linter, cache)
    cache.put_record(key, "report-facts", to_data(facts))
    return facts


def document_facts(source: SourceText, config: Config, linter: Linter, cache=None) -> DocumentFacts:
    document = parse_document(source.text, source.path, config.vocabulary)
    findings = findings_for(document, config, linter, cache)
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
    start, end = whole_code(document.source, heading.start, heading.end)
    return plain(document.source[start:end]) or None


# --- contributing factors and action items -------------------------------------------------
def _factors(document: Document, config: Config, linter: Linter) -> list[Factor]:
    """Every sentence of the causal sections, with its terms; in a document without a causal
    section, its sentences that state a cause ("caused by", "due to", "because ...")."""
    chosen, whole_sections = _causal_blocks(document, config)
    if not chosen:
        return []
    docs = linter.parsed_blocks([b.text for b, _, _ in chosen], config.model)
    factors = []
    for (block, lo, hi), doc in zip(chosen, docs):
        for sentence in doc.sents:
            tokens = [t for t in _words(document, block, doc, sentence) if lo <= block.start + token_start(doc, t.i) < hi]
            if not tokens or (not whole_sections and not _CAUSE_CUE.search(sentence.text)):
                continue
            start, end = block.start + token_start(doc, tokens[0].i), block.start + token_end(doc, tokens[-1].i)
            shown = plain(document.source[slice(*whole_code(document.source, start, end))])
            factors.append(Factor(shown, document.lines.line_col(start)[0], tuple(terms(tokens))))
    return factors


def _causal_blocks(document: Document, config: Config) -> tuple[list[tuple[Block, int, int]], bool]:
    """(block, start, end) of the prose to read factors from, and whether it is whole causal
    sections (True) or, without any, the blocks that state a cause (False)."""
    causal = set(profile_of(config).causal_kinds)
    regions = [(p.body_start, p.body_end)
               for p in outermost([p for p in parts(document, config.vocabulary) if p.kinds & causal])]
    if regions:
        return [(b, max(b.start, lo), min(b.end, hi)) for b in document.blocks if not b.in_quote
                for lo, hi in regions if b.start < hi and lo < b.end], True
    return [(b, b.start, b.end) for b in document.blocks if not b.in_quote and _CAUSE_CUE.search(b.text)], False


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
        shown = plain(document.source[slice(*whole_code(document.source, start, end))])
        actions.append(Action(shown, document.lines.line_col(start)[0],
                              content_lemmas(tokens), action.owner is not None, action.tracked))
    return actions


def _block_at(document: Document, offset: int) -> Block | None:
    return next((b for b in document.blocks if b.start <= offset < b.end), None)


# --- example sentences ------------------------------------------------------------------
def _examples(document: Document, findings: list[Finding]) -> dict[str, Example]:
    examples: dict[str, Example] = {}
    for finding in findings:
        if finding.rule not in examples:
            examples[finding.rule] = example(document, _block_at(document, finding.offset), finding)
    return dict(sorted(examples.items()))


