"""Serve rebuilds from the previous build's model: re-check only what the changed files affect.

``mkdocs serve`` rebuilds the whole site after every saved file. The model
(every spec validated and analysed) is kept between rebuilds; on the next one
``fingerprints`` hashes the content files and the ``docs/`` pages,
``update_model`` re-validates and re-analyses only the specs whose content
changed and the compositions that contain them (directly or not), and
``stale_pages`` names the pages whose published HTML those changes can alter,
so a ``--dirty`` serve re-renders those and keeps the others.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from loopctl.layout import is_spec_file
from loopctl.site.cache_files import file_digest
from loopctl.site.collect import (
    SiteModel,
    SpecEntry,
    analyse_entry,
    link_children,
    new_store,
    publishable_files,
    record_reads,
    spec_entry,
)

# Placeholders whose block reads the whole model (or the library), whichever spec changed.
_MODEL_WIDE = re.compile(r"<!--[ \t]*loop:(catalog|stats|level-specs|count|lean-figures)\b")
_SPEC_ARG = re.compile(r"<!--[ \t]*loop:[a-z-]+[^>]*?\bspec=\"?(?P<spec>[^\s\"]+)")
_ANY = re.compile(r"<!--[ \t]*loop:")


def fingerprints(root: Path, paths: list[str]) -> dict[str, str]:
    """Return the SHA-256 of each file at repository path in ``paths`` (an unreadable file hashes as empty)."""
    return {path: file_digest(root / path) for path in paths}


def changed(old: dict[str, str], new: dict[str, str]) -> set[str]:
    """Paths added, removed or whose content differs between two fingerprint maps."""
    return {p for p in old.keys() | new.keys() if old.get(p) != new.get(p)}


def update_model(root: Path, previous: SiteModel, changed_files: set[str]) -> SiteModel | None:
    """Return a model of ``root`` that reuses ``previous`` for every spec that ``changed_files`` cannot affect.

    Returns None when a file was added, removed or renamed (the file list, hence the pages, changed):
    the caller then collects the whole model again.
    """
    files, name_problems = publishable_files(root)
    if files != previous.files or [str(d) for d in name_problems] != [str(d) for d in previous.name_problems]:
        return None
    pages = {f for f in files if f.endswith(".md")}
    redo = affected_specs(previous, changed_files)
    store = new_store(root)
    entries: dict[str, SpecEntry] = {}
    for source, entry in previous.entries.items():
        if source in redo:
            entry = spec_entry(source, store, root, pages)
            analyse_entry(entry, store)
        else:   # a copy: the previous model stays as it was, for comparing the two
            entry = replace(entry, parents=[])
        entries[source] = entry
    link_children(entries, store, root)
    model = SiteModel(root, entries, pages, files, name_problems,
                      outside_reads=dict(previous.outside_reads), probes=dict(previous.probes))
    record_reads(model, store)
    return model


def affected_specs(model: SiteModel, changed_files: set[str]) -> set[str]:
    """The changed specs and every composition that contains one of them, at any depth."""
    todo = [p for p in changed_files if p in model.entries]
    seen: set[str] = set()
    while todo:
        source = todo.pop()
        if source in seen:
            continue
        seen.add(source)
        todo += model.entries[source].parents
    return seen


def stale_pages(before: SiteModel, after: SiteModel, changed_files: set[str],
                sources: dict[str, str]) -> set[str]:
    """Site paths of the pages whose HTML can differ after ``changed_files`` changed.

    ``sources`` maps each Markdown page's site path to its text. A changed page
    is stale; a changed spec makes stale its page, the pages of its children,
    and the pages of the compositions that contain it and of the patterns of
    each (before and after the edit), the pages that name one of those
    in a placeholder and the pages with a model-wide placeholder (catalogs,
    counts, lean figures). Any other changed file (a glossary, a reading path,
    a page other pages measure) makes every page with a placeholder stale.
    """
    specs = affected_specs(before, changed_files) | affected_specs(after, changed_files)
    stale: set[str] = {page for path in changed_files if (page := page_of(after, path)) is not None}
    for source in specs:
        for model in (before, after):
            entry = model.entries.get(source)
            if entry is None:
                continue
            stale.add(entry.page)
            stale |= {model.entries[p].page for p in entry.parents if p in model.entries}
            if source in changed_files:   # a child's page names its compositions: only an edit of one shows there
                stale |= {model.entries[c.source].page for c in entry.children if c.source in model.entries}
            stale |= {page for slug in entry.patterns if (page := model.pattern_page(slug)) is not None}
    others = {p for p in changed_files if p not in before.entries and p not in after.entries}
    for page, text in sources.items():
        shows_a_spec = specs and (_MODEL_WIDE.search(text) or any(m.group("spec") in specs
                                                                  for m in _SPEC_ARG.finditer(text)))
        if (others and _ANY.search(text)) or shows_a_spec:
            stale.add(page)
    return stale


def page_of(model: SiteModel, path: str) -> str | None:
    """The site path of the page that a changed repository file ``path`` is, or None."""
    if path.startswith("docs/") and path.endswith(".md"):
        return path[len("docs/"):]
    if path.endswith(".md") and path in model.pages:
        return path
    entry = model.entries.get(path)
    return entry.page if entry is not None and is_spec_file(path) else None
