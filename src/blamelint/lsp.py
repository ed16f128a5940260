"""`blamelint lsp`: a Language Server (pygls 2) over stdio.

Diagnostics on open, save and (debounced) change, computed from the unsaved buffer with the
config found from the file's path; quick fixes from a finding's Fix; hover with the rule's
explanation. Positions: findings carry code-point offsets, LSP wants 0-based lines and (by
default) UTF-16 code units, so every range goes through PositionMap.

Nothing here may end the server: a rule or config error becomes one diagnostic on the
document (and one window/showMessage), an unexpected exception is logged the same way.
The rules are loaded once before the server starts (`blamelint lsp` hands serve its
RuleSet): a broken rule file stops the command at start, with one line and exit status 2.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import traceback
from functools import lru_cache
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from blamelint import __version__
from blamelint.budget import Cancelled, Deadline
from blamelint.cache import FindingsCache, cache_key
from blamelint.config import Config, find_config_file
from blamelint.engine import Linter
from blamelint.errors import BlamelintError
from blamelint.lsp_protocol import BlamelintProtocol
from blamelint.findings import Finding, Level
from blamelint.inputs import check_size
from blamelint.lsp_actions import SHOW_SUGGESTION, Linted, code_actions, hover_text
from blamelint.lsp_positions import PositionMap
from blamelint.perfile import for_file
from blamelint.prose import without_surrogates
from blamelint.ruleset import RuleSet
from blamelint.runner import RunOptions, Runner
from blamelint.userrules import rules_key

logger = logging.getLogger("blamelint.lsp")

SOURCE = "blamelint"
DEBOUNCE_SECONDS = 0.3
# Two lint workers, each with its own Linter and spaCy pipeline (a pipeline is not shared
# between threads): one slow document no longer holds back the diagnostics of the others.
WORKERS = 2
_SEVERITY = {
    Level.ERROR: types.DiagnosticSeverity.Error,
    Level.WARNING: types.DiagnosticSeverity.Warning,
    Level.INFO: types.DiagnosticSeverity.Information,
}
_DOCS_DIR = Path(__file__).resolve().parents[2] / "docs" / "rules"  # present in a source checkout


class BlamelintServer(LanguageServer):
    def __init__(self, rules: RuleSet, options: RunOptions | None = None, debounce: float = DEBOUNCE_SECONDS):
        """`rules`: loaded once where the server starts (serve), shared by every worker's Linter."""
        super().__init__("blamelint", __version__, protocol_cls=BlamelintProtocol)
        self.rules = rules
        self.options = options or RunOptions()
        self.debounce = debounce
        self.linted: dict[str, Linted] = {}
        self._pending: dict[str, asyncio.Task] = {}
        self._configs: dict[tuple, Config] = {}
        self._rule_stamps: dict[tuple, tuple] = {}  # the rules-dir: files each kept config was read from
        self._reported: set[str] = set()
        self._warm_up: asyncio.Task | None = None
        # spaCy work is CPU-bound: the workers keep it off the event loop
        self._executor = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="blamelint-lint")
        self._worker = threading.local()  # each worker thread's own Linter
        self._config_linter = Linter(rules)  # names rules in config files; never parses
        # Read, never written: a file `blamelint check` saw unchanged opens without linting, and
        # the buffer's every keystroke does not become an entry.
        self._findings_cache = FindingsCache()

    # --- linting -----------------------------------------------------------------------
    def config_for(self, path: Path) -> Config:
        """Runner.config_for, re-read when the config file changes on disk (the file's
        per-file-ignores applied to the config file's settings, which are kept)."""
        source = self.options.config_path or find_config_file(path.resolve())
        try:
            stamp = source.stat().st_mtime_ns if source else None
        except OSError:
            stamp = None
        key = (source, stamp)
        kept = self._configs.get(key)
        if kept is None or _rules_dir_stamp(kept) != self._rule_stamps.get(key):  # its rule files changed too
            self._configs = {k: v for k, v in self._configs.items() if k[0] != source}
            self._configs[key] = kept = Runner(self.options, self._config_linter).base_config_for(path)
            self._rule_stamps = {k: v for k, v in self._rule_stamps.items() if k[0] != source}
            self._rule_stamps[key] = _rules_dir_stamp(kept)
        return for_file(kept, path)

    def worker_linter(self, config: Config | None = None) -> Linter:
        """The Linter of the calling worker thread for the config's rules (the built-in rules
        and its rules-dir:), each loaded once and shared."""
        linters = getattr(self._worker, "linters", None)
        if linters is None:
            linters = self._worker.linters = {}
        user_rules = config.user_rules if config is not None else ()
        key = rules_key(user_rules)
        if key not in linters:
            linter = Linter(self.rules.extended_with(user_rules))
            linter.private_pipeline = True
            linters[key] = linter
        return linters[key]

    def lint(self, text: str, path: Path, cancelled=None) -> list[Finding]:
        """Runs in a worker thread. Raises BlamelintError for rule/config/input problems, and
        Cancelled when `cancelled()` turns true (a newer version of the text arrived)."""
        config = self.config_for(path)
        linter = self.worker_linter(config)
        check_size(len(text.encode("utf-8", "surrogatepass")), config.max_file_size, str(path))
        if not text.strip():
            return []
        # a lone surrogate (JSON lets a client send "\ud800") cannot be encoded; U+FFFD is one
        # code point and one UTF-16 unit as well, so every position stays the same
        text = without_surrogates(text)
        cached = self._findings_cache.get(cache_key(linter, str(path), text, config))
        if cached is not None:
            return cached
        return linter.lint_text(text, str(path), config, Deadline(config.time_budget, str(path), cancelled))

    def stale(self, uri: str, version, text: str) -> bool:
        """Whether the document changed (or closed) since `version`: the newest version wins."""
        document = self.workspace.text_documents.get(uri)
        return document is None or document.version != version or document.source is not text

    def path_for(self, uri: str) -> Path:
        path = to_fs_path(uri) if uri.startswith("file:") else None
        if path:
            return Path(path)
        # untitled buffers: look for a config from the workspace root (or the current directory)
        root = to_fs_path(self.workspace.root_uri) if self.workspace.root_uri else None
        return Path(root or Path.cwd()) / "untitled.md"

    def rule_for(self, rule_id: str, uri: str):
        """The rule a finding of the document came from: a built-in one, or one of its
        config's rules-dir: (None if that config can no longer be read)."""
        rule = self.rules.by_id.get(rule_id)
        if rule is not None:
            return rule
        try:
            user_rules = self.config_for(self.path_for(uri)).user_rules
        except BlamelintError:
            return None
        return next((r for r in user_rules if r.id == rule_id), None)

    def encoding(self) -> str:
        return str(self.workspace.position_encoding or types.PositionEncodingKind.Utf16)

    async def refresh(self, uri: str, delay: float = 0.0) -> Linted | None:
        """Lint the document's current text (after `delay`) and publish; None if it went stale."""
        if delay:
            await asyncio.sleep(delay)
        document = self.workspace.get_text_document(uri)
        text, version = document.source, document.version
        positions = PositionMap(text, self.encoding())
        loop = asyncio.get_running_loop()
        cancelled = lambda: self.stale(uri, version, text)  # noqa: E731  (read from the worker thread)
        try:
            findings = await loop.run_in_executor(self._executor, self.lint, text, self.path_for(uri), cancelled)
            diagnostics = [self.diagnostic(f, positions) for f in findings]
        except Cancelled:
            return None  # a newer version is pending; its own refresh will publish
        except BlamelintError as error:
            findings, diagnostics = [], [self.problem(error.one_line())]
        except Exception as error:  # never let one document take the server down
            logger.error("linting %s failed:\n%s", uri, traceback.format_exc())
            findings, diagnostics = [], [self.problem(f"internal error: {type(error).__name__}: {error}")]
        if uri not in self.workspace.text_documents:
            return None  # closed while we were linting
        current = self.workspace.get_text_document(uri)
        if current.version != version or current.source != text:
            return None  # a newer edit is pending; its own refresh will publish
        linted = Linted(version, text, positions, findings, diagnostics)
        self.linted[uri] = linted
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version)
        )
        return linted

    def schedule(self, uri: str, delay: float) -> None:
        self.cancel(uri)
        task = asyncio.get_running_loop().create_task(self.refresh(uri, delay))
        self._pending[uri] = task
        task.add_done_callback(lambda t, uri=uri: self._finished(uri, t))

    def _finished(self, uri: str, task: asyncio.Task) -> None:
        if self._pending.get(uri) is task:
            del self._pending[uri]
        if not task.cancelled() and task.exception() is not None:
            logger.error("refresh of %s failed: %r", uri, task.exception())

    def cancel(self, uri: str) -> None:
        task = self._pending.pop(uri, None)
        if task is not None:
            task.cancel()

    async def current(self, uri: str) -> Linted | None:
        """Findings for the document as it is now (linting it first if the last run is stale)."""
        if uri not in self.workspace.text_documents:
            return None
        document = self.workspace.get_text_document(uri)
        linted = self.linted.get(uri)
        if linted is not None and linted.version == document.version and linted.text == document.source:
            return linted
        return await self.refresh(uri)

    # --- conversions -------------------------------------------------------------------
    def diagnostic(self, finding: Finding, positions: PositionMap) -> types.Diagnostic:
        message = finding.message
        if finding.suggestion:
            message += f"\nSuggestion: {finding.suggestion}"
        href = _doc_href(finding.rule)
        return types.Diagnostic(
            range=positions.range(finding.offset, finding.end_offset),
            severity=_SEVERITY[finding.level],
            code=finding.rule,
            code_description=types.CodeDescription(href=href) if href else None,
            source=SOURCE,
            message=message,
            data={"rule": finding.rule, "name": finding.name, "offset": finding.offset, "end": finding.end_offset},
        )

    def problem(self, text: str) -> types.Diagnostic:
        """The single diagnostic shown when a document cannot be linted at all."""
        if text not in self._reported:  # tell the user once, not on every keystroke
            self._reported.add(text)
            self.window_show_message(
                types.ShowMessageParams(type=types.MessageType.Error, message=f"blamelint: {text}")
            )
        return types.Diagnostic(
            range=types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0)),
            severity=types.DiagnosticSeverity.Error,
            code="blamelint-error",
            source=SOURCE,
            message=f"blamelint could not check this file: {text}",
        )

    async def warm_up(self) -> None:
        """Load the rules and the spaCy pipeline before the first document arrives."""

        def load():
            self.worker_linter().lint_text("The engineer forgot to check the dashboard.\n", "warm-up.md", Config())

        try:
            await asyncio.get_running_loop().run_in_executor(self._executor, load)
        except BlamelintError as error:
            self.problem(error.one_line())
        except Exception:
            logger.error("warm-up failed:\n%s", traceback.format_exc())


@lru_cache(maxsize=None)
def _doc_href(rule_id: str) -> str | None:
    """A link to the rule's page when running from a source checkout (asked once per rule)."""
    page = _DOCS_DIR / f"{rule_id}.md"
    return from_fs_path(str(page)) if page.is_file() else None


# --- wiring --------------------------------------------------------------------------------
def _rules_dir_stamp(config: Config) -> tuple:
    """The names and change times of the files in a config's rules-dir: (an edited, added or
    removed rule file is a new configuration)."""
    if config.rules_dir is None or config.source is None:
        return ()
    folder = Path(config.source).parent / config.rules_dir
    try:
        return tuple(sorted((entry.name, entry.stat().st_mtime_ns) for entry in folder.iterdir()))
    except OSError:
        return ("unreadable",)


def create_server(rules: RuleSet, options: RunOptions | None = None,
                  debounce: float = DEBOUNCE_SECONDS) -> BlamelintServer:
    server = BlamelintServer(rules, options, debounce)

    @server.feature(types.INITIALIZE)
    def initialize(ls: BlamelintServer, params: types.InitializeParams):
        ls.protocol.use_lsp_lines()  # lines break at \n, \r\n and \r only (lsp_protocol.py)

    @server.feature(types.INITIALIZED)
    def initialized(ls: BlamelintServer, params: types.InitializedParams):
        ls._warm_up = asyncio.get_running_loop().create_task(ls.warm_up())

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: BlamelintServer, params: types.DidOpenTextDocumentParams):
        ls.schedule(params.text_document.uri, 0.0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: BlamelintServer, params: types.DidChangeTextDocumentParams):
        ls.schedule(params.text_document.uri, ls.debounce)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: BlamelintServer, params: types.DidSaveTextDocumentParams):
        ls.schedule(params.text_document.uri, 0.0)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: BlamelintServer, params: types.DidCloseTextDocumentParams):
        uri = params.text_document.uri
        ls.cancel(uri)
        ls.linted.pop(uri, None)
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
    )
    async def code_action(ls: BlamelintServer, params: types.CodeActionParams):
        only = params.context.only
        if only and not any(str(kind).startswith(types.CodeActionKind.QuickFix) for kind in only):
            return []
        uri = params.text_document.uri
        linted = await ls.current(uri)
        if linted is None:
            return []
        start, end = linted.positions.offset(params.range.start), linted.positions.offset(params.range.end)
        return code_actions(uri, linted, start, end)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    async def hover(ls: BlamelintServer, params: types.HoverParams):
        linted = await ls.current(params.text_document.uri)
        if linted is None:
            return None
        offset = linted.positions.offset(params.position)
        found = [f for f in linted.findings if f.offset <= offset < f.end_offset]
        if not found:
            return None
        formats = None
        capabilities = ls.client_capabilities.text_document
        if capabilities and capabilities.hover:
            formats = capabilities.hover.content_format
        markdown = not formats or types.MarkupKind.Markdown in formats
        separator = "\n\n---\n\n" if markdown else "\n\n"
        return types.Hover(
            contents=types.MarkupContent(
                kind=types.MarkupKind.Markdown if markdown else types.MarkupKind.PlainText,
                value=separator.join(hover_text(f, ls.rule_for(f.rule, params.text_document.uri), markdown) for f in found),
            ),
            range=linted.positions.range(min(f.offset for f in found), max(f.end_offset for f in found)),
        )

    @server.command(SHOW_SUGGESTION)
    def show_suggestion(ls: BlamelintServer, *arguments):
        text = " ".join(str(a) for a in arguments)
        ls.window_show_message(types.ShowMessageParams(type=types.MessageType.Info, message=text))
        return None

    return server


def serve(rules: RuleSet, config_path: Path | None = None, debounce: float = DEBOUNCE_SECONDS) -> None:
    logging.basicConfig(level=logging.WARNING, format="blamelint-lsp %(levelname)s %(name)s: %(message)s")
    create_server(rules, RunOptions(config_path=config_path), debounce).start_io()
