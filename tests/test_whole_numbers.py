"""Integer fields given a float literal (2.0, 3.0, 2.0000000000000001) are schema.type errors with a hint."""

import json

import pytest

from conftest import FIXTURES
from loopctl.validate import SpecStore

MINIMAL = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")


def validate(write_spec, text, name="spec.yaml"):
    path = write_spec(text, name)
    return SpecStore(display_base=path.parent).validate(path)


def type_errors(result):
    return [d for d in result.diagnostics if d.rule == "schema.type"]


@pytest.mark.parametrize("old, new, pointer, whole", [
    ("max_steps: 3", "max_steps: 3.0", "/optimization_strategy/max_steps", "3"),
    ("{type: max_iterations, value: 5,", "{type: max_iterations, value: 5.0,",
     "/termination_conditions/failure/0/value", "5"),
    ("memory:\n  type: ephemeral\n", "memory:\n  type: ephemeral\nmetadata: {taxonomy_level: 2.0000000000000001}\n",
     "/metadata/taxonomy_level", "2"),
])
def test_float_literal_in_an_integer_field_is_a_type_error(write_spec, old, new, pointer, whole):
    assert old in MINIMAL
    result = validate(write_spec, MINIMAL.replace(old, new))
    found = type_errors(result)
    assert [d.pointer for d in found] == [pointer]
    assert "whole number" in found[0].message and found[0].hint.endswith(f": {whole}")
    assert not result.valid


def test_fractional_value_in_an_integer_field_suggests_neighbours(write_spec):
    result = validate(write_spec, MINIMAL.replace("max_steps: 3", "max_steps: 2.5"))
    assert "2 or 3" in type_errors(result)[0].hint


def test_float_in_an_integer_field_of_a_json_spec_is_a_type_error(write_spec, minimal_spec):
    minimal_spec["metadata"] = {"taxonomy_level": 2}
    text = json.dumps(minimal_spec).replace('"taxonomy_level": 2', '"taxonomy_level": 2.0')
    assert [d.pointer for d in type_errors(validate(write_spec, text, "spec.json"))] == ["/metadata/taxonomy_level"]


def test_whole_numbers_in_integer_fields_pass(write_spec):
    text = MINIMAL.replace("memory:\n  type: ephemeral\n",
                           "memory:\n  type: ephemeral\nmetadata: {taxonomy_level: 2}\n")
    assert validate(write_spec, text).diagnostics == []


def test_fractions_stay_allowed_in_number_fields(write_spec):
    assert validate(write_spec, MINIMAL.replace("per_iteration_usd: 0.1", "per_iteration_usd: 0.10")).diagnostics == []
