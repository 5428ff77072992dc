"""Items written as rows under one list of column keys (format version 3).

After keys are shortened and defaults factored out, the items of one list
still repeat their keys: ``{"n":"a","de":"...","s":"e.x"}`` for every
metric. In version 3 a list may declare its columns once, as ``"~c":["n",
"de","s"]`` in its header, and then write an item as a row of values in
that order: ``["a","...","e.x"]``. A column the item lacks holds the hole
``""``; holes at the end of a row are left out; the item's other keys follow
as one mapping in the position after the last column. An item whose value
at a column is the empty string itself, or that is shorter as a mapping,
stays a mapping, so every item survives. (The empty string was chosen as the
hole because it is the cheapest JSON value in characters and tokens, and a
spec almost never has one.)

The functions work on encoded items (short keys, encoded values): a row is
only another spelling of the encoded mapping.
"""

from __future__ import annotations

import json

from loopctl.lssmin.keys import COLUMNS_KEY, DEFAULTS_KEY
from loopctl.lssmin.shape import DIMENSION_COLUMNS

HOLE = ""
HEADER_KEYS = frozenset({DEFAULTS_KEY, COLUMNS_KEY})
_HEADER_OVERHEAD = 8   # "~c":[], plus the comma or braces around it
_HOLE_SIZE = len(json.dumps(HOLE))


def choose(items: list) -> list[str]:
    """Return the columns that make ``items`` (encoded mappings) shortest as rows; empty when rows do not pay.

    The search starts from the best prefix of the keys ordered by how many
    items have them, then moves, drops and adds single columns while that
    shortens the text (each item counted as the shorter of its row and its
    mapping). Deterministic: ties keep the earlier candidate.
    """
    if len(items) < 2 or not all(isinstance(item, dict) for item in items):
        return []
    # Per item and key: the width of the value and of the whole "key":value entry, measured once.
    widths = [{key: _size(value) for key, value in item.items()} for item in items]
    entries = [{key: len(json.dumps(key, ensure_ascii=False)) + 1 + width for key, width in measured.items()}
               for measured in widths]
    mappings = [_mapping_size(entry) for entry in entries]
    counts: dict[str, int] = {}
    for item in items:
        for key in item:
            counts[key] = counts.get(key, 0) + 1
    order = sorted((key for key, count in counts.items() if count >= 2), key=lambda key: -counts[key])

    def cost(names: list[str]) -> int:
        if not names:
            return sum(mappings)
        total = _HEADER_OVERHEAD + sum(len(key) + 3 for key in names)
        for item, measured, entry, as_mapping in zip(items, widths, entries, mappings, strict=True):
            as_row = _row_size(item, measured, entry, names)
            total += as_mapping if as_row is None else min(as_row, as_mapping)
        return total

    best = min((order[:width] for width in range(len(order) + 1)), key=cost)
    best_cost = cost(best)
    improved = True
    while improved:
        improved = False
        for candidate in _neighbours(best, order):
            candidate_cost = cost(candidate)
            if candidate_cost < best_cost:
                best, best_cost, improved = candidate, candidate_cost, True
                break
    return best


def _neighbours(names: list[str], order: list[str]):
    """Column lists one step from ``names``: one column dropped, moved to another place, or added."""
    for index in range(len(names)):
        yield names[:index] + names[index + 1:]
    for index, key in enumerate(names):
        rest = names[:index] + names[index + 1:]
        for place in range(len(rest) + 1):
            if place != index:
                yield [*rest[:place], key, *rest[place:]]
    for key in order:
        if key not in names:
            for place in range(len(names) + 1):
                yield [*names[:place], key, *names[place:]]


def row(item: dict, columns: list[str]) -> list | None:
    """Return ``item`` as a row under ``columns``, or None when it cannot be one (a value is the hole itself)."""
    if any(item.get(key) == HOLE for key in columns):
        return None
    values = [item.get(key, HOLE) for key in columns]
    rest = {key: value for key, value in item.items() if key not in columns}
    if rest:
        return [*values, rest]
    while values and values[-1] == HOLE:
        values.pop()
    return values


def as_row_or_item(item, columns: list[str]):
    """Return the shorter spelling of an encoded item under ``columns``: its row, or the item itself."""
    if not columns or not isinstance(item, dict):
        return item
    written = row(item, columns)
    if written is None or _size(written) >= _size(item):
        return item
    return written


def from_row(values: list, columns: list[str]) -> dict:
    """Return the encoded mapping a row stands for; refuses (``ValueError``) a row that does not fit ``columns``."""
    width = len(columns)
    if len(values) > width + 1:
        raise ValueError(f"a row has {len(values)} values for {width} columns")
    rest = {}
    if len(values) == width + 1:
        rest = values[-1]
        if not isinstance(rest, dict) or not rest:
            raise ValueError("the value after a row's last column must be a non-empty object of its other keys")
        values = values[:-1]
        clash = [key for key in rest if key in columns]
        if clash:
            raise ValueError(f"a row repeats its column {clash[0]!r} among its other keys")
    item = {key: value for key, value in zip(columns, values, strict=False) if value != HOLE}
    return {**item, **rest}


def is_header(first, with_columns: bool = True) -> bool:
    """True when a list's first element is its header: defaults and (version 3, ``with_columns``) columns."""
    allowed = HEADER_KEYS if with_columns else {DEFAULTS_KEY}
    return isinstance(first, dict) and bool(first) and set(first) <= allowed


def declared(collection, parent: str | None) -> list[str] | None:
    """The columns a packed collection's items may be rows under (version 3), or None.

    The columns its header names, or, for a list of rubric dimensions (``parent`` is ``dm``) without
    them, the implied ones. An empty ``~c`` declares that the list has no rows.
    """
    if isinstance(collection, dict) and isinstance(collection.get(COLUMNS_KEY), list):
        return collection[COLUMNS_KEY] or None
    if not isinstance(collection, list):
        return None
    if collection and is_header(collection[0]) and COLUMNS_KEY in collection[0]:
        names = collection[0][COLUMNS_KEY]
        return names or None if isinstance(names, list) else None
    return list(DIMENSION_COLUMNS) if parent == "dm" else None


def check_columns(columns) -> list[str]:
    """Return a header's column list (empty: no rows here); refuses (``ValueError``) anything but distinct strings."""
    if not isinstance(columns, list) or not all(isinstance(key, str) for key in columns):
        raise ValueError("the columns marker '~c' must be a list of key codes")
    if len(set(columns)) != len(columns):
        raise ValueError("the columns marker '~c' names a column twice")
    return columns


def _size(value) -> int:
    return len(json.dumps(value, separators=(",", ":"), ensure_ascii=False))


def _mapping_size(entries: dict) -> int:
    """Length of ``{"k":v,...}`` from the lengths of its ``"k":v`` entries."""
    return 2 + sum(entries.values()) + max(len(entries) - 1, 0)


def _row_size(item: dict, measured: dict, entries: dict, columns: list[str]) -> int | None:
    """Length of ``item`` written as a row under ``columns`` (None when it cannot be one)."""
    if any(item.get(key) == HOLE for key in columns):
        return None
    widths = [measured.get(key) for key in columns]
    rest = {key: size for key, size in entries.items() if key not in columns}
    if not rest:
        while widths and widths[-1] is None:
            widths.pop()
    total = 1 + sum((_HOLE_SIZE if width is None else width) + 1 for width in widths)
    if rest:
        total += _mapping_size(rest) + 1
    return total + (0 if widths or rest else 1)
