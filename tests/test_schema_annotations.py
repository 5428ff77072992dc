"""The published schemas describe every field for editors, and their validation keywords are unchanged."""

from __future__ import annotations

import json

import pytest

from conftest import FIXTURES
from loopctl.schema import load_schema
from schema_keywords import normalised

# Subschemas under these keywords restate fields to constrain them; the field itself is described where declared.
CONDITIONS = {"if", "then", "else", "anyOf", "oneOf", "not", "dependentSchemas"}


def fields(node, path: str = ""):
    """Yield (path, schema) for every property declared in a ``properties`` block, at every depth."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in CONDITIONS:
                continue
            if key == "properties" and isinstance(value, dict):
                for name, schema in value.items():
                    yield f"{path}/{name}", schema
                    yield from fields(schema, f"{path}/{name}")
            else:
                yield from fields(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from fields(item, f"{path}/{index}")


@pytest.mark.parametrize("version", ["1.0", "1.1"])
def test_every_field_at_every_depth_has_a_description(version):
    missing = [path for path, schema in fields(load_schema(version))
               if not (isinstance(schema, dict) and schema.get("description"))]
    assert missing == []


@pytest.mark.parametrize("version", ["1.0", "1.1"])
def test_the_validation_keywords_are_those_before_the_annotations_were_added(version):
    before = json.loads((FIXTURES / "schema-validation" / f"lss-{version}.json").read_text(encoding="utf-8"))
    assert normalised(load_schema(version)) == before


def test_the_fields_check_finds_a_field_without_a_description():
    schema = {"properties": {"a": {"description": "ok", "properties": {"b": {"type": "string"}}}}}
    assert [p for p, s in fields(schema) if not s.get("description")] == ["/a/b"]


def test_stated_defaults_and_examples_are_present():
    schema = load_schema("1.1")
    assert schema["properties"]["loop_name"]["examples"] == ["code-review-loop"]
    assert schema["$defs"]["InputField"]["properties"]["required"]["default"] is False
    assert schema["$defs"]["SuccessCondition"]["properties"]["consecutive"]["default"] == 1
