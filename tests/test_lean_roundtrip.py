"""LSS-min is lossless: every spec in the repository and in the conformance data expands back to the same data."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CONFORMANCE, REPO
from loopctl.loader import load_file
from loopctl.lssmin.expand import ExpandError, expand, expand_text
from loopctl.lssmin.factor import canon
from loopctl.lssmin.keys import KEY_TABLE, TO_LONG
from loopctl.lssmin.minify import FORMAT_VERSION, MinifyError, minify, minify_text
from loopctl.lssmin.shape import SHAPES

SKIP_PARTS = {".venv", "node_modules", ".git", "site", ".pytest_cache"}


def _spec_files():
    found = []
    for base in (REPO, CONFORMANCE / "upstream"):
        for path in sorted(base.rglob("*")):
            if path.suffix in (".yaml", ".yml") and not SKIP_PARTS & set(path.relative_to(base).parts):
                found.append(path)
    return found


SPEC_FILES = _spec_files()


def test_the_round_trip_covers_the_repository_and_the_conformance_data():
    names = {p.name for p in SPEC_FILES}
    assert "minimal.yaml" in names and "readme-example.yaml" in names
    assert len([p for p in SPEC_FILES if CONFORMANCE in p.parents]) >= 20


@pytest.mark.parametrize("path", SPEC_FILES, ids=lambda p: str(p.relative_to(p.parents[2])))
def test_minify_then_expand_gives_back_the_loaded_data(path):
    document, _ = load_file(path)
    if document is None:
        pytest.skip("not loadable as YAML (a loader fixture)")
    text = minify_text(document.data)
    back = expand_text(text)
    assert back == document.data
    assert canon(back) == canon(document.data)  # also keeps 1, 1.0 and true apart


@pytest.mark.parametrize("path", [p for p in SPEC_FILES if "loop-library" in p.parts][:6], ids=lambda p: p.name)
def test_minified_text_is_shorter_than_the_yaml(path):
    document, _ = load_file(path)
    assert len(minify_text(document.data)) < len(document.text)


def test_minified_text_is_one_line_of_json_with_the_format_marker(minimal_spec):
    text = minify_text(minimal_spec)
    assert "\n" not in text and ": " not in text
    assert json.loads(text)["~v"] == FORMAT_VERSION == max(SHAPES)


def test_repeated_worker_values_are_written_once(minimal_spec):
    worker = minimal_spec["workers"][0]
    minimal_spec["workers"] = [dict(worker, id=f"w{i}", role=f"Role {i}") for i in range(4)]
    packed = minify(minimal_spec)
    assert [key for key in packed["w"] if not key.startswith("~")] == ["w0", "w1", "w2", "w3"]
    assert json.dumps(packed).count("claude-sonnet-4-5") == 1
    assert expand(packed) == minimal_spec


def test_an_item_lacking_a_shared_value_says_so_and_stays_without_it(minimal_spec):
    worker = minimal_spec["workers"][0]
    minimal_spec["workers"] = [dict(worker, id=f"w{i}", timeout_seconds=60) for i in range(3)]
    del minimal_spec["workers"][2]["timeout_seconds"]
    back = expand(minify(minimal_spec))
    assert "timeout_seconds" not in back["workers"][2]
    assert back == minimal_spec


def test_implied_defaults_are_not_written_but_their_absence_is_kept(minimal_spec):
    minimal_spec["termination_conditions"]["success"][0]["consecutive"] = 1
    packed = minify(minimal_spec)
    assert "cn" not in json.dumps(packed["tc"]["su"])
    assert expand(packed) == minimal_spec
    del minimal_spec["termination_conditions"]["success"][0]["consecutive"]
    assert "consecutive" not in expand(minify(minimal_spec))["termination_conditions"]["success"][0]


def test_evaluator_type_is_derived_only_when_the_item_implies_it(minimal_spec):
    packed = minify(minimal_spec)
    assert all("t" not in e for name, e in packed["e"].items() if name != "~d")
    minimal_spec["evaluators"][0]["type"] = "human"  # contradicts its implementation key: must be kept
    assert expand(minify(minimal_spec)) == minimal_spec


def test_keys_that_look_like_codes_or_markers_survive(minimal_spec):
    minimal_spec["x_vendor"] = {"t": 1, "~": [2], "~d": {"type": "x"}, "w": "workers.a", "": None}
    minimal_spec["workers"][0]["inputs"].append("inputs.text")  # a binding that is not a mapping
    minimal_spec["feedback_channels"][0]["destination"] = "w.writer"  # already looks short
    assert expand(minify(minimal_spec)) == minimal_spec


def test_key_table_codes_are_unique_and_never_markers():
    codes = [code for _, code, _ in KEY_TABLE]
    longs = [long for long, _, _ in KEY_TABLE]
    assert len(set(codes)) == len(codes) and len(set(longs)) == len(longs)
    assert not any(code.startswith("~") for code in codes)
    assert not (set(codes) & set(longs))
    assert TO_LONG["w"] == "workers"


def test_expand_refuses_json_that_is_not_lss_min():
    with pytest.raises(ExpandError, match="~v"):
        expand({"loop_name": "x"})
    with pytest.raises(ExpandError, match="not JSON"):
        expand_text("{nope")
    with pytest.raises(ExpandError, match="version"):
        expand({"~v": 99})


def test_minify_refuses_keys_that_json_cannot_keep():
    with pytest.raises(MinifyError, match="strings"):
        minify({"loop_name": "x", "metadata": {1: "one"}})


_keys = st.sampled_from([long for long, _, _ in KEY_TABLE][:40] + [c for _, c, _ in KEY_TABLE][:20]
                        + ["~", "~d", "~r", "~v", "~c", "c", "~~", "task", "", "x_a"]
                        + ["tools", "depends_on", "runs_after", "applies_to", "fields", "tags", "patterns", "values",
                           "read_policy", "write_policy", "allowed_writers", "rubric", "dimensions", "config",
                           "secondary_targets", "preserve_sections"]) | st.text(max_size=6)
_strings = st.sampled_from(["workers.a", "w.a", "evaluators.b", "e.", "o", "optimization_strategy", "~w.a",
                            "inputs.task", "i.task", "children.x.outputs.y", "telemetry.cost", "plain", "", "~", "a b",
                            "0"])
_strings = _strings | st.text(max_size=8)
_scalars = st.none() | st.booleans() | st.integers(-3, 3) | st.floats(allow_nan=False, allow_infinity=False) | _strings
_values = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_keys, inner, max_size=4),
                       max_leaves=25)
_items = st.lists(st.dictionaries(_keys, _values, max_size=5) | _values, max_size=5)
_sections = st.sampled_from(["workers", "evaluators", "feedback_channels", "metrics", "safety_constraints",
                             "inputs", "termination_conditions", "composition", "optimization_strategy", "memory",
                             "metadata", "extra"])


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(_sections, _items | st.dictionaries(_keys, _items | _values, max_size=4) | _values,
                       max_size=6))
def test_any_mapping_round_trips(data):
    packed = json.loads(minify_text(data))
    assert canon(expand(packed)) == canon(data)
