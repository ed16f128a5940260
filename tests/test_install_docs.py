"""The install instructions in README.md and docs/ are ones that work today (docs/install.md):
from a clone or a git URL, with marked placeholders, never a PyPI package, release tag or
action tag that does not exist; the pre-commit snippets name hooks the repository ships."""

from __future__ import annotations

import re
import tomllib

import pytest
import yaml

from conftest import REPO

DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
HOOK_IDS = {hook["id"] for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
_FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.DOTALL | re.MULTILINE)
_PLACEHOLDER = re.compile(r"<[a-z][\w-]*>")
_RELEASE_SECTION = "## On a release"  # docs/install.md: what changes once blamelint is published


def _without_release_notes(path) -> str:
    text = path.read_text(encoding="utf-8")
    return text.split(_RELEASE_SECTION)[0] if path.name == "install.md" else text


def _yaml_blocks():
    for path in DOCS:
        for match in _FENCE.finditer(_without_release_notes(path)):
            if match.group(1) in ("yaml", "") and "repos:" in match.group(2):
                yield path.name, yaml.safe_load(match.group(2))


PRE_COMMIT = list(_yaml_blocks())


def test_the_docs_show_pre_commit_configs():
    assert {name for name, _ in PRE_COMMIT} >= {"README.md", "pre-commit.md", "install.md"}


@pytest.mark.parametrize("name, config", PRE_COMMIT, ids=[name for name, _ in PRE_COMMIT])
def test_pre_commit_snippets_use_hooks_that_exist_at_a_marked_placeholder(name, config):
    for repo in config["repos"]:
        hooks = {hook["id"] for hook in repo["hooks"]}
        if repo["repo"] == "local":
            assert all(hook["entry"].startswith("blamelint check") for hook in repo["hooks"])
            continue
        assert hooks <= HOOK_IDS, f"{name}: hooks {sorted(hooks - HOOK_IDS)} are not in .pre-commit-hooks.yaml"
        # no tag has been released and the repository is not published: both are placeholders
        assert _PLACEHOLDER.fullmatch(repo["repo"]) and _PLACEHOLDER.fullmatch(str(repo["rev"])), (name, repo)


def _code(path) -> str:
    """The fenced code blocks of a page: the commands a reader copies."""
    return "\n".join(match.group(2) for match in _FENCE.finditer(_without_release_notes(path)))


def _pip_installs():
    for path in DOCS:
        for command in re.findall(r"pip install ([^&;#)\n]*)", _code(path)):
            targets = [a.strip("'\"") for a in command.split() if not a.startswith("-")]
            if any("blamelint" in t or t.startswith(".") for t in targets):
                yield path.name, command.strip(), targets


INSTALLS = list(_pip_installs())


def test_the_docs_show_installs():
    assert {name for name, _, _ in INSTALLS} >= {"README.md", "install.md", "ci.md", "editors.md"}


@pytest.mark.parametrize("name, command, targets", INSTALLS, ids=[f"{n}: {c}" for n, c, _ in INSTALLS])
def test_pip_installs_come_from_a_clone_or_a_git_url(name, command, targets):
    for target in targets:
        from_clone = re.fullmatch(r"\.(?:\[\w+(?:,\w+)*\])?", target)
        from_git = target.startswith("git+<blamelint-repo-url>")
        # a name only as a direct reference to the git URL: "blamelint[lsp] @ git+..."
        named = target in ("blamelint[lsp]", "@") and "@ git+<blamelint-repo-url>" in command
        assert from_clone or from_git or named, f"{name}: pip install {command}"


def test_no_doc_uses_an_action_tag_that_does_not_exist():
    for path in DOCS:
        for uses in re.findall(r"^\s*-?\s*uses: (\S+)", _code(path), re.MULTILINE):
            if uses.startswith(("actions/", "github/")):
                continue
            assert uses.startswith("./") or _PLACEHOLDER.search(uses), (path.name, uses)


def test_the_readme_installs_the_clone_it_is_in():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    [try_it] = [line for line in readme.splitlines() if line.startswith("python3 -m venv .venv && .venv/bin/pip install .")]
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["name"] == "blamelint" and "blamelint" in project["scripts"]  # `.` is this project
    example = try_it.split("blamelint check ")[1]
    assert (REPO / example).is_file()  # the file the command then checks is in the clone
