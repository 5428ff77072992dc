"""lss.unknown-key: keys the standard does not define in open objects are warnings, with a did-you-mean."""

import json

import pytest

from conftest import FIXTURES
from loopctl.cli import main
from loopctl.schema import load_schema
from loopctl.validate import SpecStore

MINIMAL = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")


def validate(write_spec, text, name="spec.yaml"):
    path = write_spec(text, name)
    return SpecStore(display_base=path.parent).validate(path)


def unknown(result):
    return [d for d in result.diagnostics if d.rule == "lss.unknown-key"]


def edited(old, new):
    assert old in MINIMAL
    return MINIMAL.replace(old, new)


@pytest.mark.parametrize("text, pointer, suggestion", [
    (MINIMAL + "metdata: {taxonomy_level: 2}\n", "/metdata", "metadata"),
    (edited("  stall:\n", "  stal:\n"), "/termination_conditions/stal", "stall"),
    (MINIMAL + "  token_soft_capp: 5000\n", "/cost_limits/token_soft_capp", "token_soft_cap"),
    (MINIMAL + "metadata: {taxonomy_levle: 2}\n", "/metadata/taxonomy_levle", "taxonomy_level"),
    (edited("primary: true}", "primary: true, targt: 0.9}"), "/metrics/0/targt", "target"),
    (edited("pass_threshold: 0.8", "pass_threshold: 0.8\n      pass_treshold: 0.9"),
     "/evaluators/1/rubric/pass_treshold", "pass_threshold"),
])
def test_misspelt_key_in_an_open_object_warns_with_a_suggestion(write_spec, text, pointer, suggestion):
    result = validate(write_spec, text)
    found = unknown(result)
    assert [d.pointer for d in found] == [pointer]
    assert found[0].severity == "warning" and f"did you mean '{suggestion}'" in found[0].hint
    assert found[0].line > 1 and found[0].column >= 1


def test_unknown_key_without_a_close_match_lists_the_known_keys(write_spec):
    found = unknown(validate(write_spec, MINIMAL + "  zzz: 1\n"))
    assert [d.pointer for d in found] == ["/cost_limits/zzz"]
    assert "per_iteration_usd" in found[0].hint and "x_" in found[0].hint


@pytest.mark.parametrize("extra", [
    "x_vendor: {anything: 1}\n",
    "extensions: {metdata: 1, stal: []}\n",
    "metadata: {owner: team-a, taxonomy_level: 2}\n",
    "  x_budget_owner: finance\n",
])
def test_extension_space_and_free_metadata_do_not_warn(write_spec, extra):
    assert unknown(validate(write_spec, MINIMAL + extra)) == []


def test_minimal_spec_has_no_unknown_key(write_spec):
    assert unknown(validate(write_spec, MINIMAL)) == []


def test_closed_objects_are_left_to_the_schema(write_spec):
    result = validate(write_spec, edited("role: Write the summary", "rol: Write the summary"))
    assert unknown(result) == [] and any(d.rule == "schema.unknown-key" for d in result.diagnostics)


def test_unknown_keys_in_a_json_spec_warn_too(write_spec, minimal_spec):
    minimal_spec["cost_limits"]["token_soft_capp"] = 10
    assert [d.pointer for d in unknown(validate(write_spec, json.dumps(minimal_spec, indent=1), "s.json"))] == [
        "/cost_limits/token_soft_capp"]


def test_strict_validation_fails_on_an_unknown_key(write_spec, capsys):
    path = write_spec(MINIMAL + "metdata: {}\n")
    assert main(["validate", str(path)]) == 0
    assert main(["validate", "--strict", str(path)]) == 1
    assert "lss.unknown-key" in capsys.readouterr().out


def test_known_keys_come_from_the_schema(write_spec, monkeypatch):
    import copy

    from loopctl.rules import keys
    text = MINIMAL + "metdata: {}\n"
    assert unknown(validate(write_spec, text))
    schema = copy.deepcopy(load_schema("1.0"))
    schema["properties"]["metdata"] = {"type": "object"}
    monkeypatch.setattr(keys, "load_schema", lambda _version: schema)
    assert unknown(validate(write_spec, text, "again.yaml")) == []
