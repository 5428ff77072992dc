"""Per-list defaults: the values that items of one list share, written once.

For the items of a list (workers, evaluators, ...) ``choose_defaults`` picks,
key by key, the cheapest of: nothing, the most common value, or (for nested
mappings such as ``model``) nested defaults; starting from the defaults the
standard implies, which it may also switch off. ``residual`` then writes each
item as its difference from the effective defaults, listing under ``ABSENT``
the keys the item lacks; ``merge`` is its inverse. Costs are counted in
characters of the encoded form, a close proxy for tokens.
"""

from __future__ import annotations

import json
from collections import Counter

from loopctl.lssmin.keys import ABSENT, encode_key
from loopctl.lssmin.shape import Obj

_MISSING = object()
_BLOCK_OVERHEAD = 10   # {"~d":{...}}, around the defaults
_ABSENT_FIRST = 8      # "~":["xx"] in an item
_ABSENT_MORE = 5       # ,"xx"


def canon(value) -> str:
    """Return a canonical text of a value: equal texts mean equal data, with 1, 1.0 and true kept apart."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=repr)


def size(value) -> int:
    """Return the approximate length of a value in LSS-min text (keys shortened)."""
    if isinstance(value, dict):
        total = 2
        for key, item in value.items():
            if key is ABSENT:
                total += _ABSENT_FIRST + _ABSENT_MORE * (len(item) - 1)
            else:
                total += len(encode_key(key)) + 4 + size(item)
        return total
    if isinstance(value, list):
        return 2 + sum(size(item) + 1 for item in value)
    return len(json.dumps(value, ensure_ascii=False))


def merge(base: dict, overlay: dict) -> tuple[dict, list]:
    """Return ``base`` updated by ``overlay`` (nested mappings merged) and the keys ``overlay`` marks absent.

    Keys listed under ``ABSENT`` in ``overlay`` (at any depth) are removed from
    the result; the top-level list is also returned so that callers can tell
    "absent on purpose" from "not given".
    """
    absent = list(overlay.get(ABSENT, []))
    out = {k: v for k, v in base.items() if k not in absent}
    for key, value in overlay.items():
        if key is ABSENT:
            continue
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)[0]
        else:
            out[key] = value
    return out, absent


def residual(item: dict, defaults: dict, shape=None) -> dict:
    """Return ``item`` as its difference from ``defaults``: changed keys, and ``ABSENT`` for keys it lacks."""
    fields = shape.fields if isinstance(shape, Obj) else {}
    out: dict = {}
    for key, value in item.items():
        if key not in defaults:
            out[key] = value
            continue
        default = defaults[key]
        if canon(value) == canon(default):
            continue
        if isinstance(value, dict) and isinstance(default, dict):
            # The decoder merges a mapping into a default mapping, so a mapping is always written as a difference.
            out[key] = residual(value, default, fields.get(key))
        else:
            out[key] = value
    absent = [key for key in defaults if key not in item]
    if absent:
        out[ABSENT] = absent
    return out


def choose_defaults(items: list[dict], implied: dict, shape=None) -> dict:
    """Return the defaults block for ``items``: values to add to, or keys to remove from, ``implied``.

    The block is empty when it would not pay for itself.
    """
    fields = shape.fields if isinstance(shape, Obj) else {}
    keys = list(implied)
    for item in items:
        keys += [k for k in item if k not in keys]
    block: dict = {}
    removed: list = []
    saving = 0
    for key in keys:
        start = implied.get(key, _MISSING)
        baseline = _items_cost(items, key, start, fields.get(key))
        options = []
        if start is not _MISSING:
            options.append((_ABSENT_MORE + _items_cost(items, key, _MISSING, fields.get(key)), "remove", None))
        for candidate in _candidates(items, key, start, fields.get(key)):
            cost = len(encode_key(key)) + 4 + size(candidate) + _items_cost(items, key, candidate, fields.get(key))
            options.append((cost, "set", candidate))
        best = min(options, key=lambda option: option[0], default=None)
        if best is None or best[0] >= baseline:
            continue
        saving += baseline - best[0]
        if best[1] == "remove":
            removed.append(key)
        else:
            block[key] = best[2]
    if removed:
        block[ABSENT] = removed
    return block if saving > _BLOCK_OVERHEAD else {}


def effective(implied: dict, block: dict) -> dict:
    """Return the defaults in force for items: the implied ones, changed by the block."""
    return merge(implied, block)[0]


def _candidates(items: list[dict], key, start, shape) -> list:
    values = [item[key] for item in items if key in item]
    if len(values) < 2:
        return []
    counts = Counter(canon(v) for v in values)
    text, count = counts.most_common(1)[0]
    found = []
    if count >= 2 and (start is _MISSING or text != canon(start)):
        found.append(next(v for v in values if canon(v) == text))
    mappings = [v for v in values if isinstance(v, dict)]
    if len(mappings) >= 2 and start is _MISSING:
        nested = choose_defaults(mappings, {}, shape)
        if nested:
            found.append(nested)
    return found


def _items_cost(items: list[dict], key, default, shape) -> int:
    total = 0
    for item in items:
        if key not in item:
            total += _ABSENT_MORE if default is not _MISSING else 0
            continue
        value = item[key]
        if default is not _MISSING and canon(value) == canon(default):
            continue
        width = len(encode_key(key)) + 4
        if default is not _MISSING and isinstance(value, dict) and isinstance(default, dict):
            total += width + size(residual(value, default, shape))
        else:
            total += width + size(value)
    return total
