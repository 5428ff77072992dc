"""LSS spec -> LSS-min: a compact JSON form from which ``expand`` rebuilds the same data.

Savings come from the structure, never from dropping content:

1. every key through the published key table (``keys``);
2. per-list defaults: values repeated across workers, evaluators, channels,
   metrics, constraints, conditions and rubric dimensions are written once
   (``factor``), including the defaults the standard implies (``shape``);
3. values derivable from the item itself (an evaluator's ``type``);
4. reference prefixes shortened (``refs``) and ``{from: x}`` bindings written as ``x``;
5. (version 2) worker ids named by index in ``depends_on``, ``runs_after`` and
   ``applies_to`` (``indices``); lists of items with distinct ids written as a
   map from id to item; rubric dimensions sharing one spec-wide defaults pool;
6. JSON without whitespace.

``minify`` checks its own output by expanding it and comparing, and refuses
(``MinifyError``) rather than return a form that would not round-trip.
"""

from __future__ import annotations

import json

from loopctl.escape import json_ascii_safe
from loopctl.lssmin import factor
from loopctl.lssmin.indices import to_indices
from loopctl.lssmin.keys import ABSENT, DEFAULTS_KEY, FORMAT_KEY, POOL_KEY, RAW_KEY, encode_key
from loopctl.lssmin.refs import encode_ref
from loopctl.lssmin.shape import SPEC, Binding, Coll, Obj, Ref, RefList, pool_items, pooled

FORMAT_VERSION = 2


class MinifyError(ValueError):
    """The data cannot be written as LSS-min without loss (for example a mapping key that is not a string)."""


def minify(data: dict) -> dict:
    """Return the LSS-min form (a JSON-ready dict) of a spec's data; lossless, verified by expanding it."""
    from loopctl.lssmin.expand import expand

    if not isinstance(data, dict):
        raise MinifyError("a spec is a mapping at the top level")
    try:
        indexed = to_indices(data)
        pools = {name: factor.choose_defaults(items, {}, Obj()) if len(items) > 1 else {}
                 for name, items in pool_items(indexed).items()}
        pools = {name: block for name, block in pools.items() if block}
        body = encode_obj(pooled(SPEC, pools), indexed)
        head = {POOL_KEY: {name: encode_obj(Obj(), block) for name, block in pools.items()}} if pools else {}
    except TypeError as error:
        raise MinifyError(str(error)) from None
    packed = {FORMAT_KEY: FORMAT_VERSION, **head, **body}
    if factor.canon(expand(packed)) != factor.canon(data):
        raise MinifyError("the compact form does not expand back to the same data; please report this spec")
    return packed


def minify_text(data: dict) -> str:
    """Return the LSS-min JSON text of a spec's data (no whitespace, UTF-8 characters kept)."""
    return dumps(minify(data))


def dumps(packed) -> str:
    """Return compact JSON text of LSS-min data; controls and bidirectional overrides are ``\\uXXXX`` escapes."""
    return json_ascii_safe(json.dumps(packed, separators=(",", ":"), ensure_ascii=False))


def encode_obj(shape: Obj, data: dict) -> dict:
    """Encode a mapping at a structured position: keys shortened, structured fields encoded by their shapes."""
    out = {}
    for key, value in data.items():
        if key is ABSENT:
            out[encode_key(ABSENT)] = [encode_key(k) for k in value]
        else:
            out[encode_key(key)] = encode_value(shape.fields.get(key), value)
    return out


def encode_value(shape, value):
    """Encode any value at a position of the given shape (None: a free-form position)."""
    if isinstance(shape, Obj) and isinstance(value, dict):
        return encode_obj(shape, value)
    if isinstance(shape, Coll):
        if isinstance(value, list) and not shape.keyed:
            return _encode_list(shape, value)
        if isinstance(value, dict) and shape.keyed:
            return _encode_map(shape, value)
        if shape.by_id:
            return {RAW_KEY: encode_raw(value)}  # a map here reads as items by id: keep anything else verbatim
    if isinstance(shape, Ref) and isinstance(value, str):
        return encode_ref(value)
    if isinstance(shape, RefList) and isinstance(value, list):
        return [encode_ref(v) if isinstance(v, str) else encode_raw(v) for v in value]
    if isinstance(shape, Binding):
        return _encode_binding(value)
    return encode_raw(value)


def encode_raw(value):
    """Encode a free-form value: only mapping keys change."""
    if isinstance(value, dict):
        return encode_obj(Obj(), value)
    if isinstance(value, list):
        return [encode_raw(v) for v in value]
    return value


def _encode_binding(value):
    if isinstance(value, dict) and list(value) == ["from"] and isinstance(value["from"], str):
        return encode_ref(value["from"])
    if isinstance(value, dict):
        return encode_obj(Obj({"from": Ref()}), value)
    return {RAW_KEY: encode_raw(value)}


def _items(shape: Coll, values: list) -> tuple[dict, list]:
    """Return the defaults block and each value written as an item (residual and markers) for a collection."""
    mappings = [v for v in values if isinstance(v, dict)]
    block = factor.choose_defaults(mappings, shape.implied, shape.item) if shape.factor and mappings else {}
    defaults = factor.effective(shape.implied, block)
    return block, [_residual(shape, v, defaults) if isinstance(v, dict) else v for v in values]


def _residual(shape: Coll, item: dict, defaults: dict) -> dict:
    rest = factor.residual(item, defaults, shape.item)
    if shape.derive is None:
        return rest
    derived = {k: v for k, v in shape.derive(item).items() if k not in defaults}
    dropped = {k for k, v in derived.items() if k in item and factor.canon(item[k]) == factor.canon(v)}
    reduced = {k: v for k, v in item.items() if k not in dropped}
    if any(factor.canon(shape.derive(reduced).get(k)) != factor.canon(item[k]) for k in dropped):
        dropped = set()  # the item's other keys would not give the value back: keep it written
    rest = {k: v for k, v in rest.items() if k not in dropped}
    missing = [k for k in shape.derive(reduced) if k not in item and k not in defaults]
    if missing:
        rest[ABSENT] = list(rest.get(ABSENT, [])) + missing
    return rest


def _encode_list(shape: Coll, values: list):
    block, items = _items(shape, values)
    if shape.by_id and _distinct_ids(values):
        out = {DEFAULTS_KEY: encode_obj(shape.block_shape, block)} if block else {}
        for value, item in zip(values, items, strict=False):
            out[value["id"]] = _encode_item(shape, {k: v for k, v in item.items() if k != "id"})
        return out
    listed = [_encode_item(shape, item) for item in items]
    if block:
        listed.insert(0, {DEFAULTS_KEY: encode_obj(shape.block_shape, block)})
    return listed


def _distinct_ids(values: list) -> bool:
    """True when every item has a string id, distinct, not starting with ``~`` (the format's markers)."""
    ids = [v.get("id") if isinstance(v, dict) else None for v in values]
    return (bool(ids) and all(isinstance(i, str) and not i.startswith("~") for i in ids)
            and len(set(ids)) == len(ids))


def _encode_map(shape: Coll, values: dict) -> dict:
    names = list(values)
    block, items = _items(shape, [values[n] for n in names])
    out = {DEFAULTS_KEY: encode_obj(shape.block_shape, block)} if block else {}
    for name, item in zip(names, items, strict=False):
        out[encode_key(name)] = _encode_item(shape, item)
    return out


def _encode_item(shape: Coll, item):
    if isinstance(shape.item, Binding):
        return _encode_binding(item)
    if isinstance(item, dict) and isinstance(shape.item, Obj):
        return encode_obj(shape.item, item)
    return encode_raw(item)
