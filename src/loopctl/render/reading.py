"""Reading times derived from words, and the onboarding paths built from them.

A page's reading time is its prose word count (fenced code, HTML comments,
link targets and table rules left out) at ``WORDS_PER_MINUTE``, rounded to a
whole minute and at least one. Every figure on the site that says how long a
page or a path takes comes from here, so a page that grows changes every
figure that mentions it.

The onboarding paths are data in ``docs/onboarding-paths.yaml``: for each
path, a title, who it is for, and the ordered pages (site paths), each with
an optional label and note. ``load_paths`` checks that shape and raises
``ValueError`` naming the file and the path at fault.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from loopctl.layout import DOCS_PREFIX, is_content_page
from loopctl.render.fences import split_code

WORDS_PER_MINUTE = 150   # a careful first reading of technical prose with formulas
PATHS_SOURCE = "docs/onboarding-paths.yaml"

_COMMENT = re.compile(r"<!--.*?-->", re.S)
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_WORD = re.compile(r"[\w][\w'’.-]*")
_TITLE = re.compile(r"^#[ \t]+(?P<title>.+?)[ \t]*$", re.M)


@dataclass(frozen=True)
class Step:
    """One page of a reading path, with its label and an optional note (e.g. what to skim)."""

    page: str
    label: str
    note: str
    minutes: int


@dataclass(frozen=True)
class ReadingPath:
    """An ordered reading list for one kind of reader."""

    key: str
    title: str
    audience: str
    steps: tuple[Step, ...]

    @property
    def minutes(self) -> int:
        return sum(step.minutes for step in self.steps)


@lru_cache(maxsize=1024)   # reading paths time the same pages many times in one build
def word_count(markdown: str) -> int:
    """Return the number of prose words in a Markdown page (code, comments and link targets excluded)."""
    prose = "".join(text for is_code, text in split_code(markdown) if not is_code)
    prose = _LINK_TARGET.sub("]", _COMMENT.sub(" ", prose))
    return len(_WORD.findall(prose))


def minutes_for(words: int) -> int:
    """Return the reading time in whole minutes for ``words`` words (at least one)."""
    return max(1, round(words / WORDS_PER_MINUTE))


def format_minutes(minutes: int) -> str:
    """Return ``7 min`` or, from an hour on, ``1 h 35 min``."""
    if minutes < 60:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest} min" if rest else f"{hours} h"


def source_of(page: str) -> str:
    """Return the repository path of a site page (``docs/`` pages and content-folder pages)."""
    return page if is_content_page(page) else DOCS_PREFIX + page


def page_text(root: Path, page: str) -> str:
    """Return the Markdown source of site page ``page``; raise ``ValueError`` when there is none."""
    path = Path(root) / source_of(page)
    if not page.endswith(".md") or not path.is_file():
        raise ValueError(f"no page {page!r} (a site path such as fundamentals/feedback.md)")
    return _read(str(path), path.stat().st_mtime_ns)


def page_minutes(root: Path, page: str) -> int:
    """Return the reading time of site page ``page`` in minutes."""
    return minutes_for(word_count(page_text(root, page)))


def page_title(root: Path, page: str) -> str:
    """Return the first ``#`` heading of a page, or its file name when it has none."""
    found = _TITLE.search(page_text(root, page))
    return found.group("title") if found else page.rsplit("/", 1)[-1]


def folder_pages(root: Path, folder: str) -> list[str]:
    """Return the site paths of the Markdown pages directly inside ``folder`` (its index excluded)."""
    base = Path(root) / source_of(folder.rstrip("/") + "/x.md").rsplit("/", 1)[0]
    if not base.is_dir():
        raise ValueError(f"no folder {folder!r}")
    return [f"{folder.rstrip('/')}/{p.name}" for p in sorted(base.glob("*.md"))
            if p.name not in ("index.md", "README.md")]


def load_paths(root: Path) -> dict[str, ReadingPath]:
    """Return the onboarding paths of ``docs/onboarding-paths.yaml``, every step timed."""
    path = Path(root) / PATHS_SOURCE
    if not path.is_file():
        raise ValueError(f"{PATHS_SOURCE} is missing")
    try:
        data = _parsed(str(path), path.stat().st_mtime_ns)
    except yaml.YAMLError as error:
        raise ValueError(f"{PATHS_SOURCE} is not valid YAML: {error}") from None
    if not isinstance(data, dict) or not data:
        raise ValueError(f"{PATHS_SOURCE} must map path keys to paths")
    paths = {}
    for key, item in data.items():
        where = f"{PATHS_SOURCE}: path {key!r}"
        if not isinstance(item, dict) or not isinstance(item.get("steps"), list) or not item["steps"]:
            raise ValueError(f"{where} needs title, for and a non-empty list of steps")
        steps = []
        for raw in item["steps"]:
            raw = {"page": raw} if isinstance(raw, str) else raw
            if not isinstance(raw, dict) or not isinstance(raw.get("page"), str):
                raise ValueError(f"{where}: a step is a page path or {{page, label, note}}")
            try:
                steps.append(Step(raw["page"], str(raw.get("label") or page_title(root, raw["page"])),
                                  str(raw.get("note") or ""), page_minutes(root, raw["page"])))
            except ValueError as error:
                raise ValueError(f"{where}: {error}") from None
        paths[str(key)] = ReadingPath(str(key), str(item.get("title", key)), str(item.get("for", "")), tuple(steps))
    return paths


@lru_cache(maxsize=8)
def _parsed(path: str, _version: int) -> object:
    # Read once per version of the file; every page with a reading path asks for it.
    return yaml.load(_read(path, _version), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@lru_cache(maxsize=256)
def _read(path: str, _version: int) -> str:
    return Path(path).read_text(encoding="utf-8")
