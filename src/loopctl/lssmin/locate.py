"""Where a finding about an expanded spec stands in the LSS-min file it came from.

Validation runs on the expanded spec, whose pointers use long keys. The
reader has the LSS-min file, so each pointer is walked through the packed
data: keys through the key table, list indices shifted past a leading
header (defaults, columns), turned into the item's id in a list written by
id, and a key of an item written as a row turned into its column's
position. The walk stops at the deepest node the packed file really has (a
value restored from defaults is reported at its list or object).
"""

from __future__ import annotations

from loopctl.loader import pointer_join, split_pointer
from loopctl.lssmin.columns import HEADER_KEYS, HOLE, declared, is_header
from loopctl.lssmin.keys import encode_key

ID_LISTS = {"w", "e", "fc", "sc"}  # top-level codes of the lists format version 2 may write by id


def min_pointer(packed, spec_pointer: str) -> str:
    """Return the JSON pointer in the LSS-min data ``packed`` closest to ``spec_pointer`` of the expanded spec."""
    node, found, parent, names = packed, "", None, None
    for token in split_pointer(spec_pointer):
        here = declared(node, parent if packed.get("~v", 0) >= 3 else None)
        if isinstance(node, list) and names is not None and not token.isdigit():
            step = _row_step(node, names, token)
            if step is None:
                break
            node, path = step
            for part in path:
                found = pointer_join(found, part)
            parent, names = path[-1] if isinstance(path[-1], str) else None, None
        elif isinstance(node, dict) and parent in ID_LISTS and token.isdigit():
            ids = [name for name in node if name not in HEADER_KEYS]  # a list written by id (format version 2)
            if int(token) >= len(ids):
                break
            node, found, parent, names = node[ids[int(token)]], pointer_join(found, ids[int(token)]), None, here
        elif isinstance(node, dict):
            code = next((c for c in (_encoded(token), token) if c is not None and c in node), None)
            if code is None:
                break
            top = found == ""
            node, found, names = node[code], pointer_join(found, code), here
            parent = code if top or code == "dm" else None
        elif isinstance(node, list) and token.isdigit():
            index = int(token) + (1 if node and is_header(node[0]) else 0)
            if index >= len(node):
                break
            node, found, parent, names = node[index], pointer_join(found, index), None, here
        else:
            break
    return found


def _row_step(row: list, names: list, token: str):
    """Return (node, pointer parts) for the spec key ``token`` of an item written as a row, or None."""
    code = _encoded(token)
    if code in names:
        index = names.index(code)
        if index < len(row) and len(row) <= len(names) + 1 and row[index] != HOLE:
            return row[index], [index]
        return None
    extras = row[len(names)] if len(row) == len(names) + 1 else None
    if isinstance(extras, dict) and code in extras:
        return extras[code], [len(names), code]
    return None


def _encoded(token: str):
    try:
        return encode_key(token)
    except TypeError:
        return None

