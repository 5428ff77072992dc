"""The glossary as data: one definition per term, read from ``docs/glossary.md``.

The glossary page is the single source of every definition the site states.
An entry is a ``### Title`` heading and the paragraphs below it, up to the
next heading. Its key is the heading's anchor as MkDocs writes it
(``Level 3: multi-agent`` -> ``level-3-multi-agent``). Three kinds of
paragraph have a meaning:

- the first paragraph is the definition (a closing "See [...](...)." sentence
  is a pointer for glossary readers and is left out when it is embedded);
- a paragraph starting ``In LSS:`` says where the term lives in a spec;
- a paragraph starting ``Ask of a harness:`` is the question that finds the
  term in an existing agent harness (used by the integration guides).

``parse_glossary`` is pure; ``load_glossary`` reads the file of a repository
once per file version.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

GLOSSARY_PAGE = "glossary.md"      # site path
GLOSSARY_SOURCE = "docs/glossary.md"

_HEADING = re.compile(r"^(#{1,6})[ \t]+(?P<title>.+?)[ \t]*#*[ \t]*$")
_SEE = re.compile(r"\s*See \[[^\n]*$")
_LSS = "In LSS:"
_ASK = "Ask of a harness:"


@dataclass(frozen=True)
class Entry:
    """One glossary entry: its anchor, title, definition and the optional LSS and harness paragraphs."""

    key: str
    title: str
    definition: str
    in_lss: str = ""
    ask: str = ""


def anchor(title: str) -> str:
    """Return the anchor MkDocs' default ``toc`` slugify gives a heading title."""
    text = re.sub(r"[^\w\s-]", "", title.strip().lower())
    return re.sub(r"[-\s]+", "-", text).strip("-")


def parse_glossary(markdown: str) -> dict[str, Entry]:
    """Return every ``###`` entry of the glossary text, keyed by anchor, in page order."""
    entries: dict[str, Entry] = {}
    title: str | None = None
    body: list[str] = []
    for line in [*markdown.splitlines(), "## end"]:
        heading = _HEADING.match(line)
        if heading is None:
            if title is not None:
                body.append(line)
            continue
        if title is not None:
            entry = _entry(title, body)
            entries.setdefault(entry.key, entry)
        title = heading.group("title") if len(heading.group(1)) == 3 else None
        body = []
    return entries


def _entry(title: str, body: list[str]) -> Entry:
    paragraphs = [" ".join(p.split()) for p in "\n".join(body).split("\n\n") if p.strip()]
    definition = _SEE.sub("", paragraphs[0]) if paragraphs else ""
    in_lss = next((p[len(_LSS):].strip() for p in paragraphs if p.startswith(_LSS)), "")
    ask = next((p[len(_ASK):].strip() for p in paragraphs if p.startswith(_ASK)), "")
    return Entry(anchor(title), title, definition, in_lss, ask)


def load_glossary(root: Path) -> dict[str, Entry]:
    """Return the glossary entries of the repository at ``root`` (empty when it has no glossary)."""
    path = Path(root) / GLOSSARY_SOURCE
    if not path.is_file():
        return {}
    return _cached(str(path), path.stat().st_mtime_ns)


@lru_cache(maxsize=8)
def _cached(path: str, _version: int) -> dict[str, Entry]:
    return parse_glossary(Path(path).read_text(encoding="utf-8"))
