"""Composition rules: children resolve and validate, roles fit the type, adapters are wired, cycles are caught."""

import copy

from loopctl.validate import SpecStore


def composition(minimal_spec, kind, children, adapters=(), merge=None):
    spec = copy.deepcopy(minimal_spec)
    spec["loop_name"] = "composed"
    spec["composition"] = {"type": kind, "children": list(children), "adapters": list(adapters)}
    if merge:
        spec["composition"]["merge"] = merge
    return spec


def validate(path):
    return SpecStore(display_base=path.parent).validate(path)


def adapter(a="a", b="b"):
    return {"from": f"children.{a}.outputs.writer", "to": f"children.{b}.inputs.text"}


def test_valid_sequential_composition(write_spec, minimal_spec):
    write_spec(minimal_spec, "lib/child.yaml")
    spec = composition(minimal_spec, "sequential", [{"id": "a", "ref": "child.yaml"}, {"id": "b", "ref": "child.yaml"}],
                       [adapter()])
    assert validate(write_spec(spec, "lib/comp.yaml")).diagnostics == []


def test_missing_child_is_named(write_spec, minimal_spec):
    spec = composition(minimal_spec, "sequential", [{"id": "a", "ref": "nope.yaml"}, {"id": "b", "ref": "gone.yaml"}],
                       [adapter()])
    messages = [d.message for d in validate(write_spec(spec)).errors if d.rule == "comp.child"]
    assert any("nope.yaml" in m for m in messages) and any("gone.yaml" in m for m in messages)


def test_invalid_child_makes_the_parent_invalid(write_spec, minimal_spec):
    broken = copy.deepcopy(minimal_spec)
    del broken["cost_limits"]
    write_spec(broken, "bad-child.yaml")
    write_spec(minimal_spec, "good.yaml")
    spec = composition(minimal_spec, "sequential", [{"id": "a", "ref": "bad-child.yaml"},
                                                    {"id": "b", "ref": "good.yaml"}], [adapter()])
    errors = [d for d in validate(write_spec(spec)).errors if d.rule == "comp.child"]
    assert len(errors) == 1 and "bad-child.yaml" in errors[0].message and "cost_limits" in errors[0].message


def test_reference_cycle_between_files_is_reported(write_spec, minimal_spec):
    write_spec(minimal_spec, "leaf.yaml")
    a = composition(minimal_spec, "sequential", [{"id": "x", "ref": "b.yaml"}, {"id": "y", "ref": "leaf.yaml"}],
                    [{"from": "children.x.outputs.writer", "to": "children.y.inputs.text"}])
    b = composition(minimal_spec, "sequential", [{"id": "x", "ref": "a.yaml"}, {"id": "y", "ref": "leaf.yaml"}],
                    [{"from": "children.x.outputs.writer", "to": "children.y.inputs.text"}])
    write_spec(b, "b.yaml")
    messages = [d.message for d in validate(write_spec(a, "a.yaml")).diagnostics if d.rule == "comp.child"]
    assert any("composition cycle" in m and "a.yaml -> b.yaml -> a.yaml" in m for m in messages)


def test_nested_needs_one_outer_one_inner_and_an_adapter(write_spec, minimal_spec):
    write_spec(minimal_spec, "child.yaml")
    spec = composition(minimal_spec, "nested", [{"id": "a", "ref": "child.yaml", "role": "inner"},
                                                {"id": "b", "ref": "child.yaml", "role": "inner"}])
    rules = [d.rule for d in validate(write_spec(spec)).errors]
    assert rules.count("comp.roles") == 1 and "comp.adapters" in rules


def test_parallel_needs_merge_and_two_branches(write_spec, minimal_spec):
    write_spec(minimal_spec, "child.yaml")
    spec = composition(minimal_spec, "parallel", [{"id": "a", "ref": "child.yaml", "role": "branch"},
                                                  {"id": "b", "ref": "child.yaml"}])
    result = validate(write_spec(spec))
    assert any(d.rule == "schema.required" and "merge" in d.message for d in result.errors)
    assert any(d.rule == "comp.roles" for d in result.errors)


def test_sequential_without_enough_adapters_is_a_warning(write_spec, minimal_spec):
    write_spec(minimal_spec, "child.yaml")
    spec = composition(minimal_spec, "sequential", [{"id": "a", "ref": "child.yaml"}, {"id": "b", "ref": "child.yaml"}])
    result = validate(write_spec(spec))
    assert result.errors == [] and [d.rule for d in result.warnings] == ["comp.adapters"]


def test_adapter_naming_unknown_child_is_an_error_and_unknown_path_a_warning(write_spec, minimal_spec):
    write_spec(minimal_spec, "child.yaml")
    spec = composition(minimal_spec, "sequential", [{"id": "a", "ref": "child.yaml"}, {"id": "b", "ref": "child.yaml"}],
                       [{"from": "children.zz.outputs.writer", "to": "children.b.inputs.nothing"}])
    result = validate(write_spec(spec))
    assert [d.rule for d in result.errors] == ["comp.adapters"]
    assert [d.rule for d in result.warnings] == ["comp.adapter-path"]


def test_duplicate_child_ids(write_spec, minimal_spec):
    write_spec(minimal_spec, "child.yaml")
    spec = composition(minimal_spec, "sequential", [{"id": "a", "ref": "child.yaml"}, {"id": "a", "ref": "child.yaml"}],
                       [adapter("a", "a")])
    assert "comp.unique-child" in [d.rule for d in validate(write_spec(spec)).errors]


def test_children_resolve_against_root(write_spec, minimal_spec, tmp_path):
    write_spec(minimal_spec, "lib/child.yaml")
    spec = composition(minimal_spec, "sequential", [{"id": "a", "ref": "lib/child.yaml"},
                                                    {"id": "b", "ref": "lib/child.yaml"}], [adapter()])
    path = write_spec(spec, "deep/er/comp.yaml")
    assert SpecStore(root=tmp_path).validate(path).errors == []
    assert SpecStore().validate(path).errors != []
