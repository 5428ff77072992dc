"""The packaged schemas: valid draft 2020-12, stable ids, and 1.1 is exactly 1.0 plus composition."""

import copy

from jsonschema import Draft202012Validator

from loopctl.schema import load_schema, version_for


def test_schemas_are_valid_draft_2020_12():
    for version in ("1.0", "1.1"):
        Draft202012Validator.check_schema(load_schema(version))


def test_lss_1_1_is_lss_1_0_plus_composition():
    v10, v11 = copy.deepcopy(load_schema("1.0")), copy.deepcopy(load_schema("1.1"))
    del v11["properties"]["composition"], v11["$defs"]["Composition"]
    for key in ("$id", "title", "description"):
        v10.pop(key), v11.pop(key)
    assert v10 == v11


def test_thirteen_required_fields_in_both():
    for version in ("1.0", "1.1"):
        assert len(load_schema(version)["required"]) == 13


def test_every_property_is_described():
    def walk(node, path):
        if isinstance(node, dict):
            for name, prop in (node.get("properties") or {}).items():
                if isinstance(prop, dict) and prop is not True and "$ref" not in prop:
                    assert prop.get("description"), f"{path}.{name}"
            for key, value in node.items():
                if key not in ("if", "then", "anyOf"):  # conditional constraints, not fields
                    walk(value, f"{path}.{key}")
        elif isinstance(node, list):
            for item in node:
                walk(item, path)
    for schema in (load_schema("1.1"),):
        walk(dict(schema.items()), "$")


def test_version_is_chosen_by_the_composition_block():
    assert version_for({"composition": {}}) == "1.1" and version_for({}) == "1.0"
