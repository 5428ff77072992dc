"""The pure-Python ``rpds`` stand-in behaves like the real ``rpds`` for every method the validator uses.

Each test runs the same operations on both implementations and compares the
observable results (contents, equality, hashing, errors).
"""

from __future__ import annotations

import pytest
import rpds as real

from loopctl.playground import rpds_standin as standin

BOTH = pytest.mark.parametrize("rpds", [real, standin], ids=["real", "standin"])


def _map_ops(rpds):
    m = rpds.HashTrieMap({"a": 1}, b=2)
    out = {
        "init": dict(m),
        "pairs": dict(rpds.HashTrieMap([("x", 1), ("y", 2)])),
        "insert": dict(m.insert("c", 3)),
        "insert_keeps_original": dict(m),
        "overwrite": dict(m.insert("a", 9)),
        "remove": dict(m.remove("a")),
        "discard_missing": dict(m.discard("zz")),
        "update": dict(m.update({"b": 20, "d": 4}, [("e", 5)])),
        "get": (m.get("a"), m.get("zz"), m.get("zz", 0)),
        "getitem": m["b"],
        "contains": ("a" in m, "zz" in m),
        "len": len(m),
        "keys": sorted(m.keys()), "values": sorted(m.values()), "items": sorted(m.items()),
        "iter": sorted(m),
        "equal": m == rpds.HashTrieMap({"b": 2, "a": 1}),
        "unequal": m == rpds.HashTrieMap({"a": 1}),
        "hash_equal": hash(m) == hash(rpds.HashTrieMap({"b": 2, "a": 1})),
        "convert_same": rpds.HashTrieMap.convert(m) is m,
        "convert_dict": dict(rpds.HashTrieMap.convert({"k": "v"})),
        "empty_falsy": bool(rpds.HashTrieMap()),
        "fromkeys": dict(rpds.HashTrieMap.fromkeys(["p", "q"], 0)),
    }
    with pytest.raises(KeyError):
        m.remove("zz")
    with pytest.raises(KeyError):
        m["zz"]
    return out


def _set_ops(rpds):
    s = rpds.HashTrieSet(["a", "b"])
    out = {
        "init": set(s),
        "insert": set(s.insert("c")),
        "insert_keeps_original": set(s),
        "discard": set(s.discard("a")),
        "discard_missing": set(s.discard("zz")),
        "remove": set(s.remove("b")),
        "update": set(s.update(["c"], {"d"})),
        "contains": ("a" in s, "zz" in s),
        "len": len(s),
        "bool": (bool(s), bool(rpds.HashTrieSet())),
        "equal": s == rpds.HashTrieSet(["b", "a"]),
        "hash_equal": hash(s) == hash(rpds.HashTrieSet(["b", "a"])),
        "union": set(s | rpds.HashTrieSet(["z"])),
        "intersection": set(s & rpds.HashTrieSet(["a", "z"])),
        "difference": set(s - rpds.HashTrieSet(["a"])),
    }
    with pytest.raises(KeyError):
        s.remove("zz")
    return out


def _list_ops(rpds):
    items = rpds.List([1, 2, 3])
    out = {
        "iterable": list(items),
        "varargs": list(rpds.List(1, 2, 3)),
        "empty": list(rpds.List()),
        "push_front": list(items.push_front(0)),
        "push_keeps_original": list(items),
        "first": items.first,
        "rest": list(items.rest),
        "drop_first": list(items.drop_first()),
        "len": len(items),
        "bool": (bool(items), bool(rpds.List())),
        "equal": items == rpds.List([1, 2, 3]),
        "hash_equal": hash(items) == hash(rpds.List([1, 2, 3])),
        "reversed": list(reversed(items)),
        "repr": repr(rpds.List([1, 2])),
    }
    with pytest.raises(IndexError):
        _ = rpds.List().first
    return out


@pytest.mark.parametrize("operations", [_map_ops, _set_ops, _list_ops], ids=["HashTrieMap", "HashTrieSet", "List"])
def test_standin_matches_real_rpds(operations):
    assert operations(standin) == operations(real)


@BOTH
def test_values_are_immutable(rpds):
    m = rpds.HashTrieMap({"a": 1})
    with pytest.raises((AttributeError, TypeError)):
        m["a"] = 2
    with pytest.raises((AttributeError, TypeError)):
        m.anything = 1


def test_jsonschema_and_referencing_work_with_the_standin(monkeypatch):
    """Swap the stand-in in for rpds, re-import the validator's stack, and validate a schema with $refs."""
    import sys

    saved = {name: module for name, module in sys.modules.items()
             if name.split(".")[0] in ("rpds", "referencing", "jsonschema", "jsonschema_specifications")}
    for name in saved:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "rpds", standin)
    try:
        import jsonschema
        import referencing

        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$defs": {"n": {"type": "integer"}},
                  "type": "object", "properties": {"a": {"$ref": "#/$defs/n"}}}
        validator = jsonschema.Draft202012Validator(schema)
        assert [e.message for e in validator.iter_errors({"a": "x"})] == ["'x' is not of type 'integer'"]
        assert referencing.Registry().with_resource(
            "urn:x", referencing.Resource.from_contents(schema)).crawl()["urn:x"].contents == schema
    finally:
        for name in [n for n in sys.modules if n.split(".")[0] in ("referencing", "jsonschema",
                                                                   "jsonschema_specifications")]:
            monkeypatch.delitem(sys.modules, name, raising=False)
        for name, module in saved.items():
            monkeypatch.setitem(sys.modules, name, module)
