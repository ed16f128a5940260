"""Language-server faults of issue 14, over stdio with a real client (pytest-lsp):
incremental edits after U+2028 / U+000C / U+0085; and, in process, requests with invalid
params, lone surrogates, per-thread linters and cancellation."""

from __future__ import annotations

import asyncio

import pytest

from conftest import require

require("pygls")  # declared test dependencies: missing, they fail the run rather than skip it
require("pytest_lsp")

from lsprotocol import types  # noqa: E402
from pygls.uris import from_fs_path  # noqa: E402

from conftest import RULESET  # noqa: E402
from test_lsp import by_code, change, client, lsp_test, new_folder, open_doc, position_of, published  # noqa: E402,F401


@lsp_test
@pytest.mark.parametrize("separator", ["\u2028", "\x0c", "\x85"], ids=["U+2028", "U+000C", "U+0085"])
async def test_incremental_edits_after_a_non_lsp_line_separator(client, tmp_path_factory, separator):
    folder = new_folder(tmp_path_factory)
    text = f"# Outage\n\n## Root cause\n\nThe queue{separator}filled up.\n\nThe disk was full.\n"
    uri, _ = await open_doc(client, folder / "sep.md", text)
    mark = len(client.published)
    # the editor's line 6 (0-based) is "The disk was full."; replace "The disk" with "Bob forgot, the disk"
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangePartial(
            range=types.Range(start=types.Position(line=6, character=0), end=types.Position(line=6, character=8)),
            text="Bob forgot to renew the certificate. The disk")],
    ))
    expected = text.replace("The disk", "Bob forgot to renew the certificate. The disk")
    params = await published(client, uri, mark)
    bl101 = by_code(params)["BL101"]
    assert bl101.range.start == position_of(expected, "Bob forgot")


def test_a_request_with_invalid_params_gets_an_error_response():
    from blamelint.lsp import create_server

    server = create_server(RULESET)
    sent = []
    server.protocol._send_response = lambda msg_id, result=None, error=None: sent.append((msg_id, error))
    message = server.protocol.structure_message(
        {"jsonrpc": "2.0", "id": 7, "method": "textDocument/hover", "params": {"textDocument": 3, "position": "x"}})
    server.protocol.handle_message(message)  # already answered: nothing more happens
    assert [(msg_id, error.code) for msg_id, error in sent] == [(7, -32602)]


def test_a_lone_surrogate_is_linted_not_an_internal_error(tmp_path):
    from blamelint.lsp import create_server

    (tmp_path / ".blamelint.yaml").write_text("select: [BL101]\n")
    text = "# Outage\n\n## Root cause\n\nBob forgot to renew the certificate \ud800 on time.\n"
    findings = create_server(RULESET).lint(text, tmp_path / "surrogate.md")
    assert [f.rule for f in findings] == ["BL101"] and findings[0].offset == text.index("Bob")


def test_a_stale_run_is_cancelled_and_workers_have_their_own_linter():
    from pathlib import Path

    from blamelint.budget import Cancelled
    from blamelint.lsp import create_server

    server = create_server(RULESET)
    linter = server.worker_linter()
    assert linter.private_pipeline and server.worker_linter() is linter
    with pytest.raises(Cancelled):
        server.lint("# T\n\n## Root cause\n\nBob forgot to renew it.\n", Path("x.md"), cancelled=lambda: True)


# About 450,000 characters of prose with a blaming sentence in every four: its 2,000 blaming
# sentences are parsed and judged, about 6 s here. (With one in thirty-one, as before, faster
# screening and masking brought the lint down to about a second, as long as the
# test waits before it opens the second document.)
SLOW_PARAGRAPH = ("The deploy paused while the cache warmed and the queue drained. " * 3
                  + "Bob forgot to renew the certificate. ") * 2000


@lsp_test
async def test_a_slow_document_does_not_hold_back_another(client, tmp_path_factory):
    """The second document's diagnostics come while the first is still being linted: a server
    linting one document at a time (or on its event loop) would publish nothing for it until
    the slow one is done, and fails here."""
    folder = new_folder(tmp_path_factory)
    slow_uri = from_fs_path(str(folder / "slow.md"))
    mark = len(client.published)
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
        uri=slow_uri, language_id="markdown", version=1, text="# Slow\n\n## Root cause\n\n" + SLOW_PARAGRAPH + "\n")))
    await asyncio.sleep(1.0)  # past the debounce: the slow lint has started
    try:
        _, params = await open_doc(client, folder / "quick.md", "# Quick\n\n## Root cause\n\nBob forgot to renew it.\n")
        assert [d.code for d in params.diagnostics] == ["BL101"]
        assert [p.uri for p in client.published[mark:]].count(slow_uri) == 0  # still being linted
    finally:  # closing abandons the slow run (the newest version wins), so the test ends soon
        client.text_document_did_close(types.DidCloseTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=slow_uri)))
