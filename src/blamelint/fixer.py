"""Apply fixes: choose the applicable ones, apply them on exact offsets, re-lint, write safely.

- A fix is applied when it has edits and its applicability is `safe`, or `unsafe` with
  `--unsafe-fixes`. Display-only fixes are never applied.
- Overlapping edits: within one pass the fixes are taken in a fixed order (start offset,
  end offset, rule id) and a fix whose edit overlaps one already taken waits. The text is
  then re-linted and the next pass applies what still applies, up to MAX_PASSES passes (as
  ruff does). A fix that still cannot be applied after that is reported, not applied.
- A pass that would change the Markdown structure (headings, code blocks, front matter,
  the kinds of blocks) is refused and reported; fixes only ever change words in prose.
- `check --fix` and `--diff` are the runner's loop (runner.Runner.run) with one more step
  per file: fix_text in the lint's place (in a worker with --jobs, from cached findings when
  there are any), then FixRun.settle writes or diffs the file, in the order files were read.
- Writes are atomic (atomicfile.py): a temporary file in the same folder, the original
  permission bits and owner, fsync, and os.replace, and only if the file on disk still
  holds the bytes that were read. A read-only file, a file with other hard links and a
  file whose owner cannot be kept are not written.
"""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from blamelint.atomicfile import WriteError, write_atomic
from blamelint.budget import Deadline
from blamelint.errors import BlamelintError
from blamelint.findings import Applicability, Edit, Finding

MAX_PASSES = 10


class FixWriteError(BlamelintError):
    """A fixed file could not be written (changed on disk since it was read, or an OS error)."""


# --- choosing and applying edits ---------------------------------------------------------
def applicable(finding: Finding, unsafe: bool = False) -> bool:
    fix = finding.fix
    if fix is None or not fix.edits:
        return False
    if fix.applicability is Applicability.SAFE:
        return True
    return unsafe and fix.applicability is Applicability.UNSAFE


def _overlap(a: Edit, b: Edit) -> bool:
    """Edits that touch the same characters (two insertions at one point also collide)."""
    if a.start == a.end and b.start == b.end:
        return a.start == b.start
    if a.start == a.end:
        return b.start < a.start < b.end
    if b.start == b.end:
        return a.start < b.start < a.end
    return a.start < b.end and b.start < a.end


def _fix_key(finding: Finding) -> tuple:
    edits = finding.fix.edits
    return (min(e.start for e in edits), max(e.end for e in edits), finding.rule, finding.offset)


def select_fixes(findings: list[Finding], unsafe: bool = False) -> tuple[list[Finding], list[Finding]]:
    """(fixes to apply now, applicable fixes that overlap one of them), in a fixed order."""
    chosen: list[Finding] = []
    waiting: list[Finding] = []
    taken: list[Edit] = []
    for finding in sorted((f for f in findings if applicable(f, unsafe)), key=_fix_key):
        edits = finding.fix.edits
        clash = any(_overlap(a, b) for i, a in enumerate(edits) for b in edits[i + 1 :])
        if clash or any(_overlap(e, t) for e in edits for t in taken):
            waiting.append(finding)
            continue
        chosen.append(finding)
        taken.extend(edits)
    return chosen, waiting


def apply_edits(text: str, edits: list[Edit]) -> str:
    """Apply non-overlapping edits (offsets into `text`), from the end backwards."""
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    for before, after in zip(ordered, ordered[1:]):
        if _overlap(before, after):
            raise ValueError(f"overlapping edits {before} and {after}")
    for edit in reversed(ordered):
        if not (0 <= edit.start <= edit.end <= len(text)):
            raise ValueError(f"edit {edit} outside the text ({len(text)} characters)")
        text = text[: edit.start] + edit.content + text[edit.end :]
    return text


def structure_of(text: str, path: str = "<fix>", vocabulary=None) -> tuple:
    """What a fix must never change: headings, code/HTML/front matter, the kinds of blocks."""
    from blamelint.document import parse_document  # only a fix parses: a cached check never does

    document = parse_document(text, path, vocabulary)
    return (
        tuple((s.level, s.title) for s in document.sections),
        tuple(document.source[s:e] for s, e in document.skipped),
        tuple(b.kind for b in document.blocks),
        document.front_matter,
    )


@dataclass(frozen=True)
class FixMode:
    """Which fixes --fix and --diff apply: the safe ones, and with --unsafe-fixes the unsafe ones."""

    unsafe: bool = False


@dataclass
class FileFix:
    """What fixing one text did. `findings` are the remaining findings, on `fixed`; `found`
    the findings on `original` (reported instead when the fixed text cannot be written)."""

    path: str
    original: str
    fixed: str
    findings: list[Finding]
    found: list[Finding] = field(default_factory=list)
    applied: Counter = field(default_factory=Counter)  # rule id -> fixes applied
    unresolved: list[Finding] = field(default_factory=list)  # applicable but never applied
    problems: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.fixed != self.original


def fix_text(linter, text: str, path: str, config, unsafe: bool = False, max_passes: int = MAX_PASSES,
             findings: list[Finding] | None = None) -> FileFix:
    """Lint, apply the chosen fixes, re-lint; repeat until nothing applicable is left.
    `findings`: those of `text` when already known (the content cache); it is then not linted."""
    outcome = FileFix(path=path, original=text, fixed=text, findings=[])
    shape = structure_of(text, path, config.vocabulary)
    current = text
    deadline = Deadline(config.time_budget, path)  # one time budget for all the passes over the file
    if findings is None:
        findings = linter.lint_text(current, path, config, deadline)
    outcome.found = findings
    refused: set[tuple] = set()  # fixes that would change the structure, by what they replace
    for _ in range(max_passes):
        chosen, _waiting = select_fixes([f for f in findings if _fix_identity(current, f) not in refused], unsafe)
        if not chosen:
            break
        candidate = apply_edits(current, [e for f in chosen for e in f.fix.edits])
        if structure_of(candidate, path, config.vocabulary) != shape:
            # one fix may empty a list item or a paragraph: refuse that one, keep the others
            breaking = [f for f in chosen if structure_of(apply_edits(current, list(f.fix.edits)), path,
                                                          config.vocabulary) != shape] or chosen
            refused.update(_fix_identity(current, f) for f in breaking)
            outcome.problems.append(
                "fixes not applied: they would change the Markdown structure (" + ", ".join(
                    f"{f.rule} at {f.line}:{f.column}" for f in breaking) + ")")
            if len(breaking) == len(chosen):
                continue
            chosen = [f for f in chosen if f not in breaking]
            candidate = apply_edits(current, [e for f in chosen for e in f.fix.edits])
            if structure_of(candidate, path, config.vocabulary) != shape:
                break
        current = candidate
        outcome.applied.update(f.rule for f in chosen)
        findings = linter.lint_text(current, path, config, deadline)
    outcome.fixed = current
    outcome.findings = findings
    outcome.unresolved = [f for f in findings if applicable(f, unsafe)]
    if outcome.unresolved and not outcome.problems:
        outcome.problems.append(
            f"{len(outcome.unresolved)} fixes still apply after {max_passes} passes (overlapping or repeating "
            "edits); they were not applied")
    return outcome


def _fix_identity(text: str, finding: Finding) -> tuple:
    """A fix, recognisable in the next pass: its rule, and the text it replaces and inserts."""
    return (finding.rule,) + tuple((text[e.start : e.end], e.content) for e in finding.fix.edits)


# --- output --------------------------------------------------------------------------------
def unified_diff(path: str, old: str, new: str) -> str:
    """A unified diff (`patch -p0` applies it); empty when nothing changes."""
    if old == new:
        return ""
    lines = []
    for line in difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                     fromfile=path, tofile=path):
        if not line.endswith(("\n", "\r")):
            line += "\n\\ No newline at end of file\n"
        lines.append(line)
    return "".join(lines)


# --- writing ---------------------------------------------------------------------------------
def atomic_write(path: Path, text: str, expected: bytes) -> None:
    """Replace `path` with `text` (UTF-8) if it still holds `expected` (atomicfile.py: same
    folder, fsync, rename; permission bits and owner kept; read-only, hard-linked or
    another user's files refused)."""
    try:
        write_atomic(path, text.encode("utf-8"), expected=expected)
    except WriteError as error:
        raise FixWriteError(error.message, error.where or str(path)) from None


# --- one `check --fix` / `check --diff` run ----------------------------------------------------
@dataclass
class FixRun:
    """The fixing part of one run: what to apply (`mode`), whether to write or diff, and what
    was done. The runner's loop calls `settle` for each fixed file, in the order files were read."""

    mode: FixMode = FixMode()
    write: bool = True  # False: --diff, nothing written
    result: object = None  # runner.RunResult of the remaining findings (the original ones where nothing was written)
    files: list[FileFix] = field(default_factory=list)
    errors: list[BlamelintError] = field(default_factory=list)
    diffs: list[str] = field(default_factory=list)
    stdout: str | None = None  # the fixed text of stdin (`-`)
    used_stdin: bool = False
    names: dict = field(default_factory=dict)  # rule id -> name

    @property
    def diff(self) -> str:
        return "".join(self.diffs)

    @property
    def applied(self) -> Counter:
        total: Counter = Counter()
        for file in self.files:
            total.update(file.applied)
        return total

    def changed_files(self) -> list[FileFix]:
        return [f for f in self.files if f.changed]

    def settle(self, target, source, outcome: FileFix) -> FileFix:
        """Write the fixed file (only if it still holds the bytes read), add its diff, or keep
        stdin's fixed text (stdin is never written back). A refused write is this file's error:
        the file is left as read, and its findings are those of the text as read."""
        self.files.append(outcome)
        if target == "-":
            self._echo(outcome.fixed)
        if not self.write:
            self.diffs.append(unified_diff(source.path, outcome.original, outcome.fixed))
        elif target != "-" and outcome.changed:
            try:
                atomic_write(Path(target), outcome.fixed, source.raw)
            except FixWriteError as error:
                self.errors.append(error)
                outcome.applied.clear()
                outcome.fixed, outcome.findings = outcome.original, outcome.found
        return outcome

    def keep_empty(self, target, source) -> None:
        """An empty file has nothing to fix; stdin's text is still echoed."""
        if target == "-":
            self._echo(source.text)

    def _echo(self, text: str) -> None:
        self.used_stdin = True
        if self.write:
            self.stdout = (self.stdout or "") + text


def run_fixes(runner, paths: list[str], unsafe: bool = False, write: bool = True) -> FixRun:
    """Fix every target of `runner` in its loop: write files (write=True) or collect a diff
    (write=False). Stdin is never written back: with write=True its fixed text is in FixRun.stdout."""
    run = FixRun(FixMode(unsafe), write, names={rule.id: rule.name for rule in runner.linter.rules})
    run.result = runner.run(paths, fixing=run)
    run.names.update({rule_id: rule.name for rule_id, rule in runner.rules_by_id().items()})  # rules-dir: too
    return run


def summary_lines(run: FixRun, unsafe: bool, write: bool) -> list[str]:
    """Lines for stderr: what was (or would be) fixed, what could not be, what more is available."""
    lines = [f"blamelint: error: {error.one_line()}" for error in run.errors]
    for file in run.files:
        lines += [f"blamelint: {file.path}: {problem}" for problem in file.problems]
    applied = run.applied
    count = sum(applied.values())
    files = len(run.changed_files())
    verb = "fixed" if write else "would fix"
    if count:
        by_rule = ", ".join(f"{rule} {run.names.get(rule, '?')}: {n}" for rule, n in sorted(applied.items()))
        lines.append(f"blamelint: {verb} {count} finding{'s' if count != 1 else ''} in {files} "
                     f"file{'s' if files != 1 else ''} ({by_rule})")
    elif run.errors:
        lines.append("blamelint: no fixes written")
    else:
        lines.append("blamelint: nothing to fix")
    if not unsafe:
        hidden = sum(1 for file in run.files for f in file.findings if applicable(f, True) and not applicable(f, False))
        if hidden:
            lines.append(f"blamelint: {hidden} more fix{'es' if hidden != 1 else ''} available with --unsafe-fixes")
    return lines

