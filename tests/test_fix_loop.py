"""`check --fix` is the runner's loop with one more step per file: the same error handling,
content cache and --jobs workers as a plain check (runner.Runner.run, fixer.FixRun.settle)."""

from __future__ import annotations

import json

import pytest

from conftest import SESSION, run_cli

FIXABLE = "# Outage\n\n## Root cause\n\nThe deploy failed on just a typo in the flag.\n"
FIXED = FIXABLE.replace("just a typo", "a typo")
BROKEN = b"# Broken\n\nIt was only a \xff blip.\n"  # not UTF-8: this file's error, not the run's
CLEAN = "# Outage\n\n## Root cause\n\nThe retry limit was removed by a config change.\n"


def _folder(tmp_path, files: dict):
    folder = tmp_path / "notes"
    folder.mkdir()
    for name, text in files.items():
        if isinstance(text, bytes):
            (folder / name).write_bytes(text)
        else:
            (folder / name).write_text(text, encoding="utf-8")
    return folder


def _no_lint(*args, **kwargs):
    raise AssertionError("linted although the cache had the answer")


def test_one_bad_file_is_one_error_and_the_others_are_still_fixed(tmp_path):
    folder = _folder(tmp_path, {"a.md": FIXABLE, "b.md": BROKEN, "c.md": FIXABLE})
    code, out, err = run_cli("check", "--fix", "--format", "json", folder)
    assert code == 2
    errors = [line for line in err.splitlines() if line.startswith("blamelint: error:")]
    assert len(errors) == 1 and f"{folder / 'b.md'}: not valid UTF-8" in errors[0]
    assert "fixed 2 findings in 2 files" in err
    assert (folder / "a.md").read_text(encoding="utf-8") == FIXED == (folder / "c.md").read_text(encoding="utf-8")
    assert (folder / "b.md").read_bytes() == BROKEN
    reported = [entry["path"] for entry in json.loads(out)["files"]]
    assert reported == [str(folder / "a.md"), str(folder / "c.md")]  # in the order read


def test_fixing_reads_and_fills_the_cache(tmp_path, monkeypatch):
    folder = _folder(tmp_path, {"fixable.md": FIXABLE, "clean.md": CLEAN})
    code, before, _ = run_cli("check", "--format", "json", folder / "clean.md")  # cached from here on
    linter = SESSION.linter()
    with monkeypatch.context() as patch:
        patch.setattr(linter, "lint_text", _no_lint)
        code, out, err = run_cli("check", "--fix", "--format", "json", folder / "clean.md")
    assert "nothing to fix" in err and json.loads(out)["files"] == json.loads(before)["files"]
    run_cli("check", folder / "fixable.md")  # its findings, with their edits, are cached
    linted = []
    with monkeypatch.context() as patch:
        real = linter.lint_text
        patch.setattr(linter, "lint_text", lambda text, *rest: linted.append(text) or real(text, *rest))
        run_cli("check", "--fix", folder / "fixable.md")
    assert (folder / "fixable.md").read_text(encoding="utf-8") == FIXED
    assert linted == [FIXED]  # the cached findings were fixed; only the fixed text was linted
    with monkeypatch.context() as patch:  # the findings left on the fixed text were stored
        patch.setattr(linter, "lint_text", _no_lint)
        code, out, err = run_cli("check", "--format", "json", folder / "fixable.md")
    assert code in (0, 1), err
    assert "BL108" not in [f["rule"] for f in json.loads(out)["files"][0]["findings"]]


def test_no_cache_lints_again(tmp_path, monkeypatch):
    folder = _folder(tmp_path, {"clean.md": CLEAN})
    run_cli("check", folder)
    monkeypatch.setattr(SESSION.linter(), "lint_text", _no_lint)
    code, _, err = run_cli("check", "--fix", "--no-cache", folder)
    assert code == 2 and "linted although" in err  # the guard's one line, not a traceback


@pytest.mark.parametrize("mode", ["--fix", "--diff"])
def test_workers_fix_as_one_process_does(tmp_path, mode):
    files = {"a.md": FIXABLE, "b.md": BROKEN, "c.md": FIXABLE * 3, "d.md": "", "e.md": CLEAN}
    (tmp_path / "serial").mkdir()
    (tmp_path / "parallel").mkdir()
    serial_folder, parallel_folder = _folder(tmp_path / "serial", files), _folder(tmp_path / "parallel", files)
    serial = run_cli("check", mode, "--no-cache", "--format", "json", "--jobs", "1", ".", cwd=serial_folder)
    parallel = run_cli("check", mode, "--no-cache", "--format", "json", "--jobs", "2", ".", cwd=parallel_folder)
    assert parallel == serial
    code, _, err = serial
    assert code == 2 and "b.md: not valid UTF-8" in err  # b.md: its error is reported, --diff too
    for name in files:
        assert (serial_folder / name).read_bytes() == (parallel_folder / name).read_bytes()
    expected = FIXED if mode == "--fix" else FIXABLE
    assert (parallel_folder / "a.md").read_text(encoding="utf-8") == expected
