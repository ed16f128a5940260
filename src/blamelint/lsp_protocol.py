"""Two corrections to pygls' protocol handling, so the server follows the LSP text model.

- Lines: pygls applies an incremental edit on `str.splitlines()`, which also breaks lines
  at U+2028, U+2029, U+0085, form feed, vertical tab and the separators U+001C..U+001E.
  The protocol breaks lines only at \\n, \\r\\n and \\r. With such a character in the text,
  every edit after it landed on the wrong line and the server's copy drifted from the
  editor's. `LspTextDocument` splits lines as the protocol (and lineindex.py) does.
- Invalid params: a request whose params do not match the protocol's types was logged by
  pygls and never answered, so the client waited forever. It now gets an error response
  (-32602 Invalid Params).
"""

from __future__ import annotations

import logging
import re

from pygls.exceptions import JsonRpcException, JsonRpcInternalError
from pygls.protocol import LanguageServerProtocol
from pygls.workspace import TextDocument, Workspace

logger = logging.getLogger("blamelint.lsp")

_LSP_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


class LspTextDocument(TextDocument):
    @property
    def lines(self):
        return tuple(_LSP_LINE.findall(self.source))


class LspWorkspace(Workspace):
    @classmethod
    def like(cls, workspace: Workspace) -> "LspWorkspace":
        """pygls builds its Workspace in `initialize`; the same settings, with our documents."""
        return cls(workspace.root_uri, workspace._sync_kind, list(workspace.folders.values()),
                   workspace.position_encoding)

    def _create_text_document(self, doc_uri, source=None, version=None, language_id=None):
        return LspTextDocument(doc_uri, source=source, version=version, language_id=language_id,
                               sync_kind=self._sync_kind, position_codec=self._position_codec)


class _Answered:
    """A request that was already answered with an error: nothing more to do."""

    jsonrpc = None


class BlamelintProtocol(LanguageServerProtocol):
    def use_lsp_lines(self) -> None:
        """Called from the server's initialize handler, once pygls has built its Workspace."""
        if self._workspace is not None and not isinstance(self._workspace, LspWorkspace):
            self._workspace = LspWorkspace.like(self._workspace)

    def structure_message(self, data):
        try:
            return super().structure_message(data)
        except JsonRpcException as error:
            if not isinstance(data, dict) or "id" not in data or "method" not in data:
                raise  # a notification or a response: there is nobody to answer
            if isinstance(error, JsonRpcInternalError):
                logger.error("cannot read request %r", data.get("method"))
            self._send_response(data["id"], error=error.to_response_error())
            return _Answered()

    def handle_message(self, message):
        if isinstance(message, _Answered):
            return
        return super().handle_message(message)
