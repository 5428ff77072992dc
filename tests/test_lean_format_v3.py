"""LSS-min format version 3: items as rows under column keys, word lists, a lone index written bare; lossless."""

import copy
import json

import pytest

from loopctl.lean.breakdown import breakdown
from loopctl.lssmin import columns
from loopctl.lssmin.expand import expand, expand_text
from loopctl.lssmin.factor import canon
from loopctl.lssmin.locate import min_pointer
from loopctl.lssmin.minify import minify, minify_text


def _round_trips(spec: dict) -> dict:
    packed = minify(spec)
    assert packed["~v"] == 3
    back = expand_text(json.dumps(packed))
    assert canon(back) == canon(spec)
    return packed


def _metrics(spec: dict, count: int = 4) -> dict:
    spec["metrics"] = [{"name": f"metric_{n}", "definition": f"What metric {n} counts", "source": "evaluators.judge",
                        "target": n / 10} for n in range(count)]
    return spec


def test_items_sharing_their_keys_are_written_as_rows_under_one_header(minimal_spec):
    packed = _round_trips(_metrics(minimal_spec))
    header, *rows = packed["ms"]
    assert header["~c"][:2] == ["n", "de"]
    assert all(isinstance(row, list) for row in rows)
    assert '"de":' not in json.dumps(packed["ms"][1:])


def test_a_column_an_item_lacks_is_a_hole_and_comes_back_absent(minimal_spec):
    spec = _metrics(minimal_spec)
    del spec["metrics"][1]["definition"]
    packed = _round_trips(spec)
    assert "definition" not in expand(packed)["metrics"][1] and isinstance(packed["ms"][2], list)
    assert columns.row({"a": 1, "c": 3}, ["a", "b", "c"]) == [1, "", 3]
    assert columns.row({"a": 1}, ["a", "b", "c"]) == [1]            # holes at the end are left out
    assert columns.row({"a": ""}, ["a", "b"]) is None               # a real empty string cannot be a row
    assert columns.from_row([1, "", 3], ["a", "b", "c"]) == {"a": 1, "c": 3}


def test_an_empty_string_value_survives_although_it_spells_a_hole(minimal_spec):
    spec = _metrics(minimal_spec)
    spec["metrics"][2]["definition"] = ""
    packed = _round_trips(spec)
    assert expand(packed)["metrics"][2]["definition"] == ""
    assert isinstance(packed["ms"][3], dict)   # that item stays a mapping


def test_keys_outside_the_columns_follow_the_row_as_a_mapping(minimal_spec):
    spec = _metrics(minimal_spec)
    spec["metrics"][0]["regression_threshold"] = 0.05
    packed = _round_trips(spec)
    assert packed["ms"][1][-1] == {"rg": 0.05}


def test_rubric_dimensions_use_the_implied_columns_without_a_header(minimal_spec):
    spec = copy.deepcopy(minimal_spec)
    judge = next(e for e in spec["evaluators"] if "rubric" in e)
    judge["rubric"]["dimensions"] = [{"name": f"d{n}", "weight": 0.5, "criteria": f"criterion {n}"} for n in range(2)]
    _round_trips(spec)
    assert '"~c":["n","wt","cr"]' not in minify_text(spec)
    assert '["d0",' in minify_text(spec)


def test_a_dimensions_list_holding_a_list_declares_no_columns(minimal_spec):
    judge = next(e for e in minimal_spec["evaluators"] if "rubric" in e)
    judge["rubric"]["dimensions"] = [["not", "a", "mapping"], {"name": "x", "weight": 1, "criteria": "y"}]
    packed = _round_trips(minimal_spec)
    assert '{"~c":[]}' in json.dumps(packed, separators=(",", ":"))


def test_lists_of_words_are_one_string_and_other_lists_stay_lists(minimal_spec):
    worker = minimal_spec["workers"][0]
    worker["tools"] = ["read_file", "grep"]
    minimal_spec["metadata"] = {"tags": ["has space", "x"], "patterns": ["critique-loop"]}
    packed = _round_trips(minimal_spec)
    text = minify_text(minimal_spec)
    assert '"read_file grep"' in text and '["has space","x"]' in text
    assert packed


@pytest.mark.parametrize("value", ["read_file", "", [], [""], ["a", 3], {"~r": "x"}, 7, None],
                         ids=["string", "empty-string", "empty-list", "empty-word", "mixed", "marker-map", "number",
                              "null"])
def test_any_value_where_a_word_list_stands_survives(minimal_spec, value):
    minimal_spec["workers"][0]["tools"] = value
    minimal_spec["feedback_channels"][0]["fields"] = value
    minimal_spec["memory"]["read_policy"] = {"w": value}
    _round_trips(minimal_spec)


def test_worker_bindings_of_plain_references_are_one_string(minimal_spec):
    minimal_spec["workers"][0]["inputs"] = [{"from": "inputs.text"}, {"from": "memory.notes"}]
    packed = _round_trips(minimal_spec)
    assert "i.text m.notes" in json.dumps(packed)


@pytest.mark.parametrize("value", ["inputs.text", {"from": "inputs.text"}, 3, [{"from": "a b"}]],
                         ids=["string", "mapping", "number", "spaced-reference"])
def test_any_value_where_bindings_stand_survives(minimal_spec, value):
    minimal_spec["workers"][0]["inputs"] = value
    _round_trips(minimal_spec)


def test_a_list_of_one_worker_index_is_written_bare_and_a_bare_value_is_kept_verbatim(minimal_spec):
    worker = minimal_spec["workers"][0]
    minimal_spec["workers"] = [dict(worker, id="a"), dict(worker, id="b", depends_on=["a"])]
    packed = _round_trips(minimal_spec)
    assert json.dumps(packed["w"]).count('"dp": 0') == 1
    minimal_spec["workers"][1]["depends_on"] = 0
    _round_trips(minimal_spec)


def test_a_pointer_into_a_row_is_located_at_its_column(minimal_spec):
    spec = _metrics(minimal_spec)
    spec["metrics"][0]["regression_threshold"] = 0.05
    packed = minify(spec)
    column = packed["ms"][0]["~c"].index("de")
    assert min_pointer(packed, "/metrics/1/definition") == f"/ms/2/{column}"
    assert min_pointer(packed, "/metrics/0/regression_threshold") == f"/ms/1/{len(packed['ms'][0]['~c'])}/rg"


def test_without_columns_a_list_in_a_list_of_items_is_an_item_as_it_is(minimal_spec):
    packed = minify(_metrics(minimal_spec))
    del packed["ms"][0]["~c"]
    if not packed["ms"][0]:
        del packed["ms"][0]
    assert expand(packed)["metrics"][-1] == packed["ms"][-1]   # what version 2 reads there too


def test_the_breakdown_counts_row_values_by_their_column(minimal_spec):
    rows = breakdown(minify(_metrics(minimal_spec)))
    assert rows["references"]["characters"] >= len("e.judge") * 4
    assert sum(row["characters"] for name, row in rows.items() if name != "total") == rows["total"]["characters"]
