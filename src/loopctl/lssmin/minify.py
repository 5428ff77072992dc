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
6. (version 3) items written as rows under one header of column keys (``columns``);
7. JSON without whitespace.

``minify`` checks its own output by expanding it and comparing, and refuses
(``MinifyError``) rather than return a form that would not round-trip.
"""

from __future__ import annotations

import json

from loopctl.escape import json_ascii_safe
from loopctl.lssmin import columns, factor, words
from loopctl.lssmin.indices import to_indices
from loopctl.lssmin.keys import ABSENT, COLUMNS_KEY, DEFAULTS_KEY, FORMAT_KEY, POOL_KEY, RAW_KEY, encode_key
from loopctl.lssmin.refs import encode_ref
from loopctl.lssmin.shape import SHAPES, Binding, Coll, Each, Indices, Obj, Ref, RefList, Words, pool_items, pooled

FORMAT_VERSION = max(SHAPES)


class MinifyError(ValueError):
    """The data cannot be written as LSS-min without loss (for example a mapping key that is not a string)."""


def minify(data: dict, version: int = FORMAT_VERSION) -> dict:
    """Return the LSS-min form (a JSON-ready dict) of a spec's data; lossless, verified by expanding it.

    ``version`` writes an older format instead of the newest (each is what minify wrote while it was the
    newest), so that the savings of a version can be measured on today's specs.
    """
    from loopctl.lssmin.expand import expand

    if not isinstance(data, dict):
        raise MinifyError("a spec is a mapping at the top level")
    if version not in SHAPES:
        raise MinifyError(f"LSS-min format version {version!r} does not exist (versions: {sorted(SHAPES)})")
    try:
        indexed = to_indices(data) if version >= 2 else data
        pools = {name: factor.choose_defaults(items, {}, Obj()) if len(items) > 1 else {}
                 for name, items in pool_items(indexed).items()} if version >= 2 else {}
        pools = {name: block for name, block in pools.items() if block}
        body = encode_obj(pooled(SHAPES[version], pools), indexed)
        head = {POOL_KEY: {name: encode_obj(Obj(), block) for name, block in pools.items()}} if pools else {}
    except TypeError as error:
        raise MinifyError(str(error)) from None
    packed = {FORMAT_KEY: version, **head, **body}
    if factor.canon(expand(packed)) != factor.canon(data):
        raise MinifyError("the compact form does not expand back to the same data; please report this spec")
    return packed


def minify_text(data: dict, version: int = FORMAT_VERSION) -> str:
    """Return the LSS-min JSON text of a spec's data (no whitespace, UTF-8 characters kept)."""
    return dumps(minify(data, version))


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
        if shape.by_id or shape.words:
            return {RAW_KEY: encode_raw(value)}  # a map or a string here has a meaning: keep anything else verbatim
    if isinstance(shape, Words):
        return _encode_words(shape, value)
    if isinstance(shape, Indices):
        if not isinstance(value, list):
            return {RAW_KEY: encode_raw(value)}   # a bare number here reads as a list of one
        return value[0] if len(value) == 1 and type(value[0]) is int else encode_raw(value)
    if isinstance(shape, Each) and isinstance(value, dict):
        return {encode_key(key): encode_value(shape.value, item) for key, item in value.items()}
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


def _encode_words(shape: Words, value):
    """A list of strings as one string of words when it can be; a string here is kept verbatim as ``~r``."""
    if isinstance(value, str):
        return {RAW_KEY: value}
    if not isinstance(value, list):
        return encode_raw(value)
    listed = [encode_ref(v) if shape.refs and isinstance(v, str) else encode_raw(v) for v in value]
    joined = words.join(listed)
    return listed if joined is None else joined


def _encode_binding(value):
    if isinstance(value, dict) and list(value) == ["from"] and isinstance(value["from"], str):
        return encode_ref(value["from"])
    if isinstance(value, dict):
        return encode_obj(Obj({"from": Ref()}), value)
    return {RAW_KEY: encode_raw(value)}


def _items(shape: Coll, values: list) -> list[tuple[dict, list]]:
    """Return the ways to write a collection's values: (defaults block, each value as an item).

    The first uses the defaults block ``factor`` chooses; where the items may become rows, a block chosen
    for mappings is not always the shorter, so the form without a block is offered too.
    """
    mappings = [v for v in values if isinstance(v, dict)]
    block = factor.choose_defaults(mappings, shape.implied, shape.item) if shape.factor and mappings else {}
    blocks = [block, {}] if block and shape.columns else [block]
    out = []
    for chosen in blocks:
        defaults = factor.effective(shape.implied, chosen)
        out.append((chosen, [_residual(shape, v, defaults) if isinstance(v, dict) else v for v in values]))
    return out


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
    keyed = shape.by_id and _distinct_ids(values)
    forms = [_list_form(shape, values, block, items, keyed) for block, items in _items(shape, values)]
    return min(forms, key=lambda form: len(dumps(form)))


def _list_form(shape: Coll, values: list, block: dict, items: list, keyed: bool):
    if keyed:
        items = [{k: v for k, v in item.items() if k != "id"} for item in items]
    encoded = [_encode_item(shape, item) for item in items]
    if shape.words and not block:
        joined = words.join(encoded)
        if joined is not None:
            return joined
    header, encoded = _header(shape, block, encoded, keyed)
    if keyed:
        return {**header, **{value["id"]: item for value, item in zip(values, encoded, strict=True)}}
    return [header, *encoded] if header else encoded


def _distinct_ids(values: list) -> bool:
    """True when every item has a string id, distinct, not starting with ``~`` (the format's markers)."""
    ids = [v.get("id") if isinstance(v, dict) else None for v in values]
    return (bool(ids) and all(isinstance(i, str) and not i.startswith("~") for i in ids)
            and len(set(ids)) == len(ids))


def _encode_map(shape: Coll, values: dict) -> dict:
    names = list(values)
    forms = []
    for block, items in _items(shape, [values[n] for n in names]):
        header, encoded = _header(shape, block, [_encode_item(shape, item) for item in items], True)
        forms.append({**header, **{encode_key(name): item for name, item in zip(names, encoded, strict=True)}})
    return min(forms, key=lambda form: len(dumps(form)))


def _header(shape: Coll, block: dict, encoded: list, keyed: bool) -> tuple[dict, list]:
    """Return a collection's header (defaults, columns) and its encoded items, as rows where that is shorter.

    Rows are written under the shape's implied columns (no header needed) or under columns the header names,
    whichever is shorter. In a list (not ``keyed``), an item that is itself a list would read as a row, so
    such a list declares no columns (``"~c":[]`` where the shape implies some).
    """
    header: dict = {DEFAULTS_KEY: encode_obj(shape.block_shape, block)} if block else {}
    if not shape.columns:
        return header, encoded
    if not keyed and any(isinstance(item, list) for item in encoded):
        return ({**header, COLUMNS_KEY: []} if shape.implied_columns else header), encoded
    options = [(header, encoded)]
    if shape.implied_columns:
        options.append((header, _rows(encoded, list(shape.implied_columns))))
    chosen = columns.choose([item for item in encoded if isinstance(item, dict)])
    if chosen and chosen != list(shape.implied_columns):
        options.append(({**header, COLUMNS_KEY: chosen}, _rows(encoded, chosen)))
    return min(options, key=lambda option: len(dumps([option[0], option[1]])))


def _rows(encoded: list, names: list[str]) -> list:
    return [columns.as_row_or_item(item, names) for item in encoded]


def _encode_item(shape: Coll, item):
    if isinstance(shape.item, Binding):
        return _encode_binding(item)
    if isinstance(item, dict) and isinstance(shape.item, Obj):
        return encode_obj(shape.item, item)
    return encode_raw(item)
