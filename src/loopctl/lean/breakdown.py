"""Where the bytes of an LSS-min text are: characters and tokens by field family.

The families are ``prose`` (strings that are not ids or references: roles,
descriptions, criteria, names), ``ids`` (item ids, written as values or as the
keys of an id-keyed list), ``references`` (worker input bindings, ``depends_on``,
``runs_after``, ``applies_to``, feedback ends, metric sources, refinement
targets, written as strings or as indices), ``numbers`` (numbers, booleans,
null), ``keys`` (every other mapping key, format markers included) and
``punctuation`` (the rest: quotes around nothing, brackets, commas, colons).

Both columns add up exactly to the text's figures. Each character has a
family (quotes, brackets, commas and colons are punctuation); each cl100k
token of the whole text counts for the family of its first character that is
not punctuation, so ``":"`` goes to punctuation and ``"w.critic`` to references.
"""

from __future__ import annotations

import json

from loopctl.lean import tokens
from loopctl.lssmin.columns import declared, is_header
from loopctl.lssmin.keys import ABSENT_KEY, COLUMNS_KEY

FAMILIES = ("prose", "ids", "references", "numbers", "keys", "punctuation")
# Codes whose values are references (or lists of them), at any depth.
REFERENCE_CODES = {"dp", "ra", "at", "s", "ds", "re", "st", "f", "mc"}
# Top-level codes whose value may be written as an id-keyed map (format version 2).
ID_LISTS = {"w", "e", "fc", "sc"}
# Markers whose values are lists of key codes: absent keys and (format version 3) columns.
MARKER_LISTS = {ABSENT_KEY, COLUMNS_KEY}


def breakdown(packed: dict) -> dict:
    """Return ``{family: {"characters": n, "tokens": n}}`` for LSS-min data, with a ``total`` row."""
    chunks: list[tuple[str, str]] = []
    _walk(packed, None, chunks)
    text = "".join(chunk for chunk, _ in chunks)
    labels = [family for chunk, family in chunks for _ in chunk]
    out = {family: {"characters": labels.count(family), "tokens": 0} for family in FAMILIES}
    ids = tokens.encoding().encode(text, disallowed_special=())
    _, starts = tokens.encoding().decode_with_offsets(ids)
    for index, begin in enumerate(starts):
        finish = starts[index + 1] if index + 1 < len(starts) else len(text)
        inside = [label for label in labels[begin:finish] if label != "punctuation"]
        out[inside[0] if inside else "punctuation"]["tokens"] += 1
    out["total"] = {"characters": len(text), "tokens": len(ids)}
    return out


def _walk(value, parent: str | None, chunks: list, section: str | None = None, refs: bool = False,
          listed: bool = False, columns: list | None = None) -> None:
    """Append ``value``'s compact JSON as (text, family) chunks; ``section`` is the top-level code above it.

    ``columns`` are the column codes of the collection ``value`` is an item of: a list there is a row.
    """
    if isinstance(value, list) and columns is not None:
        _row(value, columns, chunks, section)
    elif isinstance(value, dict):
        id_map = parent in ID_LISTS and parent == section and not listed
        names = declared(value, parent)
        chunks.append(("{", "punctuation"))
        for position, (key, item) in enumerate(value.items()):
            if position:
                chunks.append((",", "punctuation"))
            _string(key, "ids" if id_map and not key.startswith("~") else "keys", chunks)
            chunks.append((":", "punctuation"))
            _walk(item, key, chunks, key if section is None else section, refs=(key == "i" and section == "w"),
                  columns=None if key.startswith("~") else names)
        chunks.append(("}", "punctuation"))
    elif isinstance(value, list):
        names = declared(value, parent)
        chunks.append(("[", "punctuation"))
        for position, item in enumerate(value):
            if position:
                chunks.append((",", "punctuation"))
            _walk(item, parent, chunks, section, refs, listed=True,
                  columns=names if position or names is None or not is_header(item) else None)
        chunks.append(("]", "punctuation"))
    elif parent in MARKER_LISTS:
        _scalar(value, "keys", chunks)
    elif parent in REFERENCE_CODES or refs:
        _scalar(value, "references", chunks)
    elif parent == "id":
        _scalar(value, "ids", chunks)
    else:
        _scalar(value, "prose" if isinstance(value, str) else "numbers", chunks)


def _row(values: list, names: list, chunks: list, section: str | None) -> None:
    """A row: each value belongs to its column's key; the mapping after the last column holds the other keys."""
    chunks.append(("[", "punctuation"))
    for position, item in enumerate(values):
        if position:
            chunks.append((",", "punctuation"))
        key = names[position] if position < len(names) else None
        _walk(item, key, chunks, section, refs=(key == "i" and section == "w"))
    chunks.append(("]", "punctuation"))


def _scalar(value, family: str, chunks: list) -> None:
    if isinstance(value, str):
        _string(value, family, chunks)
    else:
        chunks.append((json.dumps(value), family))


def _string(value: str, family: str, chunks: list) -> None:
    """A string's quotes are punctuation; what is between them belongs to the family."""
    chunks += [('"', "punctuation"), (json.dumps(value, ensure_ascii=False)[1:-1], family), ('"', "punctuation")]


def format_breakdown(rows: dict) -> str:
    """Return the breakdown as aligned plain text, with each family's share of the total."""
    total = rows["total"]
    lines = [f"  {'family':12} {'characters':>10} {'share':>6} {'tokens':>7} {'share':>6}"]
    for family, row in rows.items():
        lines.append(f"  {family:12} {row['characters']:>10,} {_share(row['characters'], total['characters']):>6}"
                     f" {row['tokens']:>7,} {_share(row['tokens'], total['tokens']):>6}")
    return "\n".join(lines)


def _share(value: int, whole: int) -> str:
    return f"{round(100 * value / whole)}%" if whole else ""
