"""The compiled schema check only ever short-cuts to "no schema errors" when jsonschema agrees."""

import copy
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CONFORMANCE
from loopctl.loader import load_file
from loopctl.schema import VERSIONS, _validator, fast_accepts, load_schema, version_for

REPO = Path(__file__).resolve().parent.parent
# Keywords that check an instance; draft-07 ignores every one of them when it stands beside "$ref".
CHECKING = {"type", "enum", "const", "pattern", "minItems", "maxItems", "minProperties", "maxProperties",
            "minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
            "uniqueItems", "anyOf", "oneOf", "allOf", "not", "required", "additionalProperties", "properties",
            "items", "prefixItems", "patternProperties", "propertyNames", "contains", "if", "then", "else",
            "dependentRequired", "dependentSchemas", "unevaluatedProperties", "unevaluatedItems", "format"}


def _refs_with_siblings(node, where=""):
    if isinstance(node, dict):
        if "$ref" in node and CHECKING & set(node):
            yield where
        for key, value in node.items():
            yield from _refs_with_siblings(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _refs_with_siblings(value, f"{where}/{index}")


@pytest.mark.parametrize("version", VERSIONS)
def test_our_schemas_have_no_checking_keyword_beside_a_ref(version):
    assert list(_refs_with_siblings(load_schema(version))) == []


def test_a_keyword_beside_a_ref_is_found():
    assert list(_refs_with_siblings({"properties": {"a": {"$ref": "#/$defs/x", "minLength": 1}}})) == ["/properties/a"]


def _jsonschema_accepts(data) -> bool:
    return not any(True for _ in _validator(version_for(data)).iter_errors(data))


def _spec_data():
    paths = sorted(REPO.glob("loop-library/**/*.yaml")) + sorted(REPO.glob("patterns/*.yaml")) \
        + sorted(CONFORMANCE.rglob("*.yaml")) + sorted(CONFORMANCE.rglob("*.json"))
    found = []
    for path in paths:
        document, _ = load_file(path)
        if document is not None:
            found.append((path.name, document.data))
    return found


SPECS = _spec_data()


@pytest.mark.parametrize("name,data", SPECS, ids=[n for n, _ in SPECS])
def test_fast_check_accepts_a_spec_only_when_jsonschema_does(name, data):
    if fast_accepts(data, version_for(data)):
        assert _jsonschema_accepts(data)


def test_fast_check_accepts_the_library_specs():
    library = [data for name, data in SPECS if name == "coding-agent.yaml"]
    assert library and all(fast_accepts(data, version_for(data)) for data in library)


def test_fast_check_leaves_the_spec_as_it_was():
    for _, data in SPECS:
        before = copy.deepcopy(data)
        fast_accepts(data, version_for(data))
        assert data == before


def test_fast_check_leaves_a_whole_float_where_an_integer_belongs_to_jsonschema():
    data = copy.deepcopy(next(d for n, d in SPECS if n == "coding-agent.yaml"))
    data["metadata"]["taxonomy_level"] = 2.0
    assert not _jsonschema_accepts(data)
    assert not fast_accepts(data, version_for(data))


REPLACEMENTS = st.sampled_from([None, True, 0, 1, -1, 2.0, 0.5, 1e300, "", "x", "Bad Name", "1.0", [], [1], {},
                                {"id": "x"}, ["a", "a"]])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(range(len(SPECS))), st.lists(st.tuples(st.integers(0, 10_000), REPLACEMENTS), min_size=1,
                                                    max_size=3), st.booleans())
def test_fast_check_never_accepts_a_mutated_spec_that_jsonschema_rejects(index, edits, delete):
    data = copy.deepcopy(SPECS[index][1])
    for choice, replacement in edits:
        nodes = list(_containers(data))
        parent, key = nodes[choice % len(nodes)]
        if delete and isinstance(parent, dict):
            del parent[key]
        else:
            parent[key] = copy.deepcopy(replacement)
    if fast_accepts(data, version_for(data)):
        assert _jsonschema_accepts(data)


def _containers(node):
    pending = [node]
    while pending:
        here = pending.pop()
        items = here.items() if isinstance(here, dict) else enumerate(here) if isinstance(here, list) else ()
        for key, value in list(items):
            yield here, key
            pending.append(value)
