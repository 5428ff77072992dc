"""Lists of plain words written as one string (format version 3): ``["read_file","grep"]`` -> ``"read_file grep"``.

Applied only where the standard puts a list of strings (tools, feedback
fields, allowed writers, read policies, patterns, tags, enum values, preserved
sections, secondary targets, a worker's input bindings), so the decoder knows
that a string there is a list. A list qualifies when it is not empty and every
element is a word: printable ASCII without spaces, quotes or backslashes, the
characters JSON writes as they are. ``"a b"`` then costs one separator where
``["a","b"]`` costs three, and one cl100k token less per element.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[!#-\[\]-~]+")


def join(values) -> str | None:
    """Return the elements of ``values`` joined by spaces, or None when it is not a non-empty list of words."""
    if not isinstance(values, list) or not values:
        return None
    if not all(isinstance(value, str) and _WORD.fullmatch(value) for value in values):
        return None
    return " ".join(values)


def split(text: str) -> list[str]:
    """Return the words of a joined list (the inverse of ``join``); refuses (``ValueError``) what join never writes."""
    values = text.split(" ")
    if not all(_WORD.fullmatch(value) for value in values):
        raise ValueError(f"the word list {text[:40]!r} has an empty or non-word element")
    return values
