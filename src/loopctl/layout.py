"""Where things live: repository paths of content and the site paths they are published at.

The site's root is ``docs/``; the content folders (``manifesto/``,
``patterns/``, ``case-studies/``, ``loop-library/``) sit beside it in the
repository and are published beside it in the site, at the same relative
path. A spec ``<folder>/<stem>.yaml`` gets the page ``<folder>/<stem>.md``
(its companion page when one exists, a generated one otherwise) and keeps its
raw file at ``<folder>/<stem>.yaml``. Everything here is a pure function of
paths.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

CONTENT_FOLDERS = ("manifesto", "patterns", "case-studies", "loop-library")
SPEC_SUFFIXES = (".yaml", ".yml", ".json")
RESULTS_SUFFIX = ".results.json"  # observed benchmark results: checked by `loopctl results`, never specs
DOCS_PREFIX = "docs/"

# The most specific folder wins: compositions live inside loop-library/.
KIND_BY_FOLDER = (
    ("loop-library/compositions/", "composition"),
    ("loop-library/", "library"),
    ("patterns/", "pattern"),
    ("case-studies/", "case-study"),
)
KIND_TITLES = {
    "library": "Loop library",
    "composition": "Composition",
    "pattern": "Pattern",
    "case-study": "Case study",
}
KINDS = tuple(kind for _, kind in KIND_BY_FOLDER)


def spec_kind(source: str) -> str | None:
    """Return library / composition / pattern / case-study for a spec's repository path, else None."""
    for prefix, kind in KIND_BY_FOLDER:
        if source.startswith(prefix):
            return kind
    return None


def is_spec_file(path: str) -> bool:
    """True for a YAML or JSON file inside a folder that holds specs; results files (``*.results.json``) are not specs."""
    return (path.lower().endswith(SPEC_SUFFIXES) and spec_kind(path) is not None
            and not path.lower().endswith(RESULTS_SUFFIX))


def spec_page(source: str) -> str:
    """Return the site path of a spec's page: ``<folder>/<stem>.md``."""
    stem, _ = posixpath.splitext(source)
    return stem + ".md"


def site_path(repo_path: str) -> str | None:
    """Return where a repository file is published in the site, or None when it is not published.

    ``docs/x`` is published at ``x``; content folders keep their path.
    """
    if repo_path == DOCS_PREFIX.rstrip("/"):
        return ""
    if repo_path.startswith(DOCS_PREFIX):
        return repo_path[len(DOCS_PREFIX):]
    if repo_path.split("/", 1)[0] in CONTENT_FOLDERS:
        return repo_path
    return None


def relative_link(from_page: str, to_path: str) -> str:
    """Return the relative link from one site page to a site path (both relative to the site root)."""
    start = posixpath.dirname(from_page) or "."
    return posixpath.relpath(to_path or ".", start)


def is_content_page(path: str) -> bool:
    """True when a site path lies in one of the content folders (written GitHub-style)."""
    return path.split("/", 1)[0] in CONTENT_FOLDERS


def content_files(root: Path) -> list[str]:
    """Return the repository paths of every publishable file in the content folders, sorted.

    Hidden files and folders (a leading dot) are skipped.
    """
    found = []
    for folder in CONTENT_FOLDERS:
        base = root / folder
        if not base.is_dir():
            continue
        for path in base.rglob("*"):
            relative = path.relative_to(root)
            if path.is_file() and not any(part.startswith(".") for part in relative.parts):
                found.append(relative.as_posix())
    return sorted(found)
