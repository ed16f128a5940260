"""`blamelint lsp` driven over stdio by a real LSP client (pytest-lsp).

One server process serves the whole module (the spaCy model loads once); each test uses its
own document URIs, so tests do not depend on each other's state.
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path
from typing import Union

import pytest

from conftest import require

require("pygls")  # declared test dependencies: missing, they fail the run rather than skip it
pytest_lsp = require("pytest_lsp")

from lsprotocol import types  # noqa: E402
from pygls.uris import from_fs_path  # noqa: E402
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities  # noqa: E402
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features  # noqa: E402
from pygls.protocol import default_converter  # noqa: E402

from blamelint.findings import Applicability, Edit, Finding, Fix, Level  # noqa: E402
from blamelint.lsp import Linted, PositionMap, code_actions  # noqa: E402

lsp_test = pytest.mark.asyncio(loop_scope="module")
TIMEOUT = 30.0

BLAMING = (
    "# Outage report\n"
    "\n"
    "## Root cause\n"
    "\n"
    "The outage was caused by human error. Then Bob forgot to renew the certificate.\n"
)
CLEAN = (
    "# Outage report\n"
    "\n"
    "## Root cause\n"
    "\n"
    "The certificate renewal job had no alerting, so the expiry went unnoticed.\n"
)


def converter():
    """lsprotocol reads any code action that has a "command" key as a Command, even a CodeAction
    whose command is an object; tell them apart by the type of "command" as editors do."""
    converter = default_converter()

    def command_or_action(obj, _type):
        if isinstance(obj.get("command"), str):
            return converter.structure(obj, types.Command)
        return converter.structure(obj, types.CodeAction)

    converter.register_structure_hook(Union[types.Command, types.CodeAction], command_or_action)
    return converter


def make_client() -> LanguageClient:
    """pytest-lsp's client, also keeping every publishDiagnostics (with its version) in order."""
    client = LanguageClient(converter_factory=converter)
    client.published = []

    def publish(client: LanguageClient, params: types.PublishDiagnosticsParams):
        client.diagnostics[params.uri] = params.diagnostics
        client.published.append(params)

    register_lsp_features(client, {**DEFAULT_CLIENT_FEATURES, types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: publish})
    return client


@pytest_lsp.fixture(
    scope="module",
    config=ClientServerConfig(server_command=[sys.executable, "-m", "blamelint", "lsp"], client_factory=make_client),
)
async def client(lsp_client: LanguageClient, tmp_path_factory):
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"),
            root_uri=from_fs_path(str(tmp_path_factory.mktemp("workspace"))),
        )
    )
    yield
    await lsp_client.shutdown_session()


# The tests are about the server, not the rules: each folder selects the four sentence rules
# they rely on, so rules added later do not change what these documents produce.
SELECT = "select: [BL101, BL102, BL103, BL104]\n"


def new_folder(tmp_path_factory, config: str = "") -> Path:
    folder = tmp_path_factory.mktemp("docs")
    (folder / ".blamelint.yaml").write_text(SELECT + config, encoding="utf-8")
    return folder


@pytest.fixture
def folder(tmp_path_factory) -> Path:
    return new_folder(tmp_path_factory)


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def position_of(text: str, needle: str, *, end: bool = False) -> types.Position:
    """Independent reference: 0-based line and UTF-16 column of `needle` in `text`."""
    offset = text.index(needle) + (len(needle) if end else 0)
    before = text[:offset]
    line = before.count("\n")
    return types.Position(line=line, character=utf16(before[before.rfind("\n") + 1:]))


async def published(client: LanguageClient, uri: str, after: int, timeout: float = TIMEOUT):
    """The first publishDiagnostics for `uri` received after index `after` of client.published."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for params in client.published[after:]:
            if params.uri == uri:
                return params
        await asyncio.sleep(0.01)
    raise AssertionError(f"no diagnostics published for {uri} within {timeout}s")


async def hover_at(client, uri: str, position: types.Position):
    return await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=position)
    )


async def open_doc(client: LanguageClient, path: Path, text: str, version: int = 1):
    uri = from_fs_path(str(path))
    mark = len(client.published)
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="markdown", version=version, text=text)
        )
    )
    return uri, await published(client, uri, mark)


def change(client: LanguageClient, uri: str, version: int, text: str):
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


async def actions_for(client, uri: str, diagnostic: types.Diagnostic):
    """The code actions offered at the start of `diagnostic`."""
    return await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(start=diagnostic.range.start, end=diagnostic.range.start),
            context=types.CodeActionContext(diagnostics=[diagnostic]),
        )
    )


def by_code(params) -> dict:
    return {d.code: d for d in params.diagnostics}


# --- diagnostics -------------------------------------------------------------------------
@lsp_test
async def test_open_publishes_diagnostics_with_ranges_codes_and_severity(client, folder):
    uri, params = await open_doc(client, folder / "report.md", BLAMING)
    assert params.version == 1
    found = by_code(params)
    assert sorted(found) == ["BL101", "BL104"]

    human = found["BL104"]
    assert human.range == types.Range(start=position_of(BLAMING, "human error"),
                                      end=position_of(BLAMING, "human error", end=True))
    assert human.range.start == types.Position(line=4, character=25)
    assert human.severity == types.DiagnosticSeverity.Error
    assert human.source == "blamelint"
    assert human.message.startswith('"Human error" names where the inquiry should start')
    assert "\nSuggestion: Name the contributing conditions" in human.message

    bob = found["BL101"]
    assert bob.range == types.Range(start=position_of(BLAMING, "Bob forgot"),
                                    end=position_of(BLAMING, "Bob forgot", end=True))
    assert bob.severity == types.DiagnosticSeverity.Warning


@lsp_test
async def test_utf16_columns_after_non_bmp_characters(client, folder):
    # 🔥 and 😀 are outside the BMP: one code point each, two UTF-16 code units each.
    text = (
        "# Outage 🔥 report\n"
        "\n"
        "## Root cause\n"
        "\n"
        "🔥🔥 The outage was caused by human error. 😀 Then Bob forgot to renew the certificate.\n"
    )
    uri, params = await open_doc(client, folder / "emoji.md", text)
    found = by_code(params)
    assert found["BL104"].range.start == types.Position(line=4, character=30)  # 28 code points + 2
    assert found["BL104"].range.end == types.Position(line=4, character=41)
    assert found["BL101"].range.start == position_of(text, "Bob forgot")
    assert found["BL101"].range.start == types.Position(line=4, character=51)  # 48 code points + 3
    assert found["BL101"].range.end == position_of(text, "Bob forgot", end=True)


@lsp_test
async def test_change_is_debounced_and_publishes_for_the_latest_text(client, folder):
    uri, params = await open_doc(client, folder / "edit.md", BLAMING)
    assert sorted(by_code(params)) == ["BL101", "BL104"]

    # typing: three edits 0.1 s apart, each inside the 0.3 s window of the one before
    mark = len(client.published)
    change(client, uri, 2, BLAMING.replace("human error", "a human error"))
    await asyncio.sleep(0.1)
    change(client, uri, 3, BLAMING.replace("Then Bob forgot", "Then the job failed"))
    await asyncio.sleep(0.1)
    change(client, uri, 4, CLEAN)
    last_edit = time.monotonic()
    params = await published(client, uri, mark)
    assert time.monotonic() - last_edit >= 0.29  # waited out the debounce after the last edit
    assert params.version == 4
    assert list(params.diagnostics) == []
    assert [p.version for p in client.published[mark:] if p.uri == uri] == [4]  # 2 and 3 never linted

    mark = len(client.published)
    edited = CLEAN + "\nIn the end the outage was caused by human error.\n"
    change(client, uri, 5, edited)
    params = await published(client, uri, mark)
    assert params.version == 5
    assert sorted(by_code(params)) == ["BL104"]
    assert by_code(params)["BL104"].range == types.Range(start=position_of(edited, "human error"),
                                                         end=position_of(edited, "human error", end=True))
    await asyncio.sleep(0.5)
    assert [p.version for p in client.published[mark:] if p.uri == uri] == [5]


@lsp_test
async def test_close_clears_diagnostics(client, folder):
    uri, params = await open_doc(client, folder / "close.md", BLAMING)
    assert params.diagnostics
    mark = len(client.published)
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    params = await published(client, uri, mark)
    assert list(params.diagnostics) == []


@lsp_test
async def test_config_is_found_from_the_file_path(client, folder):
    (folder / ".blamelint.yaml").write_text(SELECT + "rules:\n  BL101: {level: error}\nignore: [BL104]\n", encoding="utf-8")
    uri, params = await open_doc(client, folder / "configured.md", BLAMING)
    found = by_code(params)
    assert sorted(found) == ["BL101"]
    assert found["BL101"].severity == types.DiagnosticSeverity.Error


@lsp_test
async def test_config_error_is_one_diagnostic_and_the_server_keeps_running(client, folder, tmp_path_factory):
    bad = folder / ".blamelint.yaml"
    bad.write_text("rules:\n  no-such-rule: {level: error}\n", encoding="utf-8")
    messages = len(client.messages)
    uri, params = await open_doc(client, folder / "broken.md", BLAMING)
    assert len(params.diagnostics) == 1
    problem = params.diagnostics[0]
    assert problem.code == "blamelint-error"
    assert problem.severity == types.DiagnosticSeverity.Error
    assert str(bad) in problem.message and "unknown rule 'no-such-rule'" in problem.message
    assert any("unknown rule" in m.message for m in client.messages[messages:])

    # the same server still lints a document elsewhere
    good = new_folder(tmp_path_factory)
    _, params = await open_doc(client, good / "fine.md", BLAMING)
    assert sorted(by_code(params)) == ["BL101", "BL104"]

    # and picks up the repaired config for the broken document on the next edit
    bad.write_text(SELECT + "ignore: [BL101]\n", encoding="utf-8")
    mark = len(client.published)
    change(client, uri, 2, BLAMING)
    params = await published(client, uri, mark)
    assert sorted(by_code(params)) == ["BL104"]


@lsp_test
async def test_missing_model_is_one_diagnostic(client, folder):
    (folder / ".blamelint.yaml").write_text(SELECT + "model: en_no_such_model\n", encoding="utf-8")
    uri, params = await open_doc(client, folder / "model.md", BLAMING)
    assert [d.code for d in params.diagnostics] == ["blamelint-error"]
    assert "spaCy pipeline 'en_no_such_model' (from model: in the configuration) is not installed" in params.diagnostics[0].message
    # the server is still alive and answers requests
    hover = await hover_at(client, uri, types.Position(line=4, character=30))
    assert hover is None


# --- code actions and hover ------------------------------------------------------------

@lsp_test
async def test_code_actions_offer_the_rewording(client, folder):
    uri, params = await open_doc(client, folder / "actions.md", BLAMING)
    human = by_code(params)["BL104"]
    actions = await actions_for(client, uri, human)
    titles = [a.title for a in actions]
    assert len(actions) == 2, titles
    reword, disable = actions
    assert reword.title == "Reword (unsafe): The outage was caused by an unguarded manual step."
    assert reword.kind == types.CodeActionKind.QuickFix and not reword.is_preferred
    [edit] = reword.edit.changes[uri]
    assert edit.new_text == "The outage was caused by an unguarded manual step."
    assert reword.diagnostics[0].code == "BL104"

    assert disable.title == "Disable BL104 (human-error-cause) for this paragraph"
    (edit,) = disable.edit.changes[uri]
    assert edit.range.start == types.Position(line=4, character=0) == edit.range.end
    assert edit.new_text == "<!-- blamelint-disable-next-line BL104 -->\n"

    # applying the disable edit really silences the finding
    lines = BLAMING.splitlines(keepends=True)
    lines.insert(4, edit.new_text)
    mark = len(client.published)
    change(client, uri, 2, "".join(lines))
    params = await published(client, uri, mark)
    assert sorted(by_code(params)) == ["BL101"]


@lsp_test
async def test_code_actions_for_a_display_only_finding(client, folder):
    text = "# Incident\n\nDue to travel, the administrator neglected it until the evening.\n"  # no rewording: display-only
    uri, params = await open_doc(client, folder / "display.md", text)
    forgot = by_code(params)["BL101"]
    actions = await actions_for(client, uri, forgot)
    titles = [a.title for a in actions]
    suggestion = actions[0]
    assert suggestion.title.startswith("Suggestion (display-only): "), titles
    assert suggestion.kind == types.CodeActionKind.QuickFix
    assert suggestion.edit is None
    assert suggestion.command.command == "blamelint.showSuggestion"
    assert suggestion.diagnostics[0].code == "BL101"

    # executing the suggestion command shows the full suggestion
    shown = len(client.messages)
    await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command=suggestion.command.command, arguments=suggestion.command.arguments)
    )
    for _ in range(200):
        if len(client.messages) > shown:
            break
        await asyncio.sleep(0.01)
    assert client.messages[shown].message.startswith("BL101 person-as-failure-agent: Describe the condition")


@lsp_test
async def test_code_actions_outside_any_finding_and_for_other_kinds(client, folder):
    uri, _ = await open_doc(client, folder / "none.md", BLAMING)
    here = types.Position(line=0, character=2)
    nothing = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri), range=types.Range(start=here, end=here),
            context=types.CodeActionContext(diagnostics=[]),
        )
    )
    assert list(nothing) == []
    bob = position_of(BLAMING, "Bob forgot")
    refactor_only = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri), range=types.Range(start=bob, end=bob),
            context=types.CodeActionContext(diagnostics=[], only=[types.CodeActionKind.Refactor]),
        )
    )
    assert list(refactor_only) == []


@lsp_test
async def test_hover_explains_the_rule(client, folder):
    uri, _ = await open_doc(client, folder / "hover.md", BLAMING)
    inside = position_of(BLAMING, "Bob forgot")
    inside = types.Position(line=inside.line, character=inside.character + 5)  # on "forgot"
    hover = await hover_at(client, uri, inside)
    assert hover.contents.kind == types.MarkupKind.Markdown
    value = hover.contents.value
    assert value.startswith("**BL101 person-as-failure-agent** (warning)")
    assert "This sentence makes a person the cause of the failure." in value
    assert '**Suggestion:** Say what the process did, for example "Nothing in the process required or prompted renewing the certificate"' in value
    assert "A person, role or team is the subject of a failure verb" in value  # rule summary
    assert "`blamelint explain BL101`" in value
    assert hover.range == types.Range(start=position_of(BLAMING, "Bob forgot"),
                                      end=position_of(BLAMING, "Bob forgot", end=True))

    outside = await hover_at(client, uri, types.Position(line=0, character=3))
    assert outside is None


@lsp_test
async def test_hover_uses_the_unsaved_buffer(client, folder):
    uri, _ = await open_doc(client, folder / "buffer.md", CLEAN)
    edited = CLEAN.replace("had no alerting", "was misconfigured by a careless engineer")
    change(client, uri, 2, edited)
    # asked before the debounce fires: the server lints the current text rather than answer stale
    at = position_of(edited, "careless")
    hover = await hover_at(client, uri, at)
    assert hover is not None and "**BL103 judgmental-language**" in hover.contents.value


# --- conversions without a server --------------------------------------------------------
def test_position_map_utf16_utf8_utf32_and_line_breaks():
    text = "a😀b\r\nx🔥y\rz\n"
    for encoding, columns in (("utf-16", [0, 1, 3, 4]), ("utf-8", [0, 1, 5, 6]), ("utf-32", [0, 1, 2, 3])):
        positions = PositionMap(text, encoding)
        assert [positions.position(o).character for o in range(4)] == columns
        assert positions.position(5) == types.Position(line=1, character=0)  # after \r\n
        assert positions.position(9) == types.Position(line=2, character=0)  # after a lone \r
        for offset in range(len(text) + 1):
            if text[offset - 1:offset + 1] != "\r\n":  # no position inside a line break
                assert positions.offset(positions.position(offset)) == offset
    utf16_map = PositionMap(text, "utf-16")
    assert utf16_map.position(7) == types.Position(line=1, character=3)  # "x🔥" = 1 + 2 units
    assert utf16_map.offset(types.Position(line=0, character=99)) == 3  # clamps to the line end
    assert utf16_map.offset(types.Position(line=9, character=0)) == len(text)


def test_code_action_carries_fix_edits_with_applicability():
    text = "## Root cause\n\n😀 It was human error.\n"
    start = text.index("human error")
    finding = Finding(
        rule="BL104", name="human-error-cause", family="blame", level=Level.ERROR, message="m", path="x.md",
        offset=start, end_offset=start + 11, line=3, column=10, end_line=3, end_column=21, text="human error",
        suggestion="Name the conditions.",
        fix=Fix(title="Name the conditions", applicability=Applicability.UNSAFE,
                edits=(Edit(start, start + 11, "a missing confirmation step"),)),
    )
    positions = PositionMap(text)
    linted = Linted(1, text, positions, [finding], [])
    actions = code_actions("file:///x.md", linted, start, start)
    reword = actions[0]
    assert reword.title == "Reword (unsafe): Name the conditions"
    assert reword.is_preferred is False
    (edit,) = reword.edit.changes["file:///x.md"]
    assert edit.range == types.Range(start=types.Position(line=2, character=10), end=types.Position(line=2, character=21))
    assert edit.new_text == "a missing confirmation step"
    assert actions[1].title.startswith("Disable BL104")

    safe = Finding(**{**finding.__dict__, "fix": Fix("Say it", Applicability.SAFE, finding.fix.edits)})
    assert code_actions("file:///x.md", Linted(1, text, positions, [safe], []), start, start)[0].title == "Reword (safe): Say it"


def test_cli_without_pygls_names_the_extra(monkeypatch):
    from click.testing import CliRunner

    from blamelint.cli import cli

    for name in [m for m in sys.modules if m.split(".")[0] in ("pygls", "lsprotocol") or m == "blamelint.lsp"]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "lsprotocol", None)
    monkeypatch.setitem(sys.modules, "pygls", None)
    result = CliRunner().invoke(cli, ["lsp"])
    assert result.exit_code == 2
    assert "pip install 'blamelint[lsp]'" in result.output


def test_cli_lsp_rejects_a_missing_config_file(tmp_path):
    from click.testing import CliRunner

    from blamelint.cli import cli

    result = CliRunner().invoke(cli, ["lsp", "--config", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2
    assert "nope.yaml: configuration file not found" in result.output
