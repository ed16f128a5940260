"""The shipped .pre-commit-hooks.yaml, exercised by the real pre-commit client.

The repository's current working tree is copied into a temporary git repository (the hook
file must be committed there: pre-commit clones `repo` at `rev`), and a second temporary
repository uses it from its .pre-commit-config.yaml. pre-commit then builds its own virtualenv
and pip-installs blamelint from that clone, as it would for a user: the first run takes a few
seconds to a few minutes depending on the pip cache, so those tests carry the `slow` marker.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO, require

require("pre_commit")  # a declared test dependency: missing, it fails the run rather than skip it

HOOKS_FILE = REPO / ".pre-commit-hooks.yaml"
BLAMING = "# Outage\n\n## Root cause\n\nMarco forgot to run the migration before the release.\n"
BLAMELESS = "# Outage\n\n## Root cause\n\nThe release pipeline did not include the migration step.\n"
INSTALL_TIMEOUT = 900  # seconds; building the hook's virtualenv dominates

def _git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "test", "GIT_AUTHOR_EMAIL": "test@example.invalid",
           "GIT_COMMITTER_NAME": "test", "GIT_COMMITTER_EMAIL": "test@example.invalid"}
    proc = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, f"git {' '.join(args)} failed: {proc.stderr}"
    return proc.stdout.strip()


_NEVER_COPY = {".git", ".venv", "venv", ".tox", ".nox", ".mypy_cache", ".ruff_cache", "node_modules"}


def _copy_working_tree(destination: Path) -> None:
    """Tracked and untracked-but-not-ignored files of the repository, as they are on disk now."""
    if (REPO / ".git").exists():
        listed = _git(REPO, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
        names = [name for name in listed.split("\0") if name]
    else:  # e.g. an unpacked sdist: take the files that matter for an install
        names = [str(p.relative_to(REPO)) for p in REPO.rglob("*") if p.is_file() and ".git" not in p.parts]
    for name in names:
        source = REPO / name
        if not source.is_file() or Path(name).parts[0] in _NEVER_COPY:  # deleted, a submodule, or an unignored venv
            continue
        target = destination / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> tuple[Path, str]:
    clone = tmp_path_factory.mktemp("hook-repo")
    _copy_working_tree(clone)
    assert (clone / ".pre-commit-hooks.yaml").is_file()
    _git(clone, "init", "-q")
    _git(clone, "add", "-A")
    _git(clone, "commit", "-q", "--no-verify", "-m", "blamelint under test")
    return clone, _git(clone, "rev-parse", "HEAD")


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


# Pinned through the hook's `args`, so that rules added later do not change the expected findings.
ARGS = ["--select", "BL101", "--select", "BL301"]


def _project(root: Path, hook_repo: tuple[Path, str], hook_ids: list[str], files: dict[str, str]) -> Path:
    clone, sha = hook_repo
    root.mkdir()
    _git(root, "init", "-q")
    hooks = [{"id": hook_id, "args": ARGS} for hook_id in hook_ids]
    config = {"repos": [{"repo": str(clone), "rev": sha, "hooks": hooks}]}
    (root / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    _git(root, "add", "-A")
    return root


def _pre_commit(cwd: Path, home: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never", "NO_COLOR": "1"}
    env.pop("GITHUB_ACTIONS", None)  # the hook's output format must not depend on where the tests run
    return subprocess.run([sys.executable, "-m", "pre_commit", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=INSTALL_TIMEOUT)


def test_manifest_is_valid_for_pre_commit():
    proc = subprocess.run([sys.executable, "-m", "pre_commit", "validate-manifest", str(HOOKS_FILE)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    hooks = {hook["id"]: hook for hook in yaml.safe_load(HOOKS_FILE.read_text(encoding="utf-8"))}
    assert set(hooks) == {"blamelint", "blamelint-fix"}
    assert hooks["blamelint"]["entry"] == "blamelint check"
    assert hooks["blamelint-fix"]["entry"] == "blamelint check --fix"
    for hook in hooks.values():
        assert hook["language"] == "python"
        assert hook["require_serial"] is True
        assert hook["types_or"] == ["markdown", "plain-text"]


@pytest.mark.slow
def test_blaming_postmortem_fails_the_hook(tmp_path, hook_repo, pre_commit_home):
    files = {"postmortems/2024-05-03.md": BLAMING, "notes.txt": "Marco forgot to run the migration.\n",
             # not Markdown or plain text: the hook must not see it
             "tool.py": "# Marco forgot to run the migration before the release.\n"}
    project = _project(tmp_path / "project", hook_repo, ["blamelint"], files)
    proc = _pre_commit(project, pre_commit_home, "run", "--all-files")
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    assert "blamelint................" in output and "Failed" in output
    assert "- exit code: 1" in output
    assert "postmortems/2024-05-03.md:5:1: BL101 person-as-failure-agent:" in output
    assert "notes.txt:1:1: BL101 person-as-failure-agent:" in output
    assert "tool.py" not in output
    assert "notes.txt:1:1: BL301 missing-root-cause-section:" in output
    assert "2 files checked, 3 findings (0 error, 3 warning, 0 info)" in output


@pytest.mark.slow
def test_blameless_postmortem_passes_the_hook(tmp_path, hook_repo, pre_commit_home):
    project = _project(tmp_path / "project", hook_repo, ["blamelint"], {"postmortems/2024-05-03.md": BLAMELESS})
    proc = _pre_commit(project, pre_commit_home, "run", "--all-files")
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    assert "blamelint" in output and "Passed" in output
    assert "Failed" not in output


@pytest.mark.slow
def test_hook_runs_on_staged_files_at_commit_time(tmp_path, hook_repo, pre_commit_home):
    """`pre-commit install` + `git commit`: the commit is refused while the postmortem blames."""
    project = _project(tmp_path / "project", hook_repo, ["blamelint"], {"pm.md": BLAMING})
    install = _pre_commit(project, pre_commit_home, "install")
    assert install.returncode == 0, install.stdout + install.stderr
    env = {**os.environ, "PRE_COMMIT_HOME": str(pre_commit_home), "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid",
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    refused = subprocess.run(["git", "commit", "-q", "-m", "add postmortem"], cwd=project, env=env,
                             capture_output=True, text=True, timeout=INSTALL_TIMEOUT)
    assert refused.returncode != 0
    assert "pm.md:5:1: BL101" in refused.stdout + refused.stderr
    (project / "pm.md").write_text(BLAMELESS, encoding="utf-8")
    _git(project, "add", "pm.md")
    accepted = subprocess.run(["git", "commit", "-q", "-m", "add postmortem"], cwd=project, env=env,
                              capture_output=True, text=True, timeout=INSTALL_TIMEOUT)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr


@pytest.mark.slow
def test_fix_hook_runs(tmp_path, hook_repo, pre_commit_home):
    project = _project(tmp_path / "project", hook_repo, ["blamelint-fix"], {"pm.md": BLAMING})
    proc = _pre_commit(project, pre_commit_home, "run", "--all-files")
    output = proc.stdout + proc.stderr
    # BL101's suggestion is display-only: nothing to apply, the finding is still reported
    assert proc.returncode == 1, output
    assert "No such option" not in output
    assert "pm.md:5:1: BL101" in output
    assert (project / "pm.md").read_text(encoding="utf-8") == BLAMING
