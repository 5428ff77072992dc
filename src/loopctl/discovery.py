"""Which files under a folder are specs: the walk behind ``loopctl validate FOLDER``.

A project folder holds much that is not a spec: dependencies
(``node_modules``), hidden tool folders, the built site and other generated
files that ``.gitignore`` names, and run results (``*.results.json``). The
walk prunes hidden folders, ``node_modules`` and ``--exclude`` globs as it
goes, then asks git (``git check-ignore --stdin``) which of the remaining
files are ignored, when the folder is in a git work tree; without git,
nothing else is skipped.
"""

from __future__ import annotations

import fnmatch
import os
import shutil
import stat
import subprocess
from pathlib import Path

from loopctl.layout import RESULTS_SUFFIX

SKIPPED_FOLDERS = {"node_modules"}


def spec_files_under(folder: Path, suffixes: tuple[str, ...], exclude=()) -> list[Path]:
    """Return the spec files under ``folder`` (sorted), skipping what the module docstring lists."""
    found = []
    for current, dirs, files in os.walk(folder):
        base = Path(current)
        dirs[:] = sorted(d for d in dirs if not _skipped(base / d, folder, exclude, folder_entry=True))
        for name in sorted(files):
            path = base / name
            if (name.lower().endswith(suffixes) and not name.lower().endswith(RESULTS_SUFFIX)
                    and not _skipped(path, folder, exclude, folder_entry=False) and _regular(path)):
                found.append(path)
    return sorted(set(found) - set(git_ignored(folder, found)))


def _skipped(path: Path, top: Path, exclude, folder_entry: bool) -> bool:
    name = path.name
    if name.startswith(".") or (folder_entry and name in SKIPPED_FOLDERS):
        return True
    relative = path.relative_to(top).as_posix()
    return any(fnmatch.fnmatchcase(name, glob) or fnmatch.fnmatchcase(relative, glob)
               or fnmatch.fnmatchcase(relative, glob.rstrip("/")) for glob in exclude)


def _regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def git_ignored(folder: Path, files: list[Path]) -> list[Path]:
    """Return the files that git ignores, when ``folder`` is in a git work tree; else an empty list."""
    git = shutil.which("git")
    if not files or git is None:
        return []
    try:
        inside = subprocess.run([git, "rev-parse", "--is-inside-work-tree"], cwd=folder, capture_output=True,
                                text=True, timeout=30)
        if inside.returncode != 0 or inside.stdout.strip() != "true":
            return []
        top = folder.resolve()
        # The folder is resolved, the files are not: a symlink to a file outside the repository must not make
        # git refuse the whole batch.
        absolute = {str(top / p.relative_to(folder)): p for p in files}
        answer = subprocess.run([git, "check-ignore", "-z", "--stdin"], cwd=folder, capture_output=True,
                                input="\0".join(absolute).encode("utf-8", errors="surrogateescape") + b"\0",
                                timeout=120)
    except (OSError, subprocess.SubprocessError):
        return []
    if answer.returncode not in (0, 1):  # 1: nothing is ignored; anything else: git could not tell
        return []
    ignored = []
    for raw in answer.stdout.split(b"\0"):
        if not raw:
            continue
        shown = raw.decode("utf-8", errors="surrogateescape")
        key = shown if os.path.isabs(shown) else str(top / shown)
        if key in absolute:
            ignored.append(absolute[key])
    return ignored
