"""combine: one composition or one flat spec that validates strictly, with unique ids and stated merge rules."""

import os
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import CONFORMANCE, REPO
from loopctl.lean.combine import CombineError, combine, load_sources
from loopctl.lean.dump import dump_yaml
from loopctl.model import SpecView
from loopctl.validate import SpecStore


def _strict_specs(folder):
    store = SpecStore()
    out = []
    for path in sorted((REPO / folder).glob("*.yaml")):
        result = store.validate(path)
        if result.document is not None and not result.errors and not result.warnings:
            out.append(path)
    return out


PATTERNS = _strict_specs("patterns")
LIBRARY = _strict_specs("loop-library")
TRIO_NAMES = ("research-agent", "coding-agent", "autonomous-debugger")
TRIO = [REPO / "loop-library" / f"{n}.yaml" for n in TRIO_NAMES]
UPSTREAM = CONFORMANCE / "upstream" / "enriched" / "loop-library"


@pytest.fixture
def specs_dir(tmp_path):
    """A folder with copies of strictly valid specs (three patterns, and the library trio when valid)."""
    folder = tmp_path / "specs"
    folder.mkdir()
    for path in PATTERNS[:3] + [p for p in TRIO if p in LIBRARY]:
        shutil.copy(path, folder / path.name)
    return folder


def _write_and_validate(data, path, root=None):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump_yaml(data), encoding="utf-8")
    return SpecStore(root=root).validate(path)


def _spanning(*paths) -> Path:
    """A root that holds every path: the output in tmp_path and the inputs in the repository."""
    return Path(os.path.commonpath([str(Path(p).resolve()) for p in paths]))


def _sets():
    sets = [PATTERNS[:2], PATTERNS[2:5], PATTERNS[::4][:3]]
    if all(p in LIBRARY for p in TRIO):
        sets.append(TRIO)
    return [s for s in sets if len(s) >= 2]


def test_enough_strictly_valid_specs_to_combine():
    assert len(PATTERNS) >= 5


@pytest.mark.parametrize("mode", ["sequential", "parallel", "nested"])
@pytest.mark.parametrize("paths", _sets(), ids=lambda s: "+".join(p.stem for p in s))
def test_composition_validates_strictly_where_it_is_written(tmp_path, paths, mode):
    out = tmp_path / "out" / "deep" / "combined-loop.yaml"
    root = _spanning(out, *paths)
    result = combine(load_sources(paths), mode, output=out, root=root)
    checked = _write_and_validate(result.data, out, root)
    assert checked.errors == [] and checked.warnings == [], checked.diagnostics
    refs = [c["ref"] for c in result.data["composition"]["children"]]
    assert all(r.startswith("../") for r in refs)  # relative to the output file, not to the current folder
    for field in ("loop_name", "version", "objective", "inputs", "memory", "workers", "evaluators",
                  "feedback_channels", "optimization_strategy", "termination_conditions", "metrics",
                  "safety_constraints", "cost_limits"):
        assert field in result.data
    assert len([m for m in result.data["metrics"] if m.get("primary")]) == 1


@pytest.mark.parametrize("mode", ["sequential", "parallel", "nested"])
@pytest.mark.parametrize("paths", _sets(), ids=lambda s: "+".join(p.stem for p in s))
def test_flat_merge_validates_strictly(tmp_path, paths, mode):
    result = combine(load_sources(paths), mode, flat=True, name="flat-loop")
    checked = _write_and_validate(result.data, tmp_path / "flat-loop.yaml")
    assert checked.errors == [] and checked.warnings == [], checked.diagnostics
    spec = SpecView(result.data)
    assert len([m for m in spec.metrics if m.get("primary") is True]) == 1
    total = sum(len(yaml.safe_load(p.read_text())["workers"]) for p in paths)
    assert len(spec.workers) == total  # every stage keeps every worker


def test_colliding_ids_are_renamed_and_reported(specs_dir):
    first = specs_dir / PATTERNS[0].name
    second = specs_dir / "copy-of-first.yaml"
    data = yaml.safe_load(first.read_text())
    data["loop_name"] = "copy-of-first"
    second.write_text(dump_yaml(data))
    result = combine(load_sources([first, second]), flat=True, name="twice")
    spec = SpecView(result.data)
    worker_ids = [w.id for w in spec.workers]
    assert len(worker_ids) == len(set(worker_ids)) == 2 * len(data["workers"])
    renamed = result.renames["copy-of-first"]
    assert all(new.endswith("_cof") for new in renamed.values())
    for old_id in (w["id"] for w in data["workers"]):
        assert renamed[f"workers.{old_id}"] == f"workers.{old_id}_cof"
    assert SpecStore().validate(_dump(specs_dir / "twice.yaml", result.data)).valid


def _dump(path, data):
    path.write_text(dump_yaml(data))
    return path


def test_flat_merge_caps_follow_the_stated_rules():
    paths = PATTERNS[:3]
    specs = [SpecView(yaml.safe_load(p.read_text())) for p in paths]
    merged = SpecView(combine(load_sources(paths), flat=True, name="caps-loop").data)
    assert merged.max_iterations == max(s.max_iterations for s in specs)
    per_iteration = merged.cost_limits["per_iteration_usd"]
    assert per_iteration == pytest.approx(sum(s.cost_limits["per_iteration_usd"] for s in specs))
    assert merged.cost_limits["cumulative_usd"] >= per_iteration * merged.max_iterations - 1e-9
    assert merged.cost_limits["on_exceed"]["action"] == "halt"


def test_composition_bound_is_the_tightest_child_and_caps_cover_the_children(tmp_path):
    paths = PATTERNS[:3]
    specs = [SpecView(yaml.safe_load(p.read_text())) for p in paths]
    composed = SpecView(combine(load_sources(paths), "sequential", output=tmp_path / "caps-composed.yaml", root=_spanning(tmp_path, REPO)).data)
    assert composed.max_iterations == min(s.max_iterations for s in specs)
    children = sum(s.cost_limits["cumulative_usd"] for s in specs)
    assert composed.cost_limits["per_iteration_usd"] >= children
    assert composed.cost_limits["cumulative_usd"] == pytest.approx(
        composed.cost_limits["per_iteration_usd"] * composed.max_iterations)


def test_modes_set_child_roles_adapters_and_merge(tmp_path):
    sources = load_sources(PATTERNS[:3])
    nested = combine(sources, "nested", output=tmp_path / "nested-loop.yaml", root=_spanning(tmp_path, REPO)).data["composition"]
    assert [c["role"] for c in nested["children"]] == ["outer", "inner", "inner"]
    assert all(a["from"].startswith(f"children.{nested['children'][0]['id']}.outputs.") for a in nested["adapters"])
    parallel = combine(sources, "parallel", output=tmp_path / "parallel-loop.yaml", root=_spanning(tmp_path, REPO)).data["composition"]
    assert {c["role"] for c in parallel["children"]} == {"branch"}
    assert parallel["merge"]["min_branches_pass"] == 2
    sequential = combine(sources, "sequential", output=tmp_path / "sequential-loop.yaml", root=_spanning(tmp_path, REPO)).data["composition"]
    assert len(sequential["adapters"]) == 2


def test_upstream_specs_with_warnings_combine_keeping_only_their_own_warnings():
    paths = [UPSTREAM / f"{n}.yaml" for n in TRIO_NAMES]
    result = combine(load_sources(paths), flat=True, name="upstream-trio")
    assert any("inherited" in note for note in result.notes)


def test_invalid_inputs_and_bad_requests_are_refused(tmp_path, minimal_spec):
    broken = tmp_path / "broken.yaml"
    minimal_spec["workers"][0]["depends_on"] = ["ghost"]
    broken.write_text(dump_yaml(minimal_spec))
    with pytest.raises(CombineError, match="not a valid spec"):
        load_sources([broken, PATTERNS[0]])
    sources = load_sources(PATTERNS[:2])
    with pytest.raises(CombineError, match="mode"):
        combine(sources, "diagonal")
    with pytest.raises(CombineError, match="kebab"):
        combine(sources, name="Bad Name")
    with pytest.raises(CombineError, match="at least two"):
        combine(sources[:1])


def test_a_composition_cannot_be_flattened(tmp_path):
    composed = combine(load_sources(PATTERNS[:2]), output=tmp_path / "pair.yaml", root=_spanning(tmp_path, REPO))
    path = _dump(tmp_path / "pair.yaml", composed.data)
    with pytest.raises(CombineError, match="cannot flatten"):
        combine(load_sources([path, PATTERNS[2]], root=_spanning(tmp_path, REPO)), flat=True, name="nope-loop")


def test_validating_data_writes_no_file_and_never_uses_the_name_as_a_path(tmp_path, monkeypatch, minimal_spec):
    import tempfile

    from loopctl.lean.dump import problems, virtual_path
    (tmp_path / "temp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "temp"))
    minimal_spec["loop_name"] = "../../escaped"
    assert problems(minimal_spec, tmp_path / "out")  # the bad name is reported...
    assert virtual_path(minimal_spec, tmp_path / "out") == (tmp_path / "out" / "spec.yaml").resolve()
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["temp"]  # ...and nothing is written anywhere


def test_composition_children_outside_the_output_project_are_refused(tmp_path):
    (tmp_path / "pyproject.toml").write_text("", encoding="utf-8")
    with pytest.raises(CombineError, match=r"comp\.ref-outside-root"):
        combine(load_sources(PATTERNS[:2]), output=tmp_path / "pair.yaml")


def test_inputs_of_one_name_are_shared_when_equal_and_renamed_when_not(tmp_path):
    first = yaml.safe_load(PATTERNS[0].read_text())
    second = yaml.safe_load(PATTERNS[1].read_text())
    name = next(iter(first["inputs"]["schema"]))
    second["inputs"]["schema"][name] = {"type": "string", "description": "A different meaning", "required": True}
    second["inputs"]["examples"] = [{name: "example value"}]
    second["workers"][0]["inputs"].append({"from": f"inputs.{name}"})
    second["loop_name"] = "second-loop"
    path = _dump(tmp_path / "second-loop.yaml", second)
    result = combine(load_sources([PATTERNS[0], path]), flat=True, name="shared-inputs")
    schema = result.data["inputs"]["schema"]
    renamed = result.renames["second-loop"][f"inputs.{name}"].split(".", 1)[1]
    assert schema[name] == first["inputs"]["schema"][name] and schema[renamed]["description"] == "A different meaning"
    assert any(renamed in example for example in result.data["inputs"]["examples"])
