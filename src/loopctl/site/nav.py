"""Folder entries in the navigation: ``patterns/`` in ``mkdocs.yml`` becomes every page of that folder.

The content folders grow as specs are added; listing each page by hand in
``mkdocs.yml`` would go stale. A nav entry whose value is a folder path
ending in ``/`` expands to the folder's index page (``index.md`` or
``README.md``) followed by its other pages sorted by name, and a section per
subfolder (titled from the folder name). A bare folder string inside a list
is spliced into that list.

A folder with more than ``FOLDER_LIMIT`` pages of its own lists only its
index page: with ``navigation.prune`` every page of a section carries that
section's entries, so a folder of a thousand generated specs would put a
thousand links into each of its thousand pages. Its pages are still built,
and the catalog and the folder's index page list them.
"""

from __future__ import annotations

import posixpath

FOLDER_LIMIT = 60   # pages of one folder listed in the navigation; the real library's folders have far fewer


def expand_nav(nav, pages: list[str]):
    """Return ``nav`` (the MkDocs nav structure) with folder entries expanded from ``pages`` (site paths)."""
    if isinstance(nav, list):
        out = []
        for item in nav:
            if _is_folder(item):
                out.extend(folder_entries(item, pages))
            else:
                out.append(expand_nav(item, pages))
        return out
    if isinstance(nav, dict):
        return {title: (folder_entries(value, pages) if _is_folder(value) else expand_nav(value, pages))
                for title, value in nav.items()}
    return nav


def _is_folder(value) -> bool:
    return isinstance(value, str) and value.endswith("/") and "://" not in value


def folder_entries(folder: str, pages: list[str]) -> list:
    """Return the nav entries of one folder: index first, then pages by name, then subfolder sections."""
    folder = folder.rstrip("/") + "/"
    direct, subfolders = [], set()
    for page in pages:
        if not page.startswith(folder) or not page.endswith(".md"):
            continue
        rest = page[len(folder):]
        if "/" in rest:
            subfolders.add(rest.split("/", 1)[0])
        else:
            direct.append(page)
    index = [p for p in direct if posixpath.basename(p) in ("index.md", "README.md")][:1]
    others = sorted(p for p in direct if p not in index)
    entries: list = index + (others if len(others) <= FOLDER_LIMIT else [])
    for sub in sorted(subfolders):
        inner = folder_entries(folder + sub, pages)
        if inner:
            entries.append({sub.replace("-", " ").capitalize(): inner})
    return entries
