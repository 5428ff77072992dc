"""The ``site.file-name`` rule: files in the content folders have names that are safe as link targets.

A file name becomes a link target ("Raw file", "Download", the catalogs and
folder indexes) and a page address. A name such as
``javascript:alert(1)<!-- x.yaml`` would make a clickable script link, and a
``|`` or ``)`` would cut a table cell or a Markdown link short. Rather than
trusting every place a path lands, the site accepts one safe form: every
folder is lower-case kebab-case, every file is a lower-case kebab-case stem
with a lower-case extension (``README.md`` and ``index.md`` are the allowed
exceptions). ``file_name_problems`` is pure: it looks at the path string only.

The companion rule ``site.outside-link`` refuses a content file that is a
symbolic link to a file outside the project: the site would publish, say,
``/etc/passwd`` as a "raw spec file".
"""

from __future__ import annotations

import re
from pathlib import Path

from loopctl.diagnostics import ERROR, Diagnostic
from loopctl.layout import RESULTS_SUFFIX
from loopctl.rules import DESCRIBED, Rule

RULE_ID = "site.file-name"
OUTSIDE_RULE_ID = "site.outside-link"
INDEX_NAMES = ("README.md", "index.md")
SPEC_AND_PAGE_SUFFIXES = (".yaml", ".yml", ".json", ".md")

_KEBAB = r"[a-z0-9]+(?:-[a-z0-9]+)*"
_FOLDER = re.compile(rf"^{_KEBAB}$")
# A results file keeps its compound suffix (loopbench.results.json); any other name has one extension.
_FILE = re.compile(rf"^{_KEBAB}(?:{re.escape(RESULTS_SUFFIX)}|\.[a-z0-9]+)$")

RULES = (Rule(
    RULE_ID, ERROR,
    "A file in a content folder has a lower-case kebab-case name (README.md and index.md are allowed).",
    "A file's name becomes link targets and page addresses on the site; only a plain name cannot turn into "
    "a script link or cut a table or a link short.",
    "loop-library/javascript:alert(1)<!-- x.yaml",
    scope="site", example_form=DESCRIBED,
    example_note="a file's path, checked by the site build; the example test passes it to file_name_problems",
), Rule(
    OUTSIDE_RULE_ID, ERROR,
    "A file in a content folder is not a link to a file outside the project.",
    "Every content file is published as it is; a symbolic link would publish whatever it points at.",
    "loop-library/spec.yaml -> /etc/passwd",
    scope="site", example_form=DESCRIBED,
    example_note="a symbolic link, not text; the example test makes one and passes it to outside_link_problems",
))


def outside_link_problems(root: Path, path: str) -> list[Diagnostic]:
    """Return a ``site.outside-link`` error when the content file ``path`` (relative to ``root``) resolves,
    through symbolic links, to a place outside ``root``; an empty list otherwise."""
    target = (root / path).resolve()
    if target.is_relative_to(Path(root).resolve()):
        return []
    return [Diagnostic(path, 1, 1, ERROR, OUTSIDE_RULE_ID, "this file is a link to a file outside the project",
                       "copy the file into the project instead of linking to it")]


def file_name_problems(path: str) -> list[Diagnostic]:
    """Return a ``site.file-name`` error for the repository path ``path`` of a content-folder file, if its name
    or one of its folders is outside the safe form; an empty list when the path is safe.

    The diagnostic names the file as given (a formatter escapes it for where it is printed), at line 1,
    column 1: the problem is the name, not the content.
    """
    *folders, name = path.split("/")
    for folder in folders:
        if not _FOLDER.match(folder):
            return [_problem(path, f"folder name {folder!r} is not lower-case kebab-case",
                             f"rename the folder to {suggest(folder)!r}")]
    if name in INDEX_NAMES or _FILE.match(name):
        return []
    return [_problem(path, f"file name {name!r} is not a lower-case kebab-case name with an extension such as "
                           f"{', '.join(SPEC_AND_PAGE_SUFFIXES)}",
                     f"rename the file to {suggest(name)!r}")]


def suggest(name: str) -> str:
    """Return a safe name close to ``name``: lower case, runs of other characters turned into single hyphens."""
    stem, dot, suffix = name.rpartition(".") if "." in name.lstrip(".") else (name, "", "")
    safe_stem = "-".join(re.findall(r"[a-z0-9]+", stem.lower())) or "spec"
    safe_suffix = "".join(re.findall(r"[a-z0-9]+", suffix.lower()))
    return f"{safe_stem}.{safe_suffix}" if dot and safe_suffix else safe_stem


def _problem(path: str, message: str, hint: str) -> Diagnostic:
    return Diagnostic(path, 1, 1, ERROR, RULE_ID, message, hint)
