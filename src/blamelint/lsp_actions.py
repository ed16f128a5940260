"""Code actions and hover text for the language server."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lsprotocol import types

from blamelint.document import parse_document
from blamelint.findings import Applicability, Finding
from blamelint.rules import Rule
from blamelint.lsp_positions import PositionMap

SHOW_SUGGESTION = "blamelint.showSuggestion"


@dataclass
class Linted:
    version: int | None
    text: str
    positions: PositionMap
    findings: list[Finding]
    diagnostics: list[types.Diagnostic]


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _overlapping(linted: Linted, start: int, end: int) -> list[Finding]:
    return [f for f in linted.findings if f.offset <= end and start <= f.end_offset]


def code_actions(uri: str, linted: Linted, start: int, end: int) -> list[types.CodeAction]:
    actions: list[types.CodeAction] = []
    by_finding = {(d.code, d.data["offset"], d.data["end"]): d for d in linted.diagnostics if isinstance(d.data, dict)}
    found = _overlapping(linted, start, end)
    blocks = parse_document(linted.text).blocks if found else []  # once, for every finding's disable action
    for finding in found:
        diagnostic = by_finding.get((finding.rule, finding.offset, finding.end_offset))
        diagnostics = [diagnostic] if diagnostic else None
        fix = finding.fix
        if fix is not None and fix.edits and fix.applicability != Applicability.DISPLAY_ONLY:
            edits = [
                types.TextEdit(range=linted.positions.range(e.start, e.end), new_text=e.content) for e in fix.edits
            ]
            title = fix.title.removeprefix("Reword: ")  # a rewording's title is "Reword: <sentence>"
            actions.append(types.CodeAction(
                title=f"Reword ({fix.applicability.value}): {_short(title)}",
                kind=types.CodeActionKind.QuickFix,
                diagnostics=diagnostics,
                is_preferred=fix.applicability == Applicability.SAFE,
                edit=types.WorkspaceEdit(changes={uri: edits}),
            ))
        elif finding.rewrite is not None:
            # a rewording where an edit could change the Markdown (an HTML block): shown, not applied
            actions.append(_show_action("Reword", "rewording", finding.rewrite or "remove this sentence", finding,
                                        diagnostics))
        elif finding.suggestion:
            # display-only (or no edit yet): nothing to apply; the command shows the full suggestion
            actions.append(_show_action("Suggestion", "suggestion", finding.suggestion, finding, diagnostics))
        actions.append(_disable_action(uri, linted, _block_at(blocks, finding.offset), finding, diagnostics))
    return actions


def _show_action(label: str, noun: str, text: str, finding: Finding, diagnostics) -> types.CodeAction:
    """A display-only action: nothing to apply; its command shows the whole text."""
    return types.CodeAction(
        title=f"{label} (display-only): {_short(text)}",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=diagnostics,
        command=types.Command(title=f"Show {noun}", command=SHOW_SUGGESTION,
                              arguments=[f"{finding.rule} {finding.name}: {text}"]),
    )


def _disable_action(uri: str, linted: Linted, block, finding: Finding, diagnostics) -> types.CodeAction:
    """Insert `<!-- blamelint-disable-next-line ID -->` above the first line of the block (a
    wrapped paragraph, a list item, a heading) that holds the finding: inside a paragraph it
    would split it in two, and the directive covers the whole block that follows it. In a
    table a line between rows would end the table: the cell gets a `disable-line` comment.
    `block`: the block holding the finding (None: none does)."""
    if block is not None and block.kind == "table_cell":
        at = linted.positions.position(block.end)
        edit = types.TextEdit(range=types.Range(start=at, end=at),
                              new_text=f" <!-- blamelint-disable-line {finding.rule} -->")
    else:
        line = linted.positions.line_of(block.start if block is not None else finding.offset)
        line_start = linted.positions.line_start(line)
        indent = re.match(r"[ \t]*", linted.text[line_start:]).group(0)
        newline = "\r\n" if "\r\n" in linted.text[line_start:linted.text.find("\n", line_start) + 1] else "\n"
        at = types.Position(line=line, character=0)
        edit = types.TextEdit(range=types.Range(start=at, end=at),
                              new_text=f"{indent}<!-- blamelint-disable-next-line {finding.rule} -->{newline}")
    return types.CodeAction(
        title=f"Disable {finding.rule} ({finding.name}) for this paragraph",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=diagnostics,
        edit=types.WorkspaceEdit(changes={uri: [edit]}),
    )


def _block_at(blocks, offset: int):
    """The block (paragraph, list item, heading, table cell) holding `offset`, or None."""
    return next((b for b in blocks if b.start <= offset < max(b.end, b.start + 1)), None)


def hover_text(finding: Finding, rule: Rule | None, markdown: bool = True) -> str:
    """The finding, and what its rule (None: not among the server's rules) is about."""
    bold = (lambda s: f"**{s}**") if markdown else (lambda s: s)
    parts = [f"{bold(f'{finding.rule} {finding.name}')} ({finding.level})", "", finding.message]
    if finding.suggestion:
        parts += ["", f"{bold('Suggestion:')} {finding.suggestion}"]
    if rule is not None:
        why = " ".join(str(rule.docs.get("why", "")).split())
        parts += ["", "---" if markdown else "", "", rule.summary]
        if why:
            parts += ["", _short(why, 400)]
        parts += ["", f"Full page: `blamelint explain {rule.id}`" if markdown else f"Full page: blamelint explain {rule.id}"]
    return "\n".join(parts)
