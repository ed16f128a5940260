"""`blamelint init`: write a blameless postmortem template for a profile.

The template text lives in the profile (data/profiles/*.yaml, key `template`), so a
project's own profile file can carry its own template.
"""

from __future__ import annotations

from pathlib import Path

from blamelint.atomicfile import ExistsError, WriteError, write_atomic
from blamelint.errors import BlamelintError, ConfigError
from blamelint.structure.profiles import builtin_profile_names, resolve_profile

DEFAULT_NAME = "postmortem.md"


def template_text(profile: str = "default") -> str:
    """The template of a built-in profile (by name) or of a profile file (by path)."""
    try:
        loaded = resolve_profile(profile, Path.cwd())
    except ConfigError as problem:
        if problem.where is None:
            raise BlamelintError(f"{problem.message}", "--profile") from None
        raise
    if not loaded.template.strip():
        raise BlamelintError(f"profile {loaded.name!r} has no template", loaded.source or "--profile")
    return loaded.template


def write_template(path: str | Path | None = None, profile: str = "default") -> Path:
    """Write the template to `path` (a file, or a folder to hold postmortem.md); never overwrite."""
    target = Path(path) if path else Path(DEFAULT_NAME)
    if target.is_dir():
        target = target / DEFAULT_NAME
    text = template_text(profile)
    if target.exists():
        raise BlamelintError("file exists; refusing to overwrite it (choose another path or remove it)", str(target))
    if not target.parent.is_dir():
        raise BlamelintError("folder does not exist", str(target.parent))
    try:  # atomic and exclusive: a full disk leaves no empty file, a race never overwrites
        write_atomic(target, text.encode("utf-8"), exclusive=True)
    except ExistsError:
        raise BlamelintError("file exists; refusing to overwrite it", str(target)) from None
    except WriteError as problem:
        raise BlamelintError(f"cannot write the template: {problem.message.removeprefix('cannot write: ')}",
                             str(target)) from None
    return target


__all__ = ["DEFAULT_NAME", "builtin_profile_names", "template_text", "write_template"]
