"""LSS-min -> LSS spec: the inverse of ``minify``.

The decoder walks the same shape as the encoder: keys back through the key
table, references back to their long prefixes, bare-string bindings back to
``{from: ...}``, each list item merged onto its list's defaults (the block
written first, on top of the defaults the standard implies), and derivable
values restored. Structured mappings come out in the standard's key order.
"""

from __future__ import annotations

import json

from loopctl.lean import factor
from loopctl.lean.keys import ABSENT, DEFAULTS_KEY, FORMAT_KEY, KEY_TABLE, RAW_KEY, decode_key
from loopctl.lean.refs import decode_ref
from loopctl.lean.shape import SPEC, Binding, Coll, Obj, Ref, RefList

_ORDER = {long: index for index, (long, _, _) in enumerate(KEY_TABLE)}


class ExpandError(ValueError):
    """The input is not LSS-min (no format marker, or a version this loopctl does not read)."""


def is_min(data) -> bool:
    """True when ``data`` carries the LSS-min format marker."""
    return isinstance(data, dict) and FORMAT_KEY in data


def expand(packed: dict) -> dict:
    """Return the spec data of an LSS-min document; refuses input without the format marker."""
    if not is_min(packed):
        raise ExpandError(f"not LSS-min: the top-level key {FORMAT_KEY!r} (format version) is missing")
    if packed[FORMAT_KEY] != 1:
        raise ExpandError(f"LSS-min format version {packed[FORMAT_KEY]!r} is not supported (this loopctl reads 1)")
    body = {k: v for k, v in packed.items() if k != FORMAT_KEY}
    return decode_obj(SPEC, body)


def expand_text(text: str) -> dict:
    """Parse LSS-min JSON text and return the spec data."""
    try:
        packed = json.loads(text)
    except json.JSONDecodeError as error:
        raise ExpandError(f"not LSS-min: not JSON ({error})") from None
    return expand(packed)


def decode_obj(shape: Obj, data: dict, order: bool = True) -> dict:
    """Decode a mapping at a structured position (keys restored, structured fields decoded)."""
    out = {}
    for code, value in data.items():
        key = decode_key(code)
        if key is ABSENT:
            out[ABSENT] = [decode_key(k) for k in value]
        else:
            out[key] = decode_value(shape.fields.get(key), value)
    return _ordered(out) if order else out


def decode_value(shape, value):
    """Decode any value at a position of the given shape (None: a free-form position)."""
    if isinstance(shape, Obj) and isinstance(value, dict):
        return decode_obj(shape, value)
    if isinstance(shape, Coll):
        if isinstance(value, list) and not shape.keyed:
            return _decode_list(shape, value)
        if isinstance(value, dict) and shape.keyed:
            return _decode_map(shape, value)
    if isinstance(shape, Ref) and isinstance(value, str):
        return decode_ref(value)
    if isinstance(shape, RefList) and isinstance(value, list):
        return [decode_ref(v) if isinstance(v, str) else decode_raw(v) for v in value]
    if isinstance(shape, Binding):
        return _decode_binding(value)
    return decode_raw(value)


def decode_raw(value):
    """Decode a free-form value: only mapping keys change."""
    if isinstance(value, dict):
        return decode_obj(Obj(), value, order=False)
    if isinstance(value, list):
        return [decode_raw(v) for v in value]
    return value


def _decode_binding(value):
    if isinstance(value, str):
        return {"from": decode_ref(value)}
    if isinstance(value, dict) and list(value) == [RAW_KEY]:
        return decode_raw(value[RAW_KEY])
    if isinstance(value, dict):
        return decode_obj(Obj({"from": Ref()}), value)
    return decode_raw(value)


def _decode_list(shape: Coll, values: list) -> list:
    block = {}
    if values and isinstance(values[0], dict) and list(values[0]) == [DEFAULTS_KEY]:
        block = decode_obj(shape.item, values[0][DEFAULTS_KEY], order=False)
        values = values[1:]
    defaults = factor.effective(shape.implied, block)
    return [_rebuild(shape, _decode_item(shape, v), defaults) for v in values]


def _decode_map(shape: Coll, values: dict) -> dict:
    block = {}
    if DEFAULTS_KEY in values:
        block = decode_obj(shape.item, values[DEFAULTS_KEY], order=False)
    defaults = factor.effective(shape.implied, block)
    return {decode_key(code): _rebuild(shape, _decode_item(shape, v), defaults)
            for code, v in values.items() if code != DEFAULTS_KEY}


def _decode_item(shape: Coll, value):
    if isinstance(shape.item, Binding):
        return _decode_binding(value)
    if isinstance(value, dict) and isinstance(shape.item, Obj):
        return decode_obj(shape.item, value, order=False)
    return decode_raw(value)


def _rebuild(shape: Coll, item, defaults: dict):
    if not isinstance(item, dict):
        return item
    merged, absent = factor.merge(defaults, item)
    if shape.derive is not None:
        for key, value in shape.derive(merged).items():
            if key not in merged and key not in absent and key not in defaults:
                merged[key] = value
    return _ordered(merged) if isinstance(shape.item, Obj) else merged


def _ordered(data: dict) -> dict:
    keys = sorted(data, key=lambda k: (0, _ORDER[k]) if isinstance(k, str) and k in _ORDER else (1, 0))
    return {k: data[k] for k in keys}
