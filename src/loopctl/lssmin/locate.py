"""Where a finding about an expanded spec stands in the LSS-min file it came from.

Validation runs on the expanded spec, whose pointers use long keys. The
reader has the LSS-min file, so each pointer is walked through the packed
data: keys through the key table, list indices shifted past a leading
defaults block, or turned into the item's id in a list written by id. The walk stops at the deepest node the packed file really
has (a value restored from defaults is reported at its list or object).
"""

from __future__ import annotations

from loopctl.loader import pointer_join, split_pointer
from loopctl.lssmin.keys import DEFAULTS_KEY, encode_key

ID_LISTS = {"w", "e", "fc", "sc"}  # top-level codes of the lists format version 2 may write by id


def min_pointer(packed, spec_pointer: str) -> str:
    """Return the JSON pointer in the LSS-min data ``packed`` closest to ``spec_pointer`` of the expanded spec."""
    node, found, parent = packed, "", None
    for token in split_pointer(spec_pointer):
        if isinstance(node, dict) and parent in ID_LISTS and token.isdigit():
            names = [name for name in node if name != DEFAULTS_KEY]  # a list written by id (format version 2)
            if int(token) >= len(names):
                break
            node, found, parent = node[names[int(token)]], pointer_join(found, names[int(token)]), None
        elif isinstance(node, dict):
            code = next((c for c in (_encoded(token), token) if c is not None and c in node), None)
            if code is None:
                break
            node, found, parent = node[code], pointer_join(found, code), code if found == "" else None
        elif isinstance(node, list) and token.isdigit():
            index = int(token) + (1 if _has_defaults(node) else 0)
            if index >= len(node):
                break
            node, found, parent = node[index], pointer_join(found, index), None
        else:
            break
    return found


def _encoded(token: str):
    try:
        return encode_key(token)
    except TypeError:
        return None


def _has_defaults(values: list) -> bool:
    return bool(values) and isinstance(values[0], dict) and list(values[0]) == [DEFAULTS_KEY]
