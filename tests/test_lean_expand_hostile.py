"""Malformed LSS-min is a located diagnostic (exit 1), never a traceback, and never garbage that exits 0."""

import json

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES
from loopctl.cli import main
from loopctl.lssmin.expand import ExpandError, expand, expand_text
from loopctl.lssmin.keys import TO_LONG
from loopctl.lssmin.minify import minify_text
from loopctl.lssmin.shape import SHAPES
from loopctl.validate import SpecStore

MINIMAL = yaml.safe_load((FIXTURES / "minimal.yaml").read_text(encoding="utf-8"))

MALFORMED = {
    "wrong type for workers": '{"~v":1,"w":5}',
    "wrong type for an item": '{"~v":1,"w":[5,"x",null]}',
    "absent marker not a list": '{"~v":1,"w":[{"~":5}]}',
    "absent marker at the top": '{"~v":1,"~":["ln"]}',
    "defaults block not an object": '{"~v":1,"w":[{"~d":3},{"id":"a"}]}',
    "unknown short key": '{"~v":1,"zz":3}',
    "v2 item by id not an object": '{"~v":2,"w":{"a":5}}',
    "v2 item by id with an id key": '{"~v":2,"w":{"a":{"id":"b"}}}',
    "v2 index naming no worker": '{"~v":2,"w":{"a":{"dp":[3]}}}',
    "v2 pools not an object": '{"~v":2,"~p":3}',
    "v2 pool not an object": '{"~v":2,"~p":{"dm":[1]}}',
    "version is a string": '{"~v":"1"}',
    "version is true": '{"~v":true}',
    "version 2": '{"~v":2}',
    "deep nesting": '{"~v":1,"xn":' + "[" * 500 + "]" * 500 + "}",
    "huge integer": '{"~v":1,"lv":' + "9" * 5000 + "}",
    "huge float": '{"~v":1,"cl":{"pi":1e400}}',
    "NaN": '{"~v":1,"cl":{"pi":NaN}}',
    "not json": '{"~v":1,',
    "only the marker": '{"~v":1}',
    "a list at the top": "[1,2,3]",
    "binding of the wrong type": '{"~v":1,"w":[{"id":"a","i":[{"~r":[1,{"~":7}]}]}]}',
    "model is a number": '{"~v":1,"w":[{"id":"a","m":7,"i":"in"}]}',
    "v3 columns not a list": '{"~v":3,"ms":[{"~c":"n"},["a"]]}',
    "v3 column named twice": '{"~v":3,"ms":[{"~c":["n","n"]},["a","b"]]}',
    "v3 row longer than its columns": '{"~v":3,"ms":[{"~c":["n"]},["a",{"de":"x"},3]]}',
    "v3 row's other keys not an object": '{"~v":3,"ms":[{"~c":["n"]},["a",5]]}',
    "v3 row repeats a column": '{"~v":3,"ms":[{"~c":["n"]},["a",{"n":"b"}]]}',
    "v3 row where no columns are named": '{"~v":3,"w":{"a":["x"]}}',
    "v3 empty word": '{"~v":3,"w":{"a":{"tl":"read  grep"}}}',
    "v3 index naming no worker": '{"~v":3,"w":{"a":{"dp":4}}}',
}


@pytest.mark.parametrize("text", MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_lss_min_is_a_located_diagnostic_with_exit_1(tmp_path, text, capsys):
    path = tmp_path / "bad.min.json"
    path.write_text(text, encoding="utf-8")
    assert main(["expand", str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and "Traceback" not in captured.err
    first = captured.err.splitlines()[0]
    assert first.startswith(f"{path}:") and ": error[" in first


@pytest.mark.parametrize("text", MALFORMED.values(), ids=MALFORMED.keys())
def test_validate_reports_malformed_lss_min_as_errors(tmp_path, text):
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    assert SpecStore().validate(path).errors


def test_an_error_is_located_where_it_stands_in_the_file():
    text = '{\n "~v": 1,\n "ln": 12345678901234567890123\n}'
    with pytest.raises(ExpandError) as caught:
        expand_text(text)
    assert (caught.value.line, caught.value.column) == (3, 8)


def test_a_well_formed_lss_min_file_expands_and_exits_0(tmp_path, capsys):
    path = tmp_path / "good.min.json"
    path.write_text(minify_text(MINIMAL), encoding="utf-8")
    assert main(["expand", str(path)]) == 0
    assert yaml.safe_load(capsys.readouterr().out) == MINIMAL


def test_a_one_or_two_letter_spec_key_round_trips_escaped():
    spec = json.loads(json.dumps(MINIMAL))
    spec["extensions"] = {"ab": 1, "zz": {"q": 2}}
    spec["workers"][0]["zz"] = "custom"
    text = minify_text(spec)
    assert '"~zz"' in text and expand_text(text) == spec


JSON = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
              st.text(max_size=6)),
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from([*sorted(TO_LONG), "~", "~d", "~r", "~v", "~c", "~x", "zz"]),
                                  st.text(max_size=4)), children, max_size=5)),
    max_leaves=30)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(JSON, st.sampled_from(sorted(SHAPES)))
def test_expand_never_raises_anything_but_expand_error_on_arbitrary_json(value, version):
    packed = {"~v": version, **value} if isinstance(value, dict) else value
    try:
        data = expand(packed)
    except ExpandError:
        return
    assert isinstance(data, dict)
    json.dumps(data)  # plain JSON data: no marker objects left


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(JSON, st.sampled_from(sorted(SHAPES)))
def test_expand_text_never_raises_anything_but_expand_error_on_arbitrary_json_text(value, version):
    packed = {"~v": version, **value} if isinstance(value, dict) else value
    try:
        expand_text(json.dumps(packed))
    except ExpandError as error:
        assert error.line >= 1 and error.column >= 1
