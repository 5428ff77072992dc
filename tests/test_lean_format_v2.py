"""LSS-min format version 2's savings, kept by version 3: worker ids by index, lists keyed by id, pooled rubric
dimensions; still lossless. (What version 3 adds is in test_lean_format_v3.py.)"""

import copy
import json

import pytest

from conftest import CONFORMANCE
from loopctl.lean import tokens
from loopctl.lean.combine import combine, load_sources
from loopctl.lssmin.expand import ExpandError, expand, expand_text
from loopctl.lssmin.factor import canon
from loopctl.lssmin.minify import minify, minify_text

UPSTREAM = CONFORMANCE / "upstream" / "enriched" / "loop-library"
TRIO = ("research-agent", "coding-agent", "autonomous-debugger")


def _round_trips(spec: dict) -> dict:
    packed = minify(spec)
    back = expand_text(json.dumps(packed))
    assert back == spec and canon(back) == canon(spec)
    return packed


def _two_workers(spec: dict) -> dict:
    worker = spec["workers"][0]
    spec["workers"] = [dict(worker, id="drafter"), dict(worker, id="editor", depends_on=["drafter"])]
    return spec


def test_a_worker_named_in_depends_on_is_written_as_its_index(minimal_spec):
    packed = _round_trips(_two_workers(minimal_spec))
    assert packed["w"]["editor"]["dp"] in ([0], 0)   # version 3 writes a list of one index bare


def test_a_string_that_is_no_worker_id_and_an_integer_both_survive_in_depends_on(minimal_spec):
    spec = _two_workers(minimal_spec)
    spec["workers"][1]["depends_on"] = ["drafter", "nobody", 0, {"~r": 1}, True]
    packed = _round_trips(spec)
    assert packed["w"]["editor"]["dp"][:2] == [0, "nobody"]


def test_items_with_distinct_ids_are_written_as_a_map_from_id(minimal_spec):
    packed = _round_trips(_two_workers(minimal_spec))
    assert isinstance(packed["w"], dict) and "id" not in json.dumps(packed["w"])


@pytest.mark.parametrize("ids", [["same", "same"], ["~d", "b"], ["a", 3]], ids=["duplicate", "marker", "not-a-string"])
def test_a_list_whose_ids_cannot_be_keys_stays_a_list(minimal_spec, ids):
    spec = _two_workers(minimal_spec)
    spec["workers"][1]["depends_on"] = []
    for worker, name in zip(spec["workers"], ids, strict=False):
        worker["id"] = name
    packed = _round_trips(spec)
    assert isinstance(packed["w"], list)


def test_a_workers_value_that_is_not_a_list_is_kept_verbatim(minimal_spec):
    minimal_spec["workers"] = {"drafter": {"role": "x"}}
    packed = _round_trips(minimal_spec)
    assert packed["w"] == {"~r": {"drafter": {"r": "x"}}}


def test_rubric_dimensions_shared_across_evaluators_are_written_once_in_the_pool(minimal_spec):
    spec = copy.deepcopy(minimal_spec)
    judge = next(e for e in spec["evaluators"] if "rubric" in e)
    dimension = {"name": "quality", "weight": 1.0, "scale": [0, 1], "criteria": "first"}
    judge["rubric"]["dimensions"] = [dimension]
    spec["evaluators"] += [dict(copy.deepcopy(judge), id=f"judge_{n}") for n in range(3)]
    for n, evaluator in enumerate(spec["evaluators"][-3:]):
        evaluator["rubric"]["dimensions"][0]["criteria"] = f"criterion {n}"
    packed = _round_trips(spec)
    assert packed["~p"] == {"dm": {"n": "quality", "wt": 1.0, "sl": [0, 1]}}
    assert [expand(packed)["evaluators"][-3 + n]["rubric"]["dimensions"] for n in range(3)] == [
        [{"name": "quality", "weight": 1.0, "scale": [0, 1], "criteria": f"criterion {n}"}] for n in range(3)]
    assert '"quality"' not in json.dumps(packed["e"])   # only in the pool


def test_an_index_that_names_no_worker_is_refused_with_its_pointer(minimal_spec):
    packed = minify(_two_workers(minimal_spec))
    packed["w"]["editor"]["dp"] = [7]
    with pytest.raises(ExpandError, match="index 7 names no worker") as caught:
        expand(packed)
    assert caught.value.pointer == "/workers/1/depends_on"


def test_an_item_written_by_id_must_be_an_object(minimal_spec):
    packed = minify(_two_workers(minimal_spec))
    packed["w"]["editor"] = "not an object"
    with pytest.raises(ExpandError, match="must be an object"):
        expand(packed)


def test_a_pool_that_marks_keys_absent_is_refused(minimal_spec):
    packed = minify(minimal_spec)
    packed["~p"] = {"dm": {"~": ["n"]}}
    with pytest.raises(ExpandError, match="pool"):
        expand(packed)


def test_a_top_level_spec_key_spelled_like_the_pool_marker_survives(minimal_spec):
    minimal_spec["p"] = {"dm": 1}
    minimal_spec["~p"] = 2
    _round_trips(minimal_spec)


def test_the_authors_flat_trio_is_smaller_than_their_lossy_minified_form():
    flat = combine(load_sources([UPSTREAM / f"{name}.yaml" for name in TRIO]), "sequential", flat=True,
                   name="upstream-trio").data
    text = minify_text(flat)
    assert expand_text(text) == flat
    assert tokens.estimate(text) <= 1414  # the authors' published figure, characters / 4
    assert tokens.count(text) <= 1600


def test_a_pointer_into_a_list_written_by_id_is_located_at_the_item(minimal_spec):
    from loopctl.lssmin.locate import min_pointer

    packed = minify(_two_workers(minimal_spec))
    assert min_pointer(packed, "/workers/1/depends_on/0") == "/w/editor/dp"   # one index, written bare
    assert min_pointer(packed, "/workers/1/id") == "/w/editor"
    assert min_pointer(packed, "/workers/9/role") == "/w"
