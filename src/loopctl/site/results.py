"""The generated leaderboard pages and the published results schema, for the site build.

``results_pages(root)`` finds ``loop-library/results/*.results.json``, checks
each file, ranks the submissions of the files without errors and returns
``{site path: content}``: the leaderboard, a page per submission and the
results schema. It never raises for bad results: a file with errors is
listed on the leaderboard with its diagnostics and left out.
"""

from __future__ import annotations

import re
from pathlib import Path

from loopctl.layout import RESULTS_SUFFIX, relative_link, spec_page
from loopctl.render.leaderboard import LibraryLink, leaderboard_page, submission_page
from loopctl.results.check import check_file
from loopctl.results.rank import rank
from loopctl.results.rules import file_hash, library_source
from loopctl.results.schema import SCHEMA_FILE, results_schema_text

RESULTS_FOLDER = "loop-library/results"
SUFFIX = RESULTS_SUFFIX
PAGES = "leaderboard"


def results_files(root: Path) -> list[Path]:
    """Return the results files of the repository at ``root``, sorted."""
    folder = root / RESULTS_FOLDER
    return sorted(p for p in folder.glob(f"*{SUFFIX}") if p.is_file()) if folder.is_dir() else []


def results_pages(root: str | Path) -> dict[str, str]:
    """Return every generated file: ``leaderboard/index.md``, one page per submission, the results schema."""
    root = Path(root).resolve()
    models, problems, sources = [], [], []
    for path in results_files(root):
        display = path.relative_to(root).as_posix()
        _, model, diagnostics = check_file(path, root, display=display)
        if model is None:
            problems += [d for d in diagnostics if d.is_error]
            continue
        models.append(model)
        sources.append(dict(model.source, file=display))
    rows = rank(models)
    slugs = {}
    for model in models:
        stem = re.sub(r"[^a-z0-9-]+", "-", Path(model.path).name[: -len(SUFFIX)].lower()).strip("-") or "results"
        for s in model.submissions:
            slugs[id(s)] = f"{stem}-{s.index + 1}"
    library = {}
    for row in rows:
        found = _library(root, row.submission.spec_path, row.submission.spec_hash, f"{PAGES}/index.md")
        if found is not None:
            library[id(row.submission)] = found
    pages = {f"{PAGES}/index.md": leaderboard_page(rows, slugs, sources, problems, library)}
    for row in rows:
        slug = slugs[id(row.submission)]
        # Submission pages sit beside the leaderboard, so the same relative link to our spec page works.
        pages[f"{PAGES}/{slug}.md"] = submission_page(row, library.get(id(row.submission)),
                                                      chart_prefix=f"trace-{slug}")
    pages[f"schema/{SCHEMA_FILE}"] = results_schema_text()
    return pages


def _library(root: Path, spec_path: str, spec_hash: str, page: str) -> LibraryLink | None:
    source = library_source(spec_path)
    if source is None or not (root / source).is_file():
        return None
    return LibraryLink(relative_link(page, spec_page(source)), Path(source).stem,
                       file_hash(root / source) == spec_hash)
