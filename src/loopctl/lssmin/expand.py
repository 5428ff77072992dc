"""LSS-min -> LSS spec: the inverse of ``minify``.

The decoder walks the same shape as the encoder: keys back through the key
table, references back to their long prefixes, bare-string bindings back to
``{from: ...}``, each list item merged onto its list's defaults (the block
written first, on top of the defaults the standard implies), rows back to
mappings under their list's columns, and derivable values restored. Structured mappings come out in the standard's key order.
"""

from __future__ import annotations

import json
import math

from loopctl.lssmin import columns, factor, words
from loopctl.lssmin.indices import UnknownIndex, from_indices
from loopctl.lssmin.keys import (
    ABSENT,
    COLUMNS_KEY,
    DEFAULTS_KEY,
    FORMAT_KEY,
    KEY_TABLE,
    POOL_KEY,
    RAW_KEY,
    TO_LONG,
    decode_key,
    looks_short,
)
from loopctl.lssmin.refs import decode_ref
from loopctl.lssmin.shape import SHAPES, Binding, Coll, Each, Indices, Obj, Ref, RefList, Words, pooled

_ORDER = {"id": -1, **{long: index for index, (long, _, _) in enumerate(KEY_TABLE)}}
MAX_DEPTH = 64                 # the loader's nesting limit, so an expanded spec can always be loaded
MAX_INTEGER = 2 ** 63 - 1      # no field of a spec needs more; larger values break arithmetic downstream
_HINT = "LSS-min files are written by loopctl minify; rebuild this one from its spec"


class ExpandError(ValueError):
    """The input is not well-formed LSS-min; carries the position (line, column) and JSON pointer when known."""

    def __init__(self, message: str, line: int = 1, column: int = 1, pointer: str = "", hint: str = _HINT):
        super().__init__(message)
        self.message, self.line, self.column, self.pointer, self.hint = message, line, column, pointer, hint


def is_min(data) -> bool:
    """True when ``data`` carries the LSS-min format marker."""
    return isinstance(data, dict) and FORMAT_KEY in data


def expand(packed: dict) -> dict:
    """Return the spec data of an LSS-min document.

    Refuses (``ExpandError``) input without the format marker, an unknown
    version, and any malformed structure: a marker where it cannot stand, an
    unknown short key, a value of the wrong type for its position.
    """
    if not is_min(packed):
        raise ExpandError(f"not LSS-min: the top-level key {FORMAT_KEY!r} (format version) is missing",
                          hint="LSS-min is the JSON that loopctl minify writes; it starts with {\"~v\":3")
    version = packed[FORMAT_KEY]
    if type(version) is not int or version not in SHAPES:
        raise ExpandError(f"LSS-min format version {version!r} is not supported (this loopctl reads "
                          f"{', '.join(map(str, SHAPES))})", pointer="/~0v")
    body = {k: v for k, v in packed.items() if k != FORMAT_KEY and not (version >= 2 and k == POOL_KEY)}
    try:
        shape = SHAPES[version]
        if version >= 2:
            shape = pooled(shape, _pools(packed.get(POOL_KEY, {})))
        data = decode_obj(shape, body)
        if version >= 2:
            data = from_indices(data)
    except UnknownIndex as error:
        raise ExpandError(f"malformed LSS-min: {error}", pointer=error.pointer) from None
    except ExpandError:
        raise
    except (AttributeError, TypeError, KeyError, IndexError, ValueError, RecursionError) as error:
        # The decoder trusts the shape minify writes; anything else is malformed input, not a bug to show.
        raise ExpandError(f"malformed LSS-min: a value does not have the type its position needs ({error})") from None
    _check_plain(data, "")
    return data


def expand_text(text: str) -> dict:
    """Parse LSS-min JSON text and return the spec data; every problem is an ``ExpandError`` with a position."""
    deep = _too_deep(text)
    if deep is not None:
        raise ExpandError(f"nesting is deeper than {MAX_DEPTH} levels", *deep,
                          hint="a spec never nests this deep; this is not LSS-min written by loopctl")
    try:
        packed = json.loads(text, parse_int=_integer(text), parse_float=_finite(text), parse_constant=_constant(text))
    except ExpandError:
        raise
    except json.JSONDecodeError as error:
        raise ExpandError(f"not LSS-min: not JSON ({error.msg})", error.lineno, error.colno,
                          hint="LSS-min is compact JSON; check the brackets, quotes and commas here") from None
    except (ValueError, RecursionError) as error:
        raise ExpandError(f"not LSS-min: {error}") from None
    return expand(packed)


def _pools(value) -> dict:
    """Decode the ``~p`` block: pool name -> plain defaults (no absent-key markers)."""
    if not isinstance(value, dict):
        raise ExpandError("malformed LSS-min: the pools marker '~p' must be an object", pointer="/~0p")
    pools = {}
    for code, block in value.items():
        decoded = decode_obj(Obj(), block, order=False)
        if ABSENT in decoded:
            raise ExpandError("malformed LSS-min: a pool cannot mark keys absent", pointer="/~0p")
        pools[code] = decoded
    return pools


def _too_deep(text: str) -> tuple[int, int] | None:
    """Return (line, column) of the first bracket nested deeper than ``MAX_DEPTH``, skipping strings."""
    depth, in_string, escaped, line, start = 0, False, False, 1, 0
    for offset, ch in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return line, offset - start + 1
        elif ch in "]}":
            depth -= 1
        if ch == "\n":
            line, start = line + 1, offset + 1
    return None


def _position(text: str, literal: str) -> tuple[int, int]:
    offset = text.find(literal)
    if offset < 0:
        return 1, 1
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _integer(text: str):
    def parse(literal: str) -> int:
        digits = literal.lstrip("-")
        if len(digits) > 19 or int(digits) > MAX_INTEGER:
            shown = literal if len(literal) <= 24 else literal[:20] + "..."
            raise ExpandError(f"integer {shown} is too large ({len(digits)} digits; at most {MAX_INTEGER:,})",
                              *_position(text, literal), hint="no field of a spec needs an integer this large")
        return int(literal)
    return parse


def _finite(text: str):
    def parse(literal: str) -> float:
        value = float(literal)
        if not math.isfinite(value):
            raise ExpandError(f"number {literal[:24]} is out of range (not a finite number)",
                              *_position(text, literal), hint="use a finite number")
        return value
    return parse


def _constant(text: str):
    def parse(literal: str):
        raise ExpandError(f"{literal} is not a number JSON allows", *_position(text, literal),
                          hint="use a finite number")
    return parse


def _check_plain(value, pointer: str) -> None:
    """Refuse decoded data that still holds a format marker (a '~' key where only items may have one)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise ExpandError("the marker '~' (absent keys) stands where no defaults apply",
                                  pointer=pointer or "/")
            _check_plain(item, pointer + "/" + key.replace("~", "~0").replace("/", "~1"))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_plain(item, f"{pointer}/{index}")


def decode_obj(shape: Obj, data: dict, order: bool = True) -> dict:
    """Decode a mapping at a structured position (keys restored, structured fields decoded)."""
    if not isinstance(data, dict):
        raise ExpandError(f"malformed LSS-min: expected an object, found {_kind(data)}")
    out = {}
    for code, value in data.items():
        key = decode_key(code)
        if key is ABSENT:
            if not isinstance(value, list) or not all(isinstance(k, str) for k in value):
                raise ExpandError("malformed LSS-min: the '~' marker (absent keys) must be a list of key codes")
            out[ABSENT] = [decode_key(k) for k in value]
        elif shape.fields and code not in TO_LONG and looks_short(code):
            raise ExpandError(f"unknown LSS-min key {code!r}",
                              hint="short keys come from the published key table (docs/reference/lss-min.md); "
                                   "a spec key of one or two letters is written with a leading '~'")
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
        if isinstance(value, dict) and (shape.by_id or shape.words) and list(value) == [RAW_KEY]:
            return decode_raw(value[RAW_KEY])
        if isinstance(value, dict) and shape.by_id:
            return _decode_by_id(shape, value)
        if isinstance(value, str) and shape.words:
            return [_decode_binding(word) for word in _split(value)]
    if isinstance(shape, Words):
        return _decode_words(shape, value)
    if isinstance(shape, Indices):
        if type(value) is int:
            return [value]
        if isinstance(value, dict) and list(value) == [RAW_KEY]:
            return decode_raw(value[RAW_KEY])
        return decode_raw(value)
    if isinstance(shape, Each) and isinstance(value, dict):
        return {decode_key(code): decode_value(shape.value, item) for code, item in value.items()}
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


def _decode_words(shape: Words, value):
    if isinstance(value, str):
        listed = _split(value)
        return [decode_ref(word) for word in listed] if shape.refs else listed
    if isinstance(value, dict) and list(value) == [RAW_KEY]:
        return decode_raw(value[RAW_KEY])
    if isinstance(value, list) and shape.refs:
        return [decode_ref(v) if isinstance(v, str) else decode_raw(v) for v in value]
    return decode_raw(value)


def _split(text: str) -> list[str]:
    try:
        return words.split(text)
    except ValueError as error:
        raise ExpandError(f"malformed LSS-min: {error}") from None


def _decode_binding(value):
    if isinstance(value, str):
        return {"from": decode_ref(value)}
    if isinstance(value, dict) and list(value) == [RAW_KEY]:
        return decode_raw(value[RAW_KEY])
    if isinstance(value, dict):
        return decode_obj(Obj({"from": Ref()}), value)
    return decode_raw(value)


def _decode_list(shape: Coll, values: list) -> list:
    head: dict = {}
    if values and columns.is_header(values[0], shape.columns):
        head, values = values[0], values[1:]
    defaults, names = _header(shape, head)
    return [_rebuild(shape, _decode_item(shape, _unrow(v, names)), defaults) for v in values]


def _decode_by_id(shape: Coll, values: dict) -> list:
    defaults, names = _header(shape, values)
    out = []
    for name, value in values.items():
        if name == DEFAULTS_KEY or (shape.columns and name == COLUMNS_KEY):
            continue
        value = _unrow(value, names)
        if not isinstance(value, dict) or name.startswith("~"):
            raise ExpandError(f"malformed LSS-min: the item {name!r} of a list written by id must be an object "
                              f"and its id cannot start with '~'")
        item = _decode_item(shape, value)
        if "id" in item:
            raise ExpandError(f"malformed LSS-min: the item {name!r} is written by id and cannot have an id key")
        out.append(_rebuild(shape, {"id": name, **item}, defaults))
    return out


def _decode_map(shape: Coll, values: dict) -> dict:
    defaults, names = _header(shape, values)
    markers = columns.HEADER_KEYS if shape.columns else {DEFAULTS_KEY}
    return {decode_key(code): _rebuild(shape, _decode_item(shape, _unrow(v, names)), defaults)
            for code, v in values.items() if code not in markers}


def _header(shape: Coll, head: dict) -> tuple[dict, list[str] | None]:
    """Return the defaults in force for a collection's items and its columns (None when it declares none)."""
    block = decode_obj(shape.block_shape, head[DEFAULTS_KEY], order=False) if DEFAULTS_KEY in head else {}
    names = list(shape.implied_columns) or None
    if shape.columns and COLUMNS_KEY in head:
        try:
            names = columns.check_columns(head[COLUMNS_KEY]) or None
        except ValueError as error:
            raise ExpandError(f"malformed LSS-min: {error}") from None
    return factor.effective(shape.implied, block), names


def _unrow(value, names: list[str] | None):
    """Return the encoded mapping a row stands for; any other value as it is."""
    if names is None or not isinstance(value, list):
        return value
    try:
        return columns.from_row(value, names)
    except ValueError as error:
        raise ExpandError(f"malformed LSS-min: {error}") from None


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


def _kind(value) -> str:
    names = {list: "a list", str: "a string", bool: "a boolean", int: "a number", float: "a number"}
    return "null" if value is None else names.get(type(value), type(value).__name__)
